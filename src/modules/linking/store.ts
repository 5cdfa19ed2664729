import type { Queryable } from '../../platform/db/db.js';
import { countedPage, SEARCH_COUNT_CAP } from '../../platform/validation.js';
import type { ReportFact } from './flags.js';

import type { LinkRecord } from './core/record.js';
import { mergeCluster } from '../people/store.js';

/** What the matcher needs to know about a person: their current, most complete identifiers. */
export type PersonIdentifiers = LinkRecord;

const clean = (s: string | null | undefined) => (s && s.trim() ? s.trim() : undefined);

/** Splits "14 Elm Court" into house number and street, so a moved number does not mask a same street. */
export function splitAddress(line1: string | null | undefined): { houseNumber?: string; street?: string } {
  const l = clean(line1);
  if (!l) return {};
  const m = /^((?:flat|apartment|apt)\s+\w+,?\s+)?(\d+[a-z]?)\s+(.*)$/i.exec(l);
  if (!m) return { street: l };
  return { houseNumber: m[2], street: m[3] };
}

type IdentifierRow = {
  id: string;
  given_name: string | null;
  family_name: string | null;
  date_of_birth: string | null;
  line1: string | null;
  town: string | null;
  postcode: string | null;
  phone: string | null;
  email: string | null;
};

// Each person's current name, address, phone and email, for the people `where` picks.
const identifiersSql = (where: string) =>
  `select p.id, n.given_name, n.family_name, p.date_of_birth, pl.line1, pl.town, pl.postcode, ph.value as phone, em.value as email
     from people p
     left join lateral (select given_name, family_name from person_names where person_id = p.id order by (kind = 'primary') desc, created_at desc limit 1) n on true
     left join lateral (select pl.line1, pl.town, pl.postcode from person_addresses pa join places pl on pl.id = pa.place_id
                        where pa.person_id = p.id and pa.valid_to is null order by pa.valid_from desc limit 1) pl on true
     left join lateral (select value from person_contacts where person_id = p.id and kind = 'phone' and valid_to is null order by valid_from desc limit 1) ph on true
     left join lateral (select value from person_contacts where person_id = p.id and kind = 'email' and valid_to is null order by valid_from desc limit 1) em on true
     where ${where}`;

const identifiersOf = (r: IdentifierRow): PersonIdentifiers => ({
  id: r.id,
  givenName: clean(r.given_name),
  surname: clean(r.family_name),
  dob: r.date_of_birth ?? undefined,
  ...splitAddress(r.line1),
  town: clean(r.town),
  postcode: clean(r.postcode),
  phone: clean(r.phone),
  email: clean(r.email),
});

// A page of everyone (the index's build): the same choice of name, address, phone and email as
// identifiersSql, made for the page's id range at once (each table read once along its person index)
// instead of four lookups per person: a 50,000-person page took PostgreSQL 0.33 s instead of 0.9–1.0 s.
const identifiersPageSql = `with p as materialized (select id, date_of_birth from people where merged_into is null and id > $1::uuid order by id limit $2),
     r as (select (select id from p order by id limit 1) as lo, (select id from p order by id desc limit 1) as hi)
   select p.id, n.given_name, n.family_name, p.date_of_birth, a.line1, a.town, a.postcode, ph.value as phone, em.value as email
   from p
   left join (select distinct on (person_id) person_id, given_name, family_name from person_names, r
              where person_id between r.lo and r.hi order by person_id, (kind = 'primary') desc, created_at desc) n on n.person_id = p.id
   left join (select distinct on (pa.person_id) pa.person_id, pl.line1, pl.town, pl.postcode from person_addresses pa join places pl on pl.id = pa.place_id, r
              where pa.valid_to is null and pa.person_id between r.lo and r.hi order by pa.person_id, pa.valid_from desc) a on a.person_id = p.id
   left join (select distinct on (person_id) person_id, value from person_contacts, r
              where kind = 'phone' and valid_to is null and person_id between r.lo and r.hi order by person_id, valid_from desc) ph on ph.person_id = p.id
   left join (select distinct on (person_id) person_id, value from person_contacts, r
              where kind = 'email' and valid_to is null and person_id between r.lo and r.hi order by person_id, valid_from desc) em on em.person_id = p.id
   order by p.id`;

/** Identifiers for these people, one row each (`includeMerged` also: records merged into another, as a confirmed link's folded record). */
export async function loadIdentifiers(q: Queryable, ids: string[], includeMerged = false): Promise<PersonIdentifiers[]> {
  const { rows } = await q.query<IdentifierRow>(`${identifiersSql(`${includeMerged ? 'true' : 'p.merged_into is null'} and p.id = any($1::uuid[])`)} order by p.id`, [ids]);
  return rows.map(identifiersOf);
}

/** A page of live, unmerged people: up to `limit` by id after `after`. */
export async function identifiersPage(q: Queryable, after: string, limit: number): Promise<PersonIdentifiers[]> {
  const { rows } = await q.query<IdentifierRow>(identifiersPageSql, [after, limit]);
  return rows.map(identifiersOf);
}

/**
 * Up to `limit` live people for estimating the linkage parameters, spread across the whole file:
 * ordered by the random last part of the id, not by the id (ids are time-ordered, so the first by
 * id would be the oldest records only).
 */
export async function sampleIdentifiers(q: Queryable, limit: number): Promise<PersonIdentifiers[]> {
  const { rows } = await q.query<IdentifierRow>(`${identifiersSql('p.merged_into is null')} order by right(p.id::text, 12) limit $1`, [limit]);
  return rows.map(identifiersOf);
}

/** A staff decision on a suggested link: `match` true when confirmed, false when rejected (or a merge undone). */
export interface LinkDecision {
  personId: string;
  candidateId: string;
  match: boolean;
}

/** `max(decided_at)` as UTC ISO text to the microsecond, so it round-trips through `::timestamptz` exactly. */
const DECIDED_AT_ISO = `to_char(max(decided_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Every decided suggestion, newest decision first, and when the newest was made (null with none). */
export async function loadDecisions(q: Queryable): Promise<{ decisions: LinkDecision[]; decidedThrough: string | null }> {
  const { rows } = await q.query<{ person_id: string; candidate_person_id: string; status: string }>(
    `select person_id, candidate_person_id, status from link_suggestions where status in ('confirmed', 'rejected') order by decided_at desc, id`,
  );
  const last = await q.query<{ at: string | null }>(`select ${DECIDED_AT_ISO} as at from link_suggestions where status in ('confirmed', 'rejected')`);
  return { decisions: rows.map((r) => ({ personId: r.person_id, candidateId: r.candidate_person_id, match: r.status === 'confirmed' })), decidedThrough: last.rows[0]?.at ?? null };
}

/** Were any suggestions decided after `since` (all decisions count when `since` is null)? */
export async function decisionsSince(q: Queryable, since: string | null): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `select count(*)::int as n from link_suggestions where status in ('confirmed', 'rejected') and ($1::timestamptz is null or decided_at > $1::timestamptz)`,
    [since],
  );
  return rows[0].n;
}

export interface ParamsVersion {
  version: string;
  estimatedAt: string;
  recordCount: number;
  pairs: number | null;
  feedback: { confirmed: number; rejected: number; decidedThrough?: string | null } | null;
}

/** Stored parameter versions, newest first. */
export async function listParams(q: Queryable, limit = 100): Promise<ParamsVersion[]> {
  const { rows } = await q.query<{ version: string; estimated_at: Date; record_count: number; pairs: string | null; feedback: ParamsVersion['feedback'] }>(
    `select version, estimated_at, record_count, params->>'pairs' as pairs, params->'feedback' as feedback
     from linkage_params order by estimated_at desc, version desc limit $1`,
    [limit],
  );
  return rows.map((r) => ({ version: r.version, estimatedAt: new Date(r.estimated_at).toISOString(), recordCount: r.record_count, pairs: r.pairs === null ? null : Number(r.pairs), feedback: r.feedback ?? null }));
}

/**
 * SQL for everyone treated as the same person as the person `p` (a parameter such as '$1'): its
 * merge cluster plus confirmed links and strong suggestions (probability >= the parameter
 * `threshold`). A statement on its own, or a subquery inside a larger one.
 */
export const linkedClusterSql = (p: string, threshold: string) =>
  // Written as unions of index lookups: an OR across two columns would make the planner scan.
  // The status test is a CASE so the reused plan cannot AND in the status index (every
  // suggestion ever made) instead of filtering the person's few rows.
  `with root as (select coalesce(merged_into, id) as id from people where id = ${p}::uuid),
     members as (select id from root union select p.id from people p where p.merged_into = (select id from root)),
     linked as (
       select s.candidate_person_id as id from link_suggestions s
       where s.person_id in (select id from members) and (case s.status when 'confirmed' then true when 'suggested' then s.probability >= ${threshold}::float8 else false end)
       union
       select s.person_id from link_suggestions s
       where s.candidate_person_id in (select id from members) and (case s.status when 'confirmed' then true when 'suggested' then s.probability >= ${threshold}::float8 else false end))
     select id from members union select id from linked`;

/** Everyone treated as the same person as `id`: its merge cluster plus confirmed links and strong suggestions. */
export async function linkedCluster(q: Queryable, id: string, linkThreshold: number): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(linkedClusterSql('$1', '$2'), [id, linkThreshold]);
  return rows.map((r) => r.id);
}

/**
 * Reports naming anyone linked to the person (see linkedCluster), in one role or in any, in one
 * statement. The cluster is computed first as an array (`= any(array(…))`), so the reports are
 * reached by index whatever the planner guesses about the cluster's size. The role is written into
 * the statement (one of two fixed words), not passed: with a role list as a parameter the planner
 * never trusts its reused plan and plans every call afresh.
 */
export async function reportsAboutLinked(q: Queryable, personId: string, linkThreshold: number, role: 'victim' | 'alleged_perpetrator' | null): Promise<ReportFact[]> {
  return (await linkedHistory(q, personId, linkThreshold, role)).reports;
}

/**
 * reportsAboutLinked, and optionally one more fact about the person from another module as a SQL
 * expression over `$1` (the person), read in the same statement: `extra` is undefined when there
 * are no reports to carry it.
 */
export async function linkedHistory(q: Queryable, personId: string, linkThreshold: number, role: 'victim' | 'alleged_perpetrator' | null, extraSql?: string) {
  const { rows } = await q.query<HistoryRow & { extra?: unknown }>(historySelect('$1', '$2', role, extraSql ? `, ${extraSql} as extra` : ''), [personId, linkThreshold]);
  return { reports: rows.map(historyFact), extra: rows.length ? (rows[0].extra ?? null) : undefined };
}

type HistoryRow = { id: string; received_at: Date | string; reporting_agency_id: string; channel: string };
const historyFact = (r: HistoryRow): ReportFact => ({ reportId: r.id, receivedAt: new Date(r.received_at).toISOString(), agencyId: r.reporting_agency_id, channel: r.channel });

const historySelect = (person: string, threshold: string, role: 'victim' | 'alleged_perpetrator' | null, extra = '') =>
  `select distinct r.id, r.received_at, r.reporting_agency_id, r.channel${extra} from report_people rp join reports r on r.id = rp.report_id
   where rp.person_id = any(array(${linkedClusterSql(person, threshold)})) ${role === null ? '' : `and rp.role = '${role === 'victim' ? 'victim' : 'alleged_perpetrator'}'`}`;

/**
 * reportsAboutLinked (any role) as one json column for another module's statement, over the
 * placeholders `person` and `threshold`; read it back with `historyFromColumn`.
 */
export const linkedHistoryColumn = (person: string, threshold: string) => `(select coalesce(json_agg(h), '[]'::json) from (${historySelect(person, threshold, null)}) h)`;
export const historyFromColumn = (rows: HistoryRow[]): ReportFact[] => rows.map(historyFact);

export interface IntakeFacts {
  /** The report's people as the matcher needs them. */
  people: PersonIdentifiers[];
  /** The area's ASB Case Review thresholds for the reporting agency. */
  caseReview: { reportCount: number; windowDays: number } | null;
  /** The reports at the report's place the flags and the intake screen need. */
  atPlace: (ReportFact & { reference: string })[];
  /** Whether there are areas other than the report's (whose people are never suggested). */
  otherAreas: boolean;
}

/**
 * What linking reads about a new report, in one statement: its people's identifiers, the area's
 * case review thresholds, and the reports at its place received in the last `windowDays` (or the
 * area's case review window, if longer) plus the latest 21 whatever their age (the screen lists 20
 * earlier ones). A busy place's whole history is not read on every new report.
 * The people's ids are read through a sub-select so a plan made for one call is costed like one
 * made for the next: with the array in sight, a plan for its one or two ids always looked cheaper
 * than the reused one, and the statement was planned afresh on every report (0.7 ms, five times
 * what running it takes).
 */
export async function intakeFacts(q: Queryable, personIds: string[], agencyId: string, placeId: string | null, windowDays: number): Promise<IntakeFacts> {
  const { rows } = await q.query<{
    people: IdentifierRow[] | null;
    report_count: number | null;
    window_days: number | null;
    other_areas: boolean;
    at_place: { id: string; reference: string; received_at: string; reporting_agency_id: string; channel: string }[];
  }>(
    // The place's reports are the area's own: another area's are not this one's to link or count.
    `with area as (select ar.id, ar.case_review_report_count, ar.case_review_window_days from agencies a join areas ar on ar.id = a.area_id where a.id = $2),
     area_agencies as (select id from agencies where area_id = (select id from area))
     select (select json_agg(x) from (${identifiersSql('p.merged_into is null and p.id = any((select $1::uuid[])::uuid[])')}) x) as people,
       (select case_review_report_count from area) as report_count, (select case_review_window_days from area) as window_days,
       exists (select 1 from areas where id <> (select id from area)) as other_areas,
       coalesce((select json_agg(x) from (
         select id, reference, received_at, reporting_agency_id, channel from reports
         where place_id = $3 and received_at >= now() - make_interval(days => greatest($4, coalesce((select case_review_window_days from area), 0)))
           and reporting_agency_id in (select id from area_agencies)
         union
         (select id, reference, received_at, reporting_agency_id, channel from reports where place_id = $3 and reporting_agency_id in (select id from area_agencies)
          order by received_at desc limit 21)) x), '[]'::json) as at_place`,
    [personIds, agencyId, placeId, windowDays],
  );
  const r = rows[0];
  return {
    people: (r.people ?? []).map(identifiersOf),
    caseReview: r.report_count === null || r.window_days === null ? null : { reportCount: r.report_count, windowDays: r.window_days },
    atPlace: r.at_place.map((x) => ({ ...historyFact(x), reference: x.reference })),
    otherAreas: r.other_areas,
  };
}

/** Which of these people were on file before a report was stored (to the microsecond, so read here). */
export async function peopleRecordedBefore(q: Queryable, ids: string[], reportId: string): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { rows } = await q.query<{ id: string }>('select id from people where id = any($1::uuid[]) and created_at < (select created_at from reports where id = $2)', [ids, reportId]);
  return new Set(rows.map((r) => r.id));
}

export interface SuggestionRow {
  id: string;
  report_id: string | null;
  person_id: string;
  candidate_person_id: string;
  probability: number;
  evidence: unknown;
  status: string;
  created_at: Date;
  a: string;
  b: string;
  reference: string | null;
  agency_id: string | null;
}

/**
 * One page of suggestions in a status (all, or one report's), strongest first, and how many there are
 * counted up to the cap. The page is taken from the queue's index before names and reports are joined,
 * and a report's suggestions have a statement of their own (found by the report index), so a page
 * costs the same with a few suggestions waiting as with hundreds of thousands.
 */
export async function suggestionQueue(q: Queryable, f: { status: string; reportId?: string; personId?: string; areaAgencyIds?: string[] | null; limit: number; offset: number }, countCap = SEARCH_COUNT_CAP) {
  const params: unknown[] = [f.status, f.limit, f.offset, countCap + 1];
  const p = (v: unknown) => `$${params.push(v)}`;
  let which = 's.status = $1';
  if (f.reportId) which += ` and s.report_id = ${p(f.reportId)}`;
  if (f.personId) {
    // On either side of the pair, under their own id or a record merged into them: each side by its
    // own index (an "or" of the two read the whole queue, 156 ms at a million reports).
    const person = p(f.personId);
    which += ` and s.id in (select x.id from link_suggestions x where x.person_id in ${mergeCluster(person)}
                          union select x.id from link_suggestions x where x.candidate_person_id in ${mergeCluster(person)})`;
  }
  // Where there are other areas, the area's suggestions (made from its reports) only, so its pages and count are its own.
  if (f.areaAgencyIds) which += ` and exists (select 1 from reports x where x.id = s.report_id and x.reporting_agency_id = any(${p(f.areaAgencyIds)}::uuid[]))`;
  const { rows } = await q.query<SuggestionRow & { total: number; id: string | null }>(
    `select page.*, n.total from
       (select count(*)::int as total from (select 1 from link_suggestions s where ${which} limit $4) m) n
       left join lateral (
         select s.*, pa.display_name as a, pb.display_name as b, r.reference, r.reporting_agency_id as agency_id
         from (select * from link_suggestions s where ${which} order by s.probability desc, s.created_at desc, s.id desc limit $2 offset $3) s
         join people pa on pa.id = s.person_id join people pb on pb.id = s.candidate_person_id left join reports r on r.id = s.report_id) page on true
     order by page.probability desc, page.created_at desc, page.id desc`,
    params,
  );
  return countedPage(rows, countCap);
}
