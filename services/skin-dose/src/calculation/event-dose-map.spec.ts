import { computeSkinDose, decodeDoseGrid, serializeDoseMap } from '@kerma/dosimetry';
import { skinDoseMapV1Schema } from '@kerma/contracts';
import { generateRdsr, procedureSpec } from '@kerma/testing';
import { parseDoseReport } from '@kerma/rdsr';
import { figuresOf } from './skin-dose-figures';
import { eventDoseMap } from './event-dose-map';

describe('eventDoseMap', () => {
  const parsed = parseDoseReport(generateRdsr(procedureSpec({ seed: 21, events: 6, patient: { heightM: 1.62, weightKg: 58 } })));
  if (!parsed.ok) throw new Error(parsed.error.message);

  it('carries the grid bit for bit and names the phantom it is on', () => {
    const result = computeSkinDose(parsed.procedure, { phantom: 'human', cellSizeMm: 10 });
    const map = eventDoseMap(figuresOf(result), serializeDoseMap(result.doseMap!), {})!;
    expect(skinDoseMapV1Schema.parse(map)).toEqual(map);
    expect(map.surface).toEqual({ kind: 'human', cellSizeMm: 10, heightM: 1.62, massKg: 58 });
    const grid = decodeDoseGrid(Buffer.from(map.data, 'base64'), map.widthCells * map.heightCells);
    expect(Buffer.from(grid.buffer).equals(Buffer.from(result.doseMap!.doseGy.buffer))).toBe(true);
  });

  it('gives the cylinder its dimensions, and nothing when there is no map', () => {
    const result = computeSkinDose(parsed.procedure, { phantom: 'cylinder' });
    expect(eventDoseMap(figuresOf(result), serializeDoseMap(result.doseMap!), {})!.surface).toEqual({
      kind: 'cylinder',
      cellSizeMm: 10,
      semiAxisLateralMm: 200,
      semiAxisApMm: 100,
      lengthMm: 1500,
    });
    expect(eventDoseMap(figuresOf(result), null, {})).toBeNull();
  });
});
