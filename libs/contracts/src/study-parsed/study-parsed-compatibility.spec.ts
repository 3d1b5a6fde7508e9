import { generateRdsr, generateRadiopharmaceuticalDoseReport, procedureSpec } from '@kerma/testing';
import { studyParsedV1 as message } from '../../test/messages';
import { StudyParsedV1 } from './study-parsed.v1';

describe('study.parsed v1 with dose objects (backward compatible extension)', () => {
  it('reads a message written before source, nuclearMedicine and imageHeader existed: a dose report without them', () => {
    const current = message(generateRdsr(procedureSpec({ seed: 81, events: 2 })));
    const { source: _source, nuclearMedicine: _nm, ...procedure } = current.procedure;
    const older = { ...current, procedure: { ...procedure, events: procedure.events.map(({ imageHeader: _h, ...e }) => e) } };
    const parsed = StudyParsedV1.parse(JSON.parse(JSON.stringify(older)));
    expect(parsed.procedure.source).toBe('rdsr');
    expect(parsed.procedure.nuclearMedicine).toBeNull();
    expect(parsed.procedure.events.every((e) => e.imageHeader === null)).toBe(true);
    expect(parsed).toEqual(JSON.parse(JSON.stringify(current)));
  });

  it('carries a nuclear-medicine procedure', () => {
    const current = message(generateRadiopharmaceuticalDoseReport());
    expect(StudyParsedV1.parse(JSON.parse(JSON.stringify(current))).procedure).toMatchObject({
      kind: 'nuclear-medicine',
      nuclearMedicine: { administrations: [expect.any(Object)] },
    });
  });
});
