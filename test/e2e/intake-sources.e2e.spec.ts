import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requests } from 'dcmjs-dimse';
import { RdsrReceivedV1 } from '@kerma/contracts';
import { findFreePort, generateNonDoseDicom, generateRdsr, procedureSpec } from '@kerma/testing';
import { cEcho, cStore, datasetOf, runAssociation, Status, type ScuTarget } from '@kerma/testing';
import { getJson } from '@kerma/testing';
import { kermaCli } from '../support/kerma-cli';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

const RDSR_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.88.67';

interface Announced {
  readonly studyInstanceUid: string;
  readonly source: string;
  readonly site: string;
}

async function instancesOf(baseUrl: string, studyInstanceUid: string): Promise<{ source: string; site: string; sopInstanceUid: string }[]> {
  const { status, body } = await getJson(`${baseUrl}/api/v1/instances?studyInstanceUid=${encodeURIComponent(studyInstanceUid)}`);
  expect(status).toBe(200);
  return body.instances;
}

describe('intake sources of the single-process app: DICOM C-STORE and `kerma import`', () => {
  let kerma: TemporaryKerma;
  let dicomPort: number;
  const announced: Announced[] = [];

  /** `kerma import`, whose journals go to a cache of the test's own, not the user's. */
  const kermaImport = (args: readonly string[]) => kermaCli(['import', ...args], { ...process.env, XDG_CACHE_HOME: join(kerma.dir, 'cache') });
  const modality = (callingAeTitle = 'CATHLAB1'): ScuTarget => ({ host: '127.0.0.1', port: dicomPort, callingAeTitle, calledAeTitle: 'KERMA' });

  beforeAll(async () => {
    dicomPort = await findFreePort();
    kerma = await startTemporaryKerma('intake-sources', {
      dicom: { port: dicomPort, host: '127.0.0.1', aeTitle: 'KERMA', siteByCallingAe: { CATHLAB1: 'cath-lab-1' }, callingAeAllowlist: null },
      retryPolicy: { maxAttempts: 2, initialBackoffMs: 10, maxBackoffMs: 10 },
    });
    kerma.bus.subscribe(RdsrReceivedV1.topic, async (m) => void announced.push(JSON.parse(m.value) as Announced));
  }, 60_000);

  afterAll(async () => {
    await kerma?.stop();
  });

  describe('C-STORE SCP', () => {
    it('answers C-ECHO', async () => {
      const outcome = await cEcho(modality());
      expect(outcome.associationRejected).toBeNull();
      expect(outcome.responses.map((r) => r.status)).toEqual([Status.Success]);
    });

    it('stores an RDSR sent by a modality: status 0x0000, the study in the API, source c-store, site of the calling AE', async () => {
      const spec = procedureSpec({ seed: 601, events: 9 });
      const outcome = await cStore(modality(), [datasetOf(generateRdsr(spec))]);
      expect(outcome.responses.map((r) => r.status)).toEqual([0x0000]);
      await kerma.bus.drain();

      const { status, body: study } = await getJson(`${kerma.url}/api/v1/studies/${spec.study.studyInstanceUid}`);
      expect(status).toBe(200);
      expect(study.site).toBe('cath-lab-1');
      expect(study.status.parsed.state).toBe('done');
      expect(study.totals.eventCount).toBe(9);

      const instances = await instancesOf(kerma.url, spec.study.studyInstanceUid);
      expect(instances).toEqual([expect.objectContaining({ source: 'c-store', site: 'cath-lab-1' })]);
      expect(announced.filter((a) => a.studyInstanceUid === spec.study.studyInstanceUid)).toEqual([
        expect.objectContaining({ source: 'c-store', site: 'cath-lab-1' }),
      ]);
    });

    it('answers a re-sent object with success and does not announce it again', async () => {
      const spec = procedureSpec({ seed: 602, events: 2 });
      await cStore(modality(), [datasetOf(generateRdsr(spec))]);
      await kerma.bus.drain();
      const before = announced.length;
      const again = await cStore(modality(), [datasetOf(generateRdsr(spec))]);
      expect(again.responses.map((r) => r.status)).toEqual([0x0000]);
      await kerma.bus.drain();
      expect(announced.length).toBe(before);
      expect(await instancesOf(kerma.url, spec.study.studyInstanceUid)).toHaveLength(1);
    });

    it('answers a different object under a stored SOP Instance UID with 0x0111 (Duplicate SOP Instance), keeps it in quarantine and the original in place', async () => {
      const original = procedureSpec({ seed: 606, events: 2 });
      await cStore(modality(), [datasetOf(generateRdsr(original))]);
      await kerma.bus.drain();
      const before = announced.length;
      const conflicting = await cStore(modality(), [datasetOf(generateRdsr(procedureSpec({ seed: 606, events: 3 })))]);
      expect(conflicting.responses.map((r) => r.status)).toEqual([0x0111]);
      const quarantineId = /^conflicting-duplicate: (\S+)$/.exec(conflicting.responses[0].errorComment ?? '')?.[1];
      const { status, body } = await getJson(`${kerma.url}/api/v1/quarantine/${quarantineId}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'pending', source: 'c-store', site: 'cath-lab-1', sopInstanceUid: original.study.sopInstanceUid });
      await kerma.bus.drain();
      expect(announced.length).toBe(before);
      const { body: study } = await getJson(`${kerma.url}/api/v1/studies/${original.study.studyInstanceUid}`);
      expect(study.totals.eventCount).toBe(2);
    });

    it('records the default site for a calling AE title without a mapping', async () => {
      const spec = procedureSpec({ seed: 603, events: 2 });
      expect((await cStore(modality('MOBILE_CARM'), [datasetOf(generateRdsr(spec))])).responses.map((r) => r.status)).toEqual([0x0000]);
      expect(await instancesOf(kerma.url, spec.study.studyInstanceUid)).toEqual([expect.objectContaining({ source: 'c-store', site: 'e2e' })]);
    });

    it('rejects at negotiation an association offering only a CT image, and stores nothing', async () => {
      await kerma.bus.drain(); // the previous test's object may still be on its way to the topic
      const before = announced.length;
      const outcome = await cStore(modality(), [datasetOf(generateNonDoseDicom('ct-image', 604))]);
      expect(outcome.associationRejected).not.toBeNull();
      expect(outcome.responses).toEqual([]);
      await kerma.bus.drain();
      expect(announced.length).toBe(before);
    });

    it('refuses a CT image sent as an RDSR with 0xA900 (data set does not match SOP class)', async () => {
      const request = new requests.CStoreRequest(datasetOf(generateNonDoseDicom('ct-image', 605)));
      request.setAffectedSopClassUid(RDSR_SOP_CLASS);
      const outcome = await runAssociation(modality(), [request]);
      expect(outcome.responses).toHaveLength(1);
      expect(outcome.responses[0].status).toBe(0xa900);
      expect(outcome.responses[0].errorComment).toMatch(/^sop-class-mismatch: /);
    });
  });

  describe('kerma import', () => {
    it('sends a folder file by file, prints each outcome with the reason code, and exits 1 on a refused file', async () => {
      const archive = mkdtempSync(join(tmpdir(), 'kerma-import-'));
      const first = procedureSpec({ seed: 701, events: 3 });
      const second = procedureSpec({ seed: 702, events: 4 });
      const nested = procedureSpec({ seed: 703, events: 2 });
      writeFileSync(join(archive, 'a-report.dcm'), generateRdsr(first));
      writeFileSync(join(archive, 'b-report.dcm'), generateRdsr(second));
      copyFileSync(join(archive, 'a-report.dcm'), join(archive, 'c-copy-of-a.dcm'));
      writeFileSync(join(archive, 'd-notes.txt'), 'not a DICOM file');
      mkdirSync(join(archive, 'older'));
      writeFileSync(join(archive, 'older', 'e-report.dcm'), generateRdsr(nested));

      const flat = await kermaImport([archive, '--url', kerma.url, '--site', 'archive-1']);
      const lines = flat.stdout.trim().split('\n');
      expect(lines).toHaveLength(6);
      expect(lines[0]).toMatch(/^stored\s+.*a-report\.dcm/);
      expect(lines[1]).toMatch(/^stored\s+.*b-report\.dcm/);
      expect(lines[2]).toMatch(/^duplicate\s+.*c-copy-of-a\.dcm/);
      expect(lines[3]).toMatch(/^refused\s+.*d-notes\.txt\s+not-dicom: /);
      expect(lines[4]).toBe('4 files: 2 stored, 1 duplicate, 1 refused');
      expect(lines[5]).toBe('  refused ×1: not-dicom');
      expect(flat.code).toBe(1);

      await kerma.bus.drain();
      expect(await instancesOf(kerma.url, first.study.studyInstanceUid)).toEqual([expect.objectContaining({ source: 'import', site: 'archive-1' })]);
      expect(await instancesOf(kerma.url, second.study.studyInstanceUid)).toEqual([expect.objectContaining({ source: 'import', site: 'archive-1' })]);
      expect(await instancesOf(kerma.url, nested.study.studyInstanceUid)).toEqual([]);
      const { body: study } = await getJson(`${kerma.url}/api/v1/studies/${second.study.studyInstanceUid}`);
      expect(study.totals.eventCount).toBe(4);

      const deep = await kermaImport([join(archive, 'older'), join(archive, 'a-report.dcm'), '--url', kerma.url, '--site', 'archive-1', '--recursive']);
      expect(deep.code).toBe(0);
      expect(deep.stdout.trim().split('\n')).toEqual([
        expect.stringMatching(/^stored\s+.*e-report\.dcm/),
        expect.stringMatching(/^duplicate\s+.*a-report\.dcm/),
        '2 files: 1 stored, 1 duplicate, 0 refused',
      ]);
      expect(await instancesOf(kerma.url, nested.study.studyInstanceUid)).toEqual([expect.objectContaining({ source: 'import' })]);
      rmSync(archive, { recursive: true, force: true });
    });

    it('sends several files at once, prints them in file order with their study, and a rerun skips what the journal holds', async () => {
      const archive = mkdtempSync(join(tmpdir(), 'kerma-import-many-'));
      const specs = Array.from({ length: 20 }, (_, i) => procedureSpec({ seed: 710 + i, events: 2 }));
      specs.forEach((spec, i) => writeFileSync(join(archive, `r-${String(i).padStart(2, '0')}.dcm`), generateRdsr(spec)));
      writeFileSync(join(archive, 's-ct-image.dcm'), generateNonDoseDicom('ct-image', 731));
      writeFileSync(join(archive, 't-notes.txt'), 'not a DICOM file');
      const journal = join(archive, '..', `${archive.split('/').at(-1)}.jsonl`);
      const args = [archive, '--url', kerma.url, '--site', 'archive-2', '--concurrency', '6', '--journal', journal];

      const first = await kermaImport(args);
      expect(first.stderr).toContain(`journal: ${journal}`);
      expect(first.code).toBe(1);
      const lines = first.stdout.trim().split('\n');
      specs.forEach((spec, i) =>
        expect(lines[i]).toMatch(
          new RegExp(`^stored\\s+.*r-${String(i).padStart(2, '0')}\\.dcm  ${spec.study.sopInstanceUid}  study ${spec.study.studyInstanceUid}$`),
        ),
      );
      expect(lines[20]).toMatch(/^refused\s+.*s-ct-image\.dcm\s+not-a-dose-report: /);
      expect(lines[21]).toMatch(/^refused\s+.*t-notes\.txt\s+not-dicom: /);
      expect(lines.slice(22)).toEqual(['22 files: 20 stored, 0 duplicate, 2 refused', '  refused ×1: not-a-dose-report', '  refused ×1: not-dicom']);

      const again = await kermaImport(args);
      const rerun = again.stdout.trim().split('\n');
      specs.forEach((spec, i) =>
        expect(rerun[i]).toMatch(
          new RegExp(
            `^skipped\\s+.*r-${String(i).padStart(2, '0')}\\.dcm  sent by an earlier run  ${spec.study.sopInstanceUid}  study ${spec.study.studyInstanceUid}$`,
          ),
        ),
      );
      expect(rerun[22]).toBe('22 files: 0 stored, 0 duplicate, 2 refused, 20 sent by an earlier run');
      await kerma.bus.drain();
      for (const spec of specs)
        expect(announced.filter((a) => a.studyInstanceUid === spec.study.studyInstanceUid)).toEqual([
          expect.objectContaining({ source: 'import', site: 'archive-2' }),
        ]);
      rmSync(archive, { recursive: true, force: true });
      rmSync(journal, { force: true });
    });

    it('STOW-RS accepts only source=stow or source=import', async () => {
      const response = await fetch(`${kerma.url}/dicomweb/studies?source=c-store`, {
        method: 'POST',
        headers: { 'content-type': 'application/dicom' },
        body: Buffer.from(generateRdsr(procedureSpec({ seed: 704, events: 1 }))),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(/"source"/);
    });
  });
});
