import {
  COMPONENT,
  PROFILE,
  SYSTEM,
  checkRadiationDoseSummaryIg,
  radiationDoseBundle,
  radiationDosePushBundle,
  type FhirResource,
  type FhirStudyInput,
} from './index';

const base: FhirStudyInput = {
  studyInstanceUid: '1.2.826.0.1.3680043.10.1.42',
  patient: { id: 'P-0042', issuer: 'HOSP_A' },
  studyDateTime: '2026-03-20T15:57:00',
  device: { manufacturer: 'ACME', modelName: 'Angio 9', stationName: 'CATHLAB1' },
  reports: ['1.2.826.0.1.3680043.10.1.42.1'],
  kind: 'projection-xray',
  figuresFinal: true,
  totals: { doseRpTotalGy: 1.2345, dapTotalGyCm2: 0.0123, fluoroTimeTotalS: 612.5, eventCount: 37 },
  ct: null,
  mammography: null,
  peakSkinDose: { status: 'calculated', psdGy: 0.91, reason: null },
};

type Json = Record<string, any>;

const resource = (bundle: FhirResource, type: string): Json => (bundle.entry as Json[]).map((e) => e.resource).find((r) => r.resourceType === type);
const observation = (input: FhirStudyInput): Json => resource(radiationDoseBundle(input), 'Observation');
const component = (obs: Json, code: { code: string }): Json | undefined => (obs.component as Json[]).find((c) => c.code.coding[0].code === code.code);
const errorsOf = (bundle: FhirResource) => checkRadiationDoseSummaryIg(bundle).filter((f) => f.severity === 'error');

describe('projection X-ray (fluoroscopy) study', () => {
  const obs = observation(base);

  it('is an X-ray RadiationDoseSummary with the LOINC code, final figures and the study date only', () => {
    expect(obs.meta.profile).toEqual([PROFILE.xraySummary]);
    expect(obs.code.coding[0]).toMatchObject({ system: SYSTEM.loinc, code: '73569-6' });
    expect(obs.status).toBe('final');
    expect(obs.effectiveDateTime).toBe('2026-03-20');
    expect(obs.note.map((n: Json) => n.text)).toContain('effective is the study date only: the report gives its time without a UTC offset');
  });

  it('gives Ka,r in mGy, KAP in mGy.cm2, fluoroscopy time in s (UCUM) and the event count', () => {
    expect(component(obs, COMPONENT.procedureReported)?.valueCodeableConcept.coding[0].code).toBe('113704');
    expect(component(obs, COMPONENT.doseRpTotal)?.valueQuantity).toEqual({ value: 1234.5, unit: 'mGy', system: SYSTEM.ucum, code: 'mGy' });
    expect(component(obs, COMPONENT.dapTotal)?.valueQuantity).toEqual({ value: 12.3, unit: 'mGy.cm2', system: SYSTEM.ucum, code: 'mGy.cm2' });
    expect(component(obs, COMPONENT.fluoroTimeTotal)?.valueQuantity).toEqual({ value: 612.5, unit: 's', system: SYSTEM.ucum, code: 's' });
    expect(component(obs, COMPONENT.irradiationEventCount)?.valueInteger).toBe(37);
  });

  it('names the peak skin dose in the summary text (the IG has no element for it)', () => {
    expect(obs.valueString).toContain('Peak skin dose (Kerma estimate): 0.91 Gy');
    expect(obs.valueString).toContain('Dose (RP) Total: 1234.5 mGy');
    expect(obs.text).toEqual({ status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${obs.valueString}</p></div>` });
  });

  it('references Patient, ImagingStudy (urn:oid study UID) and Device inside the bundle, no patient name', () => {
    const bundle = radiationDoseBundle(base);
    const urls = new Set((bundle.entry as Json[]).map((e) => e.fullUrl));
    expect(urls.has(obs.subject.reference) && urls.has(obs.partOf[0].reference) && urls.has(obs.device.reference)).toBe(true);
    expect(resource(bundle, 'ImagingStudy').identifier[0]).toMatchObject({ system: 'urn:dicom:uid', value: 'urn:oid:1.2.826.0.1.3680043.10.1.42' });
    expect(resource(bundle, 'Patient')).toEqual({ resourceType: 'Patient', identifier: [{ assigner: { display: 'HOSP_A' }, value: 'P-0042' }] });
    expect(obs.identifier[0]).toMatchObject({ system: 'urn:dicom:uid', value: 'urn:oid:1.2.826.0.1.3680043.10.1.42.1' });
  });

  it('meets the hand-checked IG constraints, with only the documented deviations', () => {
    const findings = checkRadiationDoseSummaryIg(radiationDoseBundle(base));
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findings.map((f) => f.rule).sort()).toEqual(['Device.identifier[aeTitle]', 'Device.type', 'performer']);
  });

  it('names every entry the same way on every export', () => {
    expect(radiationDoseBundle(base)).toEqual(radiationDoseBundle(base));
  });
});

describe('CT study', () => {
  const ct: FhirStudyInput = {
    ...base,
    kind: 'ct',
    totals: { doseRpTotalGy: null, dapTotalGyCm2: null, fluoroTimeTotalS: null, eventCount: 2 },
    ct: {
      dlpTotalMGyCm: 612.3,
      dlpTotalSource: 'device-total',
      ctdiVolMaxMGy: 14.2,
      acquisitionCount: 2,
      acquisitions: [],
    },
    peakSkinDose: { status: 'not-applicable', psdGy: null, reason: 'CT: ...' },
  };
  const obs = observation(ct);

  it('is a CT summary with DLP total in mGy.cm, the highest CTDIvol in mGy and the acquisition count', () => {
    expect(obs.meta.profile).toEqual([PROFILE.ctSummary]);
    expect(component(obs, COMPONENT.procedureReported)?.valueCodeableConcept.coding[0]).toMatchObject({ system: SYSTEM.sct, code: '77477000' });
    expect(component(obs, COMPONENT.dlpTotal)?.valueQuantity).toMatchObject({ value: 612.3, code: 'mGy.cm' });
    expect(component(obs, COMPONENT.meanCtdiVol)?.valueQuantity).toMatchObject({ value: 14.2, code: 'mGy' });
    expect(component(obs, COMPONENT.irradiationEventCount)?.valueInteger).toBe(2);
    expect(component(obs, COMPONENT.doseRpTotal)).toBeUndefined();
    expect(obs.valueString).not.toContain('Peak skin dose');
  });

  it('states a DLP summed from the acquisitions, and an unknown DLP as data-absent, never 0', () => {
    const summed = observation({ ...ct, ct: { ...ct.ct!, dlpTotalSource: 'sum-of-acquisitions' } });
    expect(summed.note.map((n: Json) => n.text)).toContain('CT Dose Length Product Total is the sum of the acquisitions: the scanner reported no total');
    const unknown = observation({ ...ct, ct: { ...ct.ct!, dlpTotalMGyCm: null, dlpTotalSource: null, ctdiVolMaxMGy: null } });
    expect(component(unknown, COMPONENT.dlpTotal)).toEqual({
      code: { coding: [COMPONENT.dlpTotal] },
      dataAbsentReason: { coding: [expect.objectContaining({ code: 'unknown' })] },
    });
    expect(component(unknown, COMPONENT.meanCtdiVol)).toBeUndefined();
  });

  it('gives the device its CT modality and meets the IG checks', () => {
    expect(resource(radiationDoseBundle(ct), 'Device').type.coding[0]).toMatchObject({ system: SYSTEM.dcm, code: 'CT' });
    expect(errorsOf(radiationDoseBundle(ct))).toEqual([]);
  });
});

describe('mammography study', () => {
  const mg: FhirStudyInput = {
    ...base,
    kind: 'mammography',
    totals: { doseRpTotalGy: null, dapTotalGyCm2: null, fluoroTimeTotalS: null, eventCount: 4 },
    mammography: {
      accumulatedAgd: [
        { laterality: 'left', doseMGy: 1.9 },
        { laterality: 'right', doseMGy: 2.4 },
      ],
    },
    peakSkinDose: { status: 'not-applicable', psdGy: null, reason: 'mammography: ...' },
  };
  const obs = observation(mg);

  it('reports the highest accumulated AGD once (the profile allows one) and says so', () => {
    expect(component(obs, COMPONENT.procedureReported)?.valueCodeableConcept.coding[0].code).toBe('71651007');
    expect((obs.component as Json[]).filter((c) => c.code.coding[0].code === '111637')).toEqual([
      { code: { coding: [COMPONENT.accumulatedAgd] }, valueQuantity: { value: 2.4, unit: 'mGy', system: SYSTEM.ucum, code: 'mGy' } },
    ]);
    expect(obs.note[0].text).toMatch(/highest of 2 reported \(left 1.9 mGy, right 2.4 mGy\)/);
    expect(errorsOf(radiationDoseBundle(mg))).toEqual([]);
  });
});

describe('unknown figures', () => {
  it('leaves unknown totals, device, date and patient out instead of writing 0', () => {
    const input: FhirStudyInput = {
      ...base,
      patient: { id: null, issuer: null },
      studyDateTime: null,
      device: null,
      figuresFinal: false,
      totals: { doseRpTotalGy: null, dapTotalGyCm2: 0.5, fluoroTimeTotalS: null, eventCount: 0 },
      peakSkinDose: { status: 'pending', psdGy: null, reason: 'the skin dose is not computed yet' },
    };
    const bundle = radiationDoseBundle(input);
    const obs = resource(bundle, 'Observation');
    expect(obs.status).toBe('preliminary');
    expect(component(obs, COMPONENT.doseRpTotal)).toBeUndefined();
    expect(component(obs, COMPONENT.fluoroTimeTotal)).toBeUndefined();
    expect(component(obs, COMPONENT.dapTotal)?.valueQuantity.value).toBe(500);
    expect(JSON.stringify(obs)).not.toMatch(/"value":0[,}]/);
    expect(obs.effectiveDateTime).toBeUndefined();
    expect(obs._effectiveDateTime.extension[0]).toEqual({ url: SYSTEM.dataAbsentReason, valueCode: 'unknown' });
    expect(obs.device).toBeUndefined();
    expect(resource(bundle, 'Device')).toBeUndefined();
    expect(resource(bundle, 'Patient')).toBeUndefined();
    expect(obs.subject).toEqual({ type: 'Patient', extension: [{ url: SYSTEM.dataAbsentReason, valueCode: 'unknown' }] });
    expect(resource(bundle, 'ImagingStudy').subject).toEqual(obs.subject);
    expect(radiationDoseBundle({ ...input, reports: [] }).entry).not.toContainEqual(
      expect.objectContaining({ resource: expect.objectContaining({ identifier: [] }) }),
    );
    expect(resource(bundle, 'ImagingStudy').started).toBeUndefined();
    expect(obs.valueString).toContain('Peak skin dose: the skin dose is not computed yet');
  });

  it('writes an OID issuer as urn:oid system and a URI issuer as is', () => {
    const patientOf = (issuer: string) => resource(radiationDoseBundle({ ...base, patient: { id: 'X', issuer } }), 'Patient').identifier[0];
    expect(patientOf('1.2.840.99.1')).toEqual({ system: 'urn:oid:1.2.840.99.1', value: 'X' });
    expect(patientOf('https://hospital.example/mrn')).toEqual({ system: 'https://hospital.example/mrn', value: 'X' });
  });

  it('makes a transaction with conditional creates for the patient and the study', () => {
    const bundle = radiationDoseBundle(base, 'transaction');
    const requests = (bundle.entry as Json[]).map((e) => e.request);
    expect(requests).toEqual([
      { method: 'POST', url: 'Observation' },
      { method: 'POST', url: 'Patient' },
      { method: 'POST', url: 'ImagingStudy', ifNoneExist: `identifier=${encodeURIComponent('urn:dicom:uid|urn:oid:1.2.826.0.1.3680043.10.1.42')}` },
      { method: 'POST', url: 'Device' },
    ]);
  });
});

describe('the push bundle (KERMA_FHIR_PUSH_URL)', () => {
  const urlsOf = (bundle: FhirResource) => (bundle.entry as Json[]).map((e) => e.request.url as string);

  it('updates each resource under an id Kerma assigns, the same on every push', () => {
    const bundle = radiationDosePushBundle(base);
    expect(bundle.type).toBe('transaction');
    expect((bundle.entry as Json[]).map((e) => e.request.method)).toEqual(['PUT', 'PUT', 'PUT', 'PUT']);
    expect(urlsOf(bundle).map((u) => u.split('/')[0])).toEqual(['Observation', 'Patient', 'ImagingStudy', 'Device']);
    for (const url of urlsOf(bundle)) expect(url).toMatch(/^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/);
    expect(radiationDosePushBundle(base)).toEqual(bundle);
    // The resources and their references are those of the export, which the IG checks accept.
    expect((bundle.entry as Json[]).map((e) => e.resource)).toEqual((radiationDoseBundle(base).entry as Json[]).map((e) => e.resource));
    expect(errorsOf(bundle)).toEqual([]);
  });

  it('gives one Patient id per person (issuer and id), and study resources ids per study', () => {
    const other = radiationDosePushBundle({ ...base, studyInstanceUid: '1.2.826.0.1.3680043.10.1.43' });
    const [obsA, patientA, studyA] = urlsOf(radiationDosePushBundle(base));
    const [obsB, patientB, studyB] = urlsOf(other);
    expect(patientB).toBe(patientA);
    expect(obsB).not.toBe(obsA);
    expect(studyB).not.toBe(studyA);
    expect(urlsOf(radiationDosePushBundle({ ...base, patient: { id: 'P-0042', issuer: 'HOSP_B' } }))[1]).not.toBe(patientA);
    expect(patientA).not.toContain('P-0042');
  });
});

describe('the hand-written IG checks', () => {
  const mutated = (change: (obs: Json, bundle: Json) => void): FhirResource => {
    const bundle = JSON.parse(JSON.stringify(radiationDoseBundle(base))) as Json;
    change(resource(bundle as FhirResource, 'Observation'), bundle);
    return bundle as FhirResource;
  };
  const rulesBroken = (bundle: FhirResource) => errorsOf(bundle).map((f) => f.rule);

  it.each([
    ['code', (obs: Json) => (obs.code.coding[0].code = '11111-1')],
    ['value[x]', (obs: Json) => delete obs.valueString],
    ['subject', (obs: Json) => (obs.subject.reference = 'urn:uuid:nowhere')],
    ['partOf[imagingStudyRef]', (obs: Json) => (obs.partOf[0].identifier.system = 'urn:ietf:rfc:3986')],
    ['xray-procedure-reported', (obs: Json) => (obs.component[0].valueCodeableConcept.coding[0].code = '77477000')],
    [`component ${COMPONENT.doseRpTotal.code}`, (obs: Json) => (component(obs, COMPONENT.doseRpTotal)!.valueQuantity.unit = 'Gy')],
    ['component.valueQuantity', (obs: Json) => (component(obs, COMPONENT.dapTotal)!.valueQuantity.system = 'urn:other')],
    ['device', (obs: Json) => delete obs.device],
    ['dataAbsentReason', (obs: Json) => (obs.dataAbsentReason = { text: 'x' })],
  ])('finds a broken %s', (rule, change) => {
    expect(rulesBroken(mutated(change))).toContain(rule);
  });

  it('finds a CT summary without its DLP total', () => {
    const ct = radiationDoseBundle({
      ...base,
      kind: 'ct',
      ct: { dlpTotalMGyCm: 10, dlpTotalSource: 'device-total', ctdiVolMaxMGy: null, acquisitionCount: 1, acquisitions: [] },
    });
    const obs = resource(ct, 'Observation');
    obs.component = (obs.component as Json[]).filter((c) => c.code.coding[0].code !== COMPONENT.dlpTotal.code);
    expect(rulesBroken(ct)).toContain('component[cTDoseLengthProductTotal]');
  });
});
