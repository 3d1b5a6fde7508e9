import { candidateSeries, dicomDateRange, distinctStudies, doseInstances, seriesOf, studyQueries } from './selection';

const RDSR = '1.2.840.10008.5.1.4.1.1.88.67';
const BASIC_TEXT_SR = '1.2.840.10008.5.1.4.1.1.88.11';

describe('backfill selection', () => {
  it('asks for the period as a DICOM date range, once per modality or once for any', () => {
    expect(dicomDateRange('2025-03-01', '2025-03-31')).toBe('20250301-20250331');
    expect(studyQueries('2025-03-01', '2025-03-31', [])).toEqual([{ StudyInstanceUID: '', StudyDate: '20250301-20250331', ModalitiesInStudy: '' }]);
    expect(studyQueries('2025-03-01', '2025-03-31', ['XA', 'RF']).map((q) => q.ModalitiesInStudy)).toEqual(['XA', 'RF']);
  });

  it('lists a study found by several modality queries once', () => {
    const studies = distinctStudies([
      { StudyInstanceUID: '1.2.3', StudyDate: '20250303', ModalitiesInStudy: ['XA', 'SR'] },
      { StudyInstanceUID: '1.2.3', StudyDate: '20250303', ModalitiesInStudy: ['XA', 'SR'] },
      { StudyInstanceUID: '1.2.4', ModalitiesInStudy: 'CT\\SR' },
      { StudyDate: '20250303' },
    ]);
    expect(studies).toEqual([
      { studyInstanceUid: '1.2.3', studyDate: '20250303', modalitiesInStudy: ['XA', 'SR'] },
      { studyInstanceUid: '1.2.4', studyDate: null, modalitiesInStudy: ['CT', 'SR'] },
    ]);
  });

  it('looks into SR series only', () => {
    const series = seriesOf([{ SeriesInstanceUID: '1.1', Modality: 'XA' }, { SeriesInstanceUID: '1.2', Modality: 'SR' }, { Modality: 'SR' }]);
    expect(candidateSeries(series)).toEqual([{ seriesInstanceUid: '1.2', modality: 'SR' }]);
  });

  it('keeps instances of a dose SOP class, drops other SRs, and keeps all of an SR series when the PACS does not answer the SOP class', () => {
    const series = { seriesInstanceUid: '1.2', modality: 'SR' };
    expect(
      doseInstances('1', series, [
        { SOPInstanceUID: '9.1', SOPClassUID: RDSR },
        { SOPInstanceUID: '9.2', SOPClassUID: BASIC_TEXT_SR },
      ]),
    ).toEqual([{ studyInstanceUid: '1', seriesInstanceUid: '1.2', sopInstanceUid: '9.1', sopClassUid: RDSR }]);
    expect(doseInstances('1', series, [{ SOPInstanceUID: '9.3', SOPClassUID: '' }])).toEqual([
      { studyInstanceUid: '1', seriesInstanceUid: '1.2', sopInstanceUid: '9.3', sopClassUid: null },
    ]);
  });
});
