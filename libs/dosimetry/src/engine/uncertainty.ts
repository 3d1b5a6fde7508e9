import type { Procedure } from '@kerma/rdsr';
import { DEFAULT_PROFILES } from '../profiles';
import type { PatientPosition } from '../geometry';
import type { EnginePerturbation } from './perturbation';
import { SeededRandom } from './seeded-random';
import { intervalOf, varianceShare } from './uncertainty-statistics';
import type { SkinDoseOptions, SkinDoseResult, Uncertainty, UncertaintyComponent } from './types';

export type TracedResult = Omit<SkinDoseResult, 'uncertainty' | 'psdInterval95Gy'>;
/** What a sample needs of its trace: the PSD, and how far the events without geometry could raise it. */
export interface SamplePsd {
  readonly psdGy: number;
  /** Upper bound minus estimate of the events without geometry; null when every event was placed. */
  readonly unplacedSpreadGy: number | null;
}
export type SampleTrace = (procedure: Procedure, options: SkinDoseOptions, perturbation?: EnginePerturbation) => SamplePsd;

/** Samples for a report of up to SAMPLED_EVENT_BUDGET / 64 events; fewer (down to 24) for larger ones, so the cost stays bounded. */
export const DEFAULT_UNCERTAINTY_SAMPLES = 64;
const MIN_DEFAULT_SAMPLES = 24;
/** Events traced over all samples of one study (~0.9 s of one core on the 1,000-event benchmark, docs/performance.md). */
const SAMPLED_EVENT_BUDGET = 24_000;

function defaultSamples(procedure: Procedure): number {
  return Math.max(MIN_DEFAULT_SAMPLES, Math.min(DEFAULT_UNCERTAINTY_SAMPLES, Math.round(SAMPLED_EVENT_BUDGET / Math.max(1, procedure.events.length))));
}
/** Fixed: the same study always gives the same interval. */
export const UNCERTAINTY_SEED = 0x4b45524d;
/** Samples are traced on 2 cm cells (about a quarter of the 1 cm cells) and used as ratios, see UncertaintySampler. */
export const SAMPLE_CELL_SIZE_MM = 20;

/** The alternative inputs of one sample, filled in by each input's draw. */
interface Draft {
  options: { -readonly [K in keyof SkinDoseOptions]: SkinDoseOptions[K] };
  perturbation: { -readonly [K in keyof EnginePerturbation]: EnginePerturbation[K] };
  shift: [number, number, number];
  /** Product of the factors the dose is linear in (Ka,r calibration, backscatter, ...). */
  factor: number;
  /** Where the skin of events without geometry lies between the estimate (0) and the bound (1). */
  unplacedFraction: number;
}

interface UncertainInput {
  readonly component: string;
  readonly distribution: string;
  readonly basis: string;
  /** A choice among options (its share is η², not r²). */
  readonly categorical?: boolean;
  /** Sets the draft; returns the drawn value (for the variance shares). */
  draw(rng: SeededRandom, draft: Draft): number;
}

/**
 * A standard normal reduced to three points (0, ±√3 with probabilities 2/3, 1/6, 1/6: same mean,
 * variance and kurtosis). Each body drawn is a phantom to build and tile (~25 ms); with three values
 * of height and of mass there are at most nine, built once and cached across studies.
 */
function gaussHermite3(rng: SeededRandom): number {
  const u = rng.next();
  return u < 1 / 6 ? -Math.sqrt(3) : u < 5 / 6 ? 0 : Math.sqrt(3);
}

function isocenterInputs(): UncertainInput[] {
  return (['lateral', 'longitudinal', 'vertical'] as const).map((axis, i) => ({
    component: `isocenter, ${axis}`,
    distribution: 'uniform ±50 mm',
    basis:
      'where the patient lay relative to the isocenter is not recorded (anchored at the target region, or a table origin that does not say where the patient lay on the table): ±5 cm per axis',
    draw: (rng, d) => (d.shift[i] = rng.uniform(-50, 50)),
  }));
}

function bodyInputs(traced: TracedResult, has: (code: string) => boolean): UncertainInput[] {
  const inputs: UncertainInput[] = [];
  if (has('patient-position-assumed')) {
    inputs.push({
      component: 'patient orientation',
      distribution: 'head-first supine 0.8, feet-first supine 0.2',
      basis: 'orientation not reported; supine is the rule on interventional tables, feet-first is used for some femoral, leg and abdominal work (judgement)',
      categorical: true,
      draw: (rng, d) => {
        const feetFirst = rng.next() < 0.2;
        d.options.patientPosition = (feetFirst ? 'FFS' : 'HFS') satisfies PatientPosition;
        return feetFirst ? 1 : 0;
      },
    });
  }
  if (traced.phantom.kind !== 'human') return inputs;
  if (has('patient-height-assumed')) {
    inputs.push({
      component: 'patient height',
      distribution: 'normal 1.70 ± 0.10 m (1 SD), drawn as its 3-point Gauss–Hermite rule: 1.527 / 1.70 / 1.873 m with probabilities 1/6, 2/3, 1/6',
      basis: 'height not reported: adult population spread (ICRP 89 reference adults 1.76 m male, 1.63 m female)',
      draw: (rng, d) => (d.options.patientHeightM = 1.7 + 0.1 * gaussHermite3(rng)),
    });
  }
  if (has('patient-mass-assumed')) {
    inputs.push({
      component: 'patient mass',
      distribution: 'log-normal, median 75 kg, σ(ln) 0.2, drawn as its 3-point Gauss–Hermite rule: 53 / 75 / 106 kg with probabilities 1/6, 2/3, 1/6',
      basis: 'mass not reported: adult population spread (ICRP 89 reference adults 73 kg male, 60 kg female; heavier patients are common in cardiology)',
      draw: (rng, d) => (d.options.patientMassKg = 75 * Math.exp(0.2 * gaussHermite3(rng))),
    });
  }
  return inputs;
}

function profileInputs(traced: TracedResult, has: (code: string) => boolean): UncertainInput[] {
  const ids = DEFAULT_PROFILES.map((p) => p.id);
  if (has('profile-fallback')) {
    return [
      {
        component: 'geometry profile',
        distribution: `one of the built-in profiles, equally likely (${ids.join(', ')})`,
        basis: "unknown device: its table axes, signs and angle convention may be any of the known devices'",
        categorical: true,
        draw: (rng, d) => {
          const i = Math.floor(rng.next() * ids.length);
          d.options.profileId = ids[i];
          return i;
        },
      },
    ];
  }
  if (has('profile-partial-match')) {
    return [
      {
        component: 'geometry profile',
        distribution: `${traced.profile.id} 0.8, generic 0.2`,
        basis: "profile chosen on the model or manufacturer name alone: the device may not share that family's table axes and signs (judgement)",
        categorical: true,
        draw: (rng, d) => {
          const generic = rng.next() < 0.2;
          d.options.profileId = generic ? 'generic' : traced.profile.id;
          return generic ? 1 : 0;
        },
      },
    ];
  }
  return [];
}

function techniqueInputs(options: SkinDoseOptions, has: (code: string) => boolean): UncertainInput[] {
  const inputs: UncertainInput[] = [];
  if (has('kvp-defaulted')) {
    inputs.push({
      component: 'tube voltage (not reported)',
      distribution: 'uniform 60–110 kV',
      basis: 'kVp missing: the range of automatic dose-rate control in fluoroscopy and acquisition',
      draw: (rng, d) => (d.perturbation.defaultKvp = rng.uniform(60, 110)),
    });
  }
  if (has('filter-thickness-range')) {
    inputs.push({
      component: 'filter thickness (range reported)',
      distribution: 'uniform between the reported minimum and maximum',
      basis: 'the device reports a min–max range, not the filter used',
      draw: (rng, d) => (d.perturbation.filterRangeFraction = rng.next()),
    });
  }
  if (options.inherentFiltrationMmAl === undefined) {
    inputs.push({
      component: 'inherent filtration',
      distribution: 'uniform 2.5–4.5 mm Al',
      basis: 'profile default, not measured: 2.5 mm Al is the IEC 60601-1-3 minimum total filtration, interventional tubes carry up to ~4.5 mm',
      draw: (rng, d) => (d.options.inherentFiltrationMmAl = rng.uniform(2.5, 4.5)),
    });
  }
  if (has('reference-point-defaulted')) {
    inputs.push({
      component: 'reference point (not stated or not understood)',
      distribution: 'uniform 0–30 cm from the isocenter toward the source',
      basis: 'the result assumes the IEC 60601-2-43 point, 15 cm; vendors also use the isocenter, 30 cm before the detector and table-top points',
      draw: (rng, d) => (d.perturbation.defaultReferencePointCm = rng.uniform(0, 30)),
    });
  }
  return inputs;
}

function supportInput(has: (code: string) => boolean): UncertainInput {
  const estimated = has('table-transmission-estimated');
  return {
    component: 'table and mattress transmission',
    distribution: estimated ? 'factor uniform 0.85–1.15 (transmission kept ≤ 1)' : 'factor uniform 0.95–1.05 (transmission kept ≤ 1)',
    basis: estimated ? 'estimated, not measured for this table and mattress' : 'measured for this model (a given table and pad differ by a few %)',
    draw: (rng, d) => (d.perturbation.supportTransmissionScale = estimated ? rng.uniform(0.85, 1.15) : rng.uniform(0.95, 1.05)),
  };
}

/** Factors every cell's dose is proportional to: drawn per sample and applied to the traced PSD. */
function linearInputs(procedure: Procedure, traced: TracedResult, has: (code: string) => boolean): UncertainInput[] {
  const calibration = procedure.planes
    .flatMap((p) => p.calibrations.map((c) => c.uncertaintyPercent?.value ?? null))
    .filter((v): v is number => v !== null && v > 0);
  const derived = traced.assumptions.find((a) => a.code === 'kerma-derived-from-dap')?.eventCount ?? 0;
  const multiply = (draw: (rng: SeededRandom) => number) => (rng: SeededRandom, d: Draft) => {
    const f = draw(rng);
    d.factor *= f;
    return f;
  };
  const inputs: UncertainInput[] = [];
  if (calibration.length > 0) {
    const sd = Math.max(...calibration) / 100 / 2;
    inputs.push({
      component: 'Ka,r calibration',
      distribution: `normal, 1 SD ${(sd * 100).toFixed(1)} %`,
      basis: 'calibration uncertainty reported in the RDSR (taken as k = 2)',
      draw: multiply((rng) => Math.max(0.05, 1 + sd * rng.normal())),
    });
  } else if (derived > 0 && derived >= traced.events.used) {
    inputs.push({
      component: 'Ka,r calibration',
      distribution: 'factor uniform 0.75–1.25',
      basis: 'no calibration in the report and every Ka,r derived from the DAP: IEC 60580 accuracy of a KAP meter, ±25 %',
      draw: multiply((rng) => rng.uniform(0.75, 1.25)),
    });
  } else {
    inputs.push({
      component: 'Ka,r calibration',
      distribution: 'factor uniform 0.65–1.35',
      basis: 'no calibration in the report: IEC 60601-2-43 allows the displayed Ka,r to deviate by ±35 %',
      draw: multiply((rng) => rng.uniform(0.65, 1.35)),
    });
  }
  inputs.push({
    component: 'backscatter and medium factors',
    distribution: 'factor normal, 1 SD 3 %',
    basis: 'Benmakhlouf et al. 2011/2013 fits with the HVL estimated from kV and filtration',
    draw: multiply((rng) => 1 + 0.03 * rng.normal()),
  });
  inputs.push({
    component: 'phantom model',
    distribution: 'factor normal, 1 SD 5 %',
    basis: "a mathematical phantom without arms, breasts or the patient's contour, beyond what the sampled height, mass and position cover",
    draw: multiply((rng) => 1 + 0.05 * rng.normal()),
  });
  if (has('field-from-detector-size')) {
    inputs.push({
      component: 'field size',
      distribution: 'factor normal, 1 SD 5 %',
      basis: 'field assumed equal to the detector (backscatter of a larger field)',
      draw: multiply((rng) => 1 + 0.05 * rng.normal()),
    });
  }
  if (traced.withoutGeometry) {
    inputs.push({
      component: 'skin distance of events without geometry',
      distribution: 'uniform between the estimate (skin at the reference point) and the bound (skin at the minimum source–skin distance)',
      basis: traced.withoutGeometry.basis,
      draw: (rng, d) => (d.unplacedFraction = rng.next()),
    });
  }
  return inputs;
}

function inputsOf(procedure: Procedure, options: SkinDoseOptions, traced: TracedResult): UncertainInput[] {
  const codes = new Set<string>(traced.assumptions.map((a) => a.code));
  const has = (code: string): boolean => codes.has(code);
  return [
    ...isocenterInputs(),
    ...bodyInputs(traced, has),
    ...profileInputs(traced, has),
    ...techniqueInputs(options, has),
    supportInput(has),
    ...linearInputs(procedure, traced, has),
  ];
}

/** FNV-1a of the input's name. */
function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function psdOf(r: SamplePsd, unplacedFraction: number): number {
  return r.psdGy + (r.unplacedSpreadGy !== null ? unplacedFraction * r.unplacedSpreadGy : 0);
}

/**
 * Draws and traces the samples one at a time, each on coarse cells, as a ratio to the same coarse trace
 * without perturbation: the ratio carries the effect of the inputs, the reported PSD keeps the fine
 * grid. One step is one trace, so a caller on an event loop can yield between steps.
 */
export class UncertaintySampler {
  private readonly inputs: readonly UncertainInput[];
  private readonly n: number;
  private readonly coarse: SkinDoseOptions;
  // One stream per input (common random numbers): an input added for one study leaves the draws of the others unchanged.
  private readonly streams: SeededRandom[];
  private readonly ratios: number[] = [];
  private readonly drawn: number[][];
  private baseline: number | null = null;

  constructor(
    private readonly procedure: Procedure,
    options: SkinDoseOptions,
    private readonly traced: TracedResult,
    private readonly trace: SampleTrace,
  ) {
    this.inputs = inputsOf(procedure, options, traced);
    this.n = traced.psdGy > 0 ? (options.uncertaintySamples ?? defaultSamples(procedure)) : 0;
    this.coarse = { ...options, cellSizeMm: SAMPLE_CELL_SIZE_MM };
    this.streams = this.inputs.map((input) => new SeededRandom(UNCERTAINTY_SEED ^ hashOf(input.component)));
    this.drawn = this.inputs.map(() => []);
  }

  get done(): boolean {
    return this.ratios.length >= this.n;
  }

  /** Traces the next sample (the first call also traces the unperturbed coarse baseline). */
  step(): void {
    if (this.done) return;
    if (this.baseline === null) {
      this.baseline = psdOf(this.trace(this.procedure, this.coarse), 0);
      return;
    }
    const draft: Draft = { options: {}, perturbation: {}, shift: [0, 0, 0], factor: 1, unplacedFraction: 0 };
    this.inputs.forEach((input, i) => this.drawn[i].push(input.draw(this.streams[i], draft)));
    const r = this.trace(this.procedure, { ...this.coarse, ...draft.options }, { ...draft.perturbation, isocenterShiftMm: draft.shift });
    const psd = psdOf(r, draft.unplacedFraction) * draft.factor;
    this.ratios.push(this.baseline > 0 ? psd / this.baseline : psd > 0 ? Number.POSITIVE_INFINITY : 1);
  }

  result(): Uncertainty {
    while (!this.done) this.step();
    const psd = this.traced.psdGy;
    const interval = intervalOf(psd, this.ratios);
    const budget = this.inputs
      .map((input, i): UncertaintyComponent => {
        const share = varianceShare(this.drawn[i], interval.spread, input.categorical ?? false);
        return {
          component: input.component,
          distribution: input.distribution,
          basis: input.basis,
          varianceShare: share,
          relativeStandardUncertainty: Math.sqrt(share) * interval.relativeSd,
        };
      })
      .sort((a, b) => b.varianceShare - a.varianceShare);
    const expanded = psd > 0 ? Math.max(interval.upperGy / psd - 1, 1 - interval.lowerGy / psd) : 0;
    return {
      method: 'sampled',
      samples: this.ratios.length,
      seed: UNCERTAINTY_SEED,
      sampleCellSizeMm: SAMPLE_CELL_SIZE_MM,
      psdInterval95Gy: { lowerGy: interval.lowerGy, upperGy: interval.upperGy },
      coverageFactor: 2,
      expandedRelative: expanded,
      psdLowGy: interval.lowerGy,
      psdHighGy: interval.upperGy,
      budget,
      dominant: dominantOf(budget),
    };
  }
}

/** The dominant inputs: largest shares first until 80 % of the explained variance, at most three. */
function dominantOf(budget: readonly UncertaintyComponent[]): string[] {
  const total = budget.reduce((s, c) => s + c.varianceShare, 0);
  const out: string[] = [];
  let covered = 0;
  for (const c of budget) {
    if (out.length === 3 || covered >= 0.8 * total || c.varianceShare <= 0) break;
    out.push(c.component);
    covered += c.varianceShare;
  }
  return out;
}
