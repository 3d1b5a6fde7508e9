import type { CumulativeSkinDose } from '../../cumulative';
import { ALGORITHM_VERSION } from '../../version';
import type { SkinDoseMapFigure } from './figure';
import { formatDateTime, formatDose } from './format';

export interface CumulativeMapWindow {
  readonly days: number;
  readonly since: string;
  readonly until: string;
}

/** How many study dates are listed before "and n more". */
const LISTED_DATES = 8;

function studiesText(c: CumulativeSkinDose): string[] {
  const withMap = c.studies.filter((s) => s.contribution === 'map');
  const atPeak = c.studies.filter((s) => s.contribution === 'added-at-peak');
  const dates = (list: typeof withMap): string => {
    const shown = list.slice(0, LISTED_DATES).map((s) => `${formatDateTime(s.studyTime).slice(0, 10)} (${s.psdGy === null ? '?' : formatDose(s.psdGy)})`);
    return list.length > LISTED_DATES ? `${shown.join(', ')} and ${list.length - LISTED_DATES} more` : shown.join(', ');
  };
  const lines = [`${withMap.length} study map(s) added: ${dates(withMap) || 'none'}`];
  if (atPeak.length) lines.push(`${atPeak.length} study PSD(s) without a body map added at the peak (${formatDose(c.addedWithoutMapGy)}): ${dates(atPeak)}`);
  return lines;
}

/** The figure of a patient's cumulative skin dose over a window. */
export function cumulativeMapFigure(c: CumulativeSkinDose, window: CumulativeMapWindow): SkinDoseMapFigure {
  const warnings: string[] = [];
  if (c.studiesWithUnknownPsd > 0)
    warnings.push(`${c.studiesWithUnknownPsd} study(ies) in the window have no known skin dose: the cumulative PSD is a lower bound.`);
  if (c.addedWithoutMapGy > 0)
    warnings.push(`${formatDose(c.addedWithoutMapGy)} from studies without a body map is added at the peak (conservative, not drawn on the map).`);
  return {
    title: `Cumulative skin dose map, last ${window.days} days (${window.since.slice(0, 10)} to ${window.until.slice(0, 10)})`,
    map: c.doseMap,
    phantomKind: c.phantom.surface.kind,
    peakGy: c.cumulativePsdGy ?? 0,
    peakLabel: 'Cumulative peak skin dose',
    peakInterval: c.interval ? `interval ${formatDose(c.interval.lowGy)} – ${formatDose(c.interval.highGy)} (k = 2)` : null,
    psdLocation: c.psdLocation,
    warnings,
    details: [
      `Cumulative PSD location: ${c.psdLocation ? `${c.psdLocation.region} (marked on the map)` : 'not located'}`,
      ...(c.sumOfPsdGy !== null ? [`Sum of the study PSDs ${formatDose(c.sumOfPsdGy)} (upper bound: every peak on the same skin)`] : []),
      ...studiesText(c),
      `Patient phantom: ${c.phantom.description}`,
      `Study maps summed on one body surface · algorithm ${ALGORITHM_VERSION}`,
    ],
  };
}
