/**
 * One background pass at a time, kicked by whoever has new work (and by a timer as fallback). A kick
 * during a pass asks for exactly one more pass after it; `idle()` resolves once no pass is running or
 * asked for; after `stop()` no new pass starts (the one in flight completes). A pass that returns
 * 'stop' (its dependency refused) or throws ends the series until the next kick.
 */
export class SingleFlight {
  private current: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pass: () => Promise<'done' | 'stop'>,
    private readonly onError: (err: Error) => void,
  ) {}

  kick(): void {
    if (this.stopped) return;
    if (this.current) {
      this.again = true;
      return;
    }
    this.current = this.runUntilQuiet().finally(() => {
      this.current = null;
    });
  }

  async idle(): Promise<void> {
    while (this.current) await this.current;
  }

  /** Kicks every `intervalMs` until `stop()`: the fallback for work nobody kicked for. The timer keeps no process alive. */
  kickEvery(intervalMs: number): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.stopped = true;
    await this.idle();
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  private async runUntilQuiet(): Promise<void> {
    do {
      this.again = false;
      try {
        if ((await this.pass()) === 'stop') return;
      } catch (err) {
        this.onError(err as Error);
        return;
      }
    } while (this.again && !this.stopped);
  }
}
