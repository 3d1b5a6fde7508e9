import { bodySurface, encodeDoseGrid, type MapSurface } from '@kerma/dosimetry';
import type { StudyRecord } from '../persistence/study-record.entity';
import type { StudySkinDoseMap } from './study-skin-dose-map.entity';
import { patientSkinDose, studiesInWindow, studySkinDoseOf } from './patient-skin-dose';

/** A map on a 1.70 m phantom (mass not reported): 1.5 Gy on a 5 × 5-cell patch of the back. */
const surface: MapSurface = { kind: 'human', cellSizeMm: 10, heightM: 1.7, massKg: 73.2 };
const phantom = bodySurface(surface).phantom;
const grid = new Float32Array(phantom.mapWidth * phantom.mapHeight).fill(NaN);
for (let i = 0; i < phantom.cellCount; i++) grid[phantom.cellRow[i] * phantom.mapWidth + phantom.cellColumn[i]] = 0;
for (let r = 40; r < 45; r++) for (let c = 44; c < 49; c++) grid[r * phantom.mapWidth + c] = 1.5;
const result = {
  psdGy: 1.5,
  assumptions: [{ code: 'patient-mass-assumed', message: 'patient mass not reported' }],
  doseMap: { widthCells: phantom.mapWidth, heightCells: phantom.mapHeight, doseGy: grid },
};

function record(uid: string, day: string, revision: number | null, state: StudyRecord['skinDoseState'] = 'done'): StudyRecord {
  return {
    studyInstanceUid: uid,
    site: 'a',
    studyDateTime: `${day}T09:00:00`,
    receivedAt: `${day}T10:00:00.000Z`,
    updatedAt: `${day}T10:00:00.000Z`,
    parsedState: 'done',
    skinDoseState: state,
    failures: state === 'failed' ? [{ stage: 'skin-dose', message: 'no usable events' }] : [],
    skinDose:
      revision === null
        ? null
        : {
            psdGy: result.psdGy,
            expandedUncertaintyPercentK2: 30,
            studyRevision: revision,
            assumptions: result.assumptions.map((a) => ({ code: a.code, detail: a.message })),
          },
  } as unknown as StudyRecord;
}

function mapRow(uid: string, revision: number): StudySkinDoseMap {
  const m = result.doseMap!;
  return {
    studyInstanceUid: uid,
    studyRevision: revision,
    calculatedAt: '2026-11-20T10:00:00.000Z',
    surface,
    widthCells: m.widthCells,
    heightCells: m.heightCells,
    doseGrid: encodeDoseGrid(m.doseGy).toString('base64'),
  };
}

describe('patient skin dose from history records', () => {
  it('uses a kept map only when it belongs to the calculation the record shows, and the reported height only', () => {
    const current = studySkinDoseOf(record('1', '2026-11-20', 2), mapRow('1', 2));
    expect(current.map!.doseGy).toEqual(result.doseMap!.doseGy);
    expect(current).toMatchObject({ psdGy: result.psdGy, expandedRelativeK2: 0.3, reportedHeightM: 1.7, reportedMassKg: null });
    expect(studySkinDoseOf(record('1', '2026-11-20', 2), mapRow('1', 1)).map).toBeNull();
  });

  it('says why a PSD is unknown instead of counting it as 0', () => {
    expect(studySkinDoseOf(record('2', '2026-11-20', null, 'pending'), undefined)).toMatchObject({
      psdGy: null,
      unknownReason: 'skin dose not calculated yet',
    });
    expect(studySkinDoseOf(record('3', '2026-11-20', null, 'failed'), undefined).unknownReason).toBe('skin-dose calculation failed: no usable events');
  });

  it('adds the studies of the window only: two identical studies give twice the peak', () => {
    const records = [record('a', '2026-11-20', 1), record('b', '2026-11-25', 1), record('old', '2026-05-01', 1)];
    const maps = new Map(['a', 'b', 'old'].map((uid) => [uid, mapRow(uid, 1)]));
    const { window, inWindow } = studiesInWindow(records, 60, new Date('2026-11-27T12:00:00.000Z'));
    expect(window).toEqual({ days: 60, since: '2026-09-28T12:00:00.000Z', until: '2026-11-27T12:00:00.000Z' });
    const c = patientSkinDose(inWindow, maps);
    const single = patientSkinDose([records[0]], maps);
    expect(c.studies.map((s) => s.studyInstanceUid)).toEqual(['a', 'b']);
    expect(c.cumulativePsdGy).toBe(2 * single.cumulativePsdGy!);
    expect(c.phantom.sizing!.height).toMatchObject({ value: 1.7, studyInstanceUid: 'b' });
  });
});
