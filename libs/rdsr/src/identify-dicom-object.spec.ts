import { generateCtDoseReport, generateNonDoseDicom, generateRdsr, procedureSpec } from '@kerma/testing';
import { identifyDicomObject } from './identify-dicom-object';
import { parseDoseReport } from './parse-dose-report';

describe('identifyDicomObject', () => {
  const spec = procedureSpec({ seed: 11, events: 5 });
  const rdsr = generateRdsr(spec);

  it('identifies a dose report from its header', () => {
    const out = identifyDicomObject(rdsr);
    expect(out).toEqual({
      ok: true,
      identity: expect.objectContaining({
        sopInstanceUid: spec.study.sopInstanceUid,
        studyInstanceUid: spec.study.studyInstanceUid,
        seriesInstanceUid: spec.study.seriesInstanceUid,
        modality: 'SR',
        transferSyntaxUid: '1.2.840.10008.1.2.1',
        isDoseReport: true,
        sopClassName: 'X-Ray Radiation Dose SR Storage',
      }),
    });
  });

  it('says isDoseReport=false for other objects, naming them', () => {
    const ct = identifyDicomObject(generateNonDoseDicom('ct-image'));
    expect(ct).toMatchObject({ ok: true, identity: { isDoseReport: false, sopClassName: 'CT Image Storage', modality: 'CT' } });
    const text = identifyDicomObject(generateNonDoseDicom('basic-text-sr'));
    expect(text).toMatchObject({ ok: true, identity: { isDoseReport: false, sopClassName: 'Basic Text SR Storage' } });
  });

  it('refuses an image relabelled with a dose-report SOP class, saying why', () => {
    for (const uid of ['1.2.840.10008.5.1.4.1.1.88.67', '1.2.840.10008.5.1.4.1.1.88.76']) {
      const relabelled = identifyDicomObject(generateNonDoseDicom('ct-image', 1, uid));
      expect(relabelled).toMatchObject({
        ok: true,
        identity: { isDoseReport: false, modality: 'CT', notDoseReason: expect.stringContaining('holds no structured report') },
      });
    }
  });

  it('reports bytes that are not DICOM', () => {
    expect(identifyDicomObject(new TextEncoder().encode('%PDF-1.7 not a dicom file at all, just some text'))).toMatchObject({
      ok: false,
      error: { code: 'not-dicom' },
    });
    expect(identifyDicomObject(new Uint8Array(0))).toMatchObject({ ok: false, error: { code: 'not-dicom' } });
  });

  it('reports a truncated file', () => {
    expect(identifyDicomObject(rdsr.subarray(0, rdsr.length - 7))).toMatchObject({ ok: false, error: { code: 'truncated' } });
    expect(identifyDicomObject(rdsr.subarray(0, 200))).toMatchObject({ ok: false, error: { code: 'truncated' } });
  });

  it('reports a malformed file', () => {
    const bad = rdsr.slice();
    // The first dataset element's VR (after the 132-byte preamble and the file meta) becomes "??".
    const metaLength = new DataView(bad.buffer).getUint32(132 + 8, true);
    const first = 132 + 12 + metaLength;
    bad[first + 4] = 0x3f;
    bad[first + 5] = 0x3f;
    expect(identifyDicomObject(bad)).toMatchObject({ ok: false, error: { code: 'malformed' } });
  });
});

describe('parseDoseReport on other objects', () => {
  it('refuses a CT image as not-a-dose-report, naming it', () => {
    const out = parseDoseReport(generateNonDoseDicom('ct-image'));
    expect(out).toMatchObject({ ok: false, error: { code: 'not-a-dose-report', what: expect.stringContaining('CT Image Storage') } });
  });

  it('refuses a Basic Text SR as not-a-dose-report', () => {
    const out = parseDoseReport(generateNonDoseDicom('basic-text-sr'));
    expect(out).toMatchObject({ ok: false, error: { code: 'not-a-dose-report', what: expect.stringContaining('Basic Text SR') } });
  });

  it('reads a CT dose report (TID 10011) into the same model family', () => {
    const out = parseDoseReport(generateCtDoseReport());
    if (!out.ok) throw new Error(out.error.message);
    const p = out.procedure;
    expect(p.kind).toBe('ct');
    expect(p.ct).not.toBeNull();
    expect(p.ct!.acquisitions.length).toBeGreaterThan(0);
    const sumDlp = p.ct!.acquisitions.reduce((a, q) => a + q.dlpMGyCm!.value, 0);
    expect(p.ct!.totals.dlpTotalMGyCm!.value).toBeCloseTo(sumDlp, 6);
    for (const a of p.ct!.acquisitions) {
      expect(a.ctdiVolMGy!.value).toBeGreaterThan(0);
      expect(a.phantomType).not.toBeNull();
      expect(a.kvp).not.toBeNull();
    }
    expect(p.events).toEqual([]);
  });
});
