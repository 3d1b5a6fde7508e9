/**
 * Decimal strings (DS, IS) read straight from their bytes. A long report holds tens of thousands of
 * them, nearly all different, so decoding each to a string only to parse it again is pure overhead.
 * The common case — one ASCII value of at most 15 digits and a small exponent — is computed exactly
 * here; anything else is left to the text path.
 */

/** Exact powers of ten as doubles (10^22 is the largest one a double holds exactly). */
const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
/** Below 2^53, so the digits read as an integer without rounding. */
const MAX_EXACT_DIGITS = 15;
const MAX_EXPONENT = 100_000;

const ZERO = 0x30;
const NINE = 0x39;
const PLUS = 0x2b;
const MINUS = 0x2d;
const POINT = 0x2e;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

function isDecimalCharacter(b: number): boolean {
  return (b >= ZERO && b <= NINE) || b === PLUS || b === MINUS || b === POINT || b === LOWER_E || b === UPPER_E;
}

/**
 * The value of `bytes[start, end)` read as one decimal of the form [+-](d+[.d*] | .d+)[(e|E)[+-]d+]:
 * the number, exactly as `Number(text)` gives it; null when the bytes are decimal characters that do
 * not form a decimal; undefined when the bytes hold anything else or too many digits (read them as text).
 * With at most 15 digits and a power of ten up to 10^22, one IEEE multiplication or division of two
 * exact operands is correctly rounded, which is what Number() guarantees.
 */
export function plainDecimal(bytes: Uint8Array, start: number, end: number): number | null | undefined {
  for (let i = start; i < end; i++) {
    if (!isDecimalCharacter(bytes[i]!)) return undefined;
  }
  let i = start;
  const negative = bytes[i] === MINUS;
  if (bytes[i] === MINUS || bytes[i] === PLUS) i++;
  let digits = 0;
  let mantissa = 0;
  let fractionDigits = 0;
  for (; i < end && bytes[i]! >= ZERO && bytes[i]! <= NINE; i++, digits++) mantissa = mantissa * 10 + (bytes[i]! - ZERO);
  if (i < end && bytes[i] === POINT) {
    for (i++; i < end && bytes[i]! >= ZERO && bytes[i]! <= NINE; i++, digits++, fractionDigits++) mantissa = mantissa * 10 + (bytes[i]! - ZERO);
  }
  if (digits === 0) return null;
  let exponent = 0;
  if (i < end && (bytes[i] === LOWER_E || bytes[i] === UPPER_E)) {
    i++;
    const negativeExponent = bytes[i] === MINUS;
    if (bytes[i] === MINUS || bytes[i] === PLUS) i++;
    const first = i;
    for (; i < end && bytes[i]! >= ZERO && bytes[i]! <= NINE; i++) {
      if (exponent < MAX_EXPONENT) exponent = exponent * 10 + (bytes[i]! - ZERO);
    }
    if (i === first) return null;
    if (negativeExponent) exponent = -exponent;
  }
  if (i !== end) return null;
  const power = exponent - fractionDigits;
  if (digits > MAX_EXACT_DIGITS || power > 22 || power < -22) return undefined;
  const magnitude = power >= 0 ? mantissa * POWERS_OF_TEN[power]! : mantissa / POWERS_OF_TEN[-power]!;
  return negative ? -magnitude : magnitude;
}
