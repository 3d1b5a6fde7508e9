import { SingleFlight } from './single-flight';

describe('SingleFlight', () => {
  it('runs one pass at a time, and kicks during a pass ask for exactly one more', async () => {
    let running = 0;
    let maxRunning = 0;
    let passes = 0;
    let release!: () => void;
    const firstHeld = new Promise<void>((r) => (release = r));
    const runs = new SingleFlight(
      async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        passes++;
        if (passes === 1) await firstHeld;
        running--;
        return 'done';
      },
      () => undefined,
    );
    runs.kick();
    runs.kick();
    runs.kick();
    release();
    await runs.idle();
    expect([passes, maxRunning]).toEqual([2, 1]);
  });

  it('ends the series on "stop" or an error (reported), and starts nothing after stop()', async () => {
    const errors: string[] = [];
    let passes = 0;
    const runs = new SingleFlight(
      async () => {
        passes++;
        if (passes === 1) throw new Error('db down');
        return 'stop';
      },
      (err) => errors.push(err.message),
    );
    runs.kick();
    await runs.idle();
    runs.kick();
    await runs.idle();
    await runs.stop();
    runs.kick();
    await runs.idle();
    expect([passes, errors]).toEqual([2, ['db down']]);
  });

  it('kicks on its interval until stop()', async () => {
    jest.useFakeTimers();
    try {
      let passes = 0;
      const runs = new SingleFlight(
        async () => {
          passes++;
          return 'done';
        },
        () => undefined,
      );
      runs.kickEvery(1000);
      jest.advanceTimersByTime(999);
      await runs.idle();
      expect(passes).toBe(0);
      jest.advanceTimersByTime(1);
      await runs.idle();
      jest.advanceTimersByTime(1000);
      await runs.idle();
      expect(passes).toBe(2);
      await runs.stop();
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
