/**
 * A handler throws `PermanentFailure` when retrying cannot help (the input itself is wrong):
 * the message goes to the dead-letter topic at once, with `code` as its machine-readable cause.
 * Any other error is treated as transient and retried with backoff first.
 */
export class PermanentFailure extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'PermanentFailure';
  }
}
