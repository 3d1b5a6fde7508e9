import { aapm204ConversionFactor, sizeSpecificDoseEstimate } from './ssde';

/**
 * Known answers: the conversion factors AAPM Report 204 tabulates (Table 1D, 32 cm phantom; Table 2D,
 * 16 cm phantom), which its fit f = a·e^(−b·D) reproduces to the tables' two decimals.
 */
describe('AAPM Report 204 conversion factor', () => {
  it.each([
    [8, 2.76],
    [10, 2.57],
    [20, 1.78],
    [24, 1.53],
    [30, 1.23],
    [40, 0.85],
    [45, 0.71],
  ])('32 cm phantom, effective diameter %d cm: %d', (d, f) => {
    expect(aapm204ConversionFactor(d, '32cm')).toBeCloseTo(f, 2);
  });

  it.each([
    [8, 1.38],
    [10, 1.27],
    [16, 1.01],
    [20, 0.86],
    [30, 0.59],
    [40, 0.4],
  ])('16 cm phantom, effective diameter %d cm: %d', (d, f) => {
    expect(aapm204ConversionFactor(d, '16cm')).toBeCloseTo(f, 2);
  });
});

describe('sizeSpecificDoseEstimate', () => {
  it('is f × CTDIvol, with the effective diameter √(AP × LAT) from lateral and AP dimensions', () => {
    const r = sizeSpecificDoseEstimate({ ctdiVolMGy: 10, phantom: '32cm', size: { kind: 'lateral-and-ap', lateralCm: 36, apCm: 25 } });
    expect(r).toMatchObject({ diameterCm: 30, method: 'aapm-204-lateral-and-ap', phantom: '32cm' });
    expect(r.ssdeMGy).toBeCloseTo(12.31, 2);
  });

  it('uses a water-equivalent diameter (AAPM Report 220) in place of the effective diameter', () => {
    const r = sizeSpecificDoseEstimate({ ctdiVolMGy: 5, phantom: '16cm', size: { kind: 'water-equivalent-diameter', cm: 16 } });
    expect(r).toMatchObject({ method: 'aapm-220-water-equivalent-diameter', diameterCm: 16 });
    expect(r.ssdeMGy).toBeCloseTo(5.046, 3);
  });

  it('is null with the reason when the size, the phantom or CTDIvol is unknown, or the size is outside the report (never a default)', () => {
    expect(sizeSpecificDoseEstimate({ ctdiVolMGy: 10, phantom: '32cm', size: null })).toEqual({
      ssdeMGy: null,
      reason: expect.stringContaining('patient size is unknown'),
    });
    expect(sizeSpecificDoseEstimate({ ctdiVolMGy: 10, phantom: null, size: { kind: 'effective-diameter', cm: 30 } })).toEqual({
      ssdeMGy: null,
      reason: expect.stringContaining('phantom'),
    });
    expect(sizeSpecificDoseEstimate({ ctdiVolMGy: null, phantom: '32cm', size: { kind: 'effective-diameter', cm: 30 } })).toEqual({
      ssdeMGy: null,
      reason: 'the acquisition has no CTDIvol',
    });
    expect(sizeSpecificDoseEstimate({ ctdiVolMGy: 10, phantom: '32cm', size: { kind: 'effective-diameter', cm: 60 } })).toEqual({
      ssdeMGy: null,
      reason: expect.stringContaining('outside'),
    });
  });
});
