import { parseDoseReport, type Procedure } from '@kerma/rdsr';
import {
  buildHeaderDoseImageSpec,
  buildRadiopharmaceuticalReportSpec,
  generateHeaderDoseImage,
  generateRadiopharmaceuticalDoseReport,
  generateRdsr,
  procedureSpec,
} from '@kerma/testing';
import { assembleStudy } from './assemble-study';

function parsed(options: Parameters<typeof procedureSpec>[0]): Procedure {
  const outcome = parseDoseReport(generateRdsr(procedureSpec(options)));
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.procedure;
}

describe('assembleStudy', () => {
  it('returns a single report unchanged', () => {
    const one = parsed({ seed: 1, events: 3 });
    expect(assembleStudy([one])).toBe(one);
  });

  it('joins a continued study: all events, device totals added per plane, event sums recomputed', () => {
    const first = parsed({ seed: 2, events: 4 });
    const second = parsed({ seed: 3, events: 6, study: { studyInstanceUid: first.study.studyInstanceUid } });
    const study = assembleStudy([first, second]);
    expect(study.events).toHaveLength(10);
    const totalOf = (p: Procedure) => p.planes.reduce((s, t) => s + (t.doseRpTotalGy?.value ?? 0), 0);
    expect(study.planes).toHaveLength(1);
    expect(study.planes[0].doseRpTotalGy!.value).toBeCloseTo(totalOf(first) + totalOf(second), 12);
    expect(study.planes[0].doseRpTotalGy!.provenance).toBe('derived');
    expect(study.eventSums[0].eventCount).toBe(10);
    const sumOfEvents = study.events.reduce((s, e) => s + (e.doseRpGy?.value ?? 0), 0);
    expect(study.eventSums[0].doseRpSumGy).toBeCloseTo(sumOfEvents, 12);
  });

  it('keeps an event reported twice (same UID) once', () => {
    const first = parsed({ seed: 4, events: 3 });
    expect(assembleStudy([first, first]).events).toHaveLength(3);
  });

  it('refuses an empty study', () => {
    expect(() => assembleStudy([])).toThrow(/at least one report/);
  });
});

describe('assembleStudy with overlapping reports', () => {
  it('counts shared events once and does not add the device totals', () => {
    const cumulative = parsed({ seed: 5, events: 6 });
    const partial = { ...cumulative, study: { ...cumulative.study, sopInstanceUid: '1.2.3.99' }, events: cumulative.events.slice(0, 4) };
    const extra = parsed({ seed: 6, events: 2, study: { studyInstanceUid: cumulative.study.studyInstanceUid } });
    const study = assembleStudy([partial, { ...extra, events: [...extra.events, cumulative.events[5]] }, cumulative]);
    expect(study.events).toHaveLength(8);
    expect(study.planes).toEqual(cumulative.planes);
    expect(study.warnings.some((w) => w.includes('share irradiation events'))).toBe(true);
  });

  it('recognises shared events by start time, plane and doses when a device sends no event UIDs', () => {
    const withUids = parsed({ seed: 7, events: 3 });
    const noUids = { ...withUids, events: withUids.events.map((e) => ({ ...e, uid: null })) };
    const resent = { ...noUids, study: { ...noUids.study, sopInstanceUid: '1.2.3.98' } };
    expect(assembleStudy([noUids, resent]).events).toHaveLength(3);
  });
});

describe('assembleStudy with image headers and dose reports', () => {
  const parseBytes = (bytes: Uint8Array): Procedure => {
    const outcome = parseDoseReport(bytes);
    if (!outcome.ok) throw new Error(outcome.error.message);
    return outcome.procedure;
  };

  it('joins the images of a study into one procedure: one event per image, DAP summed', () => {
    const images = [0, 1, 2].map((index) => parseBytes(generateHeaderDoseImage(buildHeaderDoseImageSpec({ seed: 51, modality: 'DX', index }))));
    const study = assembleStudy(images);
    expect(study.source).toBe('image-header');
    expect(study.events.map((e) => e.uid)).toEqual(expect.arrayContaining(images.map((i) => i.study.sopInstanceUid)));
    expect(study.eventSums[0]!.dapSumGyM2).toBeCloseTo((1.25 + 1.75 + 2.25) * 1e-5, 15);
  });

  it('adds the glandular doses of mammography images per breast', () => {
    const images = [0, 1, 2, 3].map((index) => parseBytes(generateHeaderDoseImage(buildHeaderDoseImageSpec({ seed: 52, modality: 'MG', index }))));
    const agd = assembleStudy(images).mammography!.accumulatedAverageGlandularDose;
    const right = agd.find((d) => d.laterality === 'right')!;
    expect(right.doseMGy.value).toBeCloseTo((0.012 + 0.014) * 100, 12);
    expect(right.doseMGy.provenance).toBe('derived');
  });

  it('lets a dose report of the same study win over headers, whichever came first, and says what was not counted', () => {
    const report = parsed({ seed: 53, events: 2 });
    const uid = report.study.studyInstanceUid;
    const header = parseBytes(generateHeaderDoseImage(buildHeaderDoseImageSpec({ seed: 53, modality: 'RF', studyInstanceUid: uid })));
    for (const order of [
      [header, report],
      [report, header],
    ]) {
      const study = assembleStudy(order);
      expect(study.source).toBe('rdsr');
      expect(study.events).toEqual(report.events);
      expect(study.planes).toEqual(report.planes);
      expect(study.warnings).toContain('1 object read from image-header kept but not counted: the study has a dose report');
    }
  });

  it('merges the administrations of two radiopharmaceutical reports of one study once each', () => {
    const first = parseBytes(generateRadiopharmaceuticalDoseReport(buildRadiopharmaceuticalReportSpec({ seed: 54 })));
    const again = { ...first, study: { ...first.study, sopInstanceUid: '1.2.3.4.54' } };
    const other = parseBytes(
      generateRadiopharmaceuticalDoseReport(buildRadiopharmaceuticalReportSpec({ seed: 55, study: { studyInstanceUid: first.study.studyInstanceUid } })),
    );
    expect(assembleStudy([first, again, other]).nuclearMedicine!.administrations).toHaveLength(2);
  });
});

describe('assembleStudy with reports kept before source and nuclearMedicine existed', () => {
  it('reads them as dose reports: they are counted, and a header of the study is not', () => {
    const { source: _s, nuclearMedicine: _n, ...older } = parsed({ seed: 56, events: 2 });
    const kept = older as unknown as Procedure;
    const header = parseDoseReport(
      generateHeaderDoseImage(buildHeaderDoseImageSpec({ seed: 56, modality: 'DX', studyInstanceUid: kept.study.studyInstanceUid })),
    );
    if (!header.ok) throw new Error(header.error.message);
    const study = assembleStudy([kept, header.procedure]);
    expect(study.events).toEqual(kept.events);
    expect(study.nuclearMedicine ?? null).toBeNull();
  });
});
