import type { Queryable } from '../../platform/db/db.js';

/**
 * Victims and places past the ASB Case Review threshold with no open case, for an area's home
 * pages. Counting is over every report in the area's window (about a second at a million reports),
 * so the counts are kept a minute per area (platform/figures.ts); which of them already have an
 * open case is asked on every view, so opening a case takes its victim or place off at once.
 */

/** A victim's reports in the window, counted over the records treated as the same person. */
export interface VictimThread {
  personId: string;
  reports: number;
  agencies: number;
  /** Records linked to this one (confirmed or strong suggestions, by their merged record): counted with it. */
  linked: string[];
  /** The reports counted, to open a case from. */
  reportIds: string[];
}

export interface PlaceThread {
  placeId: string;
  line1: string | null;
  postcode: string | null;
  lsoaCode: string | null;
  /** Reports in the longer of the Case Review and repeat-location windows. */
  reports: number;
  /** Reports in the Case Review window alone. */
  caseReviewReports: number;
  agencies: number;
}

/** How many counted threads are kept per area: enough to fill a list after taking out those with an open case. */
export const THREADS_KEPT = 1000;

/**
 * Victims with at least `reports` reports in the last `days` days, at the area's agencies, counted
 * as intake counts them for its Case Review flag: over the person's merged records and the records
 * linked to them (confirmed, or suggested at `linkThreshold` or above), so a victim flagged at intake
 * is listed before anyone confirms the links. Each listed person has at least one report naming them
 * as a victim themselves; strongest first, then the one with most reports of their own.
 */
export async function victimThreads(q: Queryable, areaId: string, rule: { days: number; reports: number; linkThreshold: number }): Promise<VictimThread[]> {
  const { rows } = await q.query<{ owner: string; reports: number; agencies: number; linked: string[]; report_ids: string[] }>(
    // Only merged people are joined, to find who they became: joining everyone hashed every person.
    `with merged as (select id, merged_into from people where merged_into is not null),
     victim_reports as materialized (
       select coalesce(m.merged_into, rp.person_id) as root, r.id as report, r.reporting_agency_id as agency
       from report_people rp join reports r on r.id = rp.report_id
       left join merged m on m.id = rp.person_id
       where rp.role = 'victim' and r.received_at >= now() - make_interval(days => $1)
         and r.reporting_agency_id in (select id from agencies where area_id = $3)),
     edges as (
       select coalesce(ma.merged_into, s.person_id) as a, coalesce(mb.merged_into, s.candidate_person_id) as b
       from link_suggestions s left join merged ma on ma.id = s.person_id left join merged mb on mb.id = s.candidate_person_id
       where s.status = 'confirmed' or (s.status = 'suggested' and s.probability >= $4::float8)),
     pairs as materialized (select a, b from edges where a <> b union select b, a from edges where a <> b),
     counted as (
       select owner, count(distinct report)::int as reports, count(distinct agency)::int as agencies,
              count(distinct report) filter (where direct) as own, array_agg(distinct report) as report_ids
       from (select root as owner, report, agency, true as direct from victim_reports
             union all
             select p.a, v.report, v.agency, false from pairs p join victim_reports v on v.root = p.b) g
       group by owner having count(distinct report) >= $2 and bool_or(direct)
       order by reports desc, own desc, owner limit $5)
     select c.owner, c.reports, c.agencies, coalesce(l.linked, '{}') as linked, c.report_ids from counted c
     left join (select a, array_agg(b order by b) as linked from pairs group by a) l on l.a = c.owner
     order by c.reports desc, c.own desc, c.owner`,
    [rule.days, rule.reports, areaId, rule.linkThreshold, THREADS_KEPT],
  );
  return rows.map((r) => ({ personId: r.owner, reports: r.reports, agencies: r.agencies, linked: r.linked, reportIds: r.report_ids }));
}

/**
 * Places with at least `reports` reports at the area's agencies in the last `days` days (the longer
 * of the Case Review and repeat-location windows), with how many fall in the Case Review window.
 */
export async function placeThreads(q: Queryable, areaId: string, rule: { days: number; reports: number; caseReviewDays: number }): Promise<PlaceThread[]> {
  const { rows } = await q.query<{ id: string; line1: string | null; postcode: string | null; lsoa_code: string | null; reports: number; case_review_reports: number; agencies: number }>(
    // Agencies are counted for the places kept alone: counting them for every place sorted every report (0.49 → 0.32 s at a million).
    `select pl.id, pl.line1, pl.postcode, pl.lsoa_code, x.reports, x.case_review_reports,
            (select count(distinct r.reporting_agency_id)::int from reports r where r.place_id = x.place_id and r.received_at >= now() - make_interval(days => $1)
               and r.reporting_agency_id in (select id from agencies where area_id = $3)) as agencies
     from (select r.place_id, count(*)::int as reports,
                  (count(*) filter (where r.received_at >= now() - make_interval(days => $4)))::int as case_review_reports
           from reports r
           where r.place_id is not null and r.received_at >= now() - make_interval(days => $1)
             and r.reporting_agency_id in (select id from agencies where area_id = $3)
           group by r.place_id having count(*) >= $2
           order by reports desc, r.place_id limit $5) x
     join places pl on pl.id = x.place_id
     order by x.reports desc, pl.id`,
    [rule.days, rule.reports, areaId, rule.caseReviewDays, THREADS_KEPT],
  );
  return rows.map((r) => ({ placeId: r.id, line1: r.line1, postcode: r.postcode, lsoaCode: r.lsoa_code, reports: r.reports, caseReviewReports: r.case_review_reports, agencies: r.agencies }));
}

/**
 * Of these people (merged records, as victimThreads gives them), those being dealt with: named in an
 * open case (they or any record merged into them, in any role), or merged into someone since counted.
 */
export async function peopleDealtWith(q: Queryable, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { rows } = await q.query<{ id: string }>(
    `select id from people where id = any($1::uuid[]) and merged_into is not null
     union
     select coalesce(p.merged_into, p.id) from case_people cp join cases c on c.id = cp.case_id join people p on p.id = cp.person_id
     where c.status <> 'closed' and cp.person_id = any(array(select unnest($1::uuid[]) union all select id from people where merged_into = any($1::uuid[])))`,
    [ids],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Of these places, those with a report in an open case. Each place stops at its first such report:
 * a hotspot is in many cases, and reading all their reports cost 17 ms for 200 places (now 3 ms).
 */
export async function placesDealtWith(q: Queryable, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { rows } = await q.query<{ place_id: string }>(
    `select p.id as place_id from unnest($1::uuid[]) p(id)
     where exists (select 1 from case_reports cr join cases c on c.id = cr.case_id where cr.place_id = p.id and c.status <> 'closed')`,
    [ids],
  );
  return new Set(rows.map((r) => r.place_id));
}

/**
 * The victims to list, in order, at most `max`: those not being dealt with (neither they nor a record
 * linked to them is in `dealtWith`), each once: a person counted with one already listed is the
 * same thread seen from the other record, so is left out.
 */
export function distinctThreads(threads: VictimThread[], dealtWith: Set<string>, max: number): VictimThread[] {
  const out: VictimThread[] = [];
  const covered = new Set<string>();
  for (const t of threads) {
    if (out.length >= max) break;
    if (covered.has(t.personId) || dealtWith.has(t.personId) || t.linked.some((id) => dealtWith.has(id))) continue;
    out.push(t);
    covered.add(t.personId);
    for (const id of t.linked) covered.add(id);
  }
  return out;
}

/** The ids whose cases decide whether these threads are being dealt with. */
export const threadPeople = (threads: VictimThread[]) => [...new Set(threads.flatMap((t) => [t.personId, ...t.linked]))];

const CHUNK = 200;

/** distinctThreads over the kept threads, asking which are dealt with a chunk at a time until the list is full. */
export async function victimsToList(q: Queryable, threads: VictimThread[], max: number): Promise<VictimThread[]> {
  const dealtWith = new Set<string>();
  for (let end = CHUNK; ; end += CHUNK) {
    for (const id of await peopleDealtWith(q, threadPeople(threads.slice(end - CHUNK, end)))) dealtWith.add(id);
    const listed = distinctThreads(threads.slice(0, end), dealtWith, max);
    if (listed.length >= max || end >= threads.length) return listed;
  }
}

/** The places to list, in order, at most `max`: those with no report in an open case. */
export async function placesToList(q: Queryable, places: PlaceThread[], max: number): Promise<PlaceThread[]> {
  const out: PlaceThread[] = [];
  for (let start = 0; start < places.length && out.length < max; start += CHUNK) {
    const chunk = places.slice(start, start + CHUNK);
    const dealtWith = await placesDealtWith(q, chunk.map((p) => p.placeId));
    out.push(...chunk.filter((p) => !dealtWith.has(p.placeId)));
  }
  return out.slice(0, max);
}

/** The reports in the Case Review window at each of these places (the area's), so a case can be opened from them. */
export async function placeReports(q: Queryable, placeIds: string[], days: number, agencyIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map(placeIds.map((id) => [id, [] as string[]]));
  if (!placeIds.length) return out;
  const { rows } = await q.query<{ id: string; place_id: string }>(
    `select id, place_id from reports
     where place_id = any($1::uuid[]) and received_at >= now() - make_interval(days => $2) and reporting_agency_id = any($3::uuid[])
     order by id`,
    [placeIds, days, agencyIds],
  );
  for (const r of rows) out.get(r.place_id)?.push(r.id);
  return out;
}
