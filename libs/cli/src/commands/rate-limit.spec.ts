import { pacer } from './rate-limit';

describe('pacer', () => {
  it('spaces starts evenly at the given rate and lets them through when the caller is slower', async () => {
    let now = 0;
    const waits: number[] = [];
    const pace = pacer(
      4,
      async (ms) => {
        waits.push(ms);
        now += ms;
      },
      () => now,
    );
    await pace();
    await pace();
    await pace();
    now += 1_000;
    await pace();
    expect(waits).toEqual([250, 250]);
  });

  it('never waits without a limit', async () => {
    const pace = pacer(null, async () => {
      throw new Error('no wait expected');
    });
    await expect(pace()).resolves.toBeUndefined();
  });
});
