import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const script = resolve(__dirname, '..', '..', 'deploy', 'local', 'orthanc', 'orthanc.sh');

/** A real PACS (Orthanc) for query/retrieve tests: its DICOM address and its REST API (to load objects). */
export interface TestPacs {
  readonly host: string;
  readonly port: number;
  readonly aeTitle: string;
  readonly restUrl: string;
  /** Stores one object in the PACS through its REST API. */
  load(part10: Uint8Array): Promise<void>;
  /** Makes an AE title a C-MOVE destination of the PACS. */
  addDestination(name: string, aeTitle: string, host: string, port: number): Promise<void>;
  stop(): void;
}

/**
 * KERMA_TEST_PACS=host:port:aet (with KERMA_TEST_PACS_REST=http://host:port, an Orthanc REST API)
 * uses an existing Orthanc; otherwise deploy/local/orthanc/orthanc.sh starts one of our own.
 * Null when neither is possible (Orthanc not installed): the caller skips, visibly, outside CI.
 */
export function startTestPacs(): TestPacs | null {
  const existing = process.env.KERMA_TEST_PACS;
  if (existing) {
    const [host, port, aeTitle] = existing.split(':');
    const restUrl = process.env.KERMA_TEST_PACS_REST;
    if (!host || !port || !aeTitle || !restUrl)
      throw new Error('KERMA_TEST_PACS=host:port:aet needs KERMA_TEST_PACS_REST=http://host:port (the Orthanc REST API that loads the objects)');
    return testPacs(host, Number(port), aeTitle, restUrl, () => undefined);
  }
  if (!orthancInstalled()) {
    if (process.env.CI === 'true') throw new Error('Orthanc is not installed (.ci/run installs it: deploy/local/orthanc/orthanc.sh ensure)');
    return null;
  }
  const stateDir = mkdtempSync(join(tmpdir(), 'kerma-test-orthanc-'));
  const env = { ...process.env, KERMA_ORTHANC_STATE_DIR: stateDir };
  const [address, restUrl] = execFileSync(script, ['start'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .trim()
    .split(' ');
  const [host, port, aeTitle] = address.split(':');
  return testPacs(host, Number(port), aeTitle, restUrl, () => {
    execFileSync(script, ['stop'], { env, stdio: 'ignore' });
    rmSync(stateDir, { recursive: true, force: true });
  });
}

/** Whether a PACS test can run here; false only outside CI without Orthanc (the caller skips, saying so). */
export function testPacsAvailable(): boolean {
  return Boolean(process.env.KERMA_TEST_PACS) || orthancInstalled() || process.env.CI === 'true';
}

function orthancInstalled(): boolean {
  try {
    execFileSync('bash', ['-c', 'command -v Orthanc || test -x /usr/sbin/Orthanc'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function testPacs(host: string, port: number, aeTitle: string, restUrl: string, stop: () => void): TestPacs {
  return {
    host,
    port,
    aeTitle,
    restUrl,
    async load(part10) {
      const response = await fetch(`${restUrl}/instances`, { method: 'POST', body: Buffer.from(part10), headers: { 'content-type': 'application/dicom' } });
      if (response.status !== 200) throw new Error(`Orthanc refused an object: HTTP ${response.status} ${await response.text()}`);
    },
    async addDestination(name, destinationAet, destinationHost, destinationPort) {
      const response = await fetch(`${restUrl}/modalities/${name}`, {
        method: 'PUT',
        body: JSON.stringify({ AET: destinationAet, Host: destinationHost, Port: destinationPort }),
      });
      if (response.status !== 200) throw new Error(`Orthanc did not add the modality: HTTP ${response.status} ${await response.text()}`);
    },
    stop,
  };
}
