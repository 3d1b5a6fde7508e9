import { ContractViolationError } from '../contract';
import { skinDoseCalculatedV1 as calculated } from '../../test/messages';
import { SkinDoseCalculatedV1 } from './skin-dose-calculated.v1';

describe('skin-dose.calculated v1: the optional 95 % interval', () => {
  it('accepts a message with psdInterval95Gy and one written before it existed', () => {
    expect(SkinDoseCalculatedV1.parse(calculated({ psdInterval95Gy: { lowerGy: 0.78, upperGy: 1.9 } }))).toMatchObject({
      psdInterval95Gy: { lowerGy: 0.78, upperGy: 1.9 },
    });
    expect(SkinDoseCalculatedV1.parse(calculated())).not.toHaveProperty('psdInterval95Gy');
  });

  it('rejects a negative lower bound', () => {
    expect(() => SkinDoseCalculatedV1.parse(calculated({ psdInterval95Gy: { lowerGy: -0.1, upperGy: 1.9 } }))).toThrow(ContractViolationError);
  });
});
