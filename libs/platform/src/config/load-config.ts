import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment once, at start-up. Each problem names the variable, what was wrong and
 * (never for secrets) nothing of its value, so the operator can fix it from the message alone.
 */
export function loadConfig<S extends z.ZodRawShape>(shape: S, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return result.data;
}

/** Reusable variable parsers. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback),
  brokers: () =>
    z
      .string({ required_error: 'required (comma-separated host:port list, e.g. 127.0.0.1:9092)' })
      .transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean))
      .refine((list) => list.length > 0 && list.every((b) => /^[^\s:]+:\d+$/.test(b)), 'expected host:port[,host:port…]'),
  postgresUrl: () =>
    z
      .string({ required_error: 'required (postgres://user@host:5432/database)' })
      .refine((s) => /^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(s), 'expected postgres://user[:password]@host[:port]/database'),
  positiveInt: (fallback: number) => z.coerce.number().int().positive().default(fallback),
  url: () => z.string().url(),
};
