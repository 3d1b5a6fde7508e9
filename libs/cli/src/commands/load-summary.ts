/** The fate of one study sent by `kerma load`. */
export type StudyOutcome =
  /** STOW answered, then the study view showed its skin dose after `latencyMs`. */
  | { readonly kind: 'done'; readonly latencyMs: number }
  /** STOW refused the object, with Kerma's reason code. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** Stored, but the skin dose never appeared: the pipeline said why (`skin-dose-failed`, …) or the wait ran out (`timeout`). */
  | { readonly kind: 'failed'; readonly reason: string };

export interface LoadSummary {
  readonly studies: number;
  readonly done: number;
  readonly wallSeconds: number;
  /** Studies whose skin dose became visible, per second of wall time. */
  readonly throughputStudiesPerS: number;
  /** STOW sent → skin dose visible in the study view; null when no study got that far. */
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number } | null;
  readonly refusedByReason: Readonly<Record<string, number>>;
  readonly failedByReason: Readonly<Record<string, number>>;
  /**
   * Reads of the study view while waiting (one per poll). Each is an audited API read that the measured
   * processes pay for too, so CPU per study read from a run includes them (docs/performance.md).
   */
  readonly studyViewReads: number;
}

/** Nearest-rank percentile (the smallest value with at least p % of the values at or below it) of ascending values. */
export function percentile(ascending: readonly number[], p: number): number {
  if (ascending.length === 0) throw new Error('percentile of no values');
  if (!(p > 0 && p <= 100)) throw new Error(`percentile must be in (0, 100], got ${p}`);
  return ascending[Math.ceil((p / 100) * ascending.length) - 1];
}

export function summarizeLoad(outcomes: readonly StudyOutcome[], wallMs: number, studyViewReads: number): LoadSummary {
  const latencies = outcomes.flatMap((o) => (o.kind === 'done' ? [o.latencyMs] : [])).sort((a, b) => a - b);
  const count = (kind: 'refused' | 'failed') => {
    const counts: Record<string, number> = {};
    for (const o of outcomes) if (o.kind === kind) counts[o.reason] = (counts[o.reason] ?? 0) + 1;
    return counts;
  };
  return {
    studies: outcomes.length,
    done: latencies.length,
    wallSeconds: wallMs / 1000,
    throughputStudiesPerS: wallMs > 0 ? latencies.length / (wallMs / 1000) : 0,
    latencyMs:
      latencies.length === 0
        ? null
        : { p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] },
    refusedByReason: count('refused'),
    failedByReason: count('failed'),
    studyViewReads,
  };
}

export function formatLoadSummary(summary: LoadSummary): string {
  const reasons = (counts: Readonly<Record<string, number>>) =>
    Object.keys(counts).length === 0
      ? 'none'
      : Object.entries(counts)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([reason, n]) => `${reason} ${n}`)
          .join(', ');
  const ms = (v: number) => `${Math.round(v)} ms`;
  const lines = [
    `studies: ${summary.studies} sent, ${summary.done} with their skin dose, in ${summary.wallSeconds.toFixed(1)} s`,
    `throughput: ${summary.throughputStudiesPerS.toFixed(2)} studies/s`,
    summary.latencyMs
      ? `latency STOW → skin dose visible: p50 ${ms(summary.latencyMs.p50)}, p90 ${ms(summary.latencyMs.p90)}, p99 ${ms(summary.latencyMs.p99)}, max ${ms(summary.latencyMs.max)}`
      : 'latency STOW → skin dose visible: no study got its skin dose',
    `refused: ${reasons(summary.refusedByReason)}`,
    `failed: ${reasons(summary.failedByReason)}`,
    `study view reads: ${summary.studyViewReads} (${summary.studies > 0 ? (summary.studyViewReads / summary.studies).toFixed(1) : '0'} per study, each an audited read)`,
  ];
  return lines.join('\n');
}
