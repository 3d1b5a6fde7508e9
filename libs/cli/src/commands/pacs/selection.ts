/**
 * What a backfill asks the PACS and which of its answers are dose objects: pure functions over the
 * C-FIND identifiers (naturalized: DICOM keyword → value).
 */

/** X-Ray Radiation Dose SR, Radiopharmaceutical Radiation Dose SR, Patient Radiation Dose SR, Enhanced SR, Comprehensive SR. */
export const DOSE_SOP_CLASSES: ReadonlySet<string> = new Set([
  '1.2.840.10008.5.1.4.1.1.88.67',
  '1.2.840.10008.5.1.4.1.1.88.68',
  '1.2.840.10008.5.1.4.1.1.88.76',
  '1.2.840.10008.5.1.4.1.1.88.22',
  '1.2.840.10008.5.1.4.1.1.88.33',
]);

export interface FoundStudy {
  readonly studyInstanceUid: string;
  readonly studyDate: string | null;
  readonly modalitiesInStudy: readonly string[];
}

export interface FoundSeries {
  readonly seriesInstanceUid: string;
  readonly modality: string | null;
}

export interface DoseInstance {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  /** Null when the PACS did not answer SOP Class UID at instance level: chosen for its series' modality SR. */
  readonly sopClassUid: string | null;
}

/** "YYYY-MM-DD" → "YYYYMMDD"; a DICOM date range matches both ends inclusive. */
export function dicomDateRange(from: string, to: string): string {
  return `${from.replaceAll('-', '')}-${to.replaceAll('-', '')}`;
}

/**
 * The study-level C-FIND identifiers: one per modality asked for (matching on the multi-valued
 * Modalities in Study with several values at once is not portable), or one for any modality.
 */
export function studyQueries(from: string, to: string, modalities: readonly string[]): Record<string, string>[] {
  const base = { StudyInstanceUID: '', StudyDate: dicomDateRange(from, to), ModalitiesInStudy: '' };
  return modalities.length === 0 ? [base] : modalities.map((modality) => ({ ...base, ModalitiesInStudy: modality }));
}

export function text(identifier: Record<string, unknown>, keyword: string): string | null {
  const value = identifier[keyword];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first.trim() !== '' ? first.trim() : null;
}

function texts(identifier: Record<string, unknown>, keyword: string): string[] {
  const value = identifier[keyword];
  const all = Array.isArray(value) ? value : typeof value === 'string' ? value.split('\\') : [];
  return all.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
}

/** Each study once (several per-modality queries can find the same study), in the order found. */
export function distinctStudies(answers: readonly Record<string, unknown>[]): FoundStudy[] {
  const byUid = new Map<string, FoundStudy>();
  for (const answer of answers) {
    const studyInstanceUid = text(answer, 'StudyInstanceUID');
    if (!studyInstanceUid || byUid.has(studyInstanceUid)) continue;
    byUid.set(studyInstanceUid, { studyInstanceUid, studyDate: text(answer, 'StudyDate'), modalitiesInStudy: texts(answer, 'ModalitiesInStudy') });
  }
  return [...byUid.values()];
}

export function seriesOf(answers: readonly Record<string, unknown>[]): FoundSeries[] {
  return answers.flatMap((a) => {
    const seriesInstanceUid = text(a, 'SeriesInstanceUID');
    return seriesInstanceUid ? [{ seriesInstanceUid, modality: text(a, 'Modality') }] : [];
  });
}

/** Dose reports are structured reports: only SR series can hold them, so image series are never listed instance by instance. */
export function candidateSeries(series: readonly FoundSeries[]): FoundSeries[] {
  return series.filter((s) => s.modality === 'SR');
}

/**
 * The dose objects among a series' instances: those of a dose SOP class, and, when the PACS leaves
 * SOP Class UID unanswered, every instance of the (SR) series: Kerma refuses a non-dose SR on arrival.
 */
export function doseInstances(studyInstanceUid: string, series: FoundSeries, answers: readonly Record<string, unknown>[]): DoseInstance[] {
  return answers.flatMap((a) => {
    const sopInstanceUid = text(a, 'SOPInstanceUID');
    const sopClassUid = text(a, 'SOPClassUID');
    if (!sopInstanceUid || (sopClassUid !== null && !DOSE_SOP_CLASSES.has(sopClassUid))) return [];
    return [{ studyInstanceUid, seriesInstanceUid: series.seriesInstanceUid, sopInstanceUid, sopClassUid }];
  });
}
