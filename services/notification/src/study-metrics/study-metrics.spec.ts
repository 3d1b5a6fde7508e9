import { studyDoseFigures } from '@kerma/dose-figures';
import { parseDoseReport } from '@kerma/rdsr';
import { generateCtDoseReport, generateRdsr, procedureSpec } from '@kerma/testing';
import { studyMetrics } from './study-metrics';

// The figures themselves are tested in libs/dose-figures; here only the mapping to alert metrics.
describe('studyMetrics', () => {
  it('takes the study dose figures as they are, fluoroscopy time in minutes', () => {
    const outcome = parseDoseReport(generateRdsr(procedureSpec({ seed: 21, events: 12, biplane: true })));
    if (!outcome.ok) throw new Error(outcome.error.message);
    const figures = studyDoseFigures(outcome.procedure);
    expect(studyMetrics(figures)).toEqual({
      'reference-air-kerma': figures.doseRpTotalGy,
      'kerma-area-product': figures.dapTotalGyCm2,
      'fluoroscopy-time': figures.fluoroTimeTotalS! / 60,
    });
  });

  it('leaves out every figure the study does not have (a CT study has none of them)', () => {
    const outcome = parseDoseReport(generateCtDoseReport());
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(studyMetrics(studyDoseFigures(outcome.procedure))).toEqual({});
  });
});
