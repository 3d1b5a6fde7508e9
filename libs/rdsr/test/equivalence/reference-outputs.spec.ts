import { parseDoseReport } from '../../src/parse-dose-report';
import { REFERENCE_FLAVOURS, asJson } from './reference-flavours';
import REFERENCE_OUTPUTS from './reference-outputs.json';

/**
 * The parse output of each generated flavour deep-equals the output recorded before the reader was
 * optimized (libs/rdsr/scripts/record-reference-outputs.ts). A difference means the reader changed a result;
 * re-record only when that change is intended.
 */
describe('parse output equals the recorded reference', () => {
  const recorded = REFERENCE_OUTPUTS as Record<string, unknown>;

  it('has a recorded output for every flavour', () => {
    expect(Object.keys(recorded).sort()).toEqual(REFERENCE_FLAVOURS.map((f) => f.name).sort());
  });

  it.each(REFERENCE_FLAVOURS.map((f) => [f.name, f] as const))('%s', (name, flavour) => {
    const outcome = parseDoseReport(flavour.bytes());
    expect(outcome.ok).toBe(true);
    expect(asJson(outcome)).toEqual(recorded[name]);
  });
});
