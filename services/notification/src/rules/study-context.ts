import type { Procedure } from '@kerma/rdsr';

/** What a rule's criteria are compared with; null: not known (a criterion on it does not match). */
export interface RuleSubject {
  readonly site: string;
  readonly devices: readonly string[];
  readonly procedureCode: string | null;
  readonly protocols: readonly string[];
  readonly ageYears: number | null;
}

/** The criteria values of a parsed study: the room by station name and device observer UID, protocols of its events. */
export function ruleSubjectOf(site: string, procedure: Procedure): Omit<RuleSubject, 'site'> & { site: string } {
  const devices = [procedure.device.stationName, procedure.device.deviceObserverUid].filter((d): d is string => !!d);
  const protocols = new Set<string>();
  for (const e of procedure.events) if (e.protocol) protocols.add(e.protocol);
  if (procedure.study.description) protocols.add(procedure.study.description);
  return {
    site,
    devices,
    procedureCode: procedure.study.procedureReported?.value ?? null,
    protocols: [...protocols],
    ageYears: procedure.patient.ageYears?.value ?? null,
  };
}

/** A study known only by its site (its parsed report has not been seen yet). */
export function siteOnlySubject(site: string): RuleSubject {
  return { site, devices: [], procedureCode: null, protocols: [], ageYears: null };
}
