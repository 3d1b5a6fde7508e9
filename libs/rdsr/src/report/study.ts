import type { DicomDocument } from '../dicom/dataset';
import { Tag } from '../dicom/tags';
import { getText } from '../dicom/values';
import type { SopClassKind, Study } from '../model/procedure';
import { isoFromDateAndTime } from '../sr/dicom-datetime';
import type { ReportRoot } from '../templates/tid10001-report';

export interface StudyIdentity {
  readonly studyInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly sopClassUid: string;
  readonly sopClassKind: SopClassKind;
}

export function readStudy(doc: DicomDocument, identity: StudyIdentity, report: ReportRoot): Study {
  return {
    ...identity,
    seriesInstanceUid: getText(doc, doc.root, Tag.SeriesInstanceUid),
    studyDateTime: isoFromDateAndTime(getText(doc, doc.root, Tag.StudyDate), getText(doc, doc.root, Tag.StudyTime)),
    contentDateTime: isoFromDateAndTime(getText(doc, doc.root, Tag.ContentDate), getText(doc, doc.root, Tag.ContentTime)),
    accessionNumber: getText(doc, doc.root, Tag.AccessionNumber),
    description: getText(doc, doc.root, Tag.StudyDescription),
    institutionName: getText(doc, doc.root, Tag.InstitutionName),
    scopeOfAccumulation: report.scopeOfAccumulation,
    scopeUid: report.scopeUid,
    procedureReported: report.procedureReported,
  };
}
