import { RdsrParseError, type RdsrError } from '../model/errors';

/**
 * Maps anything thrown while reading to a typed error. Reader and template errors are already
 * typed; anything else is a defect exposed by unexpected input, reported as malformed input.
 */
export function toRdsrError(err: unknown): RdsrError {
  if (err instanceof RdsrParseError) return err.detail;
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'malformed', message: `the data cannot be read: ${message}` };
}
