import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RdsrReceivedV1 } from '@kerma/contracts';
import { deterministicUid, findFreePort, generateNonDoseDicom, generateRdsr, procedureSpec, getJson, stow } from '@kerma/testing';
import { startTestPacs, testPacsAvailable, type TestPacs } from '../support/test-pacs';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';
import { KERMA_BIN, kermaCli } from '../support/kerma-cli';

/** A dose report of the given study date (DICOM DA). */
const report = (seed: number, date: string) => procedureSpec({ seed, events: 3, study: { date } });

const available = testPacsAvailable();
if (!available)
  process.stderr.write(
    'SKIPPED pacs-backfill e2e: Orthanc is not installed (apt-get install -y orthanc, or KERMA_TEST_PACS=host:port:aet with KERMA_TEST_PACS_REST)\n',
  );

(available ? describe : describe.skip)('`kerma pacs backfill` against a real PACS (Orthanc) into the single-process app', () => {
  let pacs: TestPacs;
  let kerma: TemporaryKerma;
  let dicomPort: number;
  const announced: RdsrReceivedV1[] = [];

  const march = [report(8101, '20250303'), report(8102, '20250315'), report(8103, '20250331')];
  const alreadyInKerma = report(8104, '20250320');
  const outsidePeriod = report(8105, '20250401');
  const nonDoseSr = generateNonDoseDicom('basic-text-sr', 8106);
  const ctImage = generateNonDoseDicom('ct-image', 8107);
  const may = [report(8111, '20250505'), report(8112, '20250506'), report(8113, '20250507'), report(8114, '20250508')];
  const june = report(8121, '20250610');

  const pacsArgs = () => [
    'pacs',
    'backfill',
    '--aet',
    'KERMA',
    '--called-aet',
    pacs.aeTitle,
    '--host',
    pacs.host,
    '--port',
    String(pacs.port),
    '--url',
    kerma.url,
  ];
  const announcementsOf = (sopInstanceUid: string) => announced.filter((a) => a.sopInstanceUid === sopInstanceUid);

  beforeAll(async () => {
    pacs = startTestPacs()!;
    dicomPort = await findFreePort();
    kerma = await startTemporaryKerma('pacs-backfill', {
      dicom: { port: dicomPort, host: '127.0.0.1', aeTitle: 'KERMA', siteByCallingAe: { [pacs.aeTitle]: 'pacs-archive' }, callingAeAllowlist: null },
      retryPolicy: { maxAttempts: 2, initialBackoffMs: 10, maxBackoffMs: 10 },
    });
    kerma.bus.subscribe(RdsrReceivedV1.topic, async (m) => void announced.push(JSON.parse(m.value) as RdsrReceivedV1));
    await pacs.addDestination('kerma', 'KERMA', '127.0.0.1', dicomPort);
    for (const spec of [...march, alreadyInKerma, outsidePeriod, ...may, june]) await pacs.load(generateRdsr(spec));
    await pacs.load(nonDoseSr);
    await pacs.load(ctImage);
    expect((await stow(kerma.url, [generateRdsr(alreadyInKerma)], 'e2e')).status).toBe(200);
    await kerma.bus.drain();
  }, 120_000);

  afterAll(async () => {
    await kerma?.stop();
    pacs?.stop();
  });

  it('fetches every dose report of the period once by C-MOVE, leaves the rest on the PACS, and sums up', async () => {
    const journal = join(kerma.dir, 'march.jsonl');
    const run = await kermaCli([...pacsArgs(), '--from', '2024-03-01', '--to', '2025-03-31', '--journal', journal, '--rate', '20/s']);
    expect(run.stderr).toContain(`journal: ${journal}`);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    for (const spec of march) expect(lines).toContain(`retrieved  ${spec.study.sopInstanceUid}  study ${spec.study.studyInstanceUid}`);
    expect(lines).toContain(`present    ${alreadyInKerma.study.sopInstanceUid}  study ${alreadyInKerma.study.studyInstanceUid}  already in Kerma`);
    // Six studies in the period (four reports; a text SR and a CT image of 2024-03-01); four dose objects among them.
    expect(lines.at(-1)).toBe('6 studies, 4 dose objects found: 3 retrieved, 1 already present, 0 skipped (done by an earlier run), 0 failed');
    await kerma.bus.drain();

    for (const spec of [...march, alreadyInKerma]) expect(announcementsOf(spec.study.sopInstanceUid)).toHaveLength(1);
    for (const spec of march) {
      const { body } = await getJson(`${kerma.url}/api/v1/instances?studyInstanceUid=${spec.study.studyInstanceUid}`);
      expect(body.instances).toEqual([expect.objectContaining({ sopInstanceUid: spec.study.sopInstanceUid, source: 'c-store', site: 'pacs-archive' })]);
      expect((await getJson(`${kerma.url}/api/v1/studies/${spec.study.studyInstanceUid}`)).body.status.parsed.state).toBe('done');
    }
    expect(announcementsOf(outsidePeriod.study.sopInstanceUid)).toEqual([]);
    expect(announced.filter((a) => a.source === 'c-store')).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith('retrieved'))).toHaveLength(3);
    // Neither the text SR nor the CT image was asked for: Kerma holds nothing of their studies.
    for (const [kind, seed] of [
      ['basic-text-sr', 8106],
      ['ct-image', 8107],
    ] as const) {
      const studyInstanceUid = deterministicUid(seed, `${kind}-study`);
      expect(lines.join('\n')).not.toContain(studyInstanceUid);
      expect((await getJson(`${kerma.url}/api/v1/instances?studyInstanceUid=${studyInstanceUid}`)).body.instances).toEqual([]);
    }
  });

  it('a rerun with the same journal skips the studies done and asks the PACS for nothing more', async () => {
    const journal = join(kerma.dir, 'march.jsonl');
    const before = announced.length;
    const run = await kermaCli([...pacsArgs(), '--from', '2024-03-01', '--to', '2025-03-31', '--journal', journal]);
    expect(run.code).toBe(0);
    for (const spec of [...march, alreadyInKerma])
      expect(run.stdout).toContain(`skipped    study ${spec.study.studyInstanceUid}  done by an earlier run (1 dose object)`);
    expect(run.stdout.trim().split('\n').at(-1)).toBe(
      '6 studies, 4 dose objects found: 0 retrieved, 0 already present, 4 skipped (done by an earlier run), 0 failed',
    );
    await kerma.bus.drain();
    expect(announced.length).toBe(before);
  });

  it('narrows the studies to the modalities asked for (one query each)', async () => {
    const run = await kermaCli([...pacsArgs(), '--from', '2024-03-01', '--to', '2025-03-31', '--modality', 'CT', '--journal', join(kerma.dir, 'ct.jsonl')]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('1 study, 0 dose objects found: 0 retrieved, 0 already present, 0 skipped (done by an earlier run), 0 failed');
  });

  it('is resumable: interrupted after the first object, the rerun skips what the journal holds and fetches the rest, each once', async () => {
    const journal = join(kerma.dir, 'may.jsonl');
    const args = [...pacsArgs(), '--from', '2025-05-01', '--to', '2025-05-31', '--journal', journal];
    // One retrieval a second, stopped as soon as the journal records a delivered object.
    const child = spawn(process.execPath, [KERMA_BIN, ...args, '--rate', '1'], { stdio: 'ignore' });
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    const deadline = Date.now() + 60_000;
    while (!(existsSync(journal) && readFileSync(journal, 'utf8').includes('"retrieved"')) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await exited;
    const delivered = readFileSync(journal, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"retrieved"')).length;
    expect(delivered).toBeGreaterThanOrEqual(1);
    expect(delivered).toBeLessThan(may.length);

    const rerun = await kermaCli(args);
    expect(rerun.code).toBe(0);
    const skipped = rerun.stdout.split('\n').filter((l) => l.startsWith('skipped')).length;
    expect(skipped).toBe(delivered);
    expect(rerun.stdout.trim().split('\n').at(-1)).toMatch(
      new RegExp(`^4 studies, 4 dose objects found: \\d retrieved, \\d already present, ${delivered} skipped \\(done by an earlier run\\), 0 failed$`),
    );
    await kerma.bus.drain();
    for (const spec of may) expect(announcementsOf(spec.study.sopInstanceUid)).toHaveLength(1);
  });

  it('retrieves with C-GET and stores by STOW-RS when asked to', async () => {
    const run = await kermaCli([
      ...pacsArgs(),
      '--from',
      '2025-06-01',
      '--to',
      '2025-06-30',
      '--get',
      '--site',
      'pacs-get',
      '--journal',
      join(kerma.dir, 'june.jsonl'),
    ]);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`retrieved  ${june.study.sopInstanceUid}  study ${june.study.studyInstanceUid}`);
    await kerma.bus.drain();
    expect(announcementsOf(june.study.sopInstanceUid)).toEqual([expect.objectContaining({ source: 'import', site: 'pacs-get' })]);
  });

  it('names the PACS that refuses the association and exits 1', async () => {
    const run = await kermaCli([
      'pacs',
      'backfill',
      '--called-aet',
      pacs.aeTitle,
      '--host',
      '127.0.0.1',
      '--port',
      String(await findFreePort()),
      '--url',
      kerma.url,
      '--from',
      '2025-03-01',
      '--to',
      '2025-03-31',
      '--journal',
      join(kerma.dir, 'none.jsonl'),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/kerma pacs backfill: network error talking to 127\.0\.0\.1:\d+/);
  });
});
