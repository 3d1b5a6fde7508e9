import { auditV1Schema, type AuditV1 } from '@kerma/contracts';
import type { IntakeResult } from '../intake/intake.service';
import type { StoredObject } from '../persistence/stored-object.entity';
import { AssociationAudit } from './association-audit';
import { STORE_STATUS } from './store-status';

/** Intake's answer for one stored object of study `n`, patient `n % patients`. */
const stored = (n: number, patients = 1_000_000): IntakeResult => ({
  status: 'stored',
  object: { patientKey: (n % patients).toString(16).padStart(64, '0'), studyInstanceUid: `2.25.${n}`, site: 'cath-lab-1' } as StoredObject,
});

describe('AssociationAudit: one audit record per C-STORE association', () => {
  const records: AuditV1[] = [];
  const audit = () =>
    new AssociationAudit(
      { record: async (e) => void records.push(auditV1Schema.parse(e)) },
      { service: 'ingest', calledAeTitle: 'KERMA', peerAddress: '10.1.2.3' },
    );
  beforeEach(() => void records.splice(0));

  it('writes once when the association ends, after the stores still in flight, listing what was kept', async () => {
    const a = audit();
    a.begin('CATHLAB1', 'cath-lab-1');
    let finish!: () => void;
    const late = a.track(new Promise<void>((resolve) => (finish = resolve)).then(() => a.noteIntake(stored(2))));
    await a.noteIntake(stored(1));
    a.noteAnswer(STORE_STATUS.success);
    a.noteAnswer(STORE_STATUS.dataSetDoesNotMatch);
    const ending = a.end();
    finish();
    await Promise.all([late, ending, a.end()]);
    expect(records).toEqual([
      expect.objectContaining({
        subject: 'dicom-ae:CATHLAB1',
        via: 'dicom',
        site: 'cath-lab-1',
        clientIp: '10.1.2.3',
        status: 202,
        studyInstanceUids: ['2.25.1', '2.25.2'],
      }),
    ]);
  });

  it('splits an association of more studies than a record lists into several records; C-ECHO alone leaves none', async () => {
    const a = audit();
    a.begin('ARCHIVE', 'main');
    for (let n = 0; n < 2500; n++) {
      await a.noteIntake(stored(n, 7));
      a.noteAnswer(STORE_STATUS.success);
    }
    await a.end();
    expect(records.map((r) => [r.studyInstanceUids.length, r.patientKeys.length, r.status])).toEqual([
      [1000, 7, 200],
      [1000, 7, 200],
      [500, 7, 200],
    ]);
    const echo = audit();
    echo.begin('ECHO', 'main');
    await echo.end();
    expect(records).toHaveLength(3);
  });
});
