import type { Queryable } from '../../src/platform/db/db.js';

/**
 * The benchmark's mixed workload: each route and its share of requests (out of 100). The load
 * driver picks routes by these weights; `bench:api -- --route-costs` weighs what each costs alone
 * by them, to say which route the mix's CPU goes to.
 */
export const MIX = [
  { name: 'POST /reports (intake + linking)', weight: 15 },
  { name: 'GET /cases/{id}', weight: 25 },
  { name: 'GET /cases/{id}/chronology', weight: 20 },
  { name: 'GET /people?q= (search)', weight: 20 },
  { name: 'GET /cases (my list)', weight: 10 },
  { name: 'POST /assessments', weight: 10 },
] as const;

export type RouteName = (typeof MIX)[number]['name'];

/** Someone on file, as recorded: whom a repeat report names again. */
export interface OnFile {
  name: string;
  dateOfBirth: string;
}

const DAY = 86_400_000;
const BORN_FROM = Date.UTC(1940, 0, 1);

/**
 * Whom a report of the workload names: one in five someone already on file, as recorded (a repeat
 * victim, as a fifth of the loaded area's reports are about the same few people); the rest someone
 * new, with a name from the area's and born on a day spread as its people's are (1940 to 2008). A
 * handful of birth dates for everyone new made each run's reports match thousands of earlier ones
 * (about 8,900 people shared each of nine dates after a day's runs), which no area has.
 */
export function reportedPerson(onFile: OnFile[], names: string[]): OnFile {
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
  if (onFile.length && Math.random() < 0.2) return pick(onFile);
  return { name: pick(names), dateOfBirth: new Date(BORN_FROM + Math.floor(Math.random() * 25_000) * DAY).toISOString().slice(0, 10) };
}

/** `n` people of the area at random: their names to search for, and those with a birth date as on file, to report again. */
export async function namesToUse(q: Queryable, n: number): Promise<{ names: string[]; onFile: OnFile[] }> {
  const { rows } = await q.query<{ display_name: string; date_of_birth: string | null }>('select display_name, date_of_birth from people order by random() limit $1', [n]);
  return {
    names: rows.map((r) => r.display_name),
    onFile: rows.flatMap((r) => (r.date_of_birth ? [{ name: r.display_name, dateOfBirth: r.date_of_birth }] : [])),
  };
}
