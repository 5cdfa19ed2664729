import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Access } from '../../platform/access/access.js';
import type { Queryable } from '../../platform/db/db.js';
import { Problem, forbidden, invalidField, notFound } from '../../platform/errors.js';
import type { HookResult, NewReport } from '../reports/hooks.js';
import { resolvePerson } from '../people/store.js';
import { caseLead, createTask } from '../tasks/store.js';
import { latestLevel } from './service.js';
import { childrenDecisionRequired, earlyReviewReason, type RiskLevel } from './rules/index.js';
import type { ChildrenDecisionInput, ConcernInput, ConcernUpdate } from './schema.js';

const PROMPT_CATEGORIES = new Set(['cuckooing_concern', 'hate_motivated']);

/** Raises an adult (Care Act 2014 s42) or children's concern to the area's social care agency and tracks it. */
export async function raiseConcern(access: Access, input: z.infer<typeof ConcernInput>) {
  const actor = access.requireRole('officer', 'team_leader', 'partner');
  const personId = await resolvePerson(access.db, input.personId);
  if (!personId) throw invalidField('body.personId', 'no such person');
  const kind = input.kind === 'adult' ? 'adult_social_care' : 'childrens_social_care';
  const to = await access.db.query<{ id: string }>('select id from agencies where area_id = $1 and kind = $2 order by name limit 1', [actor.areaId, kind]);
  if (!to.rows[0]) throw invalidField('body.kind', `this area has no ${kind.replace(/_/g, ' ')} agency to receive the concern`);
  return access.write(async (q, audit) => {
    const id = randomUUID();
    await q.query(
      'insert into safeguarding_concerns (id, kind, person_id, case_id, raised_by, raising_agency_id, to_agency_id, reason, what_shared) values ($1,$2,$3,$4,$5,$6,$7,$8,$9)',
      [id, input.kind, personId, input.caseId ?? null, actor.userId, actor.agencyId, to.rows[0].id, input.reason, input.whatShared],
    );
    // The receiving agency joins the case so it can see what it needs to make its enquiry.
    if (input.caseId) await q.query("insert into case_agencies (case_id, agency_id, role) values ($1,$2,'partner') on conflict do nothing", [input.caseId, to.rows[0].id]);
    await createTask(q, { kind: 'safeguarding_concern_received', title: `${input.kind === 'adult' ? 'Adult' : "Children's"} safeguarding concern to acknowledge`, caseId: input.caseId ?? null, personId, agencyId: to.rows[0].id, dueAt: new Date(Date.now() + 86_400_000), dedupeKey: `concern:${id}` });
    audit({ subjectType: 'safeguarding_concern', subjectId: id, action: 'raise', detail: { kind: input.kind, personId, toAgencyId: to.rows[0].id, whatShared: input.whatShared } });
    return { id, toAgencyId: to.rows[0].id, status: 'raised' };
  });
}

const NEXT: Record<string, string[]> = { raised: ['acknowledged'], acknowledged: ['enquiry', 'outcome'], enquiry: ['outcome'], outcome: [] };

/** The receiving agency moves the concern along: acknowledged → enquiry → outcome. */
export async function updateConcern(access: Access, id: string, u: z.infer<typeof ConcernUpdate>) {
  const actor = access.requireRole('officer', 'team_leader', 'partner');
  await access.write(async (q, audit) => {
    const r = await q.query<{ status: string; to_agency_id: string }>('select status, to_agency_id from safeguarding_concerns where id = $1 for update', [id]);
    const c = r.rows[0];
    if (!c) throw notFound('Safeguarding concern');
    if (c.to_agency_id !== actor.agencyId) throw forbidden('Only the agency that received the concern updates it.');
    if (!NEXT[c.status].includes(u.status)) throw new Problem(409, `A concern that is ${c.status} cannot move to ${u.status}.`);
    await q.query('update safeguarding_concerns set status = $2, outcome = coalesce($3, outcome), updated_at = now() where id = $1', [id, u.status, u.outcome ?? null]);
    audit({ subjectType: 'safeguarding_concern', subjectId: id, action: u.status, detail: { outcome: u.outcome ?? null } });
  });
}

export async function listConcerns(access: Access) {
  const actor = access.requireRole('officer', 'team_leader', 'partner', 'dpo');
  const { rows } = await access.db.query<{ id: string; kind: string; person_id: string; display_name: string; case_id: string | null; status: string; outcome: string | null; created_at: Date; raising: string; receiving: string; reason: string }>(
    `select s.id, s.kind, s.person_id, p.display_name, s.case_id, s.status, s.outcome, s.created_at, ra.name as raising, ta.name as receiving, s.reason
     from safeguarding_concerns s join people p on p.id = s.person_id join agencies ra on ra.id = s.raising_agency_id join agencies ta on ta.id = s.to_agency_id
     where s.raising_agency_id = $1 or s.to_agency_id = $1 order by s.created_at desc limit 200`,
    [actor.agencyId],
  );
  await access.auditRead([{ subjectType: 'safeguarding_concern', subjectId: null, action: 'list', fields: rows.length ? ['safeguarding'] : [], detail: { concerns: rows.map((r) => r.id) } }]);
  return rows.map((r) => ({ id: r.id, kind: r.kind, personId: r.person_id, person: r.display_name, caseId: r.case_id, status: r.status, outcome: r.outcome, raisedAt: new Date(r.created_at).toISOString(), raisingAgency: r.raising, receivingAgency: r.receiving, reason: r.reason }));
}

export async function recordChildrenDecision(access: Access, id: string, input: z.infer<typeof ChildrenDecisionInput>) {
  const actor = access.requireRole('officer', 'team_leader', 'partner');
  await access.write(async (q, audit) => {
    const r = await q.query("update children_decisions set status = 'recorded', decision = $2, referral_made = $3, recorded_by = $4, recorded_at = now() where id = $1 and status = 'pending'", [id, input.decision, input.referralMade, actor.userId]);
    if (r.rowCount === 0) throw notFound('Pending children\'s safeguarding decision');
    await q.query("update tasks set status = 'done', done_at = now(), done_by = $2 where dedupe_key = $1", [`children_decision:${id}`, actor.userId]);
    audit({ subjectType: 'children_decision', subjectId: id, action: 'record', detail: input });
  });
}

/**
 * After a report: the safeguarding prompt, a children's decision when a child is listed with a
 * high-risk adult, and an early review for anyone already assessed (a new linked report).
 */
export async function onReport(access: Access, report: NewReport): Promise<HookResult> {
  const q = access.db;
  const children = report.people.filter((p) => p.role === 'child');
  const adults = report.people.filter((p) => p.role !== 'child');
  const levels: Record<string, { faced: RiskLevel | null; posed: RiskLevel | null }> = {};
  for (const a of adults) levels[a.personId] = { faced: await latestLevel(q, a.personId, 'harm_faced'), posed: await latestLevel(q, a.personId, 'harm_posed') };
  const adultLevels = Object.values(levels).flatMap((l) => [l.faced, l.posed]).filter((x): x is RiskLevel => !!x);
  const flags: string[] = [];
  const details: Record<string, unknown> = {};
  const reasons = [];
  if (children.length) reasons.push('a child is named on this report');
  if (PROMPT_CATEGORIES.has(report.category)) reasons.push(`the category is ${report.category.replace(/_/g, ' ')}`);
  if (Object.values(levels).some((l) => l.faced === 'high')) reasons.push('a person on this report faces high risk');
  if (reasons.length) {
    flags.push('safeguarding_prompt');
    details.safeguarding_prompt = { reasons, questions: 'Ask the safeguarding questions (questionnaire safeguarding-questions).' };
  }
  await access.write(async (tx, audit) => {
    if (childrenDecisionRequired({ childrenOnReport: children.length, adultLevels })) {
      const highAdult = adults.find((a) => levels[a.personId].faced === 'high' || levels[a.personId].posed === 'high');
      for (const c of children) {
        const id = randomUUID();
        const r = await tx.query('insert into children_decisions (id, report_id, child_person_id, adult_person_id) values ($1,$2,$3,$4) on conflict do nothing', [id, report.id, c.personId, highAdult?.personId ?? null]);
        if (r.rowCount === 0) continue;
        await createTask(tx, { kind: 'children_decision', title: "Record a children's safeguarding decision", personId: c.personId, assigneeUserId: access.actor?.userId ?? null, agencyId: report.agencyId, dueAt: new Date(Date.now() + 86_400_000), dedupeKey: `children_decision:${id}`, detail: { reportId: report.id } });
        audit({ subjectType: 'children_decision', subjectId: id, action: 'prompt', detail: { reportId: report.id } });
      }
      flags.push('children_decision_required');
    }
    for (const a of adults) {
      if (!levels[a.personId].faced && !levels[a.personId].posed) continue;
      const why = earlyReviewReason({ kind: 'linked_report', reportId: report.id });
      if (why) await earlyReview(tx, a.personId, why.message, `early_review:${a.personId}:report:${report.id}`);
    }
  });
  return { flags, flagDetails: details };
}

/** An early review task for the person, to the lead officer of the case their last assessment was on. */
export async function earlyReview(q: Queryable, personId: string, why: string, dedupeKey: string) {
  const last = await q.query<{ case_id: string | null; assessor_id: string | null; agency_id: string }>(
    'select case_id, assessor_id, agency_id from assessments where person_id = $1 order by assessed_at desc limit 1',
    [personId],
  );
  const a = last.rows[0];
  const lead = a?.case_id ? await caseLead(q, a.case_id) : null;
  await createTask(q, {
    kind: 'early_review',
    title: `Review the risk assessment early: ${why}`,
    personId,
    caseId: a?.case_id ?? null,
    assigneeUserId: lead?.userId ?? a?.assessor_id ?? null,
    agencyId: lead?.agencyId ?? a?.agency_id ?? null,
    dueAt: new Date(Date.now() + 2 * 86_400_000),
    dedupeKey,
    detail: { reason: why },
  });
}
