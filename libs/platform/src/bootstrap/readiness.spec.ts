import { isReadinessCheck, runReadinessChecks } from './readiness';

describe('runReadinessChecks', () => {
  it('is ready when every check passes', async () => {
    const report = await runReadinessChecks([
      { readinessName: 'database:ingest', checkReady: async () => undefined },
      { readinessName: 'broker', checkReady: () => undefined },
    ]);
    expect(report).toEqual({ status: 'ready', checks: { broker: { status: 'ok' }, 'database:ingest': { status: 'ok' } } });
  });

  it('names the check that failed and the one that did not answer in time, and keeps the others', async () => {
    const report = await runReadinessChecks(
      [
        {
          readinessName: 'database:history',
          checkReady: async () => Promise.reject(new Error('database "kerma_history" is not currently accepting connections')),
        },
        { readinessName: 'broker', checkReady: () => new Promise<void>(() => undefined) },
        { readinessName: 'archive', checkReady: async () => undefined },
        {
          readinessName: 'thrower',
          checkReady: () => {
            throw new Error('synchronous');
          },
        },
      ],
      50,
    );
    expect(report).toEqual({
      status: 'unavailable',
      checks: {
        archive: { status: 'ok' },
        broker: { status: 'failed', error: 'no answer within 50 ms' },
        'database:history': { status: 'failed', error: 'database "kerma_history" is not currently accepting connections' },
        thrower: { status: 'failed', error: 'synchronous' },
      },
    });
  });

  it('recognises a provider as a check by its two members', () => {
    expect(isReadinessCheck({ readinessName: 'archive', checkReady: () => undefined })).toBe(true);
    expect(isReadinessCheck({ readinessName: 'archive' })).toBe(false);
    expect(isReadinessCheck(null)).toBe(false);
  });
});
