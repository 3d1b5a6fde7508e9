import type { SkinDoseSummary } from '../persistence/study-record.entity';
import { changedFigures, replacementReason, type StudyFigures } from './study-versions';

const skinDose = (studyRevision: number, calculatedAt: string, psdGy = 1): SkinDoseSummary => ({
  psdGy,
  method: 'ray-trace',
  expandedUncertaintyPercentK2: 40,
  psdLocation: null,
  sanity: { status: 'ok', findings: [] },
  skinAreaCm2AtOrAbove: { gy2: 0, gy3: 0, gy5: 0, gy10: 0 },
  assumptions: [],
  profile: { id: 'generic', version: '1' },
  algorithmVersion: 'kerma-skin-dose 1.2.0',
  mapUrl: null,
  sopInstanceUids: ['1.1'],
  studyRevision,
  calculatedAt,
});

const state = (studyRevision: number, sd: SkinDoseSummary | null, parsedAt = `p${studyRevision}`): StudyFigures => ({
  studyRevision,
  parsedAt,
  parserVersion: 'kerma-rdsr 1.0.0',
  sopInstanceUids: ['1.1'],
  kind: 'projection-xray',
  doseSource: 'rdsr',
  totals: null,
  ct: null,
  mammography: null,
  nuclearMedicine: null,
  skinDoseApplicability: { applicable: true },
  skinDose: sd,
});

describe('replacementReason: which changes keep the previous figures as a version', () => {
  it('keeps nothing while a study is first put together (received, parsed, first skin dose), nor on a redelivery', () => {
    expect(replacementReason(state(0, null), state(1, null))).toBeNull();
    expect(replacementReason(state(1, null), state(1, skinDose(1, 't1')))).toBeNull();
    expect(replacementReason(state(1, skinDose(1, 't1')), state(1, skinDose(1, 't1')))).toBeNull();
  });

  it('keeps the figures a new revision replaces (a later report or a reprocess), once, whichever stage reports first', () => {
    // Parsed first, then its skin dose.
    expect(replacementReason(state(1, skinDose(1, 't1')), state(2, skinDose(1, 't1')))).toBe('study-revision');
    expect(replacementReason(state(2, skinDose(1, 't1')), state(2, skinDose(2, 't2')))).toBeNull();
    // The new skin dose first, then the parsed study.
    expect(replacementReason(state(1, skinDose(1, 't1')), state(1, skinDose(2, 't2')))).toBe('study-revision');
    expect(replacementReason(state(1, skinDose(2, 't2')), state(2, skinDose(2, 't2')))).toBeNull();
    // A study without a skin dose (CT).
    expect(replacementReason(state(1, null), state(2, null))).toBe('study-revision');
  });

  it('keeps the skin dose a recomputation of the same revision replaces', () => {
    expect(replacementReason(state(2, skinDose(2, 't2')), state(2, skinDose(2, 't3', 2)))).toBe('skin-dose');
  });
});

describe('changedFigures', () => {
  it('names the figures that differ', () => {
    expect(changedFigures(state(2, skinDose(2, 't2')), state(2, skinDose(2, 't3', 2)))).toEqual(['skinDose']);
    expect(changedFigures(state(1, skinDose(1, 't1')), state(2, skinDose(1, 't1')))).toEqual(['studyRevision', 'parsedAt']);
  });
});
