import type { Access } from '../../platform/access/access.js';
import type { Queryable } from '../../platform/db/db.js';
import { forbidden } from '../../platform/errors.js';
import { mergeCluster } from '../people/store.js';
import { Params } from '../../platform/db/params.js';
import { createTasks } from '../tasks/store.js';

interface DueRow {
  id: string;
  person_id: string;
  display_name: string;
  lens: string;
  level: string;
  review_due: Date;
  /** review_due exactly (a Date keeps milliseconds only): where the next page starts. */
  due_key: string;
  agency_id: string;
  case_id: string | null;
  reference: string | null;
  case_agencies: string[];
  officer: string | null;
  assignee_id: string | null;
  assignee_agency_id: string | null;
}

/**
 * Latest assessments per person and lens whose review falls before `before`, a page of `limit` in
 * order of due date (then id), after `after` when given. Who answers for a review: the lead officer
 * of the case it was made on, or else whoever made it. "Latest" is looked up per due assessment
 * through the person's merge cluster by index: as an anti-join the planner paired every due
 * assessment with every other on the same lens (12 s and more a page at 20,000 due).
 */
export async function reviewsDue(
  q: Queryable,
  before: Date,
  who: { teamId?: string | null; userId?: string; form?: 'by_member' | 'by_date' } = {},
  page: { limit?: number; after?: { dueKey: string; id: string } } = {},
): Promise<DueRow[]> {
  // Only the filters in use go into the statement (each combination its own prepared statement):
  // with "($n is null or …)" for each, every call was planned afresh (3–4 ms a call).
  const params = new Params();
  const where = [`x.review_due < ${params.add(before)}`];
  const team = who.teamId ? params.add(who.teamId, 'uuid') : null;
  const user = who.userId ? params.add(who.userId, 'uuid') : null;
  if (team) where.push(`coalesce(lo.team_id, au.team_id) = ${team}`);
  if (user) where.push(`coalesce(lo.id, au.id) = ${user}`);
  if (page.after) where.push(`(x.review_due, x.id) > (${params.add(page.after.dueKey, 'timestamptz')}, ${params.add(page.after.id, 'uuid')})`);
  // One officer's, or a team's of up to MEMBERS_BY_INDEX: the assessments on the cases they lead,
  // and those they made that no lead officer (in a team, for a team) answers for, found by index and
  // read where they are found (reading every due assessment for one officer's few took 97 ms at
  // 56,000 due). A larger team has most of them: its page is read in date order.
  const members = user ? `= ${user}` : team && who.form === 'by_member' ? `= any(array(select id from users where team_id = ${team}))` : null;
  const source = members ? `(${answeredBy(members, !!team).join('\n       union all ')})` : `(select ${DUE_COLUMNS}, ${CASE_COLUMNS} from assessments a left join cases lc on lc.id = a.case_id)`;
  const { rows } = await q.query<DueRow>(
    `select x.id, coalesce(p.merged_into, p.id) as person_id, root.display_name, x.lens, x.level, x.review_due, x.review_due::text as due_key, x.agency_id, x.case_id, x.reference,
       coalesce(array(select agency_id from case_agencies where case_id = x.case_id), '{}') as case_agencies,
       coalesce(lo.display_name, au.display_name) as officer, coalesce(lo.id, au.id) as assignee_id, coalesce(lo.agency_id, au.agency_id) as assignee_agency_id
     from ${source} x join people p on p.id = x.person_id join people root on root.id = coalesce(p.merged_into, p.id)
       left join users lo on lo.id = x.lead_officer_id left join users au on au.id = x.assessor_id
     where ${where.join(' and ')} and x.lens <> 'safeguarding' and (x.case_status is null or x.case_status <> 'closed')
       and not exists (select 1 from ${mergeCluster('coalesce(p.merged_into, p.id)')} m(id)
         join assessments y on y.person_id = m.id and y.lens = x.lens and y.assessed_at > x.assessed_at)
     order by x.review_due, x.id limit ${params.add(page.limit ?? 1000)}`,
    params.values,
  );
  return rows;
}

const DUE_COLUMNS = 'a.id, a.person_id, a.lens, a.level, a.review_due, a.assessed_at, a.agency_id, a.case_id, a.assessor_id';
const CASE_COLUMNS = 'lc.reference, lc.status as case_status, lc.lead_officer_id';

/**
 * The assessments `members` (SQL: `= …` of user ids) answer for, as selects of the same columns that
 * never overlap: those on the cases they lead, and those they made that no lead officer answers for
 * (made with no case, on a case with no lead officer, or, for a team, on one led by an officer in no
 * team). Each is found by index: checking the case of everything the members had made took 57 ms
 * for a team whose members had made 25,000 assessments.
 */
const answeredBy = (members: string, forTeam: boolean) => [
  `select ${DUE_COLUMNS}, ${CASE_COLUMNS} from cases lc join assessments a on a.case_id = lc.id where lc.lead_officer_id ${members}`,
  `select ${DUE_COLUMNS}, null::text, null::text, null::uuid from assessments a where a.case_id is null and a.assessor_id ${members}`,
  `select ${DUE_COLUMNS}, ${CASE_COLUMNS} from cases lc join assessments a on a.case_id = lc.id where lc.lead_officer_id is null and a.assessor_id ${members}`,
  ...(forTeam ? [`select ${DUE_COLUMNS}, ${CASE_COLUMNS} from users lu join cases lc on lc.lead_officer_id = lu.id join assessments a on a.case_id = lc.id where lu.team_id is null and a.assessor_id ${members}`] : []),
];

/** Up to this many members, a team's reviews are found from its members' cases by index. */
export const MEMBERS_BY_INDEX = 50;
const teamSize = async (q: Queryable, teamId: string) => (await q.query<{ n: number }>('select count(*)::int as n from users where team_id = $1', [teamId])).rows[0].n;

/** Overdue reviews: a team leader's whole team (or `teamId`, their own), an officer's own. Levels filtered (risk). */
export async function overdueReviews(access: Access, teamId?: string) {
  const a = access.requireRole('officer', 'team_leader');
  if (teamId && (a.role !== 'team_leader' || teamId !== a.teamId)) throw forbidden('Team leaders see their own team.');
  if (a.role === 'team_leader' && !a.teamId) return [];
  const form = a.role === 'team_leader' && (await teamSize(access.db, a.teamId!)) <= MEMBERS_BY_INDEX ? 'by_member' : 'by_date';
  const rows = await reviewsDue(access.db, new Date(), a.role === 'team_leader' ? { teamId: a.teamId, form } : { userId: a.userId });
  const out = [];
  for (const r of rows) {
    const { value } = await access.filter(
      { ownerAgencyIds: [r.agency_id], caseAgencyIds: r.case_agencies, caseIds: r.case_id ? [r.case_id] : [], personId: r.person_id },
      {
        assessmentId: r.id, personId: r.person_id, person: r.display_name, lens: r.lens, level: r.level, reviewDue: new Date(r.review_due).toISOString(),
        caseId: r.case_id, caseReference: r.reference, leadOfficer: r.officer, daysOverdue: Math.floor((Date.now() - new Date(r.review_due).getTime()) / 86_400_000),
      },
      { level: 'risk' },
    );
    out.push(value);
  }
  await access.auditRead([{ subjectType: 'review_list', subjectId: null, action: 'list', fields: out.length ? ['displayName', 'risk'] : [], detail: { people: [...new Set(rows.map((r) => r.person_id))] } }]);
  return out;
}

/**
 * The review-reminder job: a task for every latest assessment due within `aheadDays` (or overdue),
 * to the officer who answers for it. Idempotent: one task per assessment, however often it runs.
 */
export async function remindReviews(q: Queryable, now = new Date(), aheadDays = 2, pageSize = 5000): Promise<{ created: number }> {
  const before = new Date(now.getTime() + aheadDays * 86_400_000);
  let created = 0;
  // Every due review, a page at a time (a page is one insert): the ones already reminded stay due
  // until answered, so a single page would hold the same oldest ones on every run.
  for (let after: { dueKey: string; id: string } | undefined, rows: DueRow[]; ; after = { dueKey: rows.at(-1)!.due_key, id: rows.at(-1)!.id }) {
    rows = await reviewsDue(q, before, {}, { limit: pageSize, after });
    const made = await createTasks(
      q,
      rows.map((r) => ({
        kind: 'risk_review',
        title: `${new Date(r.review_due) < now ? 'Overdue' : 'Due'}: review the ${r.lens.replace('_', ' ')} assessment of ${r.display_name}`,
        personId: r.person_id,
        caseId: r.case_id,
        assigneeUserId: r.assignee_id,
        agencyId: r.assignee_agency_id ?? r.agency_id,
        dueAt: r.review_due,
        dedupeKey: `risk_review:${r.id}`,
        detail: { assessmentId: r.id, lens: r.lens },
      })),
    );
    created += made.length;
    if (rows.length < pageSize) return { created };
  }
}
