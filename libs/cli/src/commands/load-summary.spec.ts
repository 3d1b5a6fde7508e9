import { parseEventRange, planStudies } from './load';
import { formatLoadSummary, percentile, summarizeLoad, type StudyOutcome } from './load-summary';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('answers the value at the rank of p % of the values', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 90)).toBe(90);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 51)).toBe(30);
    expect(percentile([7], 99)).toBe(7);
  });

  it('refuses no values and a p outside (0, 100]', () => {
    expect(() => percentile([], 50)).toThrow('no values');
    expect(() => percentile([1], 0)).toThrow('(0, 100]');
    expect(() => percentile([1], 101)).toThrow('(0, 100]');
  });
});

describe('summarizeLoad', () => {
  const outcomes: StudyOutcome[] = [
    { kind: 'done', latencyMs: 400 },
    { kind: 'done', latencyMs: 100 },
    { kind: 'done', latencyMs: 300 },
    { kind: 'done', latencyMs: 200 },
    { kind: 'refused', reason: 'not-dicom' },
    { kind: 'refused', reason: 'not-dicom' },
    { kind: 'refused', reason: 'site-not-allowed' },
    { kind: 'failed', reason: 'timeout' },
  ];

  it('counts done studies per second of wall time and takes percentiles of their latencies only', () => {
    const summary = summarizeLoad(outcomes, 2000, 24);
    expect(summary).toEqual({
      studies: 8,
      done: 4,
      wallSeconds: 2,
      throughputStudiesPerS: 2,
      latencyMs: { p50: 200, p90: 400, p99: 400, max: 400 },
      refusedByReason: { 'not-dicom': 2, 'site-not-allowed': 1 },
      failedByReason: { timeout: 1 },
      studyViewReads: 24,
    });
  });

  it('has no latency when nothing completed, rather than a zero', () => {
    const summary = summarizeLoad([{ kind: 'failed', reason: 'timeout' }], 1000, 5);
    expect(summary.latencyMs).toBeNull();
    expect(summary.throughputStudiesPerS).toBe(0);
    expect(formatLoadSummary(summary)).toContain('no study got its skin dose');
  });

  it('prints throughput, percentiles and reasons', () => {
    expect(formatLoadSummary(summarizeLoad(outcomes, 2000, 24))).toBe(
      [
        'studies: 8 sent, 4 with their skin dose, in 2.0 s',
        'throughput: 2.00 studies/s',
        'latency STOW → skin dose visible: p50 200 ms, p90 400 ms, p99 400 ms, max 400 ms',
        'refused: not-dicom 2, site-not-allowed 1',
        'failed: timeout 1',
        'study view reads: 24 (3.0 per study, each an audited read)',
      ].join('\n'),
    );
  });
});

describe('kerma load study plan and options', () => {
  it('takes the vendors in turn and keeps every event count inside the range, the same on every run', () => {
    const plan = planStudies(60, ['standard', 'siemens', 'canon'], { min: 3, max: 30 }, 1000);
    expect(plan.slice(0, 4).map((p) => p.vendor)).toEqual(['standard', 'siemens', 'canon', 'standard']);
    expect(plan.every((p) => p.events >= 3 && p.events <= 30)).toBe(true);
    expect(new Set(plan.map((p) => p.events)).size).toBeGreaterThan(10);
    expect(new Set(plan.map((p) => p.seed)).size).toBe(60);
    expect(planStudies(60, ['standard', 'siemens', 'canon'], { min: 3, max: 30 }, 1000)).toEqual(plan);
  });

  it('reads an event range or a single count, and refuses the rest', () => {
    expect(parseEventRange('3-30')).toEqual({ min: 3, max: 30 });
    expect(parseEventRange('12')).toEqual({ min: 12, max: 12 });
    expect(() => parseEventRange('30-3')).toThrow('min-max');
    expect(() => parseEventRange('0-4')).toThrow('min-max');
    expect(() => parseEventRange('a-b')).toThrow('min-max');
  });
});
