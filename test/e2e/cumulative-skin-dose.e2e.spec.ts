import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asAnotherStudy, fixedView, generateRdsr, procedureSpec, type ProcedureSpec } from '@kerma/testing';
import { getJson, stow } from '@kerma/testing';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

/** New UIDs every run, so a kept data directory or a replay never mixes runs. */
const RUN = Date.now() % 1_000_000_007;

/** Today as DICOM DA, so the studies fall in the 60-day window. */
const TODAY = new Date().toISOString().slice(0, 10).replace(/-/g, '');

/** Ten fixed fluoroscopy views at one angle: 0° = posterior–anterior (source under the table), 90° = right lateral entrance. */
const viewAt = (primaryAngleDeg: number) => fixedView({ doseRpGy: 0.1, primaryAngleDeg });

/** A study of a patient; `copyOf` gives the same procedure (same seed and views) under new UIDs. */
function study(tag: string, patientId: string, primaryDeg: number, issuer: string | null = null, seed = 5): ProcedureSpec {
  const base = procedureSpec({ seed, events: 10, patient: { id: patientId, issuerOfId: issuer, heightM: 1.7, weightKg: 70 }, mapEvent: viewAt(primaryDeg) });
  return asAnotherStudy(base, RUN, `cumulative-${tag}`, { date: TODAY, time: '101500' });
}

interface PatientSkinDose {
  cumulativePsdGy: number | null;
  sumOfPsdGy: number | null;
  psdLocation: { region: string } | null;
  interval: { lowGy: number; highGy: number };
  studies: { studyInstanceUid: string; psdGy: number | null; contribution: string; resampled: boolean }[];
  phantom: { kind: string; reason: string; sizedFrom: { height: { valueM: number } } };
  mapUrl: string | null;
}

describe('cumulative skin dose of a patient (single process)', () => {
  let kerma: TemporaryKerma;

  beforeAll(async () => {
    kerma = await startTemporaryKerma('cumulative-skin-dose');
  }, 60_000);

  afterAll(async () => {
    await kerma?.stop();
  });

  async function send(...specs: ProcedureSpec[]): Promise<void> {
    for (const spec of specs) expect((await stow(kerma.url, [generateRdsr(spec)])).status).toBe(200);
    await kerma.bus.drain();
  }

  const psdOf = async (uid: string): Promise<number> => (await getJson(`${kerma.url}/api/v1/studies/${uid}`)).body.skinDose.psdGy;
  const skinDose = async (patientId: string, query = ''): Promise<{ status: number; body: PatientSkinDose & { message?: string } }> =>
    getJson(`${kerma.url}/api/v1/patients/${patientId}/skin-dose${query}`) as never;

  it('two identical procedures give twice the single PSD on the same skin', async () => {
    const first = study('same-1', 'CUM-SAME', 0);
    const second = study('same-2', 'CUM-SAME', 0);
    await send(first, second);
    const single = await psdOf(first.study.studyInstanceUid);
    expect(await psdOf(second.study.studyInstanceUid)).toBe(single);

    const { status, body } = await skinDose('CUM-SAME');
    expect(status).toBe(200);
    expect(body.studies.map((s) => [s.contribution, s.resampled, s.psdGy])).toEqual([
      ['map', false, single],
      ['map', false, single],
    ]);
    // Reported PSDs have 4 significant digits (the maps keep float32): twice the single PSD to that precision.
    expect(body.cumulativePsdGy! / (2 * single)).toBeCloseTo(1, 3);
    expect(body.sumOfPsdGy).toBe(2 * single);
    expect(body.psdLocation!.region).toMatch(/back/);
    expect(body.interval.lowGy).toBeLessThan(body.cumulativePsdGy!);
    expect(body.interval.highGy).toBeGreaterThan(body.cumulativePsdGy!);
    expect(body.phantom).toMatchObject({ kind: 'human', sizedFrom: { height: { valueM: 1.7 } } });

    const png = await fetch(`${kerma.url}${body.mapUrl}`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await png.arrayBuffer());
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    if (process.env.KERMA_E2E_PNG_DIR) writeFileSync(join(process.env.KERMA_E2E_PNG_DIR, 'cumulative-same.png'), bytes);
  });

  it('a posterior–anterior and a lateral procedure irradiate different skin: the cumulative PSD is the larger one', async () => {
    const pa = study('pa', 'CUM-DISJOINT', 0);
    const lateral = study('lat', 'CUM-DISJOINT', 90);
    await send(pa, lateral);
    const [a, b] = [await psdOf(pa.study.studyInstanceUid), await psdOf(lateral.study.studyInstanceUid)];
    const { body } = await skinDose('CUM-DISJOINT');
    expect(body.cumulativePsdGy! / Math.max(a, b)).toBeCloseTo(1, 3);
    expect(body.sumOfPsdGy).toBeCloseTo(a + b, 12);
    expect(body.cumulativePsdGy!).toBeLessThan(0.75 * body.sumOfPsdGy!);
    const png = Buffer.from(await (await fetch(`${kerma.url}${body.mapUrl}`)).arrayBuffer());
    if (process.env.KERMA_E2E_PNG_DIR) writeFileSync(join(process.env.KERMA_E2E_PNG_DIR, 'cumulative-disjoint.png'), png);
  });

  it("a late report of a study replaces that study's map (new revision), and a recompute keeps the figures", async () => {
    const first = study('late-1', 'CUM-LATE', 0);
    await send(first);
    const before = (await skinDose('CUM-LATE')).body;
    // A second report of the same study (continued after a break): lateral views on the same study.
    const lateSpec = study('late-2', 'CUM-LATE', 90, null, 6);
    const late: ProcedureSpec = { ...lateSpec, study: { ...lateSpec.study, studyInstanceUid: first.study.studyInstanceUid } };
    await send(late);
    const after = (await skinDose('CUM-LATE')).body;
    expect(after.studies).toHaveLength(1);
    expect(after.studies[0].contribution).toBe('map');
    // The new revision's map has the lateral field, the first one only the posterior one.
    expect(before.psdLocation!.region).toMatch(/back/);
    expect(after.psdLocation!.region).toMatch(/right side/);
    const joined = await psdOf(first.study.studyInstanceUid);
    expect(after.studies[0].psdGy).toBe(joined);
    expect(after.cumulativePsdGy! / joined).toBeCloseTo(1, 3);
    expect(after.cumulativePsdGy).not.toBe(before.cumulativePsdGy);

    const recompute = await fetch(`${kerma.url}/api/v1/studies/${first.study.studyInstanceUid}/skin-dose:recompute`, { method: 'POST' });
    expect(recompute.status).toBe(200);
    await kerma.bus.drain();
    expect((await skinDose('CUM-LATE')).body.cumulativePsdGy).toBe(after.cumulativePsdGy);
  });

  it('an id with and without an issuer is queryable both ways, and refused (409, naming both) when not said', async () => {
    const withIssuer = study('iss-a', 'CUM-ISSUER', 0, 'HOSP-A');
    const without = study('iss-none', 'CUM-ISSUER', 90, null);
    await send(withIssuer, without);

    const ambiguous = await skinDose('CUM-ISSUER');
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.body.message).toContain('HOSP-A');
    expect(ambiguous.body.message).toContain('(none)');
    const history = await getJson(`${kerma.url}/api/v1/patients/CUM-ISSUER/dose-history`);
    expect(history.status).toBe(409);

    for (const query of ['?issuer=', '?issuer=(none)', '?issuer=%28none%29']) {
      const { status, body } = await skinDose('CUM-ISSUER', query);
      expect(status).toBe(200);
      expect(body.studies.map((s) => s.studyInstanceUid)).toEqual([without.study.studyInstanceUid]);
      const h = await getJson(`${kerma.url}/api/v1/patients/CUM-ISSUER/dose-history${query}`);
      expect(h.status).toBe(200);
      expect(h.body.studies.map((s: { studyInstanceUid: string }) => s.studyInstanceUid)).toEqual([without.study.studyInstanceUid]);
    }
    const a = await skinDose('CUM-ISSUER', '?issuer=HOSP-A');
    expect(a.body.studies.map((s) => s.studyInstanceUid)).toEqual([withIssuer.study.studyInstanceUid]);
    expect((await skinDose('CUM-ISSUER', '?issuer=HOSP-B')).status).toBe(404);
  });

  it('validates the window and answers 404 for an unknown patient', async () => {
    const bad = await skinDose('CUM-SAME', '?windowDays=0');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/windowDays must be an integer from 1 to 36500/);
    expect((await skinDose('CUM-NOBODY')).status).toBe(404);
  });
});
