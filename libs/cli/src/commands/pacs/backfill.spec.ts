import { defaultBackfillJournal, formatBackfillSummary, retrieveFailure } from './backfill';

describe('backfill outcomes', () => {
  const ok = { status: 0, completed: 1, failed: 0, warnings: 0, errorComment: null };

  it('counts a retrieval as done only when the PACS completed it without failure', () => {
    expect(retrieveFailure(ok, null)).toBeNull();
    expect(retrieveFailure({ ...ok, status: 0xb000, completed: 0, failed: 1 }, null)).toBe(
      'status 0xb000: the PACS could not deliver it (1 failed sub-operation)',
    );
    expect(retrieveFailure({ ...ok, completed: 0 }, null)).toBe('status 0x0000: the PACS delivered nothing (no such object any more?)');
    expect(retrieveFailure({ ...ok, status: 0xa801, completed: 0, errorComment: 'Unknown destination' }, null)).toBe('status 0xa801: Unknown destination');
    expect(retrieveFailure({ ...ok, status: 0xb000, completed: 0, failed: 1 }, 'not-a-dose-report: Basic Text SR')).toBe(
      'refused by Kerma: not-a-dose-report: Basic Text SR',
    );
  });

  it('sums up with the failures grouped by reason', () => {
    const lines = formatBackfillSummary({
      studies: 3,
      found: 4,
      retrieved: 1,
      alreadyPresent: 1,
      skipped: 0,
      failures: [
        { sopInstanceUid: '1', studyInstanceUid: 's', reason: 'status 0xa801: Unknown destination' },
        { sopInstanceUid: '2', studyInstanceUid: 's', reason: 'status 0xa801: Unknown destination' },
      ],
    });
    expect(lines).toEqual([
      '3 studies, 4 dose objects found: 1 retrieved, 1 already present, 0 skipped (done by an earlier run), 2 failed',
      '  failed ×2: status 0xa801: Unknown destination',
    ]);
  });

  it('keeps one journal per PACS and period in the user cache', () => {
    expect(
      defaultBackfillJournal({ host: 'pacs.example', port: 104, callingAeTitle: 'KERMA', calledAeTitle: 'PACS 1' }, '2025-01-01', '2025-01-31', {
        XDG_CACHE_HOME: '/c',
      }),
    ).toBe('/c/kerma/backfill-PACS_1@pacs.example_104-2025-01-01-2025-01-31.jsonl');
  });
});
