/**
 * DICOM DA / TM / DT to ISO 8601 local forms. Time zone offsets are kept when written and never
 * assumed. Strings that do not follow the DICOM form are returned unchanged rather than guessed at.
 */

const DT = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\.\d{1,6})?([+-]\d{4})?$/;

export function isoDateTime(dt: string): string {
  const m = DT.exec(dt.trim());
  if (!m) return dt;
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  let out = y!;
  if (mo) out += `-${mo}`;
  if (d) out += `-${d}`;
  if (h) out += `T${h}`;
  if (mi) out += `:${mi}`;
  if (s) out += `:${s}${frac ?? ''}`;
  if (tz) out += `${tz.slice(0, 3)}:${tz.slice(3)}`;
  return out;
}

export function isoDate(da: string | null): string | null {
  if (da === null) return null;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(da.trim()) ?? /^(\d{4})\.(\d{2})\.(\d{2})$/.exec(da.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** Study Date + Study Time as one ISO local date-time; the date alone when the time is missing. */
export function isoFromDateAndTime(da: string | null, tm: string | null): string | null {
  const date = isoDate(da);
  if (date === null) return null;
  if (tm === null) return date;
  const t = /^(\d{2})(\d{2})?(\d{2})?(\.\d{1,6})?$/.exec(tm.trim().replace(/:/g, ''));
  if (!t) return date;
  return `${date}T${t[1]}:${t[2] ?? '00'}:${t[3] ?? '00'}${t[4] ?? ''}`;
}
