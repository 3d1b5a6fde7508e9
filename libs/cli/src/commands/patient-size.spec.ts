import { formatImport } from './patient-size';

describe('kerma patient-size import output', () => {
  it('lists the rows kept pending for their study and the refused ones with their line', () => {
    const text = formatImport('sizes.csv', {
      accepted: 1,
      pending: [{ line: 3, site: 'cath-lab-1', expiresAt: '2026-12-31T00:00:00.000Z' }],
      rejected: [{ line: 4, reason: 'no height and no weight' }],
      recomputed: ['1.2.3'],
    });
    expect(text.split('\n')).toEqual([
      'sizes.csv: 1 row kept, 1 pending, 1 refused, 1 study recomputed',
      '  line 3: pending for its study at site cath-lab-1 until 2026-12-31T00:00:00.000Z',
      '  line 4: no height and no weight',
    ]);
  });
});
