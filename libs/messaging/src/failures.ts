import { ContractViolationError } from '@kerma/contracts';

/**
 * A handler throws `PermanentFailure` when retrying cannot help (the input itself is wrong):
 * the message goes to the dead-letter topic at once, with `code` as its machine-readable cause.
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

/** A failure the handler knows to be a dependency's (named), to be waited out rather than dead-lettered. */
export class TransientFailure extends Error {
  constructor(
    message: string,
    readonly dependency: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransientFailure';
  }
}

/** A peer answered an HTTP request with an error status; whether it is worth waiting for is the classifier's call. */
export class HttpStatusError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(`${url} answered HTTP ${status}`);
    this.name = 'HttpStatusError';
  }
}

export type FailureClass =
  /** The input is wrong: dead-letter at once. */
  | { readonly kind: 'permanent' }
  /** A dependency is unavailable: wait for it, however long, and never dead-letter. */
  | { readonly kind: 'transient'; readonly dependency: string }
  /** Anything else (most likely a bug): a few retries, then the dead-letter topic. */
  | { readonly kind: 'unknown' };

/**
 * Socket and DNS failures of Node and undici: the peer is down, restarting or unreachable. ENOTFOUND
 * is not among them: a name that does not exist is a wrong address (a stale URL in a message, a bad
 * setting), which waiting would not heal; EAI_AGAIN is the resolver being unavailable.
 */
const TRANSIENT_SYSTEM_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/**
 * PostgreSQL SQLSTATEs that say "try again later": connection exceptions (08…), operator/admin/crash
 * shutdown and cannot-connect-now (57P01–57P03), too many connections (53300), serialization failure
 * (40001) and deadlock (40P01).
 */
const TRANSIENT_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[1-3]|53300|40001|40P01)$/;

/** node-postgres and its pool report a lost or impossible connection without a code. */
const PG_CONNECTION_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];

const TRANSIENT_HTTP_STATUS = (status: number) => status >= 500 || status === 408 || status === 429;

/**
 * The one rule that tells what a failed handler's error means for its message. The error and what
 * it wraps (`cause`, TypeORM's `driverError`, kafkajs's retried error, an AggregateError's errors)
 * are examined, the most specific fact first.
 */
export function classifyFailure(err: unknown): FailureClass {
  if (err instanceof PermanentFailure || err instanceof ContractViolationError) return { kind: 'permanent' };
  const chain = errorChain(err);
  for (const e of chain) {
    const dependency = transientDependencyOf(e);
    if (dependency) return { kind: 'transient', dependency };
  }
  // A timeout names no dependency; used only when nothing more specific did. (fetch's own "fetch failed"
  // is decided by its cause: a refused connection waits, an unsupported URL does not.)
  for (const e of chain) {
    const name = e['name'];
    if (name === 'AbortError' || name === 'TimeoutError') return { kind: 'transient', dependency: 'a peer that did not answer in time' };
  }
  return { kind: 'unknown' };
}

type ErrorLike = Record<string, unknown>;

function transientDependencyOf(e: ErrorLike): string | undefined {
  if (e instanceof TransientFailure) return e.dependency;
  if (e instanceof HttpStatusError) return TRANSIENT_HTTP_STATUS(e.status) ? `HTTP peer ${hostOf(e.url)}` : undefined;
  const code = typeof e['code'] === 'string' ? e['code'] : undefined;
  if (code && TRANSIENT_SYSTEM_CODES.has(code)) {
    const where = e['address'] !== undefined ? `${e['address']}${e['port'] !== undefined ? `:${e['port']}` : ''}` : e['hostname'];
    return where ? `${String(where)} (${code})` : `network (${code})`;
  }
  if (code && /^SQLITE_(BUSY|LOCKED)/.test(code)) return `SQLite database (${code})`;
  // A PostgreSQL error carries its SQLSTATE in `code` and a `severity`.
  if (code && typeof e['severity'] === 'string' && TRANSIENT_SQLSTATE.test(code)) return `PostgreSQL (SQLSTATE ${code})`;
  const message = typeof e['message'] === 'string' ? e['message'] : '';
  if (PG_CONNECTION_MESSAGES.some((m) => message.startsWith(m))) return `PostgreSQL (${message})`;
  const name = typeof e['name'] === 'string' ? e['name'] : '';
  if (name.startsWith('KafkaJS') && e['retriable'] === true) return `Kafka broker (${name})`;
  return undefined;
}

function errorChain(err: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  const queue: unknown[] = [err];
  while (queue.length > 0 && chain.length < 16) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || chain.includes(e as ErrorLike)) continue;
    const like = e as ErrorLike;
    chain.push(like);
    queue.push(like['cause'], like['driverError'], like['originalError']);
    if (Array.isArray(like['errors'])) queue.push(...like['errors']);
  }
  return chain;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
