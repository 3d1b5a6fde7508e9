import { DoseAlertV1, parseDeadLetter, SkinDoseCalculatedV2, type DeadLetter } from '@kerma/contracts';
import { getJson } from '@kerma/testing';
import type { KermaEndpoints } from './deployment';
import { consumerLag, deadLetterTopics, readTopic, type GroupLag, type TopicMarks } from './kafka-observer';
import { SERVICE_SUBSCRIPTIONS } from './subscriptions';
import type { SentStudy } from './stow-sender';
import { alertKey, type StreamStudy } from './study-stream';
import { sleep } from './stow-sender';

export interface InvariantCheck {
  readonly endpoints: KermaEndpoints;
  readonly sent: readonly SentStudy[];
  /** Deployed mode: the broker, to read alerts, announcements, lag and dead letters as a subscriber would. */
  readonly brokers?: readonly string[];
  /** A dead letter the scenario caused on purpose (a permanent failure); none by default. */
  readonly expectedDeadLetter?: (letter: DeadLetter) => boolean;
  /** Dead letters up to these offsets belong to an earlier scenario on the same broker (see deadLetterMarks). */
  readonly deadLettersAfter?: TopicMarks;
  /** How long studies may take to complete and consumers to catch up once the stream and the fault are over. */
  readonly settleTimeoutMs?: number;
}

export interface InvariantReport {
  /** Each broken invariant, one line each, naming the study (stream index, flavour) and what is wrong. */
  readonly violations: string[];
  /** Measured figures worth printing whether or not the invariants hold. */
  readonly facts: Record<string, number | string>;
}

const PSD_ALERT_THRESHOLD_GY = 3;
const RELATIVE_TOLERANCE = 1e-9;

/**
 * The guarantees after a fault: every valid study accepted and complete with exactly one PSD; the alert
 * set per study equal to the one its generated doses call for, none twice; each patient's dose history
 * the sum of its studies; no consumer group behind; no dead letter the scenario did not cause on purpose.
 */
export async function checkInvariants(check: InvariantCheck): Promise<InvariantReport> {
  const violations: string[] = [];
  const facts: Record<string, number | string> = {};
  const settleMs = check.settleTimeoutMs ?? 120_000;
  const accepted = check.sent.filter((s) => s.accepted).map((s) => s.study);
  facts['studies sent'] = check.sent.length;
  facts['studies accepted'] = accepted.length;
  facts['STOW retries'] = check.sent.reduce((n, s) => n + s.attempts - 1, 0);
  facts['slowest STOW request ms'] = Math.max(0, ...check.sent.map((s) => s.slowestRequestMs));
  for (const s of check.sent.filter((s) => !s.accepted))
    violations.push(`${label(s.study)}: never accepted over STOW (${s.attempts} attempts, last: ${s.lastOutcome})`);

  const settledAt = Date.now();
  const views = await waitForCompletion(check.endpoints, accepted, settleMs);
  facts['settle s'] = ((Date.now() - settledAt) / 1000).toFixed(1);
  const psdByStudy = new Map<string, number>();
  for (const study of accepted) {
    const view = views.get(uid(study));
    if (!isComplete(view, study)) {
      violations.push(`${label(study)}: not complete after ${settleMs / 1000} s (${describeState(view)})`);
      continue;
    }
    const psd = await checkPsd(check.endpoints, study, view, violations);
    if (psd !== undefined) psdByStudy.set(uid(study), psd);
    await checkApiAlerts(check.endpoints, study, view, violations);
  }
  await checkPatientHistories(check.endpoints, accepted, psdByStudy, violations);

  if (check.brokers) {
    await checkAnnouncements(check.brokers, accepted, violations, facts);
    await checkLag(check.brokers, Math.max(30_000, settleMs - (Date.now() - settledAt)), violations);
    await checkDeadLetters(check.brokers, check.expectedDeadLetter ?? (() => false), check.deadLettersAfter, violations, facts);
  }
  return { violations, facts };
}

type StudyView =
  | { status: Record<string, { state: string }>; skinDose: { psdGy: number } | null; alerts: { metric: string; level: string }[]; failures: unknown[] }
  | undefined;

async function waitForCompletion(endpoints: KermaEndpoints, studies: readonly StreamStudy[], timeoutMs: number): Promise<Map<string, StudyView>> {
  const views = new Map<string, StudyView>();
  const deadline = Date.now() + timeoutMs;
  let pending = [...studies];
  while (pending.length > 0) {
    for (const study of pending) {
      const { status, body } = await getJson(`${endpoints.url('history')}/api/v1/studies/${uid(study)}`).catch(() => ({ status: 0, body: undefined }));
      if (status === 200) views.set(uid(study), body);
    }
    pending = pending.filter((s) => !isComplete(views.get(uid(s)), s));
    if (Date.now() > deadline) break;
    if (pending.length > 0) await sleep(1000);
  }
  return views;
}

function isComplete(view: StudyView, study: StreamStudy): view is NonNullable<StudyView> {
  return view?.status['parsed']?.state === 'done' && view.status['skinDose']?.state === 'done' && view.alerts.length >= study.expectedAlerts.length;
}

async function checkPsd(endpoints: KermaEndpoints, study: StreamStudy, view: NonNullable<StudyView>, violations: string[]): Promise<number | undefined> {
  const { status, body } = await getJson(`${endpoints.url('skin-dose')}/api/v1/studies/${uid(study)}/skin-dose`);
  if (status !== 200) {
    violations.push(`${label(study)}: skin-dose API answered ${status}`);
    return undefined;
  }
  const psdGy: number = body.result.psdGy;
  if (view.skinDose?.psdGy !== psdGy) violations.push(`${label(study)}: PSD ${psdGy} Gy in the skin-dose API but ${view.skinDose?.psdGy} Gy in the study view`);
  const expectHigh = study.doseClass === 'high';
  if (expectHigh !== psdGy >= PSD_ALERT_THRESHOLD_GY) violations.push(`${label(study)}: PSD ${psdGy.toFixed(2)} Gy for a ${study.doseClass}-dose study`);
  return psdGy;
}

async function checkApiAlerts(endpoints: KermaEndpoints, study: StreamStudy, view: NonNullable<StudyView>, violations: string[]): Promise<void> {
  const { body } = await getJson(`${endpoints.url('notification')}/api/v1/alerts?studyInstanceUid=${uid(study)}&limit=1000`);
  const fromNotification = (body.alerts as { metric: string; level: string }[]).map((a) => alertKey(a.metric, a.level));
  const fromHistory = view.alerts.map((a) => alertKey(a.metric, a.level));
  compareAlertKeys(study, 'notification API', fromNotification, violations);
  compareAlertKeys(study, 'study view', fromHistory, violations);
}

function compareAlertKeys(study: StreamStudy, where: string, keys: readonly string[], violations: string[]): void {
  const missing = study.expectedAlerts.filter((k) => !keys.includes(k));
  const unexpected = keys.filter((k) => !study.expectedAlerts.includes(k));
  const twice = keys.filter((k, i) => keys.indexOf(k) !== i);
  if (missing.length) violations.push(`${label(study)}: alerts missing in the ${where}: ${missing.join(', ')}`);
  if (unexpected.length) violations.push(`${label(study)}: unexpected alerts in the ${where}: ${unexpected.join(', ')}`);
  if (twice.length) violations.push(`${label(study)}: alerts listed twice in the ${where}: ${twice.join(', ')}`);
}

async function checkPatientHistories(
  endpoints: KermaEndpoints,
  studies: readonly StreamStudy[],
  psdByStudy: ReadonlyMap<string, number>,
  violations: string[],
): Promise<void> {
  const byPatient = new Map<string, StreamStudy[]>();
  for (const s of studies) byPatient.set(s.spec.patient.id!, [...(byPatient.get(s.spec.patient.id!) ?? []), s]);
  for (const [patientId, own] of byPatient) {
    const issuer = own[0].spec.patient.issuerOfId!;
    const { status, body } = await getJson(
      `${endpoints.url('history')}/api/v1/patients/${encodeURIComponent(patientId)}/dose-history?issuer=${encodeURIComponent(issuer)}&windowDays=36500`,
    );
    if (status !== 200) {
      violations.push(`patient ${patientId}: dose history answered ${status}`);
      continue;
    }
    const all = body.allTime;
    const expectSum = (what: string, got: { value: number | null; missing: number }, want: number) => {
      if (got.missing !== 0 || got.value === null || Math.abs(got.value - want) > RELATIVE_TOLERANCE * Math.max(1, want)) {
        violations.push(`patient ${patientId}: ${what} ${got.value} (${got.missing} studies missing it), expected Σ of its ${own.length} studies = ${want}`);
      }
    };
    if (all.studyCount !== own.length) violations.push(`patient ${patientId}: ${all.studyCount} studies in the dose history, ${own.length} accepted`);
    expectSum('Ka,r total Gy', all.doseRpTotalGy, sum(own.map((s) => s.expected.doseRpTotalGy)));
    expectSum('KAP total Gy·cm²', all.dapTotalGyCm2, sum(own.map((s) => s.expected.dapTotalGyCm2)));
    expectSum('fluoroscopy time s', all.fluoroTimeTotalS, sum(own.map((s) => s.expected.fluoroTimeTotalS)));
    if (own.every((s) => psdByStudy.has(uid(s)))) expectSum('Σ PSD Gy', all.psdSumGy, sum(own.map((s) => psdByStudy.get(uid(s))!)));
  }
}

/** What a subscriber of the topics sees: one PSD per study, and each expected alert announced with one identity. */
async function checkAnnouncements(
  brokers: readonly string[],
  studies: readonly StreamStudy[],
  violations: string[],
  facts: Record<string, number | string>,
): Promise<void> {
  const ours = new Map(studies.map((s) => [uid(s), s]));
  const psds = new Map<string, Set<number>>();
  for (const m of await readTopic(brokers, SkinDoseCalculatedV2.topic)) {
    const event = SkinDoseCalculatedV2.parse(JSON.parse(m.value));
    if (!ours.has(event.studyInstanceUid)) continue;
    if (event.status === 'not-applicable')
      violations.push(`${label(ours.get(event.studyInstanceUid)!)}: announced as not applicable (${event.reason.message})`);
    else psds.set(event.studyInstanceUid, (psds.get(event.studyInstanceUid) ?? new Set()).add(event.psdGy));
  }
  for (const [studyUid, values] of psds)
    if (values.size > 1) violations.push(`${label(ours.get(studyUid)!)}: ${values.size} different PSDs announced (${[...values].join(', ')} Gy)`);

  const copies = new Map<string, { alertIds: Set<string>; eventIds: Set<string>; count: number }>();
  for (const m of await readTopic(brokers, DoseAlertV1.topic)) {
    const alert = DoseAlertV1.parse(JSON.parse(m.value));
    if (!ours.has(alert.studyInstanceUid)) continue;
    const key = `${alert.studyInstanceUid} ${alertKey(alert.metric, alert.level)}`;
    const entry = copies.get(key) ?? { alertIds: new Set(), eventIds: new Set(), count: 0 };
    entry.alertIds.add(alert.alertId);
    entry.eventIds.add(alert.eventId);
    entry.count++;
    copies.set(key, entry);
  }
  let redelivered = 0;
  for (const study of studies) {
    for (const expected of study.expectedAlerts) {
      const entry = copies.get(`${uid(study)} ${expected}`);
      if (!entry) violations.push(`${label(study)}: alert ${expected} never announced on ${DoseAlertV1.topic}`);
      else if (entry.alertIds.size > 1 || entry.eventIds.size > 1)
        violations.push(`${label(study)}: alert ${expected} announced as ${entry.eventIds.size} different events`);
      else redelivered += entry.count - 1;
    }
  }
  for (const key of copies.keys()) {
    const [studyUid, expected] = key.split(' ');
    if (!ours.get(studyUid)!.expectedAlerts.includes(expected)) violations.push(`${label(ours.get(studyUid)!)}: unexpected alert ${expected} announced`);
  }
  // At-least-once delivery may repeat an identical announcement (same event id, subscribers dedupe): a figure, not a failure.
  facts['alert announcements repeated'] = redelivered;
}

async function checkLag(brokers: readonly string[], timeoutMs: number, violations: string[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let behind: GroupLag[] = [];
  do {
    behind = (await consumerLag(brokers, SERVICE_SUBSCRIPTIONS)).filter((l) => l.lag !== 0);
    if (behind.length === 0) return;
    await sleep(1000);
  } while (Date.now() < deadline);
  for (const l of behind) violations.push(`consumer group ${l.groupId} still ${l.lag} messages behind on ${l.topic} after ${timeoutMs / 1000} s`);
}

async function checkDeadLetters(
  brokers: readonly string[],
  expected: (letter: DeadLetter) => boolean,
  after: TopicMarks | undefined,
  violations: string[],
  facts: Record<string, number | string>,
): Promise<void> {
  let count = 0;
  for (const topic of await deadLetterTopics(brokers)) {
    for (const m of await readTopic(brokers, topic)) {
      if (BigInt(m.offset) < (after?.get(topic)?.get(m.partition) ?? 0n)) continue;
      count++;
      const letter = parseDeadLetter(JSON.parse(m.value));
      if (!expected(letter)) {
        violations.push(
          `unexplained dead letter on ${topic} (from ${letter.originalTopic}, group ${letter.consumerGroup}, ${letter.attempts} attempts): ${letter.error.kind} ${letter.error.code ?? letter.error.name}: ${letter.error.message.slice(0, 160)}`,
        );
      }
    }
  }
  facts['dead letters'] = count;
}

function describeState(view: StudyView): string {
  if (!view) return 'unknown to the history API';
  const states = Object.entries(view.status)
    .map(([stage, s]) => `${stage} ${s.state ?? ''}`)
    .join(', ');
  return `${states}; alerts ${view.alerts.length}; failures ${JSON.stringify(view.failures).slice(0, 200)}`;
}

function uid(study: StreamStudy): string {
  return study.spec.study.studyInstanceUid;
}

function label(study: StreamStudy): string {
  return `study #${study.index} (${study.spec.vendor}, ${study.doseClass})`;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
