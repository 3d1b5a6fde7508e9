import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dcmtk, describeWithDcmtk, findFreePort, generateNonDoseDicom, generateRdsr, getJson, procedureSpec } from '@kerma/testing';
import type { AuditPage, AuditRecord } from '../support/audit';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

const DX_IMAGE_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.1.1';

describeWithDcmtk(['storescu', 'echoscu', 'dcmodify'], 'C-STORE audit e2e')('C-STORE associations in the audit trail (dcmtk storescu as the modality)', () => {
  let kerma: TemporaryKerma;
  let dicomPort: number;

  beforeAll(async () => {
    dicomPort = await findFreePort();
    kerma = await startTemporaryKerma('c-store-audit', {
      dicom: { port: dicomPort, host: '127.0.0.1', aeTitle: 'KERMA', siteByCallingAe: { CATHLAB7: 'cath-lab-7' }, callingAeAllowlist: null },
    });
  }, 60_000);

  afterAll(async () => {
    await kerma?.stop();
  });

  const write = (name: string, bytes: Uint8Array) => {
    const file = join(kerma.dir, name);
    writeFileSync(file, bytes);
    return file;
  };
  const auditOf = async (query: string): Promise<AuditRecord[]> => {
    const { status, body } = await getJson<AuditPage>(`${kerma.url}/api/v1/audit?${query}`);
    expect(status).toBe(200);
    return body.records;
  };

  it('records one change per association: the calling AE as who, its address, the site, the patient keys and studies kept', async () => {
    const specs = [procedureSpec({ seed: 7701, events: 3 }), procedureSpec({ seed: 7702, events: 2 })];
    const files = specs.map((spec, i) => write(`report-${i}.dcm`, generateRdsr(spec)));
    const sent = await dcmtk('storescu', ['-aet', 'CATHLAB7', '-aec', 'KERMA', '127.0.0.1', String(dicomPort), ...files]);
    expect(sent).toEqual({ code: 0, output: expect.not.stringMatching(/E: /) });
    await kerma.bus.drain();

    const [record, ...more] = await auditOf('subject=dicom-ae:CATHLAB7');
    expect(more).toEqual([]);
    expect(record).toMatchObject({
      service: 'ingest',
      via: 'dicom',
      keyId: null,
      roles: [],
      action: 'change',
      method: 'C-STORE',
      route: 'DICOM C-STORE SCP KERMA',
      site: 'cath-lab-7',
      clientIp: expect.stringMatching(/127\.0\.0\.1$/),
      status: 200,
    });
    expect([...record.studyInstanceUids].sort()).toEqual(specs.map((s) => s.study.studyInstanceUid).sort());
    // The patient keys are those a read of each study records: the same pseudonyms, never the ids.
    for (const spec of specs) expect((await getJson(`${kerma.url}/api/v1/studies/${spec.study.studyInstanceUid}`)).status).toBe(200);
    await kerma.bus.drain();
    const reads = (await auditOf('action=read-study&limit=1000')).filter((r) => r.route === '/api/v1/studies/:studyInstanceUid');
    const readKeys = new Set(reads.flatMap((r) => r.patientKeys));
    expect(record.patientKeys.length).toBeGreaterThan(0);
    for (const key of record.patientKeys) expect(readKeys).toContain(key);
    expect(JSON.stringify(record)).not.toContain(specs[0].patient.id);
  });

  it('says 202 when the association kept some objects and refused others, listing only what was kept', async () => {
    const spec = procedureSpec({ seed: 7703, events: 2 });
    const kept = write('kept.dcm', generateRdsr(spec));
    // A DX image without any dose attribute: negotiated (DX images are accepted), then refused by intake as not a dose object.
    const refused = write('refused.dcm', generateNonDoseDicom('ct-image', 7704));
    expect(await dcmtk('dcmodify', ['-nb', '-m', `(0008,0016)=${DX_IMAGE_SOP_CLASS}`, '-m', '(0008,0060)=DX', refused])).toMatchObject({ code: 0 });
    const sent = await dcmtk('storescu', ['-v', '-aet', 'MOBILE2', '-aec', 'KERMA', '127.0.0.1', String(dicomPort), kept, refused]);
    expect(sent.output).toMatch(/Received Store Response \(Success\)[\s\S]*Received Store Response \((?!Success)/);
    await kerma.bus.drain();

    const records = await auditOf('subject=dicom-ae:MOBILE2');
    expect(records).toEqual([
      expect.objectContaining({ via: 'dicom', method: 'C-STORE', site: 'e2e', status: 202, studyInstanceUids: [spec.study.studyInstanceUid] }),
    ]);
    expect(records[0].patientKeys).toHaveLength(1);
  });

  it('leaves no record for an association that only verified the connection (C-ECHO)', async () => {
    expect(await dcmtk('echoscu', ['-aet', 'ECHOONLY', '-aec', 'KERMA', '127.0.0.1', String(dicomPort)])).toMatchObject({ code: 0 });
    await kerma.bus.drain();
    expect(await auditOf('subject=dicom-ae:ECHOONLY')).toEqual([]);
  });
});
