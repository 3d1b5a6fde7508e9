/**
 * The dose text of a vendor CT dose screen, as written in a header field: Philips writes
 * "Total DLP=…" in Comments on Radiation Dose (0040,0310); Siemens and GE dose report objects carry
 * "Total DLP", and per series "CTDIvol … DLP …", in Image Comments (0020,4000). Read: the DLP total
 * and, where the text has them, per-series CTDIvol and DLP pairs. Units: mGy·cm and mGy, the only
 * ones these screens print; a different unit next to a figure refuses the text.
 */

export interface DoseScreenSeries {
  readonly label: string | null;
  readonly ctdiVolMGy: number;
  readonly dlpMGyCm: number;
}

export interface DoseScreenText {
  readonly dlpTotalMGyCm: number;
  readonly matched: string;
  readonly series: readonly DoseScreenSeries[];
}

export type DoseScreenReading = { readonly ok: true; readonly screen: DoseScreenText } | { readonly ok: false; readonly missing: string };

const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
/** A dose unit after the figure (any other word after it, e.g. the next field's name, is not a unit). */
const DLP_UNIT = String.raw`(?:\s*\(?\s*((?:[mµu]?Gy)(?:\s*[*.·x]?\s*c?m)?)\b\s*\)?)?`;
const TOTAL_DLP = new RegExp(String.raw`Total\s*DLP\s*[=:]?\s*${NUMBER}${DLP_UNIT}`, 'i');
const SERIES = new RegExp(String.raw`(?:^|[;\n\r]|\s{2,})\s*([^;\n\r=]*?)\s*CTDI\s*vol\s*[=:]?\s*${NUMBER}\s*(?:mGy)?[\s,;]*DLP\s*[=:]?\s*${NUMBER}`, 'gi');

function decimal(text: string): number {
  return Number(text.replace(',', '.'));
}

/** mGy·cm from the unit printed after a DLP figure; null for a unit that is not a DLP unit. */
function dlpInMGyCm(value: number, unit: string | undefined): number | null {
  if (unit === undefined) return value;
  const compact = unit.replace(/[\s*.·x()]/g, '').toLowerCase();
  if (compact === 'mgycm') return value;
  if (compact === 'gycm') return value * 1000;
  return null;
}

export function readDoseScreenText(text: string | null): DoseScreenReading {
  if (text === null) return { ok: false, missing: 'no dose text' };
  const total = TOTAL_DLP.exec(text);
  if (!total) return { ok: false, missing: 'no "Total DLP" figure in the text' };
  const dlpTotalMGyCm = dlpInMGyCm(decimal(total[1]!), total[2]);
  if (dlpTotalMGyCm === null || !Number.isFinite(dlpTotalMGyCm)) return { ok: false, missing: `"Total DLP" has the unit "${total[2]}", not mGy·cm` };
  const series = [...text.matchAll(SERIES)]
    .filter((m) => !/total/i.test(m[1] ?? ''))
    .map((m) => ({ label: m[1]?.trim() || null, ctdiVolMGy: decimal(m[2]!), dlpMGyCm: decimal(m[3]!) }))
    .filter((s) => Number.isFinite(s.ctdiVolMGy) && Number.isFinite(s.dlpMGyCm));
  return { ok: true, screen: { dlpTotalMGyCm, matched: total[0].trim(), series } };
}
