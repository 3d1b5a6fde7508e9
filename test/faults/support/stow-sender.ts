import { stow, storedCount, type StowResult } from '@kerma/testing';
import type { StreamStudy } from './study-stream';

export interface SentStudy {
  readonly study: StreamStudy;
  /** STOW answered with the object in the Referenced SOP Sequence (stored now, or already stored). */
  readonly accepted: boolean;
  /** Requests made, retries after a refused connection or a 5xx included. */
  readonly attempts: number;
  /** Longest single request, ms: shows a STOW that waited on a dependency. */
  readonly slowestRequestMs: number;
  /** The last answer or transport error when not accepted. */
  readonly lastOutcome: string;
}

export interface StreamSendOptions {
  /** Requests in flight at once, as from several modalities. */
  readonly concurrency: number;
  /** Pause between two studies of one sender, ms: stretches the stream over the fault. */
  readonly pauseMs?: number;
  /** How long a sender keeps retrying one study that was not accepted, as a DICOM router would. */
  readonly retryForMs?: number;
  /** Called after each study is settled, with the number settled so far: where scenarios inject faults. */
  readonly onSettled?: (settled: number) => void;
}

/**
 * Sends every study over STOW-RS. A study whose request fails at the transport level or with a 5xx is
 * retried (a real sender would too): the fault tests assert on what the system accepted, and expect
 * every valid study to end up accepted once the fault is over.
 */
export async function sendStudyStream(baseUrl: () => string, studies: readonly StreamStudy[], options: StreamSendOptions): Promise<SentStudy[]> {
  const results: SentStudy[] = new Array(studies.length);
  let next = 0;
  let settled = 0;
  const sender = async () => {
    while (next < studies.length) {
      const index = next++;
      results[index] = await sendOne(baseUrl, studies[index], options.retryForMs ?? 120_000);
      options.onSettled?.(++settled);
      if (options.pauseMs) await sleep(options.pauseMs);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, sender));
  return results;
}

async function sendOne(baseUrl: () => string, study: StreamStudy, retryForMs: number): Promise<SentStudy> {
  const deadline = Date.now() + retryForMs;
  let attempts = 0;
  let slowestRequestMs = 0;
  let lastOutcome = '';
  while (attempts === 0 || Date.now() < deadline) {
    attempts++;
    const started = Date.now();
    let result: StowResult | undefined;
    try {
      result = await stow(baseUrl(), [study.bytes], study.site);
      lastOutcome = `HTTP ${result.status}`;
    } catch (err) {
      lastOutcome = `transport error: ${(err as Error).cause ?? (err as Error).message}`;
    }
    slowestRequestMs = Math.max(slowestRequestMs, Date.now() - started);
    if (result && result.status < 500) {
      return { study, accepted: result.status === 200 && storedCount(result) === 1, attempts, slowestRequestMs, lastOutcome };
    }
    await sleep(500);
  }
  return { study, accepted: false, attempts, slowestRequestMs, lastOutcome };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
