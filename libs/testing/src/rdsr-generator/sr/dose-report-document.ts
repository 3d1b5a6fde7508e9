import { writePart10 } from '../dicom/part10';
import type { PatientSpec, ProcedureSpec } from '../procedure-spec';
import { CONCEPT } from './codes';
import { codeItem, type ContentItem } from './content-items';
import { patientModule, srDocumentGeneral } from './header';

/**
 * Part-10 bytes of an X-Ray Radiation Dose SR whose root is X-Ray Radiation Dose Report (113701),
 * filled by the given template (10001 projection, 10011 CT) with `content`.
 */
export function writeDoseReportDocument(
  spec: Pick<ProcedureSpec, 'study' | 'device'> & { readonly patient: PatientSpec },
  templateIdentifier: '10001' | '10011',
  content: readonly ContentItem[],
): Uint8Array {
  return writePart10({
    ...srDocumentGeneral(spec, { sopClassUid: '1.2.840.10008.5.1.4.1.1.88.67', seriesDescription: 'Dose Report', modelNameInHeader: true }),
    ...patientModule(spec.patient),
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [codeItem(CONCEPT.xrayDoseReport)],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: templateIdentifier }],
    ContentSequence: content,
  });
}
