import { parseSizeCsv, SizeCsvError } from './size-csv';
import { FhirSizeError, sizesFromFhir } from './fhir-observation';
import { latestPer, latestPerStudy } from './latest-per-study';
import { pendingSite } from './pending-site';

describe('RIS size CSV', () => {
  it('keeps good rows, reports bad ones with line number and reason', () => {
    const csv = [
      'Accession Number,study_instance_uid,height_cm,weight_kg',
      'ACC1,,172,81.5',
      ',1.2.3.4,,64',
      'ACC3,,17.2,80', // cm typed as dm: 0.172 m
      'ACC4,,180,abc',
      ',,180,80',
      'ACC6,,180',
      '"ACC,7",,165,500',
      '',
    ].join('\r\n');
    const parsed = parseSizeCsv(csv);
    expect(parsed.rows).toEqual([
      { line: 2, key: { kind: 'accession-number', value: 'ACC1' }, heightM: 1.72, massKg: 81.5, site: null },
      { line: 3, key: { kind: 'study-instance-uid', value: '1.2.3.4' }, heightM: null, massKg: 64, site: null },
    ]);
    expect(parsed.rejected).toEqual([
      { line: 4, reason: 'height 0.172 m is outside the plausible 0.4–2.5 m' },
      { line: 5, reason: 'weight_kg "abc" is not a number' },
      { line: 6, reason: 'no accession_number or study_instance_uid' },
      { line: 7, reason: '3 field(s) where the header has 4' },
      { line: 8, reason: 'weight 500 kg is outside the plausible 2–350 kg' },
    ]);
  });

  it('reads semicolon files with decimal commas and pounds', () => {
    const parsed = parseSizeCsv('accession_number;height_m;weight_lb\nA1;1,8;200\n');
    expect(parsed.rows[0].heightM).toBeCloseTo(1.8, 9);
    expect(parsed.rows[0].massKg).toBeCloseTo(90.718474, 6);
  });

  it('requires a header naming a key and a size', () => {
    expect(() => parseSizeCsv('ACC1,172,80\n')).toThrow(SizeCsvError);
    expect(() => parseSizeCsv('accession_number,comment\nA,b')).toThrow(/no size column/);
    expect(() => parseSizeCsv('accession_number,height_cm,bmi\nA,1,2')).toThrow(/unknown column\(s\) bmi/);
    expect(() => parseSizeCsv('')).toThrow(/empty CSV/);
  });

  it('reads an optional site column, refusing a value that is not a site id', () => {
    const parsed = parseSizeCsv('accession_number,site,height_cm\nA1,cath-lab-1,170\nA2,,171\nA3,lab 2,172\n');
    expect(parsed.rows.map((r) => [r.line, r.site])).toEqual([
      [2, 'cath-lab-1'],
      [3, null],
    ]);
    expect(parsed.rejected).toEqual([{ line: 4, reason: 'site "lab 2" is not a site id (letters, digits, . _ -, at most 64)' }]);
  });
});

describe('site of a size kept for a study not received yet', () => {
  const caller = (sites: readonly string[] | 'all') => ({ subject: 's', roles: ['integrator' as const], sites, via: 'oidc' as const });

  it("is the row's site when in the caller's scope, else the caller's only site", () => {
    expect(pendingSite('a', caller(['a', 'b']))).toEqual({ site: 'a' });
    expect(pendingSite('a', caller('all'))).toEqual({ site: 'a' });
    expect(pendingSite(null, caller(['b']))).toEqual({ site: 'b' });
  });

  it('is refused with the reason when outside the scope or ambiguous', () => {
    expect(pendingSite('c', caller(['a', 'b']))).toEqual({ refused: 'site c is outside your site scope' });
    expect(pendingSite(null, caller(['a', 'b']))).toEqual({ refused: expect.stringMatching(/add a site column/) });
    expect(pendingSite(null, caller('all'))).toEqual({ refused: expect.stringMatching(/add a site column/) });
  });
});

const height = (value: number, code = 'cm', loinc = '8302-2') => ({
  resourceType: 'Observation',
  id: `h-${value}`,
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
  subject: { identifier: { value: 'P1' } },
  valueQuantity: { value, unit: code, system: 'http://unitsofmeasure.org', code },
});

describe('FHIR R4 size Observations', () => {
  it('reads body height and weight in UCUM units, alone or in a Bundle', () => {
    expect(sizesFromFhir(height(1.75, 'm'))).toEqual([{ reference: 'Observation/h-1.75', heightM: 1.75, massKg: null, patientId: 'P1' }]);
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: height(180) }, { resource: { ...height(154, '[lb_av]', '29463-7'), id: 'w' } }],
    };
    const sizes = sizesFromFhir(bundle);
    expect(sizes[0].heightM).toBeCloseTo(1.8, 9);
    expect(sizes[1].massKg).toBeCloseTo(154 * 0.45359237, 9);
  });

  it('refuses other codes, units, shapes and implausible values, naming each', () => {
    expect(() => sizesFromFhir(height(70, 'kg', '39156-5'))).toThrow(
      /only LOINC 8302-2 \(body height\) and 29463-7 \(body weight\) are accepted, got http:\/\/loinc.org\|39156-5/,
    );
    expect(() => sizesFromFhir(height(70, 'kg'))).toThrow(/code cm or m for height, got http:\/\/unitsofmeasure.org\|kg/);
    expect(() => sizesFromFhir(height(300))).toThrow(/height 3 m is outside the plausible/);
    expect(() => sizesFromFhir({ resourceType: 'Patient' })).toThrow(/resourceType must be Observation/);
    expect(() => sizesFromFhir({ ...height(170), status: 'entered-in-error' })).toThrow(/status must be final/);
    try {
      sizesFromFhir({
        resourceType: 'Bundle',
        entry: [{ resource: height(170) }, { resource: { resourceType: 'Observation', status: 'final', code: { coding: [] } } }, {}],
      });
      throw new Error('expected a refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(FhirSizeError);
      expect((err as FhirSizeError).problems).toEqual(['entry[1].resource (Observation): code.coding is missing', 'entry[2].resource: not a JSON object']);
    }
  });
});

describe('one size per study and request', () => {
  it('merges by any key, e.g. accession number and site for pending sizes', () => {
    const rows = latestPer(
      [
        { key: 'A|x', heightM: 1.7, massKg: null, reference: 'CSV line 2' },
        { key: 'A|y', heightM: 1.8, massKg: null, reference: 'CSV line 3' },
        { key: 'A|x', heightM: null, massKg: 60, reference: 'CSV line 4' },
      ],
      (r) => r.key,
    );
    expect(rows).toEqual([
      { key: 'A|x', heightM: 1.7, massKg: 60, reference: 'CSV line 2, CSV line 4' },
      { key: 'A|y', heightM: 1.8, massKg: null, reference: 'CSV line 3' },
    ]);
  });

  it('lets a later row override an earlier one, quantity by quantity', () => {
    const rows = latestPerStudy([
      { studyInstanceUid: '1.2', heightM: 1.7, massKg: 70, source: 'ris-csv', reference: 'CSV line 2' },
      { studyInstanceUid: '1.3', heightM: 1.6, massKg: null, source: 'ris-csv', reference: 'CSV line 3' },
      { studyInstanceUid: '1.2', heightM: null, massKg: 72, source: 'ris-csv', reference: 'CSV line 4' },
    ]);
    expect(rows).toEqual([
      { studyInstanceUid: '1.2', heightM: 1.7, massKg: 72, source: 'ris-csv', reference: 'CSV line 2, CSV line 4' },
      { studyInstanceUid: '1.3', heightM: 1.6, massKg: null, source: 'ris-csv', reference: 'CSV line 3' },
    ]);
  });
});
