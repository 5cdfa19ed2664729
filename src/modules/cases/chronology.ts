import type { Queryable } from '../../platform/db/db.js';
import type { Category } from '../../platform/access/policy.js';
import type { AppContext } from '../../platform/http/context.js';
import { ukDay } from '../../platform/dates.js';

/** One moment on the merged multi-agency clock. */
export interface ChronologyEntry {
  at: string;
  kind: string;
  agencyId: string;
  agencyName: string;
  title: string;
  summary: string;
  category: Category;
  ref: { type: string; id: string };
  by?: string | null;
}

/**
 * One kind of entry a module puts on the merged clock, as a select over the case's rows ($1 is the
 * case id) giving the columns `at`, `agency_id`, `agency_name`, `ref_id`, `by_name` and `d` (a json
 * object of whatever `entries` needs). The case module unions every module's parts into one
 * statement, so a chronology costs one round trip however many modules contribute.
 */
export interface ChronologyPart {
  sql: string;
  entries: (row: ChronologyRow) => ChronologyEntry[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ChronologyRow<D = any> {
  at: Date | string;
  agency_id: string;
  agency_name: string;
  ref_id: string;
  by_name: string | null;
  d: D;
}

export function chronologyParts(ctx: AppContext): ChronologyPart[] {
  return ((ctx.services.chronologyParts as ChronologyPart[] | undefined) ??= []);
}

export function addChronologyParts(ctx: AppContext, ...parts: ChronologyPart[]) {
  chronologyParts(ctx).push(...parts);
}

const statements = new WeakMap<ChronologyPart[], string>();
function unionOf(parts: ChronologyPart[]) {
  let sql = statements.get(parts);
  if (!sql) {
    sql = parts
      .map((p, i) => `select ${i} as k, s.at::timestamptz as at, s.agency_id::uuid as agency_id, s.agency_name::text as agency_name, s.ref_id::uuid as ref_id, s.by_name::text as by_name, s.d::json as d from (${p.sql}) s`)
      .join('\nunion all\n');
    statements.set(parts, sql);
  }
  return sql;
}

const entriesOf = (parts: ChronologyPart[], rows: (ChronologyRow & { k: number })[]) =>
  rows.flatMap((r) => parts[r.k].entries(r)).sort((a, b) => a.at.localeCompare(b.at) || a.kind.localeCompare(b.kind));

/** Every module's entries for the case, oldest first (ties by kind), in one statement. */
export async function caseChronologyEntries(ctx: AppContext, q: Queryable, caseId: string): Promise<ChronologyEntry[]> {
  const parts = chronologyParts(ctx);
  if (parts.length === 0) return [];
  const { rows } = await q.query<ChronologyRow & { k: number }>(unionOf(parts), [caseId]);
  return entriesOf(parts, rows);
}

/** The same entries as one json column (`chronology`) of another statement over $1, the case id. */
export function chronologyColumn(ctx: AppContext): string {
  const parts = chronologyParts(ctx);
  return parts.length === 0 ? `'[]'::json as chronology` : `coalesce((select json_agg(u) from (${unionOf(parts)}) u), '[]'::json) as chronology`;
}

/** Reads that column back. */
export const chronologyFrom = (ctx: AppContext, raw: unknown): ChronologyEntry[] => entriesOf(chronologyParts(ctx), raw as (ChronologyRow & { k: number })[]);

const iso = (d: Date | string) => new Date(d).toISOString();
/** A chronology entry's summary: long text is cut to 280 characters. */
export const clip = (s: string, n = 280) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The case module's own entries: reports, contacts, notes and case actions. */
export const caseChronology: ChronologyPart[] = [
  {
    sql: `select r.received_at as at, r.reporting_agency_id as agency_id, a.name as agency_name, r.id as ref_id, null as by_name,
            json_build_object('reference', r.reference, 'label', c.label, 'channel', r.channel, 'description', r.description) as d
          from case_reports cr join reports r on r.id = cr.report_id join agencies a on a.id = r.reporting_agency_id join report_categories c on c.code = r.category_code
          where cr.case_id = $1`,
    entries: (r: ChronologyRow<{ reference: string; label: string; channel: string; description: string }>) => [
      { at: iso(r.at), kind: 'report', agencyId: r.agency_id, agencyName: r.agency_name, title: `Report ${r.d.reference}: ${r.d.label} (${r.d.channel.replace(/_/g, ' ')})`, summary: clip(r.d.description), category: 'asb_history', ref: { type: 'report', id: r.ref_id } },
    ],
  },
  {
    sql: `select ct.contacted_at as at, ct.agency_id, a.name as agency_name, ct.id as ref_id, u.display_name as by_name,
            json_build_object('method', ct.method, 'summary', ct.summary, 'person', p.display_name) as d
          from contacts ct join agencies a on a.id = ct.agency_id join people p on p.id = ct.person_id left join users u on u.id = ct.by_user_id where ct.case_id = $1`,
    entries: (c: ChronologyRow<{ method: string; summary: string; person: string }>) => [
      { at: iso(c.at), kind: 'contact', agencyId: c.agency_id, agencyName: c.agency_name, title: `Contact with ${c.d.person} (${c.d.method.replace(/_/g, ' ')})`, summary: clip(c.d.summary), category: 'case_notes', ref: { type: 'contact', id: c.ref_id }, by: c.by_name },
    ],
  },
  {
    sql: `select n.created_at as at, n.agency_id, a.name as agency_name, n.id as ref_id, u.display_name as by_name, json_build_object('body', n.body) as d
          from case_notes n join agencies a on a.id = n.agency_id left join users u on u.id = n.author_id where n.case_id = $1`,
    entries: (n: ChronologyRow<{ body: string }>) => [
      { at: iso(n.at), kind: 'note', agencyId: n.agency_id, agencyName: n.agency_name, title: 'Case note', summary: clip(n.d.body), category: 'case_notes', ref: { type: 'note', id: n.ref_id }, by: n.by_name },
    ],
  },
  {
    sql: `select x.created_at as at, x.owner_agency_id as agency_id, a.name as agency_name, x.id as ref_id, null as by_name,
            json_build_object('description', x.description, 'owner', u.display_name, 'dueDate', x.due_date) as d
          from case_actions x join agencies a on a.id = x.owner_agency_id left join users u on u.id = x.owner_user_id where x.case_id = $1`,
    entries: (x: ChronologyRow<{ description: string; owner: string | null; dueDate: string | null }>) => [
      {
        at: iso(x.at),
        kind: 'action',
        agencyId: x.agency_id,
        agencyName: x.agency_name,
        title: `Action for ${x.d.owner ?? x.agency_name}${x.d.dueDate ? `, due ${ukDay(x.d.dueDate)}` : ''}`,
        summary: clip(x.d.description),
        category: 'case_notes',
        ref: { type: 'action', id: x.ref_id },
      },
    ],
  },
];
