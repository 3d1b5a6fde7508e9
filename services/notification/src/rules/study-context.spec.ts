import { patientIdDigest, patientKey, procedureOf, procedureV2Of, StudyParsedV2 } from '@kerma/contracts';
import { parseDoseReport, type Procedure } from '@kerma/rdsr';
import { generateRdsr, procedureSpec } from '@kerma/testing';
import { DEFAULT_ALERT_RULES, validateAlertRules } from './alert-rule';
import { applicableRules } from './select-rules';
import { ruleSubjectOf } from './study-context';

/** A generated report, which has Patient's Birth Date and no Patient Age, parsed and sent as study.parsed.v2. */
function studyParsedOf(birthDate: string): StudyParsedV2 {
  const outcome = parseDoseReport(generateRdsr(procedureSpec({ seed: 41, events: 2, study: { date: '20240320' }, patient: { birthDate } })));
  if (!outcome.ok) throw new Error(outcome.error.message);
  const procedure: Procedure = outcome.procedure;
  const { studyInstanceUid, sopInstanceUid } = procedure.study;
  return StudyParsedV2.parse({
    eventId: '00000000-0000-4000-8000-000000000041',
    occurredAt: '2024-03-20T12:00:00Z',
    site: 'south',
    studyInstanceUid,
    patient: {
      key: patientKey({ site: 'south', patientId: procedure.patient.id, issuer: procedure.patient.issuerOfId, studyInstanceUid }),
      idDigest: patientIdDigest('south', procedure.patient.id),
    },
    triggeringSopInstanceUid: sopInstanceUid,
    relation: 'new-study',
    studyRevision: 1,
    sopInstanceUids: [sopInstanceUid],
    procedure: procedureV2Of(procedure),
  });
}

describe('ruleSubjectOf: a report without Patient Age', () => {
  const rules = validateAlertRules([
    ...DEFAULT_ALERT_RULES,
    {
      id: 'paediatric.psd',
      kind: 'study',
      metric: 'peak-skin-dose',
      threshold: 1,
      level: 'srdl',
      description: 'd',
      reference: 'r',
      match: { ageYears: { maxYears: 18 } },
    },
  ]);
  const psdRule = (event: StudyParsedV2) =>
    applicableRules(rules, ruleSubjectOf(event.site, procedureOf(event)), ['study']).find((r) => r.metric === 'peak-skin-dose')!.id;

  it('has the age derived from the birth date, which the event does not carry, so an age-group rule applies', () => {
    const child = studyParsedOf('20060321');
    expect(JSON.stringify(child)).not.toMatch(/2006-?03-?21/);
    expect(ruleSubjectOf(child.site, procedureOf(child)).ageYears).toBe(17);
    expect(psdRule(child)).toBe('paediatric.psd');
    expect(psdRule(studyParsedOf('20060320'))).toBe('srdl.peak-skin-dose');
  });
});
