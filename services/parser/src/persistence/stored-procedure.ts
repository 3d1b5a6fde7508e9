import type { Procedure } from '@kerma/rdsr';

/**
 * What the parser keeps of a parsed report: the procedure without the patient's birth date and name.
 * Its own job (study assembly, announcing the study) needs neither; the age at the study is computed
 * when the report is read and kept, and a reprocess reads the original object again.
 */
export function storedProcedure(procedure: Procedure): Procedure {
  if (procedure.patient.birthDate === null && procedure.patient.name === null) return procedure;
  return { ...procedure, patient: { ...procedure.patient, birthDate: null, name: null } };
}
