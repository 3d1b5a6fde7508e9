import type { DicomDataset } from '../dicom/dataset';
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

export function readStudy(ds: DicomDataset, identity: StudyIdentity, report: ReportRoot): Study {
  return {
    ...identity,
    seriesInstanceUid: getText(ds, Tag.SeriesInstanceUid),
    studyDateTime: isoFromDateAndTime(getText(ds, Tag.StudyDate), getText(ds, Tag.StudyTime)),
    contentDateTime: isoFromDateAndTime(getText(ds, Tag.ContentDate), getText(ds, Tag.ContentTime)),
    accessionNumber: getText(ds, Tag.AccessionNumber),
    description: getText(ds, Tag.StudyDescription),
    institutionName: getText(ds, Tag.InstitutionName),
    scopeOfAccumulation: report.scopeOfAccumulation,
    scopeUid: report.scopeUid,
    procedureReported: report.procedureReported,
  };
}
