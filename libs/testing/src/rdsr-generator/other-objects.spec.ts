import { buildCtDoseReportSpec, generateCtDoseReport, generateNonDoseDicom } from './index';
import { child, children, codeOf, conceptOf, measured, readBack, type SrNode } from './read-back';

describe('generateCtDoseReport', () => {
  const spec = buildCtDoseReportSpec({ seed: 4, acquisitions: 4 });
  const report = readBack(generateCtDoseReport(spec)).dataset as SrNode;

  it('is an X-Ray Radiation Dose SR for a CT procedure (TID 10011)', () => {
    expect(report['SOPClassUID']).toBe('1.2.840.10008.5.1.4.1.1.88.67');
    expect(conceptOf(report)?.CodeValue).toBe('113701');
    expect(codeOf(child(report, '121058')!)).toMatchObject({ CodeValue: '77477000', CodingSchemeDesignator: 'SCT' });
    expect((report['ContentTemplateSequence'] as Array<Record<string, string>>)[0]['TemplateIdentifier']).toBe('10011');
  });

  it('writes DLP in the non-UCUM mGycm when asked, as some Siemens and GE scanners do', () => {
    const mgycm = readBack(generateCtDoseReport(buildCtDoseReportSpec({ seed: 4, acquisitions: 2, dlpUnit: 'mGycm' }))).dataset as SrNode;
    expect(measured(child(child(mgycm, '113811')!, '113813'))!.unit).toBe('mGycm');
    for (const node of children(mgycm, '113819')) expect(measured(child(child(node, '113829')!, '113838'))!.unit).toBe('mGycm');
  });

  it('writes the DLP total and one CT Acquisition per spec acquisition', () => {
    const accumulated = child(report, '113811')!;
    expect(measured(child(accumulated, '113813'))).toEqual({ value: spec.dlpTotalMGyCm, unit: 'mGy.cm' });
    expect(measured(child(accumulated, '113812'))!.value).toBe(4);
    const acquisitions = children(report, '113819');
    expect(acquisitions).toHaveLength(4);
    acquisitions.forEach((node, index) => {
      const truth = spec.acquisitions[index];
      const dose = child(node, '113829')!;
      expect(measured(child(dose, '113830'))).toEqual({ value: truth.ctdiVolMGy, unit: 'mGy' });
      expect(measured(child(dose, '113838'))).toEqual({ value: truth.dlpMGyCm, unit: 'mGy.cm' });
      expect(codeOf(child(dose, '113835')!)?.CodeValue).toBe(truth.phantom === 'head' ? '113690' : '113691');
      const parameters = child(node, '113822')!;
      expect(measured(child(parameters, '113824'))).toEqual({ value: truth.exposureTimeS, unit: 's' });
      expect(measured(child(parameters, '113825'))).toEqual({ value: truth.scanningLengthMm, unit: 'mm' });
      expect(measured(child(child(parameters, '113831')!, '113733'))).toEqual({ value: truth.kvp, unit: 'kV' });
    });
  });
});

describe('generateNonDoseDicom', () => {
  it('writes a readable CT image', () => {
    const { meta, dataset } = readBack(generateNonDoseDicom('ct-image'));
    expect(meta['TransferSyntaxUID']).toBe('1.2.840.10008.1.2.1');
    expect(dataset['SOPClassUID']).toBe('1.2.840.10008.5.1.4.1.1.2');
    expect(dataset['Modality']).toBe('CT');
    expect(dataset['Rows']).toBe(8);
    expect(dataset['ContentSequence']).toBeUndefined();
  });

  it('writes a Basic Text SR whose root is not a dose report', () => {
    const { dataset } = readBack(generateNonDoseDicom('basic-text-sr'));
    expect(dataset['SOPClassUID']).toBe('1.2.840.10008.5.1.4.1.1.88.11');
    expect(conceptOf(dataset as SrNode)?.CodeValue).not.toBe('113701');
    expect((dataset as SrNode).ContentSequence).toHaveLength(1);
  });
});
