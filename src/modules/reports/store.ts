import type { Queryable } from '../../platform/db/db.js';
import type { Params } from '../../platform/db/params.js';
import type { RecordScope } from '../../platform/access/policy.js';
import { countedPage, SEARCH_COUNT_CAP } from '../../platform/validation.js';

export interface ReportRow {
  id: string;
  reference: string;
  received_at: Date;
  channel: string;
  reporting_agency_id: string;
  agency_name: string;
  category_code: string;
  category_label: string;
  description: string;
  place_id: string | null;
  location_text: string | null;
  lat: number | null;
  lon: number | null;
  lsoa_code: string | null;
  postcode: string | null;
  postcode_sector: string | null;
  line1: string | null;
  anonymous: boolean;
}

/** SQL numbering the next reference from a sequence: PREFIX-YYYY-NNNNNN (the UTC year). */
export const referenceSql = (prefix: string, seq: string) => `'${prefix}-' || to_char(now() at time zone 'UTC', 'YYYY') || '-' || lpad(nextval('${seq}')::text, 6, '0')`;

export async function nextReference(q: Queryable, prefix: string, seq: string): Promise<string> {
  const r = await q.query<{ reference: string }>(`select ${referenceSql(prefix, seq)} as reference`);
  return r.rows[0].reference;
}

export interface ReportFields {
  id: string;
  receivedAt: string;
  channel: string;
  agencyId: string;
  recordedBy: string | null;
  category: string;
  description: string;
  locationText: string | null;
  lat: number | null;
  lon: number | null;
  lsoaCode: string | null;
  anonymous?: boolean;
  statusTokenHash?: string | null;
  importKey?: string | null;
}

/** SQL that holds when the report's category is one in use (the `report_category` CTE, see reportCtes). */
export const CATEGORY_IN_USE = 'exists (select 1 from report_category)';
/** SQL that holds once the report is written (the `report` CTE). */
export const REPORT_WRITTEN = 'exists (select 1 from report)';

/**
 * The report's part of the intake statement: its category checked as one in use
 * (`report_category`, which must come first: every write of the statement waits on it), then,
 * with the place's CTEs in between (see placeCtes), the report numbered from the sequence
 * (`report`, returning its reference). No `report` row means the category is unknown or retired.
 */
export function reportCtes(s: Params, r: ReportFields, place: { ctes: string; id: string } | null): string {
  const category = s.add(r.category);
  return `report_category as (select 1 from report_categories where code = ${category} and active),
     ${place ? `${place.ctes},` : ''}
     report as (
       insert into reports (id, reference, received_at, channel, reporting_agency_id, recorded_by, category_code, description, place_id, location_text, lat, lon, lsoa_code, anonymous, status_token_hash, import_key)
       select ${s.add(r.id)}, ${referenceSql('ASB', 'report_reference_seq')}, ${s.add(r.receivedAt)}, ${s.add(r.channel)}, ${s.add(r.agencyId)}, ${s.add(r.recordedBy)}, ${category}, ${s.add(r.description)},
         ${place?.id ?? 'null'}, ${s.add(r.locationText)}, ${s.add(r.lat)}, ${s.add(r.lon)}, ${s.add(r.lsoaCode)}, ${s.add(r.anonymous ?? false)}, ${s.add(r.statusTokenHash ?? null)}, ${s.add(r.importKey ?? null)}
       where ${CATEGORY_IN_USE}
       returning id, reference, place_id)`;
}

/** Everyone named on the report, in the given order (`report_named`), once the report is written. */
export function reportPeopleCte(s: Params, people: { personId: string; role: string; asReported: unknown }[]): string {
  return `report_named as (
       insert into report_people (report_id, person_id, role, as_reported)
       select (select id from report), u.person_id, u.role, u.as_reported
       from unnest(${s.add(people.map((p) => p.personId), 'uuid[]')}, ${s.add(people.map((p) => p.role), 'text[]')}, ${s.add(people.map((p) => JSON.stringify(p.asReported)), 'jsonb[]')}) with ordinality u(person_id, role, as_reported, n)
       where ${REPORT_WRITTEN}
       order by u.n on conflict do nothing)`;
}

export const REPORT_SELECT = `select r.*, a.name as agency_name, c.label as category_label, pl.postcode, pl.postcode_sector, pl.line1
  from reports r join agencies a on a.id = r.reporting_agency_id join report_categories c on c.code = r.category_code
  left join places pl on pl.id = r.place_id`;

/** A report's mark older than this is not intake's own still at work: its linking is to follow (see followup.ts). */
export const LINKING_IN_HAND_SECONDS = 10;

type ReportWithLinking = ReportRow & { linking: 'done' | 'in_progress' | 'to_follow' };

/** Reports by id, each with where its linking stands: done, being done at intake, or to follow. */
export async function getReports(q: Queryable, ids: string[]): Promise<Map<string, ReportWithLinking>> {
  const out = new Map<string, ReportWithLinking>();
  if (ids.length === 0) return out;
  const r = await q.query<ReportWithLinking>(
    `select x.*, (select case when t.marked_at < now() - make_interval(secs => ${LINKING_IN_HAND_SECONDS}) then 'to_follow' else 'in_progress' end
                   from reports_to_link t where t.report_id = x.id) as linking
     from (${REPORT_SELECT} where r.id = any($1::uuid[])) x`,
    [ids],
  );
  for (const row of r.rows) out.set(row.id, { ...row, linking: row.linking ?? 'done' });
  return out;
}

export async function reportPeople(q: Queryable, reportIds: string[]) {
  if (reportIds.length === 0) return [];
  const r = await q.query<{ report_id: string; person_id: string; role: string; display_name: string }>(
    `select rp.report_id, coalesce(p.merged_into, p.id) as person_id, rp.role, p.display_name
     from report_people rp join people p on p.id = rp.person_id where rp.report_id = any($1::uuid[])`,
    [reportIds],
  );
  return r.rows;
}

/** Report scopes for the access policy: the reporting agency owns it; case parties may share it. */
export async function reportScopes(q: Queryable, ids: string[]): Promise<Map<string, RecordScope>> {
  const out = new Map<string, RecordScope>();
  if (ids.length === 0) return out;
  const { rows } = await q.query<{ id: string; owner: string; case_ids: string[]; case_agencies: string[] }>(
    `select r.id, r.reporting_agency_id as owner,
       array(select cr.case_id from case_reports cr where cr.report_id = r.id) as case_ids,
       array(select distinct ca.agency_id from case_reports cr join case_agencies ca on ca.case_id = cr.case_id where cr.report_id = r.id) as case_agencies
     from reports r where r.id = any($1::uuid[])`,
    [ids],
  );
  for (const r of rows) out.set(r.id, { ownerAgencyIds: [r.owner], caseIds: r.case_ids, caseAgencyIds: r.case_agencies });
  return out;
}

/**
 * Matches of the report text are counted up to this many: a common word is in tens of thousands of
 * a large area's reports, and counting 10,000 of them read a quarter of a million (83 ms at a million
 * reports; about 9 ms to 1,000). Past a thousand, the search needs narrowing, not an exact count.
 */
export const TEXT_SEARCH_COUNT_CAP = 1_000;

/**
 * One page of reports, newest first, and how many match. Only the filters given go into the
 * statement (each combination is its own prepared statement), so the plan for "newest reports"
 * walks the date index instead of carrying every optional condition; and the matches are counted
 * only up to the cap, not all of a million.
 */
export async function searchReports(
  q: Queryable,
  f: { q?: string; from?: string; to?: string; postcode?: string | null; category?: string; agencyId?: string; agencyIds?: string[]; limit: number; offset: number },
  countCap = SEARCH_COUNT_CAP,
  textCountCap = TEXT_SEARCH_COUNT_CAP,
) {
  const ref = f.q && /^ASB-\d{4}-\d+$/i.test(f.q) ? f.q.toUpperCase() : null;
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [];
  if (ref) where.push(`r.reference = ${p(ref)}`);
  else if (f.q) {
    const text = p(f.q);
    where.push(`(r.description ilike '%' || ${text} || '%' or r.description % ${text})`);
  }
  if (f.from) where.push(`r.received_at >= ${p(f.from)}::date`);
  if (f.to) where.push(`r.received_at < ${p(f.to)}::date + 1`);
  if (f.postcode) {
    const pc = p(f.postcode);
    where.push(`(pl.postcode = ${pc} or pl.postcode_sector = ${pc})`);
  }
  if (f.category) {
    const cat = p(f.category);
    where.push(`(r.category_code = ${cat} or c.parent_code = ${cat})`);
  }
  if (f.agencyId) where.push(`r.reporting_agency_id = ${p(f.agencyId)}::uuid`);
  if (f.agencyIds) where.push(`r.reporting_agency_id = any(${p(f.agencyIds)}::uuid[])`);
  const cond = where.length ? `where ${where.join(' and ')}` : '';
  if (f.q && !ref) countCap = Math.min(countCap, textCountCap);
  const [limit, offset, cap] = [p(f.limit), p(f.offset), p(countCap + 1)];
  // One row always (the count), with the page's rows beside it: an empty page still has its total.
  const { rows } = await q.query<ReportRow & { total: number; id: string | null }>(
    `select page.*, n.total from
       (select count(*)::int as total from (select 1 from reports r join report_categories c on c.code = r.category_code
          left join places pl on pl.id = r.place_id ${cond} limit ${cap}) m) n
       left join lateral (${REPORT_SELECT} ${cond} order by r.received_at desc, r.id desc limit ${limit} offset ${offset}) page on true
     order by page.received_at desc, page.id desc`,
    params,
  );
  return countedPage(rows, countCap);
}
