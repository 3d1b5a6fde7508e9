import type { INestApplication, LoggerService } from '@nestjs/common';

/** Orchestrators send SIGKILL 30 s after SIGTERM by default; the brief asks for a stop within 10 s. */
export const SHUTDOWN_DEADLINE_MS = 9_000;
const PARENT_POLL_MS = 500;

/**
 * Stops the process the way an orchestrator or a terminal expects. SIGTERM/SIGINT close the app once
 * (HTTP server, consumers: a message in flight is finished, or left uncommitted and redelivered), then
 * `afterClose` runs (buffered traces are sent), then the process exits; if closing hangs, it exits anyway
 * after `deadlineMs`.
 *
 * `npm start` does not pass SIGTERM on to its child: when started by npm, the process also watches its
 * parent and stops itself once orphaned, so stopping npm never leaves a server running.
 */
export function stopGracefully(
  app: INestApplication,
  logger: LoggerService,
  afterClose: () => Promise<void> = async () => undefined,
  deadlineMs = SHUTDOWN_DEADLINE_MS,
): void {
  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.log({ msg: 'stopping', reason, deadlineMs }, 'Shutdown');
    setTimeout(() => {
      logger.error({ msg: 'graceful stop took too long, exiting', deadlineMs }, undefined, 'Shutdown');
      process.exit(1);
    }, deadlineMs).unref();
    // afterClose: spans of the last messages are sent before the process goes.
    app
      .close()
      .then(afterClose)
      .then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ msg: 'error while stopping', error: (err as Error).message }, undefined, 'Shutdown');
          process.exit(1);
        },
      );
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop(signal));
  if (process.env.npm_lifecycle_event) watchParent(() => stop('parent process exited'));
}

function watchParent(onOrphaned: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onOrphaned();
    }
  }, PARENT_POLL_MS);
  timer.unref();
}
