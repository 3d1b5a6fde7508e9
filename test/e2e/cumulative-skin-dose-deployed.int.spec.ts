import { patientKey, SkinDoseCalculatedV2 } from '@kerma/contracts';
import {
  asAnotherStudy,
  describeIntegration,
  eventually,
  fixedView,
  generateRdsr,
  getJson,
  integrationKafkaBrokers,
  procedureSpec,
  stow,
  type ProcedureSpec,
} from '@kerma/testing';
import { partitionOf, partitionOwners, ReplicatedDeployment, sitesOnDifferentOwners } from '../support/replicated-deployment';
import { logTail } from '../support/service-processes';

const RUN = Date.now() % 1_000_000_007;
const PATIENT_ID = `CUM-DEPLOYED-${RUN}`;
const ISSUER = 'HOSP-X';
const TODAY = new Date().toISOString().slice(0, 10).replace(/-/g, '');

const keyOf = (site: string) => patientKey({ site, patientId: PATIENT_ID, issuer: ISSUER, studyInstanceUid: '1' });

const paChest = fixedView({ doseRpGy: 0.1 });

/** The same procedure (same seed, same views) under new UIDs. */
function study(tag: string): ProcedureSpec {
  const base = procedureSpec({ seed: 5, events: 10, patient: { id: PATIENT_ID, issuerOfId: ISSUER, heightM: 1.7, weightKg: 70 }, mapEvent: paChest });
  return asAnotherStudy(base, RUN, `deployed-${tag}`, { date: TODAY, time: '090000' });
}

describeIntegration(['kafka', 'postgres'])('deployed mode: cumulative skin dose across partitions and history replicas', () => {
  const brokers = integrationKafkaBrokers();
  // Two history replicas: one consumer group, one database.
  const deployment = new ReplicatedDeployment({
    brokers,
    databasePrefix: 'kerma_cum',
    defaultSite: 'cumulative-deployed',
    instances: [
      ['ingest', 'ingest'],
      ['parser', 'parser'],
      ['skin-dose', 'skin-dose'],
      ['history-1', 'history'],
      ['history-2', 'history'],
    ],
  });

  beforeAll(() => deployment.start(), 300_000);
  afterAll(() => deployment.stop(), 60_000);

  it('adds two identical studies handled by different replicas (different partitions) into twice the PSD, the same on either replica', async () => {
    // Two sites whose events for this patient land on partitions owned by different history replicas.
    const owners = await partitionOwners(brokers, 'kerma-history', SkinDoseCalculatedV2.topic);
    const [siteA, siteB] = sitesOnDifferentOwners(owners, SkinDoseCalculatedV2.topic, keyOf, 'cath');
    expect(partitionOf(SkinDoseCalculatedV2.topic, keyOf(siteA))).not.toBe(partitionOf(SkinDoseCalculatedV2.topic, keyOf(siteB)));
    const first = study('a');
    const second = study('b');
    const ingest = deployment.url('ingest');
    expect((await stow(ingest, [generateRdsr(first)], siteA)).status).toBe(200);
    expect((await stow(ingest, [generateRdsr(second)], siteB)).status).toBe(200);
    try {
      const path = `/api/v1/patients/${PATIENT_ID}/skin-dose?issuer=${ISSUER}`;
      const answer = await eventually(
        async () => {
          const { status, body } = await getJson(`${deployment.url('history-1')}${path}`);
          return status === 200 && body.studies.length === 2 && body.studies.every((s: { contribution: string }) => s.contribution === 'map')
            ? body
            : undefined;
        },
        'both studies with their maps in the cumulative skin dose',
        150_000,
      );
      const psd = answer.studies[0].psdGy as number;
      expect(answer.studies[1].psdGy).toBe(psd);
      // Reported PSDs have 4 significant digits (the maps keep float32).
      expect(answer.cumulativePsdGy / (2 * psd)).toBeCloseTo(1, 3);
      expect(answer.sumOfPsdGy).toBe(2 * psd);
      expect(answer.psdLocation.region).toMatch(/back/);
      expect(answer.studies.map((s: { site: string }) => s.site).sort()).toEqual([siteA, siteB].sort());

      const other = await getJson(`${deployment.url('history-2')}${path}`);
      expect(other.status).toBe(200);
      expect(other.body.cumulativePsdGy).toBe(answer.cumulativePsdGy);
      const png = await fetch(`${deployment.url('history-2')}${answer.mapUrl}`);
      expect(png.status).toBe(200);
      expect(png.headers.get('content-type')).toBe('image/png');
    } catch (err) {
      for (const p of deployment.processes.values()) process.stderr.write(`--- ${p.name} ---\n${logTail(p)}\n`);
      throw err;
    }
  });
});
