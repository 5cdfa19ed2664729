import type { Queryable } from '../../platform/db/db.js';
import type { Category } from '../../platform/access/policy.js';
import type { AppContext } from '../../platform/http/context.js';

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

/** A module contributes its own entries for a case (assessments, referrals, meetings, interventions). */
export type ChronologySource = (q: Queryable, caseId: string) => Promise<ChronologyEntry[]>;

export function chronologySources(ctx: AppContext): ChronologySource[] {
  return ((ctx.services.chronologySources as ChronologySource[] | undefined) ??= []);
}

export function addChronologySource(ctx: AppContext, source: ChronologySource) {
  chronologySources(ctx).push(source);
}

const iso = (d: Date | string) => new Date(d).toISOString();
const clip = (s: string, n = 280) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The case module's own entries: reports, contacts, notes and case actions. */
export const casePartsSource: ChronologySource = async (q, caseId) => {
  const [reports, contacts, notes, actions] = await Promise.all([
    q.query<{ id: string; reference: string; received_at: Date; description: string; agency_id: string; agency_name: string; label: string; channel: string }>(
      `select r.id, r.reference, r.received_at, r.description, r.reporting_agency_id as agency_id, a.name as agency_name, c.label, r.channel
       from case_reports cr join reports r on r.id = cr.report_id join agencies a on a.id = r.reporting_agency_id join report_categories c on c.code = r.category_code
       where cr.case_id = $1`,
      [caseId],
    ),
    q.query<{ id: string; contacted_at: Date; method: string; summary: string; agency_id: string; agency_name: string; person: string; by_name: string | null }>(
      `select ct.id, ct.contacted_at, ct.method, ct.summary, ct.agency_id, a.name as agency_name, p.display_name as person, u.display_name as by_name
       from contacts ct join agencies a on a.id = ct.agency_id join people p on p.id = ct.person_id left join users u on u.id = ct.by_user_id where ct.case_id = $1`,
      [caseId],
    ),
    q.query<{ id: string; created_at: Date; body: string; agency_id: string; agency_name: string; by_name: string | null }>(
      `select n.id, n.created_at, n.body, n.agency_id, a.name as agency_name, u.display_name as by_name
       from case_notes n join agencies a on a.id = n.agency_id left join users u on u.id = n.author_id where n.case_id = $1`,
      [caseId],
    ),
    q.query<{ id: string; created_at: Date; description: string; owner_agency_id: string; agency_name: string; owner: string | null; due_date: string | null }>(
      `select x.id, x.created_at, x.description, x.owner_agency_id, a.name as agency_name, u.display_name as owner, x.due_date
       from case_actions x join agencies a on a.id = x.owner_agency_id left join users u on u.id = x.owner_user_id where x.case_id = $1`,
      [caseId],
    ),
  ]);
  return [
    ...reports.rows.map((r) => ({
      at: iso(r.received_at),
      kind: 'report',
      agencyId: r.agency_id,
      agencyName: r.agency_name,
      title: `Report ${r.reference}: ${r.label} (${r.channel.replace(/_/g, ' ')})`,
      summary: clip(r.description),
      category: 'asb_history' as const,
      ref: { type: 'report', id: r.id },
    })),
    ...contacts.rows.map((c) => ({
      at: iso(c.contacted_at),
      kind: 'contact',
      agencyId: c.agency_id,
      agencyName: c.agency_name,
      title: `Contact with ${c.person} (${c.method.replace(/_/g, ' ')})`,
      summary: clip(c.summary),
      category: 'case_notes' as const,
      ref: { type: 'contact', id: c.id },
      by: c.by_name,
    })),
    ...notes.rows.map((n) => ({
      at: iso(n.created_at),
      kind: 'note',
      agencyId: n.agency_id,
      agencyName: n.agency_name,
      title: 'Case note',
      summary: clip(n.body),
      category: 'case_notes' as const,
      ref: { type: 'note', id: n.id },
      by: n.by_name,
    })),
    ...actions.rows.map((x) => ({
      at: iso(x.created_at),
      kind: 'action',
      agencyId: x.owner_agency_id,
      agencyName: x.agency_name,
      title: `Action for ${x.owner ?? x.agency_name}${x.due_date ? `, due ${x.due_date}` : ''}`,
      summary: clip(x.description),
      category: 'case_notes' as const,
      ref: { type: 'action', id: x.id },
    })),
  ];
};
