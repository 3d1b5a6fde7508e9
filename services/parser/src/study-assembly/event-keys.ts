import type { IrradiationEvent, Procedure } from '@kerma/rdsr';

/**
 * What identifies an irradiation event across reports: its UID, or, for devices that send none,
 * its start time, plane and doses — so a cumulative report without event UIDs is still recognised
 * as containing the events of an earlier one instead of being counted twice.
 */
export function eventKey(e: IrradiationEvent): string {
  return e.uid ?? `~${e.dateTimeStarted ?? ''}|${e.plane}|${e.doseRpGy?.value ?? ''}|${e.dapGyM2?.value ?? ''}`;
}

export function eventKeys(procedure: Procedure): string[] {
  return procedure.events.map(eventKey);
}
