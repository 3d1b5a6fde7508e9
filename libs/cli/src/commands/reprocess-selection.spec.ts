import { defaultReprocessJournal, formatReprocessSummary, studyListUrl } from './reprocess-selection';

describe('kerma reprocess --since', () => {
  it('asks the study list for one page of the selection with its filters and cursor', () => {
    expect(studyListUrl('http://history:3004', { since: '2025-01-01' }, 200, '')).toBe('http://history:3004/api/v1/studies?from=2025-01-01&limit=200');
    expect(
      studyListUrl('http://kerma/base/', { since: '2025-01-01', until: '2025-01-31', device: 'CATH A', site: 'north', profile: 'ignored-here' }, 50, 'abc'),
    ).toBe('http://kerma/base/api/v1/studies?from=2025-01-01&to=2025-01-31&device=CATH+A&site=north&limit=50&cursor=abc');
  });

  it('sums up, naming what an earlier run queued', () => {
    expect(formatReprocessSummary({ studies: 1, objects: 1, notFound: 0, earlier: 0 })).toBe('1 study queued for reprocessing (1 stored object), 0 not found');
    expect(formatReprocessSummary({ studies: 3, objects: 5, notFound: 1, earlier: 200 })).toBe(
      '3 studies queued for reprocessing (5 stored objects), 1 not found; 200 queued by an earlier run',
    );
  });

  it('keeps one journal per selection and Kerma', () => {
    const a = defaultReprocessJournal({ since: '2025-01-01' }, 'http://k', { XDG_CACHE_HOME: '/c' });
    expect(a).toMatch(/^\/c\/kerma\/reprocess-[0-9a-f]{16}\.jsonl$/);
    expect(defaultReprocessJournal({ since: '2025-01-01', device: 'X' }, 'http://k', { XDG_CACHE_HOME: '/c' })).not.toBe(a);
  });
});
