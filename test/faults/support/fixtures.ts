import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { integrationPgAdminUrl } from '@kerma/testing';
import { Deployment } from './deployment';
import type { InvariantReport } from './invariants';
import { LocalBroker } from './local-broker';

export interface DeployedFixture {
  readonly broker: LocalBroker;
  readonly deployment: Deployment;
  readonly workDir: string;
  stop(): Promise<void>;
}

/** A fresh broker of this suite's own, five service processes on fresh databases. */
export async function startDeployed(partitions = 3): Promise<DeployedFixture> {
  const workDir = mkdtempSync(join(tmpdir(), 'kerma-faults-'));
  const broker = await LocalBroker.start();
  const deployment = await Deployment.start({ brokers: broker.brokers, pgAdminUrl: integrationPgAdminUrl(), workDir, partitions });
  return {
    broker,
    deployment,
    workDir,
    stop: async () => {
      await deployment.stop();
      await broker.stop();
      // Logs stay for a failed run's post-mortem when asked for.
      if (!process.env['KERMA_FAULTS_KEEP_LOGS']) rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Prints the measured figures, then fails with every broken invariant at once (and the logs' tails). */
export function expectInvariantsHold(scenario: string, report: InvariantReport, logTails: () => string): void {
  process.stdout.write(`[faults] ${scenario}: ${JSON.stringify(report.facts)}\n`);
  if (report.violations.length > 0) {
    process.stdout.write(`[faults] ${scenario}: ${report.violations.length} violations\n${report.violations.join('\n')}\n${logTails()}\n`);
  }
  expect(report.violations).toEqual([]);
}
