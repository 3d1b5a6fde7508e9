import { randomBytes } from 'node:crypto';
import {
  buildCtDoseReportSpec,
  buildMammographyReportSpec,
  buildProjectionRadiographyReportSpec,
  findFreePort,
  generateCtDoseReport,
  generateMammographyReport,
  generateProjectionRadiographyReport,
} from '@kerma/testing';
import { oidcClient, kermaOidcOptions, startOidcProvider, type OidcClient, type RunningOidcProvider } from '../support/oidc-provider';
import { startTemporaryKerma, type TemporaryKerma } from '../support/temporary-kerma';

const VIEWER_A = oidcClient('viewer-a', ['viewer'], ['site-a']);
const GROUP = oidcClient('group', ['physicist', 'integrator'], ['*']);
const SERVICE = oidcClient('kerma-service', ['viewer'], ['*']);

const PATIENT = `LIST-${randomBytes(4).toString('hex')}`;
interface Generated {
  readonly uid: string;
  readonly site: string;
  readonly bytes: Uint8Array;
}

/**
 * Radiography, CT and mammography reports (no skin dose to wait for), dated so that several share a
 * study date-time: the UID must break the tie. Sites, stations and one patient alternate.
 */
function studyAt(seed: number, date: string, time: string): Generated {
  const site = seed % 3 === 0 ? 'site-b' : 'site-a';
  const patient = seed % 4 === 0 ? { id: PATIENT } : {};
  const override = <T extends { study: object; patient: object }>(spec: T) => ({
    ...spec,
    study: { ...spec.study, date, time },
    patient: { ...spec.patient, ...patient },
  });
  if (seed % 7 === 0) {
    const spec = override(buildCtDoseReportSpec({ seed, acquisitions: 1 }));
    return { uid: spec.study.studyInstanceUid, site, bytes: generateCtDoseReport(spec) };
  }
  if (seed % 11 === 0) {
    const spec = override(buildMammographyReportSpec({ seed }));
    return { uid: spec.study.studyInstanceUid, site, bytes: generateMammographyReport(spec) };
  }
  const spec = override(buildProjectionRadiographyReportSpec({ seed, exposures: 1 }));
  const station = seed % 2 === 0 ? 'DX-EAST' : 'DX-WEST';
  return { uid: spec.study.studyInstanceUid, site, bytes: generateProjectionRadiographyReport({ ...spec, device: { ...spec.device, stationName: station } }) };
}

interface Meta extends Generated {
  readonly seed: number;
  readonly date: string;
  readonly time: string;
  readonly kind: 'ct' | 'mammography' | 'radiography';
  readonly station: string | null;
}
const generated = (seed: number, date: string, time: string): Meta => ({
  ...studyAt(seed, date, time),
  seed,
  date,
  time,
  kind: seed % 7 === 0 ? 'ct' : seed % 11 === 0 ? 'mammography' : 'radiography',
  station: seed % 7 === 0 || seed % 11 === 0 ? null : seed % 2 === 0 ? 'DX-EAST' : 'DX-WEST',
});
const ORIGINAL = Array.from({ length: 30 }, (_, i) => generated(9000 + i, `202602${String(1 + (i % 10)).padStart(2, '0')}`, `1${i % 3}0000`));
/** Stored between two pages: newer than every page read so far, older than all, and in the middle. */
const ARRIVING = [generated(9100, '20260315', '090000'), generated(9101, '20250101', '090000'), generated(9102, '20260205', '110000')];
const EVERY = [...ORIGINAL, ...ARRIVING];

interface Summary {
  studyInstanceUid: string;
  site: string;
  studyDateTime: string | null;
  kind: string;
  status: string;
  patient: { id: string | null };
  device: { stationName: string | null };
}
interface Page {
  studies: Summary[];
  nextCursor: string | null;
}

describe('finding studies: GET /api/v1/studies', () => {
  let oidc: RunningOidcProvider;
  let kerma: TemporaryKerma;
  const tokens = new Map<string, string>();

  const call = async (c: OidcClient, path: string, init: RequestInit = {}) => {
    if (!tokens.has(c.client_id)) tokens.set(c.client_id, await oidc.token(c));
    return fetch(`${kerma.url}${path}`, { ...init, headers: { ...(init.headers ?? {}), authorization: `Bearer ${tokens.get(c.client_id)}` } });
  };
  const page = async (c: OidcClient, query: string): Promise<Page> => {
    const response = await call(c, `/api/v1/studies?${query}`);
    expect([query, response.status]).toEqual([query, 200]);
    return response.json() as Promise<Page>;
  };
  /** Every study a query finds, following the cursors; `between` runs after each page. */
  const all = async (c: OidcClient, query: string, between: (pageNo: number) => Promise<void> = async () => undefined): Promise<Summary[]> => {
    const found: Summary[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 100; n++) {
      const p = await page(c, `${query}${cursor ? `&cursor=${cursor}` : ''}`);
      found.push(...p.studies);
      if (!p.nextCursor) return found;
      cursor = p.nextCursor;
      await between(n);
    }
    throw new Error('more than 100 pages');
  };
  const store = async (studies: readonly Generated[]) => {
    for (const s of studies) {
      const response = await call(GROUP, `/dicomweb/studies?site=${s.site}`, {
        method: 'POST',
        headers: { 'content-type': 'application/dicom' },
        body: s.bytes,
      });
      expect(response.status).toBe(200);
    }
    await kerma.bus.drain();
  };
  const uids = (list: readonly { studyInstanceUid?: string; uid?: string }[]) => list.map((s) => s.studyInstanceUid ?? s.uid!).sort();

  beforeAll(async () => {
    oidc = await startOidcProvider(await findFreePort(), [VIEWER_A, GROUP, SERVICE]);
    kerma = await startTemporaryKerma('study-list', {
      defaultSite: 'site-a',
      ...kermaOidcOptions(oidc, SERVICE),
    });
    await store(ORIGINAL);
  }, 180_000);

  afterAll(async () => {
    await kerma?.stop();
    await oidc?.stop();
  });

  it('pages through every study exactly once, newest first, while new studies arrive between pages', async () => {
    const arriving = ARRIVING;
    const listed = await all(GROUP, 'limit=4', async (n) => {
      if (n === 1) await store(arriving);
    });
    const seen = listed.map((s) => s.studyInstanceUid);
    expect(new Set(seen).size).toBe(seen.length);
    for (const s of ORIGINAL) expect([s.uid, seen.filter((u) => u === s.uid).length]).toEqual([s.uid, 1]);
    // Ordered by (study date-time, UID) descending, whatever arrived meanwhile.
    const keys = listed.map((s) => `${s.studyDateTime}|${s.studyInstanceUid}`);
    for (let i = 1; i < keys.length; i++) expect(keys[i - 1]! > keys[i]!).toBe(true);
    // The study older than the cursor is found on a later page; the newest one belongs before it.
    expect(seen).toContain(arriving[1]!.uid);
    expect(seen).not.toContain(arriving[0]!.uid);
    expect((await page(GROUP, 'limit=1')).studies[0]!.studyInstanceUid).toBe(arriving[0]!.uid);
  }, 180_000);

  it('filters by site, kind, modality, dates, device, patient and status', async () => {
    const expectUids = async (query: string, expected: readonly Meta[]) =>
      expect([query, uids(await all(GROUP, `${query}&limit=500`))]).toEqual([query, uids(expected)]);
    expect(EVERY.filter((s) => s.kind === 'ct').length).toBeGreaterThan(1);
    await expectUids(
      'site=site-b',
      EVERY.filter((s) => s.site === 'site-b'),
    );
    await expectUids(
      'kind=ct',
      EVERY.filter((s) => s.kind === 'ct'),
    );
    await expectUids(
      'modality=MG',
      EVERY.filter((s) => s.kind === 'mammography'),
    );
    await expectUids(
      'modality=dx&site=site-a',
      EVERY.filter((s) => s.kind === 'radiography' && s.site === 'site-a'),
    );
    await expectUids('modality=CT&kind=radiography', []);
    await expectUids(
      'from=2026-02-03&to=2026-02-05',
      EVERY.filter((s) => s.date >= '20260203' && s.date <= '20260205'),
    );
    await expectUids(
      'from=2026-02-10T10:30',
      EVERY.filter((s) => `${s.date}${s.time}` >= '20260210103000'),
    );
    await expectUids(
      'to=2026-02-01T10:00',
      EVERY.filter((s) => `${s.date}${s.time}` <= '20260201100059'),
    );
    await expectUids(
      'device=DX-EAST',
      EVERY.filter((s) => s.station === 'DX-EAST'),
    );
    await expectUids(
      `patientId=${PATIENT}&kind=radiography`,
      EVERY.filter((s) => s.seed % 4 === 0 && s.kind === 'radiography'),
    );
    await expectUids('status=complete', EVERY);
    const one = (await (await call(GROUP, `/api/v1/studies/${EVERY[0]!.uid}`)).json()) as { status: { overall: string } };
    expect(one.status.overall).toBe('complete');
    await expectUids('status=pending', []);
    await expectUids('status=failed', []);
  }, 60_000);

  it("answers only the caller's sites, and refuses another site, unknown parameters and foreign cursors", async () => {
    const seenByA = await all(VIEWER_A, 'limit=500');
    expect(seenByA.length).toBeGreaterThan(0);
    expect(seenByA.every((s) => s.site === 'site-a')).toBe(true);
    expect(uids(seenByA)).toEqual(uids(EVERY.filter((s) => s.site === 'site-a')));
    expect((await call(VIEWER_A, '/api/v1/studies?site=site-b')).status).toBe(403);
    const bad = await call(VIEWER_A, '/api/v1/studies?sort=date');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('"sort"');
    expect((await call(VIEWER_A, '/api/v1/studies?site[]=site-a&site[]=site-b')).status).toBe(400);
    expect((await call(VIEWER_A, '/api/v1/studies?cursor=not-a-cursor')).status).toBe(400);
    const wrongPatient = await call(VIEWER_A, `/api/v1/studies?patientId=${PATIENT}&status=done`);
    expect(wrongPatient.status).toBe(400);
    expect(await wrongPatient.text()).not.toContain(PATIENT);
  }, 60_000);
});
