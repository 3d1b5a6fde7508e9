import { RdsrParseError } from './errors';

describe('RdsrParseError', () => {
  it('keeps the typed detail and its message', () => {
    const e = new RdsrParseError({ code: 'unknown-unit', message: 'unit furlong for DAP', unit: 'furlong', concept: '122130' });
    expect(e.detail.code).toBe('unknown-unit');
    expect(e.message).toBe('unit furlong for DAP');
  });
});
