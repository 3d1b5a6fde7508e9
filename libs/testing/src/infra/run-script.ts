import { execFile } from 'child_process';

export interface ScriptResult {
  readonly stdout: string;
  readonly stderr: string;
}

export class ScriptFailedError extends Error {
  constructor(
    readonly script: string,
    readonly args: readonly string[],
    readonly stderr: string,
    cause: unknown,
  ) {
    super(`${script} ${args.join(' ')} failed: ${stderr.trim() || String(cause)}`);
    this.name = 'ScriptFailedError';
  }
}

/** Runs one of the repo's shell scripts, resolving with its output or rejecting with its stderr. */
export function runScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 300_000): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    execFile(script, [...args], { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 10 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new ScriptFailedError(script, args, stderr, error));
      else resolve({ stdout, stderr });
    });
  });
}
