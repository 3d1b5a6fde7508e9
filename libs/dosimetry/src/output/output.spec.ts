import { inflateSync } from 'node:zlib';
import { computeSkinDose, renderSkinDoseMapPng, serializeDoseMap, deserializeDoseMap } from '../index';
import { testEvent, testProcedure } from '../../test/procedure-builder';
import { encodePng } from './png';

describe('dose map output', () => {
  const result = computeSkinDose(testProcedure({ events: [testEvent({ kermaGy: 3 }), testEvent({ kermaGy: 1, primaryDeg: 60 })] }), { phantom: 'human' });

  it('round-trips the map through JSON, NaN outside the body included', () => {
    const json = JSON.parse(JSON.stringify(serializeDoseMap(result.doseMap!)));
    const back = deserializeDoseMap(json);
    expect(back.widthCells).toBe(result.doseMap!.widthCells);
    expect(Array.from(back.doseGy)).toEqual(Array.from(result.doseMap!.doseGy));
    expect(() => deserializeDoseMap({ ...json, data: json.data.slice(8) })).toThrow(/bytes/);
  });

  it('keeps the rest of the result JSON-serializable', () => {
    const { doseMap, ...rest } = result;
    expect(JSON.parse(JSON.stringify(rest))).toEqual(rest);
    expect(doseMap).not.toBeNull();
  });

  it('encodes a valid PNG whose pixels decode back', () => {
    const png = encodePng(2, 1, Uint8Array.from([255, 0, 0, 0, 0, 255]));
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const idatAt = Buffer.from(png).indexOf('IDAT');
    const len = Buffer.from(png).readUInt32BE(idatAt - 4);
    expect(Array.from(inflateSync(png.subarray(idatAt + 4, idatAt + 4 + len)))).toEqual([0, 255, 0, 0, 0, 0, 255]);
  });

  it('renders the map with its size from the map grid', () => {
    const png = Buffer.from(renderSkinDoseMapPng(result));
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(width).toBeGreaterThan(result.doseMap!.widthCells * 6);
    expect(height).toBeGreaterThanOrEqual(result.doseMap!.heightCells * 6);
  });
});
