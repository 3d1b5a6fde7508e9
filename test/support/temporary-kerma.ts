import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSingleProcessApp, type SingleProcessApp, type SingleProcessOptions } from '@kerma/all-in-one';
import { findFreePort } from '@kerma/testing';

export type TemporaryKermaOptions = Omit<SingleProcessOptions, 'port' | 'host' | 'dataDir' | 'defaultSite' | 'logger'> &
  Partial<Pick<SingleProcessOptions, 'defaultSite' | 'logger'>>;

/** A single-process Kerma for one suite, over a temporary folder of its own. */
export interface TemporaryKerma extends SingleProcessApp {
  /** The suite's folder, for the files it sends; Kerma's data is in `dataDir` below it. */
  readonly dir: string;
  readonly dataDir: string;
  /** Once `app` is closed: Kerma again on the same data (another port), with `changes` over the options it had. */
  startAgain(changes?: TemporaryKermaOptions): Promise<TemporaryKerma>;
  /** Closes Kerma and removes the folder. */
  stop(): Promise<void>;
}

/**
 * Starts Kerma on a free port of 127.0.0.1 with its data in a new temporary folder named after the suite, site
 * 'e2e' by default, and quiet unless E2E_LOG is set. Options that need files of their own (certificates) are
 * given as a function of the suite's folder, called before Kerma starts.
 */
export async function startTemporaryKerma(
  suite: string,
  options: TemporaryKermaOptions | ((dir: string) => TemporaryKermaOptions) = {},
): Promise<TemporaryKerma> {
  const dir = mkdtempSync(join(tmpdir(), `kerma-e2e-${suite}-`));
  try {
    return await startIn(dir, typeof options === 'function' ? options(dir) : options);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function startIn(dir: string, options: TemporaryKermaOptions): Promise<TemporaryKerma> {
  const dataDir = join(dir, 'data');
  const kerma = await startSingleProcessApp({
    port: await findFreePort(),
    host: '127.0.0.1',
    dataDir,
    defaultSite: 'e2e',
    logger: process.env.E2E_LOG ? undefined : false,
    ...options,
  });
  return {
    ...kerma,
    dir,
    dataDir,
    startAgain: (changes = {}) => startIn(dir, { ...options, ...changes }),
    stop: async () => {
      await kerma.app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
