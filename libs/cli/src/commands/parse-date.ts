import { InvalidArgumentError } from 'commander';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date option, YYYY-MM-DD (compared as text, which sorts as dates do). */
export function parseDate(value: string): string {
  const m = DATE.exec(value);
  if (!m || +m[2] < 1 || +m[2] > 12 || +m[3] < 1 || +m[3] > 31) throw new InvalidArgumentError('expected a date YYYY-MM-DD');
  return value;
}
