import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

/** The `kerma` command of this checkout. */
export const KERMA_BIN = resolve(__dirname, '..', '..', 'bin', 'kerma.js');

/** Runs the `kerma` CLI as its own process, without blocking this one (the app under test runs here): its exit code and output. */
export function kermaCli(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [KERMA_BIN, ...args], { encoding: 'utf8', env }, (err, stdout, stderr) => {
      done({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
