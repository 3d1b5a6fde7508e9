import type { ProcedureSpec } from './procedure-spec';
import { DIALECTS } from './dialects';
import { writePart10 } from './dicom/part10';
import type { NaturalDataset } from './dicom/dcmjs';
import { CONCEPT } from './sr/codes';
import { codeItem } from './sr/content-items';
import { xrayDoseContent } from './sr/xray-dose-tree';
import { patientModule, srDocumentGeneral } from './sr/header';

/** A Part-10 X-Ray Radiation Dose SR for the spec, in the spec's vendor flavour. */
export function generateRdsr(spec: ProcedureSpec): Uint8Array {
  return writePart10(rdsrDataset(spec));
}

/** The naturalized dataset, for tests that want to alter it before writing. */
export function rdsrDataset(spec: ProcedureSpec): NaturalDataset {
  const dialect = DIALECTS[spec.vendor];
  const header = srDocumentGeneral(spec, {
    sopClassUid: dialect.sopClassUid,
    seriesDescription: 'Radiation Dose Information',
    modelNameInHeader: dialect.modelNameInHeader,
  });
  return {
    ...header,
    ...patientModule(spec.patient),
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [codeItem(CONCEPT.xrayDoseReport)],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '10001' }],
    ContentSequence: xrayDoseContent(spec, dialect),
  };
}
