import type { IrradiationEvent } from '@kerma/rdsr';
import { estimateHvl, mediumCorrection, backscatterCurve, interpolateTransmission, type BackscatterCurve } from '../physics';
import type { GeometryProfile } from '../profiles';
import type { AssumptionLog } from './assumptions';
import { kermaCorrectionFactor, measuredHvl, type RoomBeamCorrections } from '../rooms';
import { NO_PERTURBATION, type EnginePerturbation } from './perturbation';

export const DEFAULT_KVP = 80;

export interface BeamQuality {
  readonly kvp: number;
  readonly copperMm: number;
  readonly addedAluminiumMm: number;
  readonly hvlMmAl: number;
  readonly mediumFactor: number;
  readonly backscatter: BackscatterCurve;
  /** Table × mattress transmission at normal incidence. */
  readonly supportTransmission: number;
  /** Commissioned Ka,r/KAP correction of the room at this quality (1 when not measured). */
  readonly kermaCorrectionFactor: number;
}

function thickness(f: IrradiationEvent['filters'][number], fractionInRange: number): { mm: number; range: boolean } {
  const lo = f.thicknessMinMm?.value ?? null;
  const hi = f.thicknessMaxMm?.value ?? null;
  if (lo !== null && hi !== null) return { mm: lo + fractionInRange * (hi - lo), range: Math.abs(hi - lo) > 1e-9 };
  return { mm: lo ?? hi ?? 0, range: false };
}

/** kV and filtration of one event, with the per-event notes about how they were read. */
function readTechnique(e: IrradiationEvent, log: AssumptionLog, perturbation: EnginePerturbation): { kvp: number; copperMm: number; addedAluminiumMm: number } {
  let kvp = e.kvp?.value ?? null;
  if (kvp === null || !(kvp > 0)) {
    kvp = perturbation.defaultKvp ?? DEFAULT_KVP;
    log.noteEvent('kvp-defaulted', `no kVp reported; ${DEFAULT_KVP} kV assumed for backscatter, medium and table corrections`);
  }
  let copperMm = 0;
  let addedAluminiumMm = 0;
  let ranged = false;
  let ignored = false;
  for (const f of e.filters) {
    const t = thickness(f, perturbation.filterRangeFraction ?? 0.5);
    ranged ||= t.range;
    if (f.materialName === 'copper') copperMm += t.mm;
    else if (f.materialName === 'aluminum') addedAluminiumMm += t.mm;
    else if (t.mm > 0) ignored = true;
  }
  // Counted per event, not per filter: the counts say how many events carry the assumption.
  if (ranged) log.noteEvent('filter-thickness-range', 'filter thickness given as a min–max range; the mean is used');
  if (ignored) log.noteEvent('filter-material-ignored', 'a filter of another material than Cu or Al is ignored for the HVL estimate');
  return { kvp, copperMm, addedAluminiumMm };
}

/**
 * Beam quality of each event: kV, filtration → HVL, medium factor, backscatter curve, support
 * transmission. The numbers depend only on (kV, Cu, Al), which the events of a run share, so each
 * distinct technique is computed once per study; the notes are still made per event.
 */
export class BeamQualities {
  private readonly known = new Map<string, { quality: BeamQuality; clamped: boolean }>();

  constructor(
    private readonly profile: GeometryProfile,
    private readonly inherentAlMm: number,
    private readonly tableTransmissionOverride: number | undefined,
    private readonly room: RoomBeamCorrections = { kermaFactors: null, hvlsMmAl: null },
    private readonly perturbation: EnginePerturbation = NO_PERTURBATION,
  ) {}

  of(e: IrradiationEvent, log: AssumptionLog): BeamQuality {
    const { kvp, copperMm, addedAluminiumMm } = readTechnique(e, log, this.perturbation);
    const key = `${kvp}|${copperMm}|${addedAluminiumMm}`;
    let entry = this.known.get(key);
    if (!entry) {
      entry = this.compute(kvp, copperMm, addedAluminiumMm);
      this.known.set(key, entry);
    }
    if (entry.clamped) log.noteEvent('hvl-out-of-table', 'kV or filtration outside the 50–150 kV, ≤ 0.9 mm Cu, 2.5–5.1 mm Al table; clamped to its edge');
    return entry.quality;
  }

  private compute(kvp: number, copperMm: number, addedAluminiumMm: number): { quality: BeamQuality; clamped: boolean } {
    const hvl = this.room.hvlsMmAl
      ? { hvlMmAl: measuredHvl(this.room.hvlsMmAl, kvp, copperMm), clamped: false }
      : estimateHvl(kvp, this.inherentAlMm + addedAluminiumMm, copperMm);
    const { table, mattress } = this.profile;
    const nominalTransmission =
      this.tableTransmissionOverride ??
      interpolateTransmission(table.transmission.points, kvp, copperMm) * interpolateTransmission(mattress.transmission.points, kvp, copperMm);
    // A support that does not attenuate (transmission 1) has nothing to be uncertain about.
    const supportTransmission =
      nominalTransmission < 1 ? Math.min(1, nominalTransmission * (this.perturbation.supportTransmissionScale ?? 1)) : nominalTransmission;
    const quality: BeamQuality = {
      kvp,
      copperMm,
      addedAluminiumMm,
      hvlMmAl: hvl.hvlMmAl,
      mediumFactor: mediumCorrection(kvp, hvl.hvlMmAl),
      backscatter: backscatterCurve(kvp, hvl.hvlMmAl),
      supportTransmission,
      kermaCorrectionFactor: this.room.kermaFactors ? kermaCorrectionFactor(this.room.kermaFactors, kvp, copperMm) : 1,
    };
    return { quality, clamped: hvl.clamped };
  }
}
