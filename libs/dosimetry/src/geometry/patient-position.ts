import type { IrradiationEvent, Procedure } from '@kerma/rdsr';

/** Patient position on the table: head or feet toward the gantry (head end), supine or prone. */
export type PatientPosition = 'HFS' | 'FFS' | 'HFP' | 'FFP';

export interface PositionResolution {
  readonly position: PatientPosition;
  readonly source: 'option' | 'events' | 'report' | 'assumed';
  readonly note: string | null;
}

const FROM_EVENT: Readonly<Record<string, PatientPosition>> = {
  'headfirst|supine': 'HFS',
  'feetfirst|supine': 'FFS',
  'headfirst|prone': 'HFP',
  'feetfirst|prone': 'FFP',
};

function eventPosition(e: IrradiationEvent): PatientPosition | 'unsupported' | null {
  if (e.patientTableRelationship === null && e.patientOrientationModifier === null) return null;
  if (e.patientOrientation === 'erect') return 'unsupported';
  const key = `${e.patientTableRelationship ?? 'headfirst'}|${e.patientOrientationModifier ?? 'supine'}`;
  return FROM_EVENT[key] ?? 'unsupported';
}

/**
 * Position from the option, else the events' Patient Table Relationship + Orientation Modifier (the
 * most frequent), else the report-level position (e.g. Siemens root comment), else head-first supine
 * as a labelled assumption (OpenREM #438: show assumed versus extracted).
 */
export function resolvePatientPosition(procedure: Procedure, forced: PatientPosition | undefined): PositionResolution {
  if (forced) return { position: forced, source: 'option', note: null };
  const counts = new Map<PatientPosition | 'unsupported', number>();
  for (const e of procedure.events) {
    const p = eventPosition(e);
    if (p) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  if (best && best[0] !== 'unsupported') return { position: best[0], source: 'events', note: null };
  const reported = procedure.patientPosition?.code.trim().toUpperCase();
  if (reported === 'HFS' || reported === 'FFS' || reported === 'HFP' || reported === 'FFP') {
    return { position: reported, source: 'report', note: null };
  }
  const why = best
    ? 'the report gives a position the phantoms do not model (erect or decubitus)'
    : reported
      ? `the report gives position "${reported}", which the phantoms do not model`
      : 'the report gives no patient position';
  return { position: 'HFS', source: 'assumed', note: `${why}; head-first supine assumed` };
}

/** Patient frame → table frame: X = sx·x, Y = sy·y + ty, Z = sz·z + tz (a proper rotation plus shift). */
export interface Placement {
  readonly sx: 1 | -1;
  readonly sy: 1 | -1;
  readonly sz: 1 | -1;
  readonly ty: number;
  readonly tz: number;
}

/**
 * Lays a phantom of the given length and thickness on the mattress. Table frame: X lateral (toward
 * the left of a head-first supine patient), Y toward the head end of the table, Z up, Z = 0 on the
 * mattress top.
 */
export function placement(position: PatientPosition, lengthMm: number, thicknessMm: number): Placement {
  const table: Readonly<Record<PatientPosition, Placement>> = {
    HFS: { sx: 1, sy: 1, sz: 1, ty: 0, tz: 0 },
    FFS: { sx: -1, sy: -1, sz: 1, ty: -lengthMm, tz: 0 },
    HFP: { sx: -1, sy: 1, sz: -1, ty: 0, tz: thicknessMm },
    FFP: { sx: 1, sy: -1, sz: -1, ty: -lengthMm, tz: thicknessMm },
  };
  return table[position];
}
