import { DataSource } from 'typeorm';
import { NOTIFICATION_ENTITIES, NOTIFICATION_MIGRATIONS } from '@kerma/notification';
import { dataSourceOptions, decompressJson, isCompressedJson } from '@kerma/platform';
import { patientIdDigest, SKIN_DOSE_ENTITIES, SKIN_DOSE_MIGRATIONS } from '@kerma/skin-dose';
import { createTestDatabase, describeIntegration, integrationPgAdminUrl } from '@kerma/testing';

const KEY = 'a'.repeat(64);

/** A stored JSON column as a later migration may have left it (compressed: CompactStudyInput). */
const readStored = (stored: string): { patient: unknown } => (isCompressedJson(stored) ? decompressJson(stored) : JSON.parse(stored));

/** Opens the service's database with the migrations up to (not including) `before`, or all of them. */
async function migrated(service: 'skin-dose' | 'notification', url: string, entities: readonly Function[], migrations: readonly Function[], before?: string) {
  const upTo = before ? migrations.findIndex((m) => m.name.startsWith(before)) : migrations.length;
  expect(upTo).toBeGreaterThan(0);
  const ds = new DataSource(dataSourceOptions({ service, target: { kind: 'postgres', url }, entities: [...entities], migrations: migrations.slice(0, upTo) }));
  await ds.initialize();
  return ds;
}

describeIntegration(['postgres'])('PHI migrations: stored identities reduced, identities kept where alerts need them', () => {
  it('skin-dose StudyInputWithoutIdentity: a stored input loses id, issuer, name and birth date; the key and the id digest remain', async () => {
    const db = await createTestDatabase(integrationPgAdminUrl(), 'kerma_migr_phi_skin_dose');
    try {
      const before = await migrated('skin-dose', db.url, SKIN_DOSE_ENTITIES, SKIN_DOSE_MIGRATIONS, 'StudyInputWithoutIdentity');
      const procedure = {
        kind: 'projection-xray',
        patient: { id: 'PAT-9', issuerOfId: 'HOSP', name: null, birthDate: '1950-03-04', sex: 'F', ageYears: null },
      };
      const insert = (uid: string, patient: object) =>
        before.query(
          `INSERT INTO skin_dose_study (study_instance_uid, site, patient, sop_instance_uids, study_revision, procedure, input_received_at) VALUES ($1, 'site-a', $2, '[]', 1, $3, '2026-01-01T00:00:00Z')`,
          [uid, JSON.stringify(patient), JSON.stringify(procedure)],
        );
      await insert('1.1', { id: 'PAT-9', issuer: 'HOSP', key: KEY });
      await insert('1.2', { id: null, issuer: null, key: KEY });
      await before.destroy();

      const after = await migrated('skin-dose', db.url, SKIN_DOSE_ENTITIES, SKIN_DOSE_MIGRATIONS);
      const rows = (await after.query(`SELECT study_instance_uid AS uid, patient, procedure FROM skin_dose_study ORDER BY 1`)) as {
        uid: string;
        patient: string;
        procedure: string;
      }[];
      await after.destroy();
      expect(rows.map((r) => JSON.parse(r.patient))).toEqual([
        { key: KEY, idDigest: patientIdDigest('site-a', 'PAT-9') },
        { key: KEY, idDigest: null },
      ]);
      for (const r of rows) {
        expect(readStored(r.procedure).patient).toEqual({ id: null, issuerOfId: null, name: null, birthDate: null, sex: 'F', ageYears: null });
        expect(r.patient + JSON.stringify(readStored(r.procedure))).not.toMatch(/PAT-9|HOSP|1950/);
      }
    } finally {
      await db.drop();
    }
  });

  it('notification PatientStudyIdentity: a study seen before takes its patient from an alert of the same key', async () => {
    const db = await createTestDatabase(integrationPgAdminUrl(), 'kerma_migr_phi_notification');
    try {
      const before = await migrated('notification', db.url, NOTIFICATION_ENTITIES, NOTIFICATION_MIGRATIONS, 'PatientStudyIdentity');
      const study = (uid: string, key: string) =>
        before.query(`INSERT INTO patient_study (study_instance_uid, patient_key, site, study_time) VALUES ($1, $2, 'site-a', '2026-01-01T00:00:00.000Z')`, [
          uid,
          key,
        ]);
      await study('1.1', KEY);
      await study('1.2', 'b'.repeat(64));
      await before.query(
        `INSERT INTO dose_alert (id, study_instance_uid, metric, level, site, patient_key, patient_id, patient_id_issuer, measured_value, threshold_value, unit, rule_id, rule_description, rule_reference, raised_at)
         VALUES ('00000000-0000-4000-8000-000000000001', '1.0', 'peak-skin-dose', 'notification', 'site-a', $1, 'PAT-9', 'HOSP', 3.2, 3, 'Gy', 'r', 'd', 'ref', '2026-01-01T00:00:00.000Z')`,
        [KEY],
      );
      await before.destroy();

      const after = await migrated('notification', db.url, NOTIFICATION_ENTITIES, NOTIFICATION_MIGRATIONS);
      const rows = (await after.query(`SELECT study_instance_uid AS uid, patient FROM patient_study ORDER BY 1`)) as { uid: string; patient: string | null }[];
      await after.destroy();
      expect(rows.map((r) => (r.patient === null ? null : JSON.parse(r.patient)))).toEqual([{ id: 'PAT-9', issuer: 'HOSP', key: KEY }, null]);
    } finally {
      await db.drop();
    }
  });
});
