import { execFile, execFileSync } from 'node:child_process';
import { isCi } from '../infra/integration-env';

/** dcmtk's command-line tools that tests drive as a modality. */
export type DcmtkTool = 'storescu' | 'echoscu' | 'dcmodify';

/** The tools of `tools` that are not on the PATH. */
export function missingDcmtkTools(tools: readonly DcmtkTool[]): DcmtkTool[] {
  return tools.filter((tool) => {
    try {
      execFileSync(tool, ['--version'], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
}

/**
 * `describe` for suites that need dcmtk: skipped with a warning on a developer machine without the tools, but in
 * CI (whose run installs dcmtk) a missing tool throws, so the suite cannot pass green without running.
 */
export function describeWithDcmtk(tools: readonly DcmtkTool[], suite: string, env: NodeJS.ProcessEnv = process.env): jest.Describe {
  const missing = missingDcmtkTools(tools);
  if (missing.length === 0) return describe;
  const message = `dcmtk ${missing.join(' and ')} needed for the ${suite} (apt-get install dcmtk; .ci/run installs it)`;
  if (isCi(env)) throw new Error(message);
  console.warn(`skipping ${suite}: ${message}`);
  return describe.skip;
}

/** Runs a dcmtk tool (60 s at most): its exit code and everything it wrote, stdout then stderr. */
export function dcmtk(tool: DcmtkTool, args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(tool, [...args], { encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      done({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}
