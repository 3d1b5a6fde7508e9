import { activeTraceIds } from '../tracing/http-tracing';
import type { LoggerService } from '@nestjs/common';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
type Level = LogLevel;
const RANK: Record<Level, number> = { fatal: 0, error: 1, warn: 2, log: 3, debug: 4, verbose: 5 };

/**
 * One JSON object per line on stdout, so log shippers can index fields. Callers pass ids and
 * figures, never patient names (the parser drops the name before anything leaves it). The level
 * comes from the caller (validated LOG_LEVEL), never read here.
 */
export class JsonLogger implements LoggerService {
  private readonly threshold: number;

  constructor(
    private readonly service: string,
    level: Level = 'log',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {
    this.threshold = RANK[level] ?? RANK.log;
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.emit('fatal', message, rest);
  }

  private emit(level: Level, message: unknown, rest: unknown[]): void {
    if (RANK[level] > this.threshold) return;
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields =
      message !== null && typeof message === 'object' && !(message instanceof Error)
        ? (message as Record<string, unknown>)
        : { msg: message instanceof Error ? message.message : String(message) };
    const stack = rest.find((r) => typeof r === 'string') as string | undefined;
    this.write(
      JSON.stringify({
        ...fields,
        time: new Date().toISOString(),
        level,
        service: this.service,
        ...activeTraceIds(),
        ...(context ? { context } : {}),
        ...(stack ? { stack } : {}),
      }),
    );
  }
}
