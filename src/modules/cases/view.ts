import type { Access } from '../../platform/access/access.js';
import { personScopeColumns, scopeOf, type ScopeColumns } from '../people/store.js';
import { caseFor } from './service.js';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

type PageColumns = {
  people: ({ person_id: string; display_name: string; roles: string[]; other_roles: { caseReference: string; role: string }[] } & ScopeColumns)[];
  reports: { id: string; reference: string; received_at: string; category_code: string; channel: string; reporting_agency_id: string; agency_name: string }[];
  actions: { id: string; description: string; owner_user_id: string | null; owner: string | null; owner_agency_id: string; agency_name: string; due_date: string | null; status: string; source: string; created_at: string }[];
  notes: { id: string; body: string; agency_id: string; agency_name: string; author: string | null; created_at: string }[];
  contacts: { id: string; person_id: string; person: string; agency_id: string; agency_name: string; by_name: string | null; contacted_at: string; method: string; summary: string; demeanour: string | null; home_conditions: string | null; coping: string | null; updated_on_progress: boolean; deterioration: boolean; feels_safer: string | null }[];
  attachments: { id: string; filename: string; content_type: string; size_bytes: number; agency_id: string; created_at: string }[];
};

const PAGE_COLUMNS = `
       coalesce((select json_agg(x order by x.display_name) from (
         select p.id as person_id, p.display_name, array_agg(distinct cp.role) as roles,
           coalesce((select json_agg(json_build_object('caseReference', c2.reference, 'role', cp2.role)) from case_people cp2 join cases c2 on c2.id = cp2.case_id
                     where cp2.person_id = p.id and cp2.case_id <> $1), '[]'::json) as other_roles,
           ${personScopeColumns('p')}
         from case_people cp join people p on p.id = cp.person_id where cp.case_id = $1 group by p.id) x), '[]'::json) as people,
       coalesce((select json_agg(x order by x.received_at) from (
         select r.id, r.reference, r.received_at, r.category_code, r.channel, r.reporting_agency_id, a.name as agency_name
         from case_reports cr join reports r on r.id = cr.report_id join agencies a on a.id = r.reporting_agency_id where cr.case_id = $1) x), '[]'::json) as reports,
       coalesce((select json_agg(x order by x.status, x.due_date nulls last) from (
         select ca.id, ca.description, ca.owner_user_id, ca.owner_agency_id, ca.due_date, ca.status, ca.source, ca.created_at, u.display_name as owner, a.name as agency_name
         from case_actions ca left join users u on u.id = ca.owner_user_id join agencies a on a.id = ca.owner_agency_id where ca.case_id = $1) x), '[]'::json) as actions,
       coalesce((select json_agg(x order by x.created_at desc) from (
         select n.id, n.body, n.agency_id, a.name as agency_name, u.display_name as author, n.created_at from case_notes n join agencies a on a.id = n.agency_id
         left join users u on u.id = n.author_id where n.case_id = $1) x), '[]'::json) as notes,
       coalesce((select json_agg(x order by x.contacted_at desc) from (
         select ct.id, ct.person_id, ct.agency_id, ct.contacted_at, ct.method, ct.summary, ct.demeanour, ct.home_conditions, ct.coping, ct.updated_on_progress, ct.deterioration, ct.feels_safer,
           p.display_name as person, a.name as agency_name, u.display_name as by_name
         from contacts ct join people p on p.id = ct.person_id join agencies a on a.id = ct.agency_id left join users u on u.id = ct.by_user_id where ct.case_id = $1) x), '[]'::json) as contacts,
       coalesce((select json_agg(x order by x.created_at) from (
         select id, filename, content_type, size_bytes, agency_id, created_at from attachments where case_id = $1) x), '[]'::json) as attachments`;

/**
 * The case page: parties with every role they hold (here and on other cases), reports, agencies,
 * the case plan, contacts, notes and documents. Each part owned by another agency passes the policy.
 */
export async function viewCase(access: Access, id: string) {
  // Every part of the page comes back with the case itself: one statement, each part a json list.
  const found = await caseFor(access, id, 'read', PAGE_COLUMNS);
  const { row, agencies, scope } = found;
  const { people, reports, actions, notes, contacts, attachments } = found.columns as unknown as PageColumns;
  const disclosed: string[] = [];
  const parties = [];
  for (const p of people) {
    const { value, disclosed: d } = await access.filter(scopeOf(p.person_id, p), { personId: p.person_id, displayName: p.display_name, roles: p.roles, otherRoles: p.other_roles }, {
      displayName: 'minimal_identity',
      otherRoles: 'asb_history',
    });
    if (d.length) disclosed.push(`person:${p.person_id}`);
    parties.push(value);
  }
  const owned = async <T extends Record<string, unknown>>(agencyId: string, rec: T, fields: Partial<Record<keyof T, 'case_notes' | 'asb_history'>>) =>
    (await access.filter({ ownerAgencyIds: [agencyId], caseAgencyIds: scope.agencyIds, caseIds: [id] }, rec, fields)).value;
  const result = {
    id: row.id,
    reference: row.reference,
    title: row.title,
    caseType: row.case_type,
    status: row.status,
    outcome: row.outcome,
    openedAt: iso(row.opened_at),
    closedAt: iso(row.closed_at),
    leadAgency: { id: row.lead_agency_id, name: row.lead_agency_name },
    leadOfficer: row.lead_officer_id ? { id: row.lead_officer_id, name: row.lead_officer_name } : null,
    agencies: agencies.map((a) => ({ id: a.agency_id, name: a.name, kind: a.kind, role: a.role })),
    parties,
    reports: reports.map((r) => ({ id: r.id, reference: r.reference, receivedAt: iso(r.received_at), category: r.category_code, channel: r.channel, agencyName: r.agency_name })),
    actions: actions.map((x) => ({ id: x.id, description: x.description, ownerUserId: x.owner_user_id, owner: x.owner, ownerAgencyName: x.agency_name, dueDate: x.due_date, status: x.status, source: x.source, overdue: x.status === 'open' && !!x.due_date && x.due_date < new Date().toISOString().slice(0, 10) })),
    notes: await Promise.all(notes.map((n) => owned(n.agency_id, { id: n.id, agencyName: n.agency_name, author: n.author, createdAt: iso(n.created_at), body: n.body }, { body: 'case_notes' }))),
    contacts: await Promise.all(
      contacts.map((c) =>
        owned(
          c.agency_id,
          {
            id: c.id,
            personId: c.person_id,
            person: c.person,
            agencyName: c.agency_name,
            by: c.by_name,
            contactedAt: iso(c.contacted_at),
            method: c.method,
            summary: c.summary,
            observations: { demeanour: c.demeanour, homeConditions: c.home_conditions, coping: c.coping },
            updatedOnProgress: c.updated_on_progress,
            deterioration: c.deterioration,
            feelsSafer: c.feels_safer,
          },
          { summary: 'case_notes', observations: 'case_notes' },
        ),
      ),
    ),
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, contentType: a.content_type, sizeBytes: a.size_bytes, createdAt: iso(a.created_at) })),
  };
  await access.auditRead([{ subjectType: 'case', subjectId: id, action: 'read', fields: ['case', ...disclosed] }]);
  return result;
}
