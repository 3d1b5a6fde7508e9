import { formatDecimalString, generateRdsr, procedureSpec, rdsrDataset, representable } from './index';
import { dcmjs } from './dicom/dcmjs';
import { readBack } from './read-back';

describe('Explicit VR Little Endian encoding', () => {
  it('reads back exactly as dcmjs reads its own writing of the same dataset', () => {
    const spec = procedureSpec({ vendor: 'philips-allura', seed: 2, events: 6, biplane: true });
    const ours = readBack(generateRdsr(spec)).dataset;
    const file = new dcmjs.data.DicomDict({});
    file.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(rdsrDataset(spec));
    const viaDcmjs = readBack(new Uint8Array(file.write())).dataset;
    expect(JSON.parse(JSON.stringify(ours))).toEqual(JSON.parse(JSON.stringify(viaDcmjs)));
  });
});

describe('decimal strings', () => {
  it('keeps short values unchanged', () => {
    expect(formatDecimalString(0.00027902)).toBe('0.00027902');
    expect(formatDecimalString(-87.4)).toBe('-87.4');
  });

  it('fits long values in 16 characters and the spec keeps the written value', () => {
    for (const value of [Math.PI * 1e-7, 1 / 3, -2 / 3, 123456789.123456789, 7.09366391175e-4 / 3]) {
      const written = formatDecimalString(value);
      expect(written.length).toBeLessThanOrEqual(16);
      expect(Number(written)).toBe(representable(value));
      expect(formatDecimalString(representable(value))).toBe(written);
    }
  });

  it('rejects values that are not finite numbers', () => {
    expect(() => formatDecimalString(Number.NaN)).toThrow(/finite/);
  });
});
