/**
 * Progress of a long command on stderr: a bar redrawn in place with rate and ETA on a terminal,
 * a plain line every few seconds otherwise (logs, CI), so stdout keeps one line per item.
 */
export interface ProgressSink {
  readonly isTTY: boolean;
  write(text: string): void;
}

export class Progress {
  private done = 0;
  private readonly startedMs: number;
  private lastPlainMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly label: string,
    private total: number,
    private readonly sink: ProgressSink = { isTTY: Boolean(process.stderr.isTTY), write: (t) => void process.stderr.write(t) },
    private readonly plainEveryMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {
    this.startedMs = now();
  }

  /** More items found while working (a PACS query answers study by study). */
  grow(items: number): void {
    this.total += items;
    this.draw();
  }

  advance(items = 1): void {
    this.done += items;
    this.draw();
  }

  /** Wraps the printer of item lines so that, on a terminal, a line never lands on the bar's line. */
  around(print: (line: string) => void): (line: string) => void {
    if (!this.sink.isTTY) return print;
    return (line) => {
      this.sink.write('\r\x1b[2K');
      print(line);
      this.draw();
    };
  }

  /** Clears the bar, so the summary that follows starts on a clean line. */
  finish(): void {
    if (this.sink.isTTY) this.sink.write('\r\x1b[2K');
  }

  private draw(): void {
    if (this.sink.isTTY) {
      this.sink.write(`\r\x1b[2K${formatProgress(this.label, this.done, this.total, this.now() - this.startedMs, true)}`);
      return;
    }
    const now = this.now();
    if (now - this.lastPlainMs < this.plainEveryMs && this.done < this.total) return;
    this.lastPlainMs = now;
    this.sink.write(`${formatProgress(this.label, this.done, this.total, now - this.startedMs, false)}\n`);
  }
}

const BAR_WIDTH = 30;

/** "import [#####.....] 120/400 30% 45.2/s ETA 0:06" (the bar only on a terminal). */
export function formatProgress(label: string, done: number, total: number, elapsedMs: number, bar: boolean): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  const ratePerS = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const eta = ratePerS > 0 && total > done ? formatDuration((total - done) / ratePerS) : done >= total ? '0:00' : '?';
  const filled = Math.round(fraction * BAR_WIDTH);
  const drawn = bar ? ` [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]` : '';
  return `${label}${drawn} ${done}/${total} ${Math.floor(fraction * 100)}% ${ratePerS.toFixed(1)}/s ETA ${eta}`;
}

export function formatDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
