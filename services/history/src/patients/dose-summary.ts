import { roundForOutput, type CumulativeSkinDose } from '@kerma/dosimetry';
import type { StudyRecord } from '../persistence/study-record.entity';
import { studyTime } from './dose-history';

const round = (v: number | null): number | null => (v === null ? null : roundForOutput(v));

/** States in which an alert's follow-up is not finished (closed is the only final state). */
const isOpenFollowUp = (state: string | undefined): boolean => (state ?? 'open') !== 'closed';

/**
 * What a scheduler or worklist broker needs before the next procedure: the cumulative skin dose of the
 * window (peak of the summed maps, and where), Σ Ka,r of the window, the last study that raised an alert
 * (any time) and every alert whose follow-up is not closed.
 */
export function doseSummary(all: readonly StudyRecord[], inWindow: readonly StudyRecord[], c: CumulativeSkinDose) {
  const karKnown = inWindow.filter((r) => r.totals?.doseRpTotalGy != null);
  const withAlerts = all.filter((r) => r.alerts.length > 0).sort((a, b) => studyTime(b).localeCompare(studyTime(a)));
  const last = withAlerts[0];
  const openFollowUps = all
    .flatMap((r) => r.alerts.filter((a) => isOpenFollowUp(a.state)).map((a) => ({ r, a })))
    .sort((x, y) => x.a.raisedAt.localeCompare(y.a.raisedAt))
    .map(({ r, a }) => ({
      alertId: a.alertId,
      studyInstanceUid: r.studyInstanceUid,
      site: r.site,
      kind: a.kind ?? 'study',
      metric: a.metric,
      level: a.level,
      state: a.state ?? 'open',
      since: a.stateAt ?? a.raisedAt,
      skinCheckDueOn: a.skinCheckDueOn ?? null,
      raisedAt: a.raisedAt,
    }));
  return {
    cumulativePsdGy: round(c.cumulativePsdGy),
    psdLocation: c.psdLocation && { region: c.psdLocation.region, positionMm: c.psdLocation.positionMm },
    sumOfPsdGy: round(c.sumOfPsdGy),
    studiesWithUnknownPsd: c.studiesWithUnknownPsd,
    referenceAirKermaSumGy: {
      value: karKnown.length ? roundForOutput(karKnown.reduce((s, r) => s + r.totals!.doseRpTotalGy!, 0)) : null,
      missing: inWindow.length - karKnown.length,
    },
    studyCountInWindow: inWindow.length,
    lastHighDose: last
      ? { studyInstanceUid: last.studyInstanceUid, site: last.site, studyTime: studyTime(last), levels: [...new Set(last.alerts.map((a) => a.level))] }
      : null,
    openFollowUps,
  };
}
