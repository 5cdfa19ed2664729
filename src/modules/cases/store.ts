import type { Queryable } from '../../platform/db/db.js';
import { policyFactsSelect, type FactsColumn } from '../../platform/access/access.js';
import { nextReference } from '../reports/store.js';
import { newId } from '../../platform/ids.js';
import { countedPage, SEARCH_COUNT_CAP } from '../../platform/validation.js';

export interface CaseRow {
  id: string;
  reference: string;
  title: string;
  case_type: string;
  status: string;
  outcome: string | null;
  closed_at: Date | null;
  area_id: string;
  lead_agency_id: string;
  lead_agency_name: string;
  lead_officer_id: string | null;
  lead_officer_name: string | null;
  opened_at: Date;
}

const CASE_SELECT = `select c.*, a.name as lead_agency_name, u.display_name as lead_officer_name
  from cases c join agencies a on a.id = c.lead_agency_id left join users u on u.id = c.lead_officer_id`;

export async function insertCase(
  q: Queryable,
  c: { title: string; caseType: string; areaId: string; leadAgencyId: string; leadOfficerId: string | null; createdBy: string },
): Promise<{ id: string; reference: string }> {
  const id = newId();
  const reference = await nextReference(q, 'CASE', 'case_reference_seq');
  await q.query('insert into cases (id, reference, title, case_type, area_id, lead_agency_id, lead_officer_id, created_by) values ($1,$2,$3,$4,$5,$6,$7,$8)', [
    id,
    reference,
    c.title,
    c.caseType,
    c.areaId,
    c.leadAgencyId,
    c.leadOfficerId,
    c.createdBy,
  ]);
  await q.query("insert into case_agencies (case_id, agency_id, role) values ($1, $2, 'lead')", [id, c.leadAgencyId]);
  return { id, reference };
}

export async function addAgency(q: Queryable, caseId: string, agencyId: string): Promise<boolean> {
  const r = await q.query("insert into case_agencies (case_id, agency_id, role) values ($1,$2,'partner') on conflict do nothing", [caseId, agencyId]);
  return r.rowCount > 0;
}

/** Attaches a report and brings its people onto the case in the roles the report gave them. */
export async function addReport(q: Queryable, caseId: string, reportId: string): Promise<boolean> {
  const r = await q.query('insert into case_reports (case_id, report_id) values ($1,$2) on conflict do nothing', [caseId, reportId]);
  await q.query(
    `insert into case_people (case_id, person_id, role)
     select $1, coalesce(p.merged_into, p.id), rp.role from report_people rp join people p on p.id = rp.person_id where rp.report_id = $2
     on conflict do nothing`,
    [caseId, reportId],
  );
  return r.rowCount > 0;
}

export async function addPerson(q: Queryable, caseId: string, personId: string, role: string): Promise<boolean> {
  const r = await q.query('insert into case_people (case_id, person_id, role) values ($1,$2,$3) on conflict do nothing', [caseId, personId, role]);
  return r.rowCount > 0;
}

export type CaseAgency = { agency_id: string; name: string; kind: string; role: string };

/**
 * The case and its agencies in one round trip: every case route starts here. A route may add
 * `columns` (a select list over $1, the case id, and its own `params` from $2) and the policy
 * facts, so its page comes back in the same statement; `columns` then holds the whole row.
 */
export async function getCaseWithAgencies(
  q: Queryable,
  id: string,
  more: { columns?: string; params?: unknown[]; facts?: FactsColumn | null } = {},
): Promise<{ row: CaseRow; agencies: CaseAgency[]; facts: unknown; columns: Record<string, unknown> } | null> {
  const facts = policyFactsSelect(more.facts);
  const extra = `${more.columns ? `, ${more.columns}` : ''}${facts.sql}`;
  const r = await q.query<CaseRow & { agencies: CaseAgency[]; policy_facts?: unknown }>(
    `${CASE_SELECT.replace('select c.*,', `select c.*, coalesce((select json_agg(json_build_object('agency_id', ca.agency_id, 'name', ag.name, 'kind', ag.kind, 'role', ca.role) order by ca.role, ag.name)
       from case_agencies ca join agencies ag on ag.id = ca.agency_id where ca.case_id = c.id), '[]'::json) as agencies${extra},`)} where c.id = $1`,
    [id, ...(more.params ?? []), ...facts.params],
  );
  const row = r.rows[0];
  if (!row) return null;
  const { agencies, policy_facts, ...rest } = row;
  return { row: rest as CaseRow, agencies, facts: policy_facts, columns: row as unknown as Record<string, unknown> };
}

/** A SQL condition on a case id expression, its placeholders numbered from `firstParam`. */
export type CaseCondition = (caseIdSql: string, firstParam: number) => { sql: string; params: unknown[] };

export async function listCases(
  q: Queryable,
  f: {
    agencyId: string;
    seeAll: boolean;
    status?: string;
    officerId?: string;
    q?: string;
    /** An extra condition on the case (the risk filter), applied before paging so total and pages are right. */
    risk?: CaseCondition;
    limit: number;
    offset: number;
  },
  countCap = SEARCH_COUNT_CAP,
) {
  // Only the filters in use are written into the statement: a reused plan for "any officer, any
  // status" scanned every case to find one officer's forty; each combination gets its own plan.
  const params: unknown[] = [f.limit, f.offset];
  const arg = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [];
  if (!f.seeAll) where.push(`exists (select 1 from case_agencies ca where ca.case_id = c.id and ca.agency_id = ${arg(f.agencyId)})`);
  if (f.status) where.push(`c.status = ${arg(f.status)}`);
  if (f.officerId) where.push(`c.lead_officer_id = ${arg(f.officerId)}`);
  if (f.q) {
    const t = arg(f.q);
    where.push(`(c.reference = upper(${t}) or c.title ilike '%' || ${t} || '%')`);
  }
  const risk = f.risk?.('c.id', params.length + 1);
  if (risk) {
    where.push(risk.sql);
    params.push(...risk.params);
  }
  // The page is chosen first (by the opening-date index); the counts are worked out for its rows
  // only, and the matches are counted up to the cap, not every case of a large area.
  const cond = where.length ? `where ${where.join(' and ')}` : '';
  const cap = arg(countCap + 1);
  const { rows } = await q.query<CaseRow & { total: number; id: string | null; people_count: number; report_count: number; last_report_at: Date | null }>(
    `with hits as (
       select c.id, c.opened_at from cases c ${cond}
       order by c.opened_at desc, c.id
       limit $1 offset $2
     )
     select page.*, n.total
     from (select count(*)::int as total from (select 1 from cases c ${cond} limit ${cap}) m) n
     left join lateral (
       ${CASE_SELECT.replace('select c.*,', `select c.*,
         (select count(*)::int from case_people cp where cp.case_id = c.id) as people_count,
         (select count(*)::int from case_reports cr where cr.case_id = c.id) as report_count,
         (select max(cr.received_at) from case_reports cr where cr.case_id = c.id) as last_report_at,`)}
       join hits h on h.id = c.id) page on true
     order by page.opened_at desc, page.id`,
    params,
  );
  return countedPage(rows, countCap);
}

export async function insertAction(
  q: Queryable,
  a: { caseId: string; description: string; ownerUserId: string; ownerAgencyId: string; dueDate: string | null; createdBy: string; source?: string; sourceId?: string | null },
): Promise<string> {
  const id = newId();
  await q.query(
    'insert into case_actions (id, case_id, description, owner_user_id, owner_agency_id, due_date, created_by, source, source_id) values ($1,$2,$3,$4,$5,$6,$7,$8,$9)',
    [id, a.caseId, a.description, a.ownerUserId, a.ownerAgencyId, a.dueDate, a.createdBy, a.source ?? 'case_plan', a.sourceId ?? null],
  );
  return id;
}
