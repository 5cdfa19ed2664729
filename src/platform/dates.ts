// UK time, whatever the server's zone: a meeting at 00:30 on a summer morning is on that day, not the day before.
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/London' });

/**
 * A day as the web app shows dates ("13 Dec 2026"), for texts people read that are written on the
 * server (task titles, chronology entries, messages): a date ("2026-12-13") or a moment.
 */
export function ukDay(d: Date | string): string {
  return DAY.format(typeof d === 'string' ? new Date(d) : d);
}
