import { doseStatistics, percentileType7 } from './percentiles';

describe('percentileType7 (linear interpolation, Hyndman & Fan type 7)', () => {
  it('gives the known answers of R quantile(type = 7) and NumPy percentile', () => {
    // R: quantile(c(1, 2, 3, 4), c(0.25, 0.5, 0.75)) → 1.75 2.50 3.25
    expect(percentileType7([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(percentileType7([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 12);
    expect(percentileType7([1, 2, 3, 4], 0.75)).toBeCloseTo(3.25, 12);
    // NumPy: np.percentile([15, 20, 35, 40, 50], 75) → 40.0; 40th → 29.0
    expect(percentileType7([15, 20, 35, 40, 50], 0.75)).toBe(40);
    expect(percentileType7([15, 20, 35, 40, 50], 0.4)).toBeCloseTo(29, 12);
  });

  it('is the value itself for one value, the ends at 0 and 1, and null for none', () => {
    expect(percentileType7([7.5], 0.75)).toBe(7.5);
    expect(percentileType7([2, 9], 0)).toBe(2);
    expect(percentileType7([2, 9], 1)).toBe(9);
    expect(percentileType7([], 0.5)).toBeNull();
  });

  it('refuses a percentile outside 0–1', () => {
    expect(() => percentileType7([1], 75)).toThrow('percentile 75 is outside 0–1');
    expect(() => percentileType7([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('doseStatistics', () => {
  it('sorts the values itself and reports count, median and third quartile', () => {
    // DLP (mGy·cm) of ten head CTs: sorted 610 650 700 720 760 800 810 900 950 1200;
    // median between the 5th and 6th = 780; p75 at rank 6.75 → 810 + 0.75·(900 − 810) = 877.5
    const dlp = [900, 610, 1200, 760, 700, 810, 650, 950, 720, 800];
    expect(doseStatistics(dlp)).toEqual({ count: 10, median: 780, p75: 877.5 });
  });

  it('reports nothing known for an empty group rather than 0', () => {
    expect(doseStatistics([])).toEqual({ count: 0, median: null, p75: null });
  });

  it('refuses a value that is not a finite number', () => {
    expect(() => doseStatistics([1, Number.NaN])).toThrow('dose value NaN is not a finite number');
  });
});
