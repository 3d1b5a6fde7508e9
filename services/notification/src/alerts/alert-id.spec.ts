import { alertIdOf } from './alert-id';

describe('alertIdOf', () => {
  it('is a stable RFC 4122 version-5 UUID of (study, metric, level)', () => {
    const id = alertIdOf('1.2.3', 'peak-skin-dose', 'srdl');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(alertIdOf('1.2.3', 'peak-skin-dose', 'srdl')).toBe(id);
    expect(alertIdOf('1.2.3', 'peak-skin-dose', 'notice')).not.toBe(id);
    expect(alertIdOf('1.2.4', 'peak-skin-dose', 'srdl')).not.toBe(id);
  });
});
