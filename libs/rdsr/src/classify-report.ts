import type { ReportRelation, StoredReportSummary } from './api';

/**
 * How a newly received report relates to the reports already stored for its study (after OpenREM's
 * handling of cumulative and continued RDSRs): same SOP Instance UID → duplicate; all its events
 * already in one larger stored report (an earlier partial report arriving after the cumulative one) →
 * superseded by it; its event UIDs include all of one or more stored reports → it replaces them;
 * no shared event → continuation; some shared events but not all of any stored report → overlap.
 */
export function classifyReport(newReport: StoredReportSummary, stored: readonly StoredReportSummary[]): ReportRelation {
  if (stored.length === 0) return { kind: 'new-study' };
  const same = stored.find((s) => s.sopInstanceUid === newReport.sopInstanceUid);
  if (same) return { kind: 'duplicate', of: same.sopInstanceUid };

  const incoming = new Set(newReport.irradiationEventUids);
  const covering = stored.find(
    (s) =>
      incoming.size > 0 && s.irradiationEventUids.length > incoming.size && newReport.irradiationEventUids.every((uid) => s.irradiationEventUids.includes(uid)),
  );
  if (covering) return { kind: 'superseded', by: covering.sopInstanceUid };
  const shares = (s: StoredReportSummary) => s.irradiationEventUids.some((uid) => incoming.has(uid));
  const covered = (s: StoredReportSummary) => s.irradiationEventUids.every((uid) => incoming.has(uid));

  const sharing = stored.filter(shares);
  if (sharing.length === 0) return { kind: 'continuation' };
  const partial = sharing.filter((s) => !covered(s));
  if (partial.length > 0) return { kind: 'overlap', with: partial.map((s) => s.sopInstanceUid) };
  return { kind: 'replaces', sopInstanceUids: sharing.map((s) => s.sopInstanceUid) };
}
