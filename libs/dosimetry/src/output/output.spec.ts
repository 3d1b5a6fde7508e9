import { computeSkinDose, serializeDoseMap, deserializeDoseMap } from '../index';
import { testEvent, testProcedure } from '../../test/procedure-builder';

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
});
