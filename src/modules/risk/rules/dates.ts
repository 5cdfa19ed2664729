/**
 * Date arithmetic for the risk rules, in UTC so results never depend on the server's time zone
 * or the clocks changing.
 */

/** Dates arrive as Date from the database and as ISO strings from JSON; accept both. */
export type DateInput = Date | string;

const DAY_MS = 86_400_000;

export function toDate(value: DateInput, what = 'date'): Date {
  const d = value instanceof Date ? new Date(value.getTime()) : new Date(value);
  if (Number.isNaN(d.getTime())) throw new RangeError(`${what} is not a valid date: ${String(value)}`);
  return d;
}

export function addDays(from: DateInput, days: number): Date {
  return new Date(toDate(from).getTime() + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier), rounded down. */
export function daysBetween(from: DateInput, to: DateInput): number {
  return Math.floor((toDate(to).getTime() - toDate(from).getTime()) / DAY_MS);
}

/** Same day-of-month `months` later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb). */
export function addMonths(from: DateInput, months: number): Date {
  const d = toDate(from);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  target.setUTCHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return target;
}

/** Completed calendar months from `from` to `to`; 0 when `to` is not later. */
export function wholeMonthsBetween(from: DateInput, to: DateInput): number {
  const a = toDate(from);
  const b = toDate(to);
  if (b <= a) return 0;
  let months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  if (addMonths(a, months) > b) months -= 1;
  return Math.max(0, months);
}
