import { PROFILE, RADIATION_DOSE_SUMMARY_CODE, IDENTIFIER_TYPE, SYSTEM } from './codes';
import { components } from './components';
import { fhirDate, oidUrn } from './ids';
import { absent, patientReference } from './references';
import { studyIdentifier, type FhirResource } from './resources';
import { summaryText } from './summary-text';
import type { FhirStudyInput } from './study-input';

export interface SummaryReferences {
  /** Null when the report names no patient id: there is no patient to point at. */
  readonly patient: string | null;
  readonly imagingStudy: string;
  readonly device: string | null;
}

/** The RadiationDoseSummary Observation of one study (CT or X-ray profile by the procedure kind). */
export function radiationDoseSummary(input: FhirStudyInput, refs: SummaryReferences): FhirResource {
  const { components: parts, assumptions } = components(input);
  const effective = fhirDate(input.studyDateTime);
  const notes = [...assumptions];
  if (input.studyDateTime !== null && effective !== null && input.studyDateTime.length > effective.length) {
    notes.push('effective is the study date only: the report gives its time without a UTC offset');
  }
  const text = summaryText(input, parts);
  const imagingStudy = { reference: refs.imagingStudy, type: 'ImagingStudy', identifier: studyIdentifier(input.studyInstanceUid) };
  return {
    resourceType: 'Observation',
    ...profileOf(input.kind),
    text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${escapeXhtml(text)}</p></div>` },
    ...(input.reports.length === 0
      ? {}
      : { identifier: input.reports.map((uid) => ({ type: { coding: [IDENTIFIER_TYPE.sopInstanceUid] }, system: SYSTEM.dicomUid, value: oidUrn(uid) })) }),
    partOf: [imagingStudy],
    status: input.figuresFinal ? 'final' : 'preliminary',
    code: { coding: [RADIATION_DOSE_SUMMARY_CODE] },
    subject: patientReference(refs.patient),
    focus: [imagingStudy],
    ...(effective === null ? { _effectiveDateTime: absent() } : { effectiveDateTime: effective }),
    // The irradiation authorizing person is a practitioner the dose reports do not name.
    performer: [{ type: 'Practitioner', display: 'not named in the dose reports', ...absent() }],
    valueString: text,
    ...(refs.device === null ? {} : { device: { reference: refs.device, type: 'Device' } }),
    ...(notes.length > 0 ? { note: notes.map((text) => ({ text })) } : {}),
    ...(parts.length > 0 ? { component: parts } : {}),
  };
}

function profileOf(kind: FhirStudyInput['kind']) {
  if (kind === null) return {};
  return { meta: { profile: [kind === 'ct' ? PROFILE.ctSummary : PROFILE.xraySummary] } };
}

/** The summary as narrative for people reading the resource (what FHIR's best practice asks of every resource). */
function escapeXhtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
