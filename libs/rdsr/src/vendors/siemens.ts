import type { IrradiationEvent, Procedure } from '../model/procedure';
import type { AdapterFindings, VendorAdapter } from './adapter';
import { rootComment } from '../templates/tid10001-report';

/**
 * Siemens AXIOM-Artis / Artis zee / Q / One: the patient position is only in the XML of the root
 * Comment (<PatientPosition><Position SRData="HFS ">), and the detector field of view only in each
 * event's Comment XML (<iiDiameter SRData="480"/>, in mm).
 */

const NAME = 'siemens';
const PATIENT_POSITION = /<PatientPosition>\s*<Position\s+SRData="\s*([A-Z]{2,4})\s*"/;
const II_DIAMETER = /<iiDiameter\s+SRData="\s*([0-9]+(?:\.[0-9]+)?)\s*"/;

function withDetectorField(event: IrradiationEvent, findings: AdapterFindings): IrradiationEvent {
  if (event.detectorFieldSizeMm !== null || event.comment === null) return event;
  const m = II_DIAMETER.exec(event.comment);
  const value = m ? Number(m[1]) : NaN;
  if (!(value > 0)) return event;
  findings.record(NAME, 'detector-field-from-comment-iiDiameter');
  return { ...event, detectorFieldSizeMm: { value, provenance: 'vendor-private', note: 'event Comment XML iiDiameter (mm)' } };
}

function withPatientPosition(procedure: Procedure, comment: string | null, findings: AdapterFindings): Procedure {
  if (procedure.patientPosition !== null || comment === null) return procedure;
  const m = PATIENT_POSITION.exec(comment);
  if (!m) return procedure;
  findings.record(NAME, 'patient-position-from-root-comment');
  return { ...procedure, patientPosition: { code: m[1]!, provenance: 'vendor-private', note: 'root Comment XML PatientPosition/Position' } };
}

export const siemens: VendorAdapter = {
  name: NAME,
  matches: (c) => /siemens/i.test(c.manufacturer ?? ''),
  adjustEvent: (event, _item, findings) => withDetectorField(event, findings),
  adjustProcedure: (procedure, root, findings) => withPatientPosition(procedure, rootComment(root), findings),
};
