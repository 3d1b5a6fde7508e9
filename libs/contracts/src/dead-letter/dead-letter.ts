import { z } from 'zod';
import { isoDateTime } from '../common/fields';

/**
 * What a consumer writes to `<topic>.dlq` when it gives up on a message: the original message,
 * as UTF-8 text, and why. Nothing is lost: an operator can replay `original` onto `originalTopic`.
 */
export const deadLetterSchema = z.object({
  originalTopic: z.string(),
  partition: z.number().int().nullable(),
  offset: z.string().nullable(),
  key: z.string().nullable(),
  /** The original value as it arrived (UTF-8 text). */
  original: z.string(),
  consumerGroup: z.string(),
  attempts: z.number().int().positive(),
  error: z.object({
    kind: z.enum(['contract-violation', 'permanent', 'retries-exhausted']),
    name: z.string(),
    message: z.string(),
    /** Machine-readable cause when the domain gives one, e.g. an rdsr error code. */
    code: z.string().optional(),
  }),
  failedAt: isoDateTime,
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;

export function parseDeadLetter(value: unknown): DeadLetter {
  return deadLetterSchema.parse(value);
}
