import { existsSync } from 'node:fs';
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
      .transform((s) =>
        s
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean),
      )
      .refine((list) => list.length > 0 && list.every((b) => /^[^\s:]+:\d+$/.test(b)), 'expected host:port[,host:port…]'),
  postgresUrl: () =>
    z
      .string({ required_error: 'required (postgres://user@host:5432/database)' })
      .refine((s) => /^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(s), 'expected postgres://user[:password]@host[:port]/database')
      .superRefine((s, ctx) => {
        for (const problem of postgresTlsProblems(s)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      }),
  positiveInt: (fallback: number) => z.coerce.number().int().positive().default(fallback),
  url: () => z.string().url(),
};

const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'];
const SSL_FILES = ['sslrootcert', 'sslcert', 'sslkey'];

/**
 * TLS to PostgreSQL is set in the URL the libpq way (`?sslmode=verify-full&sslrootcert=/path/ca.crt`,
 * `sslcert`/`sslkey` for client certificates), which the driver reads itself. Checked here so a typo
 * in the mode or a missing mounted certificate stops the start naming it (never the password).
 */
function postgresTlsProblems(url: string): string[] {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return [];
  }
  const problems: string[] = [];
  const mode = params.get('sslmode');
  if (mode !== null && !SSL_MODES.includes(mode)) problems.push(`sslmode=${mode} is not one of ${SSL_MODES.join(', ')}`);
  for (const name of SSL_FILES) {
    const path = params.get(name);
    if (path !== null && !existsSync(path)) problems.push(`${name}=${path}: no such file`);
  }
  if (params.has('sslcert') !== params.has('sslkey')) problems.push('sslcert and sslkey: a client certificate needs both');
  return problems;
}
