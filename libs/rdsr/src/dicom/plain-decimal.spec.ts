import { seededRandom } from '@kerma/testing';
import { plainDecimal } from './plain-decimal';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** What the text path gives for one plain value: the regex check, then Number(). */
function viaText(text: string): number | null {
  if (!DECIMAL.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function read(text: string): number | null | undefined {
  const bytes = ascii(`  ${text} `);
  return plainDecimal(bytes, 2, 2 + text.length);
}

describe('plainDecimal', () => {
  it.each(['0', '-0', '+7', '12.5', '.5', '5.', '-0.000123', '1e5', '2.5E-3', '1.234567890123e-10', '0.1', '999999999999999'])(
    'reads %s exactly as Number() does',
    (text) => {
      const value = read(text);
      expect(value).not.toBeUndefined();
      expect(Object.is(value, viaText(text))).toBe(true);
    },
  );

  it.each(['', '.', '+', '-', 'e5', '1e', '1e+', '1-2', '1..2', '+-1', '1.2.3', '--1', '.e1'])('gives null for the non-decimal %p', (text) => {
    expect(read(text)).toBeNull();
    expect(viaText(text)).toBeNull();
  });

  it.each(['1\\2', ' 1', '1,5', '0x10', 'NaN', 'Infinity', '12345678901234567', '1e23', '1e-400'])('leaves %p to the text path', (text) => {
    expect(read(text)).toBeUndefined();
  });

  it('agrees with Number() on random decimal strings', () => {
    const r = seededRandom(2024);
    const digits = (n: number) => Array.from({ length: n }, () => String(r.integer(0, 9))).join('');
    let readDirectly = 0;
    for (let i = 0; i < 20_000; i++) {
      const sign = r.pick(['', '-', '+'])!;
      const int = digits(r.integer(0, 9));
      const frac = r.integer(0, 3) === 0 ? '' : `.${digits(r.integer(0, 9))}`;
      const exp = r.integer(0, 4) === 0 ? `${r.pick(['e', 'E'])!}${r.pick(['', '-', '+'])!}${digits(r.integer(1, 2))}` : '';
      const text = `${sign}${int}${frac}${exp}`;
      const value = read(text);
      if (value === undefined) continue;
      readDirectly++;
      expect(Object.is(value, viaText(text)) ? text : `${text}: ${value} ≠ ${viaText(text)}`).toBe(text);
    }
    // Most strings must take the direct path, or this test compares nothing.
    expect(readDirectly).toBeGreaterThan(10_000);
  });
});
