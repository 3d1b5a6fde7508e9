import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { IrradiationEvent, ParseOutcome, Procedure, RdsrError } from '@kerma/rdsr';

/** The model as JSON for `kerma rdsr dump`: every field name carries its unit; the patient name is left out. */
export function dumpProcedure(procedure: Procedure): string {
  const { name: _name, ...patient } = procedure.patient;
  return JSON.stringify({ ...procedure, patient }, null, 2);
}

const fmt = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : Number(v.toPrecision(6)).toString());

/** Geometry an event needs for a skin-dose calculation, counted when missing. */
const GEOMETRY: readonly (readonly [string, (e: IrradiationEvent) => unknown])[] = [
  ['primary angle', (e) => e.positionerPrimaryAngleDeg],
  ['secondary angle', (e) => e.positionerSecondaryAngleDeg],
  ['table longitudinal', (e) => e.tableLongitudinalPositionMm],
  ['table lateral', (e) => e.tableLateralPositionMm],
  ['table height', (e) => e.tableHeightPositionMm],
  ['source–isocenter', (e) => e.distanceSourceToIsocenterMm],
  ['source–detector', (e) => e.distanceSourceToDetectorMm],
  ['field size', (e) => e.collimatedFieldAreaM2 ?? e.collimatedFieldWidthMm],
  ['kVp', (e) => e.kvp],
  ['patient orientation', (e) => e.patientTableRelationship],
];

/** One screen: device, events per plane and type, device totals next to event sums, missing geometry. */
export function summarizeProcedure(p: Procedure): string {
  const d = p.device;
  const lines: string[] = [];
  lines.push(
    `Device     ${[d.manufacturer, d.modelName].filter(Boolean).join(' ') || 'unknown'}` +
      ` (station ${d.stationName ?? '—'}, serial ${d.serialNumber ?? '—'}, software ${d.softwareVersions ?? '—'})`,
  );
  if (d.filledFromObserverContext.length > 0) lines.push(`           from the Device Observer context: ${d.filledFromObserverContext.join(', ')}`);
  lines.push(`Report     ${p.kind}, ${p.study.sopClassKind}, study ${p.study.studyDateTime ?? '—'}, scope ${p.study.scopeOfAccumulation?.meaning ?? '—'}`);
  if (p.patientPosition)
    lines.push(`Position   ${p.patientPosition.code} (${p.patientPosition.provenance}${p.patientPosition.note ? `: ${p.patientPosition.note}` : ''})`);
  lines.push(`Source     ${p.source}`);
  lines.push(`Adapters   ${p.adaptersApplied.length > 0 ? p.adaptersApplied.join(', ') : 'none'}`);
  lines.push('');
  lines.push('Events per plane and type');
  for (const s of p.eventSums) {
    const types = Object.entries(s.eventCountByType)
      .filter(([, n]) => n > 0)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ');
    lines.push(`  plane ${s.plane.padEnd(7)} ${String(s.eventCount).padStart(5)} events (${types})`);
  }
  lines.push('');
  lines.push('Device totals vs Σ events   DAP total Gy·m²  Σ event DAP Gy·m²  Ka,r total Gy  Σ event Ka,r Gy  fluoro time s');
  const planes = new Set([...p.planes.map((t) => t.plane), ...p.eventSums.map((s) => s.plane)]);
  for (const plane of planes) {
    const t = p.planes.find((x) => x.plane === plane);
    const s = p.eventSums.find((x) => x.plane === plane);
    lines.push(
      `  plane ${plane.padEnd(21)}${fmt(t?.dapTotalGyM2?.value).padStart(16)}${fmt(s?.dapSumGyM2).padStart(19)}` +
        `${fmt(t?.doseRpTotalGy?.value).padStart(15)}${fmt(s?.doseRpSumGy).padStart(17)}${fmt(t?.fluoroTimeTotalS?.value).padStart(15)}`,
    );
  }
  if (p.ct) {
    lines.push('');
    lines.push(`CT         ${p.ct.acquisitions.length} acquisitions, DLP total ${fmt(p.ct.totals.dlpTotalMGyCm?.value)} mGy·cm`);
  }
  if (p.mammography) {
    const agd = p.mammography.accumulatedAverageGlandularDose.map((a) => `${a.laterality ?? 'side not given'} ${fmt(a.doseMGy.value)} mGy`);
    lines.push('');
    lines.push(`Mammography accumulated AGD ${agd.length > 0 ? agd.join(', ') : '—'}`);
  }
  if (p.nuclearMedicine) {
    lines.push('');
    lines.push(`Radiopharmaceutical administrations ${p.nuclearMedicine.administrations.length}`);
    for (const a of p.nuclearMedicine.administrations) {
      lines.push(
        `  ${a.agent?.meaning ?? a.agentText ?? 'agent not given'} (${a.radionuclide?.meaning ?? 'radionuclide not given'}), ` +
          `${fmt(a.administeredActivityMBq?.value)} MBq, ${a.route?.meaning ?? 'route not given'}, start ${a.startDateTime ?? '—'}, ` +
          `effective dose ${fmt(a.effectiveDoseMSv?.value)} mSv, ${a.organDoses.length} organ doses`,
      );
    }
  }
  if (p.events.length > 0) {
    lines.push('');
    lines.push(`Missing geometry (events of ${p.events.length} without the value)`);
    lines.push(`  ${GEOMETRY.map(([label, pick]) => `${label} ${p.events.filter((e) => pick(e) === null).length}`).join(', ')}`);
  }
  if (p.warnings.length > 0) {
    lines.push('');
    lines.push('Warnings');
    for (const w of p.warnings) lines.push(`  ${w}`);
  }
  return lines.join('\n');
}

export function formatRdsrError(file: string, error: RdsrError): string {
  const details = [error.what && `what: ${error.what}`, error.unit !== undefined && `unit: ${error.unit}`, error.concept && `concept: ${error.concept}`].filter(
    Boolean,
  );
  return `kerma rdsr: ${file}: ${error.code}: ${error.message}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}

/** The reader is loaded when a command runs, so `kerma --help` and the other commands never pay for it. */
async function readReport(file: string): Promise<ParseOutcome> {
  const { parseDoseReport } = await import('@kerma/rdsr');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (err) {
    return { ok: false, error: { code: 'not-dicom', message: `cannot read the file: ${(err as Error).message}` } };
  }
  return parseDoseReport(bytes);
}

async function run(file: string, render: (p: Procedure) => string): Promise<void> {
  const outcome = await readReport(file);
  if (!outcome.ok) {
    process.stderr.write(`${formatRdsrError(file, outcome.error)}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`${render(outcome.procedure)}\n`);
}

/** `kerma rdsr dump FILE` and `kerma rdsr summary FILE`. */
export function registerRdsrCommands(program: Command): void {
  const rdsr = program.command('rdsr').description('read X-ray radiation dose reports (RDSR)');
  rdsr
    .command('dump')
    .argument('<file>', 'DICOM Part-10 dose report')
    .description('the normalized procedure as JSON (units in field names; events in one array)')
    .action((file: string) => run(file, dumpProcedure));
  rdsr
    .command('summary')
    .argument('<file>', 'DICOM Part-10 dose report')
    .description('one screen: device, events per plane and type, device totals vs event sums, missing geometry')
    .action((file: string) => run(file, summarizeProcedure));
}
