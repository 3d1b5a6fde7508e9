/**
 * The patient's age at the study as DICOM Patient Age (AS) would give it, from two calendar dates. Pure
 * calendar arithmetic on the dates as written: no time of day and no time zone enter, so a date is never
 * shifted to the day before or after.
 */

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A complete DICOM DA (YYYYMMDD, or the YYYY.MM.DD of older objects) as a calendar date; null for a partial
 * date (year or year and month only, or 00 for an unknown month or day) and for a day the calendar does not have.
 */
export function calendarDate(da: string): CalendarDate | null {
  const m = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(da.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/**
 * Whole months from `born` to `at`. A month (or a year) is complete on the same day of the month; where that
 * month has no such day (born on the 31st, or on 29 February in a common year), on the first day of the next
 * month, so a 29 February birthday falls on 1 March.
 */
function completedMonths(born: CalendarDate, at: CalendarDate): number {
  return (at.year - born.year) * 12 + (at.month - born.month) - (at.day < born.day ? 1 : 0);
}

function utcDay(d: CalendarDate): number {
  return Date.UTC(d.year, d.month - 1, d.day) / 86_400_000;
}

/** A Patient Age (AS) as its count and unit: days, weeks, months or years. */
export interface AgeString {
  readonly count: number;
  readonly unit: 'D' | 'W' | 'M' | 'Y';
}

/** The AS text of an age: three digits and the unit (045Y, 006M, 010D). */
export function formatAge(age: AgeString): string {
  return `${String(age.count).padStart(3, '0')}${age.unit}`;
}

/**
 * The age at `at` of a patient born on `born`, in the unit a modality writes Patient Age in: completed years
 * from one year on, completed months under a year, days under a month. Null when `at` is before `born`.
 */
export function ageAt(born: CalendarDate, at: CalendarDate): AgeString | null {
  const months = completedMonths(born, at);
  if (months >= 12) return { count: Math.floor(months / 12), unit: 'Y' };
  if (months >= 1) return { count: months, unit: 'M' };
  const days = utcDay(at) - utcDay(born);
  return days >= 0 ? { count: days, unit: 'D' } : null;
}
