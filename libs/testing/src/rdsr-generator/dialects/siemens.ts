import type { IrradiationEventSpec, ProcedureSpec } from '../procedure-spec';
import { CONCEPT, SRT_VOCABULARY } from '../sr/codes';
import { codeValue, text, ucum } from '../sr/content-items';
import type { Dialect } from '../sr/dialect';
import { STANDARD_DIALECT } from './standard';

/**
 * Siemens AXIOM-Artis / Artis zee: non-UCUM `Gym2` and `uAs`, legacy SRT codes, retired Exposure Time (113735),
 * patient position only in the XML of the root Comment, detector field (iiDiameter) in each event's Comment XML.
 */
export const SIEMENS_DIALECT: Dialect = {
  ...STANDARD_DIALECT,
  vocabulary: SRT_VOCABULARY,
  units: {
    dap: ucum('Gym2', 'Gym2'),
    doseRp: ucum('Gy'),
    exposure: ucum('uAs', 'uAs', 1000),
    pulseRate: ucum('{pulse}/s', 'pulse/s'),
    irradiationDuration: ucum('s'),
  },
  exposureTimeConcept: CONCEPT.exposureTimeRetired,
  filterType: CONCEPT.stripFilter,
  sourceOfDoseInformation: { value: 'A-2C090', scheme: 'SRT', meaning: 'Dosimeter' },
  rootComment: siemensRootComment,
  eventComment: siemensEventComment,
  vendorEventItems: (event) => [
    codeValue('CONTAINS', CONCEPT.deviceRoleInProcedure, CONCEPT.irradiatingDevice, [
      text('HAS PROPERTIES', CONCEPT.deviceName, 'X-ray tube'),
      text('HAS PROPERTIES', CONCEPT.deviceManufacturer, 'Siemens'),
      text('HAS PROPERTIES', CONCEPT.deviceModelName, event.plane === 'B' ? 'MEGALIX Cat Plus B' : 'MEGALIX Cat Plus'),
      text('HAS PROPERTIES', CONCEPT.deviceSerialNumber, event.plane === 'B' ? '2' : '1'),
    ]),
  ],
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Siemens writes times in its XML as "12-Dec-17 14:38:02". */
export function siemensTime(dicomDateTime: string): string {
  const month = MONTHS[Number(dicomDateTime.slice(4, 6)) - 1];
  return `${dicomDateTime.slice(6, 8)}-${month}-${dicomDateTime.slice(2, 4)} ${dicomDateTime.slice(8, 10)}:${dicomDateTime.slice(10, 12)}:${dicomDateTime.slice(12, 14)}`;
}

function siemensRootComment(spec: ProcedureSpec): string {
  const fluoroTimeS = Math.round(spec.planes.reduce((total, plane) => total + plane.fluoroTimeTotalS, 0));
  const exposures = spec.events.filter((event) => event.type !== 'fluoroscopy').length;
  const last = spec.events[spec.events.length - 1];
  const startedAt = siemensTime(`${spec.study.date}${spec.study.time}`);
  const accumulated = spec.planes.some((plane) => plane.plane === 'B') ? 'AccumulatedBiPlaneData' : 'AccumulatedMonoData';
  // The trailing space inside SRData is what the devices send.
  return (
    `<Root><PatientPosition><Position SRData="${spec.patientPosition} "/><PositionTime SRData="${startedAt}"/></PatientPosition>` +
    `<CareMonitorThreshold SRData="2000"/><${accumulated}><FluTimerDisplay SRData="Seconds"/><PhysicianName SRData=""/>` +
    `<Exposures SRData="${exposures}"/><FluoroTime SRData="${fluoroTimeS}"/>` +
    `<MonoPlaneTime SRData="${last ? siemensTime(last.dateTimeStarted) : startedAt}"/><CareMonitorMaxSkinEntranceDose SRData=" "/>` +
    `</${accumulated}></Root>`
  );
}

function siemensEventComment(event: IrradiationEventSpec): string {
  const fluoro = event.type === 'fluoroscopy';
  const element = fluoro ? 'FluoroData' : 'AcquisitionData';
  const acquisitionOnly = fluoro ? '' : `<AcqMode SRData="${event.type === 'rotational' ? 'DR' : 'DSA'}"/>`;
  return (
    `<${element}><SceneCounter SRData=" "/>${acquisitionOnly}<PeriDynaStepCount SRData=" "/><SceneName SRData="${event.protocol}"/>` +
    `<AngulationStep SRData=" "/><Dose SRData=" "/>` +
    `<CurrentTimeProduct SRData="${event.exposureMAs === null ? ' ' : event.exposureMAs.toFixed(6)}"/>` +
    `<TubeFocalSpot SRData="${event.focalSpotSizeMm !== null && event.focalSpotSizeMm < 1 ? 'small' : 'large'}"/>` +
    `<iiDiameter SRData="${event.detectorFieldSizeMm ?? ' '}"/><Time SRData="${siemensTime(event.dateTimeStarted)}"/>` +
    `<IsPuck SRData="False"/><FrameRate SRData="${event.pulseRatePerS === null ? ' ' : event.pulseRatePerS.toFixed(6)}"/>` +
    `<NumOfFrames SRData="${event.numberOfPulses ?? ' '}"/><MaxSkinEntranceDose SRData=" "/></${element}>`
  );
}
