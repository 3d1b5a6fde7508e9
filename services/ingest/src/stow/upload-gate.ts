/**
 * Caps how many large request bodies are received and processed at once. Each admitted request
 * holds at most one object in memory while it is identified, so the cap bounds ingest's memory
 * (see docs/performance.md); small requests are not counted. A request without a Content-Length
 * counts as large: its size is unknown until it has been read.
 */
export class UploadGate {
  private active = 0;

  constructor(
    private readonly maxConcurrent: number,
    private readonly largeBytes: number,
  ) {}

  /** A release function when the request may proceed, null when it must be refused for now. */
  admit(contentLength: string | undefined): (() => void) | null {
    const declared = Number(contentLength);
    const large = contentLength === undefined || !Number.isFinite(declared) || declared > this.largeBytes;
    if (!large) return () => undefined;
    if (this.active >= this.maxConcurrent) return null;
    this.active++;
    let released = false;
    return () => {
      if (!released) {
        released = true;
        this.active--;
      }
    };
  }
}
