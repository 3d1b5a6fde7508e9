import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decompressJson } from '@kerma/platform';
import { asAnotherStudy, deterministicUid, generateRdsr, procedureSpec, type ProcedureSpec, stow } from '@kerma/testing';
import { kermaCli } from '../support/kerma-cli';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

/** New UIDs every run, so a kept data directory never mixes runs. */
const RUN = Date.now() % 1_000_000_007;
const ROOM = deterministicUid(RUN, 'rooms-e2e-device-observer');

/** A fluoroscopy study done in ROOM; without a patient size in the report unless `sized`. */
function study(tag: string, seed: number, sized: boolean): ProcedureSpec {
  const base = procedureSpec({
    seed,
    events: 12,
    device: { deviceObserverUid: ROOM },
    patient: sized ? { heightM: 1.7, weightKg: 70 } : { heightM: null, weightKg: null },
  });
  return asAnotherStudy(base, RUN, `rooms-${tag}`, { accessionNumber: `R${RUN % 100000}${tag}` });
}

interface Result {
  psdGy: number;
  assumptions: { code: string; message: string }[];
  room: { id: string | null; profileVersion: number | null; commissioned: boolean } | null;
  phantom: { heightM: number | null; massKg: number | null; sizeSource: { heightM: string; massKg: string } | null };
}
interface SkinDose {
  resultVersion: number;
  result: Result;
}

describe('rooms, commissioning and patient size (single process)', () => {
  let kerma: TemporaryKerma;
  const a = study('A', 31, true);
  const b = study('B', 32, true);
  const c = study('C', 33, false);
  const d = study('D', 34, false);
  const uidOf = (s: ProcedureSpec) => s.study.studyInstanceUid;

  const call = (path: string, init: RequestInit = {}) => fetch(`${kerma.url}${path}`, init);
  const json = async <T>(path: string, init: RequestInit = {}, status = 200): Promise<T> => {
    const response = await call(path, init);
    const body = await response.text();
    expect([path, response.status, response.status === status ? '' : body]).toEqual([path, status, '']);
    return JSON.parse(body) as T;
  };
  const skinDose = (s: ProcedureSpec) => json<SkinDose>(`/api/v1/studies/${uidOf(s)}/skin-dose`);
  const put = (roomId: string, body: unknown) =>
    call(`/api/v1/rooms/${encodeURIComponent(roomId)}/commissioning`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    kerma = await startTemporaryKerma('rooms-and-patient-size');
    const stored = await stow(
      kerma.url,
      [a, b, c, d].map((s) => generateRdsr(s)),
      'cath-lab-1',
    );
    expect(stored.status).toBe(200);
    await kerma.bus.drain();
  }, 120_000);

  afterAll(async () => {
    await kerma?.stop();
  });

  it('records the room seen, the profile it resolved to, uncommissioned; every result says so', async () => {
    const { rooms } = await json<{ rooms: { roomId: string; commissioned: boolean; profile: { id: string }; studyCount: number; sites: string[] }[] }>(
      '/api/v1/rooms',
    );
    const room = rooms.find((r) => r.roomId === ROOM)!;
    expect(room).toMatchObject({ commissioned: false, studyCount: 4, sites: ['cath-lab-1'] });
    expect(room.profile.id).toEqual(expect.any(String));
    const first = await skinDose(a);
    expect(first.resultVersion).toBe(1);
    expect(first.result.room).toEqual({ id: ROOM, profileVersion: null, commissioned: false });
    expect(first.result.assumptions.find((x) => x.code === 'room-uncommissioned')?.message).toMatch(/^uncommissioned room/);
    expect((await call('/api/v1/rooms/1.2.3.4.5.6.7.8.9')).status).toBe(404);
    const listed = await kermaCli(['rooms', '--url', kerma.url]);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout).toMatch(new RegExp(`${ROOM.replace(/\./g, '\\.')}\\s.*uncommissioned\\s+4 studies\\s+cath-lab-1`));
  });

  it('refuses an invalid room profile naming the field, and a commissioning without who', async () => {
    const invalid = await put(ROOM, {
      by: 'physicist-e2e',
      profile: { kermaCorrection: { points: [{ kvp: 80, factor: 9 }], vendorValueIncludesTable: false } },
    });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { message: string }).message).toMatch(/profile\.kermaCorrection\.points\[0\]\.factor: must be a correction factor/);
    expect((await put(ROOM, { profile: { minimumSourceSkinDistanceMm: 380 } })).status).toBe(400);
    expect((await put('1.2.3.4.5.6.7.8.9', { by: 'x', profile: {} })).status).toBe(404);
  });

  it('commissioning stores versions; recomputing the room applies the Ka,r factor (PSD × 0.9) and records the version', async () => {
    const before = await skinDose(a);
    const kermaCorrection = {
      points: [
        { kvp: 40, factor: 0.9 },
        { kvp: 150, factor: 0.9 },
      ],
      vendorValueIncludesTable: false,
    };
    const first = await json<{ current: { version: number }; studiesToRecompute: number }>(`/api/v1/rooms/${ROOM}/commissioning`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ by: 'physicist-e2e', note: 'KAP meter checked with a calibrated chamber', profile: { kermaCorrection } }),
    });
    expect(first).toMatchObject({ current: { version: 1 }, studiesToRecompute: 4 });
    // Not applied until recomputed (decision 0008).
    expect((await skinDose(a)).result.room?.commissioned).toBe(false);
    const recomputed = await json<{ recomputed: string[]; roomProfileVersion: number }>(`/api/v1/rooms/${ROOM}:recompute`, { method: 'POST' });
    expect(recomputed.roomProfileVersion).toBe(1);
    expect(recomputed.recomputed.sort()).toEqual([a, b, c, d].map(uidOf).sort());
    const after = await skinDose(a);
    expect(after.resultVersion).toBe(2);
    expect(after.result.room).toEqual({ id: ROOM, profileVersion: 1, commissioned: true });
    expect(after.result.assumptions.map((x) => x.code)).not.toContain('room-uncommissioned');
    // Shown to 4 significant digits.
    expect(Math.abs(after.result.psdGy / (0.9 * before.result.psdGy) - 1)).toBeLessThan(1e-3);

    await json(`/api/v1/rooms/${ROOM}/commissioning`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ by: 'physicist-e2e', profile: { kermaCorrection, minimumSourceSkinDistanceMm: 380 } }),
    });
    const detail = await json<{ room: { commissionedVersion: number }; current: { version: number; commissionedBy: string }; versions: { version: number }[] }>(
      `/api/v1/rooms/${ROOM}`,
    );
    expect(detail.room.commissionedVersion).toBe(2);
    expect(detail.current).toMatchObject({ version: 2, commissionedBy: 'physicist-e2e' });
    expect(detail.versions.map((v) => v.version)).toEqual([2, 1]);
    const shown = await kermaCli(['rooms', 'show', ROOM, '--url', kerma.url]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/commissioned v2/);
    expect(shown.stdout).toMatch(/room profile v2 by physicist-e2e/);
    expect(shown.stdout).toMatch(/v1 by physicist-e2e .* KAP meter checked/);
  });

  it('RIS CSV sizes: good rows kept and the study recomputed with the size, bad rows reported with line and reason', async () => {
    const before = await skinDose(c);
    expect(before.result.phantom.sizeSource).toEqual({ heightM: 'default', massKg: 'default' });
    const file = join(kerma.dir, 'sizes.csv');
    writeFileSync(
      file,
      ['accession_number,height_cm,weight_kg', `${c.study.accessionNumber},182,96`, `${d.study.accessionNumber},180,900`, 'NO-SUCH-ACCESSION,170,70', ''].join(
        '\n',
      ),
    );
    const imported = await kermaCli(['patient-size', 'import', file, '--url', kerma.url]);
    expect(imported.stdout).toContain('1 row kept, 0 pending, 2 refused, 1 study recomputed');
    expect(imported.stdout).toContain('line 3: weight 900 kg is outside the plausible 2–350 kg');
    expect(imported.stdout).toMatch(/line 4: no study with accession number NO-SUCH-ACCESSION/);
    expect(imported.code).toBe(2);
    const after = await skinDose(c);
    expect(after.resultVersion).toBe(before.resultVersion + 1);
    expect(after.result.phantom).toMatchObject({ heightM: 1.82, massKg: 96, sizeSource: { heightM: 'ris-csv', massKg: 'ris-csv' } });
    expect(after.result.assumptions.map((x) => x.code)).not.toContain('patient-height-assumed');
    const noHeader = await call('/api/v1/patient-sizes', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'ACC1,170,70\n' });
    expect(noHeader.status).toBe(400);
    expect((await call('/api/v1/patient-sizes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(415);
  });

  it('FHIR R4 Observations: height and weight recompute the study and name fhir as the source; other codes are refused', async () => {
    const observation = (loinc: string, value: number, unit: string) => ({
      resourceType: 'Observation',
      id: `${loinc}-${RUN}`,
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
      valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
    });
    const post = (body: unknown, type = 'application/fhir+json') =>
      call(`/api/v1/studies/${uidOf(d)}/patient-size`, { method: 'POST', headers: { 'content-type': type }, body: JSON.stringify(body) });
    const refused = await post(observation('39156-5', 24, 'kg/m2'));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toMatch(/only LOINC 8302-2 \(body height\) and 29463-7 \(body weight\) are accepted/);
    expect((await post(observation('8302-2', 175, 'cm'), 'text/plain')).status).toBe(415);
    const before = await skinDose(d);
    const response = await post({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: observation('8302-2', 158, 'cm') }, { resource: observation('29463-7', 132, '[lb_av]') }],
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { recomputed: boolean; resultVersion: number; result: Result };
    expect(answer.recomputed).toBe(true);
    expect(answer.resultVersion).toBe(before.resultVersion + 1);
    expect(answer.result.phantom).toMatchObject({ heightM: 1.58, massKg: 59.87, sizeSource: { heightM: 'fhir', massKg: 'fhir' } });
    expect((await skinDose(d)).result.phantom.sizeSource).toEqual({ heightM: 'fhir', massKg: 'fhir' });
    const unknown = await call('/api/v1/studies/1.2.3.4.5.6.7.8.9/patient-size', {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify(observation('8302-2', 170, 'cm')),
    });
    expect(unknown.status).toBe(404);
  });

  it('keeps no patient identity with the stored input; a FHIR Observation of another patient is still refused (by a digest of the id)', async () => {
    const db = kerma.app.get<DataSource>(getDataSourceToken('skin-dose'), { strict: false });
    const [row] = (await db.query(`SELECT patient, procedure FROM skin_dose_study WHERE study_instance_uid = ?`, [uidOf(d)])) as {
      patient: string;
      procedure: string;
    }[];
    const patientId = d.patient.id!;
    const birthDate = d.patient.birthDate!;
    expect(Object.keys(JSON.parse(row.patient)).sort()).toEqual(['idDigest', 'key']);
    // The input is stored compressed: read it as recompute does.
    const procedure = decompressJson<{ patient: unknown }>(row.procedure);
    expect(procedure.patient).toMatchObject({ id: null, issuerOfId: null, name: null, birthDate: null });
    const stored = `${row.patient}${JSON.stringify(procedure)}`;
    expect(stored).not.toContain(patientId);
    expect(stored).not.toContain(`${birthDate.slice(0, 4)}-${birthDate.slice(4, 6)}-${birthDate.slice(6, 8)}`);

    const weight = (subject: string) => ({
      resourceType: 'Observation',
      id: `weight-${subject}-${RUN}`,
      status: 'final',
      subject: { identifier: { value: subject } },
      code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
      valueQuantity: { value: 61, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
    });
    const post = (body: unknown) =>
      call(`/api/v1/studies/${uidOf(d)}/patient-size`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(body) });
    expect((await post(weight(`${patientId}X`))).status).toBe(409);
    expect((await post(weight(patientId))).status).toBe(200);
  });

  it('RIS CSV sizes sent before the dose report wait for it: the first computation uses them; an expired one is not used', async () => {
    const early = study('E', 35, false);
    const expired = study('F', 36, false);
    const csv = [
      'accession_number,site,height_cm,weight_kg',
      `${early.study.accessionNumber},cath-lab-1,165,58`,
      `${expired.study.accessionNumber},cath-lab-1,190,100`,
      `${early.study.accessionNumber}X,,170,70`,
      '',
    ].join('\n');
    const answer = await json<{
      accepted: number;
      pending: { line: number; site: string; expiresAt: string }[];
      rejected: { line: number; reason: string }[];
      recomputed: string[];
    }>('/api/v1/patient-sizes', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    expect(answer).toMatchObject({ accepted: 0, recomputed: [] });
    expect(answer.pending.map((p) => [p.line, p.site])).toEqual([
      [2, 'cath-lab-1'],
      [3, 'cath-lab-1'],
    ]);
    // Default KERMA_PENDING_SIZE_DAYS: 30 days.
    expect(Date.parse(answer.pending[0].expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    // Without a site column a caller with several sites (here all) must name the site.
    expect(answer.rejected).toEqual([{ line: 4, reason: expect.stringMatching(/in your site scope yet: add a site column/) }]);
    // Time passes for the second size only.
    const db = kerma.app.get<DataSource>(getDataSourceToken('skin-dose'), { strict: false });
    await db.query(`UPDATE skin_dose_pending_patient_size SET expires_at = '2000-01-01T00:00:00.000Z' WHERE key_value = ?`, [expired.study.accessionNumber]);

    expect((await stow(kerma.url, [generateRdsr(early), generateRdsr(expired)], 'cath-lab-1')).status).toBe(200);
    await kerma.bus.drain();
    const sized = await skinDose(early);
    expect(sized.resultVersion).toBe(1);
    expect(sized.result.phantom).toMatchObject({ heightM: 1.65, massKg: 58, sizeSource: { heightM: 'ris-csv', massKg: 'ris-csv' } });
    expect((await skinDose(expired)).result.phantom.sizeSource).toEqual({ heightM: 'default', massKg: 'default' });
    expect(await db.query('SELECT id FROM skin_dose_pending_patient_size WHERE key_value = ?', [expired.study.accessionNumber])).toEqual([]);
  });
});
