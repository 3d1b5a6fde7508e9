/**
 * Something a service cannot work without, checked by `/health/ready`: its database, the broker,
 * ingest's archive. A provider whose instance has these two members is found by the health module.
 */
export interface ReadinessCheck {
  readonly readinessName: string;
  /** Resolves when usable; throws (or does not answer in time) otherwise. */
  checkReady(): Promise<void> | void;
}

/** Provider token of the process's broker check (Kafka deployed, the embedded bus in the single process). */
export const BROKER_READINESS = 'kerma:broker-readiness';

/** A check slower than this has failed: an orchestrator's probe must get an answer, not a hang. */
export const READINESS_TIMEOUT_MS = 3_000;

export type CheckResult = { readonly status: 'ok' } | { readonly status: 'failed'; readonly error: string };

export interface ReadinessReport {
  readonly status: 'ready' | 'unavailable';
  readonly checks: Readonly<Record<string, CheckResult>>;
}

export function isReadinessCheck(value: unknown): value is ReadinessCheck {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ReadinessCheck).readinessName === 'string' &&
    typeof (value as ReadinessCheck).checkReady === 'function'
  );
}

/** Runs every check at once, each bounded by the timeout; ready only when all passed. */
export async function runReadinessChecks(checks: readonly ReadinessCheck[], timeoutMs = READINESS_TIMEOUT_MS): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (check): Promise<[string, CheckResult]> => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(() => check.checkReady()),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [check.readinessName, { status: 'ok' }];
      } catch (err) {
        return [check.readinessName, { status: 'failed', error: (err as Error)?.message ?? String(err) }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return {
    status: results.every(([, r]) => r.status === 'ok') ? 'ready' : 'unavailable',
    checks: Object.fromEntries(results.sort(([a], [b]) => a.localeCompare(b))),
  };
}
