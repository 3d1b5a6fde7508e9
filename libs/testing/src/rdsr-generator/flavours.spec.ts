import { ENHANCED_X_RAY_RADIATION_DOSE_SR, generateRdsr, procedureSpec, X_RAY_RADIATION_DOSE_SR, type ProcedureSpec, type RdsrVendor } from './index';
import { child, children, codeOf, conceptOf, measured, readBack, type SrNode } from './read-back';

const VENDORS: readonly RdsrVendor[] = ['standard', 'siemens', 'philips-allura', 'philips-azurion', 'ge-oec', 'canon', 'enhanced'];

function generate(options: Parameters<typeof procedureSpec>[0]): { spec: ProcedureSpec; report: SrNode; events: SrNode[] } {
  const spec = procedureSpec(options);
  const report = readBack(generateRdsr(spec)).dataset as SrNode;
  return { spec, report, events: children(report, '113706') };
}

function eventOfType(events: SrNode[], spec: ProcedureSpec, type: string): { node: SrNode; index: number } {
  const index = spec.events.findIndex((event) => event.type === type);
  if (index < 0) throw new Error(`the spec has no ${type} event`);
  return { node: events[index], index };
}

describe.each(VENDORS)('flavour %s', (vendor) => {
  const { spec, report, events } = generate({ vendor, seed: 11, events: 40, biplane: true, rotationalRuns: 1 });

  it('is readable Part-10 with the dose report root and every event', () => {
    expect(conceptOf(report)).toMatchObject({ CodeValue: '113701', CodingSchemeDesignator: 'DCM' });
    expect(report['SOPClassUID']).toBe(vendor === 'enhanced' ? ENHANCED_X_RAY_RADIATION_DOSE_SR : X_RAY_RADIATION_DOSE_SR);
    expect(events).toHaveLength(40);
    expect(children(report, '113702')).toHaveLength(2);
    events.forEach((event, index) => expect(child(event, '113769')!['UID']).toBe(spec.events[index].uid));
  });

  it('writes each event Dose (RP) and DAP so that they convert back to the spec values', () => {
    const toGy: Record<string, number> = { Gy: 1, mGy: 1e-3 };
    const toGyM2: Record<string, number> = { 'Gy.m2': 1, Gym2: 1, 'dGy.cm2': 1e-5 };
    events.forEach((event, index) => {
      const dose = measured(child(event, '113738'))!;
      const dap = measured(child(event, '122130'))!;
      expect(Math.abs(dose.value * toGy[dose.unit] - spec.events[index].doseRpGy!)).toBeLessThan(1e-9 * spec.events[index].doseRpGy!);
      expect(Math.abs(dap.value * toGyM2[dap.unit] - spec.events[index].dapGyM2!)).toBeLessThan(1e-9 * spec.events[index].dapGyM2!);
    });
  });

  it('is deterministic', () => {
    const again = generateRdsr(procedureSpec({ vendor, seed: 11, events: 40, biplane: true, rotationalRuns: 1 }));
    expect(Buffer.compare(Buffer.from(again), Buffer.from(generateRdsr(spec)))).toBe(0);
  });
});

describe('siemens quirks', () => {
  const { spec, report, events } = generate({ vendor: 'siemens', seed: 5, events: 12, patientPosition: 'HFS' });
  const fluoro = eventOfType(events, spec, 'fluoroscopy');

  it('writes DAP in Gym2, exposure in uAs and the retired Exposure Time', () => {
    expect(measured(child(fluoro.node, '122130'))!.unit).toBe('Gym2');
    expect(measured(child(fluoro.node, '113736'))!.unit).toBe('uAs');
    expect(child(fluoro.node, '113735')).toBeDefined();
    expect(child(fluoro.node, '113824')).toBeUndefined();
    expect(measured(child(children(report, '113702')[0], '113722'))!.unit).toBe('Gym2');
  });

  it('uses legacy SRT codes', () => {
    expect(codeOf(child(fluoro.node, '113721')!)).toMatchObject({ CodeValue: 'P5-06000', CodingSchemeDesignator: 'SRT' });
    const filter = child(fluoro.node, '113771')!;
    expect(codeOf(child(filter, '113757')!)).toMatchObject({ CodeValue: 'C-127F9', CodingSchemeDesignator: 'SRT' });
  });

  it('gives the patient position only in the root Comment XML', () => {
    const comment = child(report, '121106')!['TextValue'] as string;
    expect(comment).toContain('<PatientPosition><Position SRData="HFS "/>');
    expect(child(fluoro.node, '113745')).toBeUndefined();
    expect(child(fluoro.node, '113743')).toBeUndefined();
  });

  it('puts the detector field size in each event Comment XML', () => {
    events.forEach((event, index) => {
      const comment = child(event, '121106')!['TextValue'] as string;
      expect(comment).toContain(`<iiDiameter SRData="${spec.events[index].detectorFieldSizeMm}"/>`);
    });
  });

  it('puts the large table travel on the lateral axis', () => {
    for (const event of spec.events) {
      expect(Math.abs(event.tableLateralMm!)).toBeGreaterThan(500);
      expect(Math.abs(event.tableLongitudinalMm!)).toBeLessThan(200);
    }
    expect(measured(child(fluoro.node, '113752'))!.value).toBe(spec.events[fluoro.index].tableLateralMm);
  });
});

describe('philips-allura quirks', () => {
  const { spec, report, events } = generate({ vendor: 'philips-allura', seed: 5, events: 20 });
  const fluoro = eventOfType(events, spec, 'fluoroscopy');
  const acquisition = eventOfType(events, spec, 'stationary');

  it('writes the Reference Point Definition as text', () => {
    expect(child(fluoro.node, '113780')).toMatchObject({ ValueType: 'TEXT', TextValue: '15cm below BeamIsocenter' });
    expect(child(children(report, '113702')[0], '113780')).toMatchObject({ ValueType: 'TEXT' });
  });

  it('has no Collimated Field Area and private shutters instead', () => {
    expect(child(fluoro.node, '113790')).toBeUndefined();
    const shutters = child(fluoro.node, '005', '99PHI-IXR-XPER')!;
    expect(measured(child(shutters, '007', '99PHI-IXR-XPER'))!.value).toBe(spec.events[fluoro.index].shutters!.leftMm);
  });

  it('gives table height only privately', () => {
    expect(child(fluoro.node, '113753')).toBeUndefined();
    expect(measured(child(fluoro.node, '021', '99PHI-IXR-XPER'))!.value).toBe(spec.events[fluoro.index].tableHeightMm);
  });

  it('leaves Distance Source to Detector out of fluoro events but keeps the private final one', () => {
    expect(child(fluoro.node, '113750')).toBeUndefined();
    expect(measured(child(fluoro.node, '018', '99PHI-IXR-XPER'))!.value).toBe(spec.events[fluoro.index].distanceSourceToDetectorMm);
    expect(measured(child(acquisition.node, '113750'))!.value).toBe(spec.events[acquisition.index].distanceSourceToDetectorMm);
  });

  it('has no model name in the header, only in the observer context; scope is the PPS', () => {
    expect(report['ManufacturerModelName']).toBeUndefined();
    expect(child(report, '121015')!['TextValue']).toBe(spec.device.modelName);
    expect(codeOf(child(report, '113705')!)?.CodeValue).toBe('113016');
    expect(child(child(report, '113705')!, '121126')!['UID']).toBe(spec.study.performedProcedureStepUid);
  });

  it('writes two filters, aluminium and copper', () => {
    const materials = children(fluoro.node, '113771').map((filter) => codeOf(child(filter, '113757')!)?.CodeValue);
    expect(materials.sort()).toEqual(['C-120F9', 'C-127F9']);
  });
});

describe('philips-azurion quirks', () => {
  const { spec, events } = generate({ vendor: 'philips-azurion', seed: 5, events: 20 });
  const event = events[0];

  it('writes collimated field area, height and width as 0', () => {
    expect(measured(child(event, '113790'))!.value).toBe(0);
    expect(measured(child(event, '113788'))!.value).toBe(0);
    expect(measured(child(event, '113789'))!.value).toBe(0);
  });

  it('writes filters as thickness ranges', () => {
    const ranges = children(event, '113771').map((filter) => [measured(child(filter, '113758'))!.value, measured(child(filter, '113773'))!.value]);
    expect(ranges).toEqual([
      [0, 1],
      [0, 0.4],
    ]);
  });

  it('writes Distance Source to Reference Point and Patient Equivalent Thickness', () => {
    expect(measured(child(event, '113737'))!.value).toBe(615);
    expect(measured(child(event, '111638'))!.value).toBe(spec.events[0].patientEquivalentThicknessMm);
  });

  it('puts the large table travel on the longitudinal axis', () => {
    const lateral = spec.events.map((e) => Math.abs(e.tableLateralMm!));
    expect(Math.max(...lateral)).toBeLessThan(200);
  });
});

describe('ge-oec quirks', () => {
  const { report, events } = generate({ vendor: 'ge-oec', seed: 5, events: 10 });
  const event = events[0];

  it('repeats reference point 113861 in each event, with DSRP 700 and no DSI', () => {
    for (const node of events) expect(codeOf(child(node, '113780')!)?.CodeValue).toBe('113861');
    expect(measured(child(event, '113737'))!.value).toBe(700);
    expect(child(event, '113748')).toBeUndefined();
  });

  it('writes no table positions and positioner angles without a measured value', () => {
    expect(child(event, '113751')).toBeUndefined();
    expect(child(event, '113752')).toBeUndefined();
    expect(child(event, '113753')).toBeUndefined();
    const primary = child(event, '112011')!;
    expect(primary['ValueType']).toBe('NUM');
    expect(measured(primary)).toBeUndefined();
  });

  it('writes the Device Observer UID as TEXT, pulse rate in pulse/s, tube current meaning "mA"', () => {
    expect(child(report, '121012')!['ValueType']).toBe('TEXT');
    expect(measured(child(event, '113791'))!.unit).toBe('pulse/s');
    expect(conceptOf(child(event, '113734')!)?.CodeMeaning).toBe('mA');
  });
});

describe('canon quirks', () => {
  const { spec, report, events } = generate({ vendor: 'canon', seed: 5, events: 12, rotationalRuns: 1 });

  it('writes Dose (RP) in mGy, DAP in dGy.cm2 and Irradiation Duration in ms', () => {
    expect(measured(child(events[0], '113738'))!.unit).toBe('mGy');
    expect(measured(child(events[0], '122130'))!.unit).toBe('dGy.cm2');
    const duration = measured(child(events[0], '113742'))!;
    expect(duration.unit).toBe('ms');
    expect(duration.value / 1000).toBeCloseTo(spec.events[0].irradiationDurationS!, 9);
  });

  it('nests Study Instance UID, Has Intent and Orientation Modifier at the wrong level', () => {
    const scopeIndex = report.ContentSequence!.findIndex((item) => conceptOf(item)?.CodeValue === '113705');
    expect(report.ContentSequence![scopeIndex].ContentSequence).toBeUndefined();
    expect(conceptOf(report.ContentSequence![scopeIndex + 1])?.CodeValue).toBe('110180');
    expect(child(report, '363703001', 'SCT')).toBeDefined();
    expect(child(events[0], '113744')).toBeDefined();
    expect(child(events[0], '113743')!.ContentSequence).toBeUndefined();
  });

  it('writes the rotational run without Number of Pulses', () => {
    const rotational = eventOfType(events, spec, 'rotational');
    expect(child(rotational.node, '113768')).toBeUndefined();
    expect(spec.events[rotational.index].numberOfPulses).toBeNull();
    expect(measured(child(rotational.node, '113739'))).toBeDefined();
  });
});

describe('enhanced flavour', () => {
  const { spec, events } = generate({ vendor: 'enhanced', seed: 5, events: 8 });

  it('writes table positions and positioner angles relative to the isocenter, and the frame of reference origin', () => {
    events.forEach((event, index) => {
      const truth = spec.events[index];
      expect(measured(child(event, '128766'))!.value).toBe(truth.tableXPositionToIsocenterMm);
      expect(measured(child(event, '128767'))!.value).toBe(truth.tableYPositionToIsocenterMm);
      expect(measured(child(event, '128768'))!.value).toBe(truth.tableZPositionToIsocenterMm);
      expect(measured(child(event, '128757'))!.value).toBe(truth.positionerIsocenterPrimaryAngleDeg);
      expect(measured(child(event, '128758'))!.value).toBe(truth.positionerIsocenterSecondaryAngleDeg);
      expect(child(event, '130506')).toBeDefined();
    });
  });
});
