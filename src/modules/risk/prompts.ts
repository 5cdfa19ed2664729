import type { z } from 'zod';
import type { Access } from '../../platform/access/access.js';
import type { Queryable } from '../../platform/db/db.js';
import { notFound } from '../../platform/errors.js';
import { caseFor, type ContactHook } from '../cases/service.js';
import type { HookResult, NewReport } from '../reports/hooks.js';
import { caseLead, createTask } from '../tasks/store.js';
import { childrenDecisionRequired, earlyReviewReason, type RiskLevel } from './rules/index.js';
import type { ChildrenDecisionInput } from './schema.js';
import { LINKING_RULES } from '../linking/flags.js';
import { latestLevelsOfLinked } from './store.js';
import { mergeCluster } from '../people/store.js';
import { newId } from '../../platform/ids.js';

/** Report categories that always prompt the safeguarding questions. */
const PROMPT_CATEGORIES = new Set(['cuckooing_concern', 'hate_motivated']);

/**
 * After a report: the safeguarding prompt (a child named, a cuckooing or hate category, or
 * someone on it at high risk of harm), a children's decision when a child is listed with a
 * high-risk adult, and an early review for anyone already assessed (a new linked report).
 */
export async function onReport(access: Access, report: NewReport): Promise<HookResult> {
  const q = access.db;
  const children = report.people.filter((p) => p.role === 'child');
  const adults = report.people.filter((p) => p.role !== 'child');
  // Levels come from the person's linked cluster: a report naming someone already assessed under
  // another record still counts (linking's hook has stored its suggestions by now).
  const levels = new Map<string, { faced: RiskLevel | null; posed: RiskLevel | null; assessed: string[] }>();
  const everyone = await latestLevelsOfLinked(q, [...new Set(adults.map((a) => a.personId))], LINKING_RULES.linkThreshold);
  for (const a of adults) {
    if (levels.has(a.personId)) continue;
    const latest = everyone.filter((x) => x.person === a.personId);
    const newest = (lens: string) => latest.filter((x) => x.lens === lens).sort((x, y) => new Date(y.assessed_at).getTime() - new Date(x.assessed_at).getTime())[0]?.level ?? null;
    levels.set(a.personId, { faced: newest('harm_faced'), posed: newest('harm_posed'), assessed: [...new Set(latest.map((x) => x.root))] });
  }
  const adultLevels = [...levels.values()].flatMap((l) => [l.faced, l.posed]).filter((x): x is RiskLevel => !!x);

  const flags: string[] = [];
  const flagDetails: Record<string, unknown> = {};
  const reasons = [];
  if (children.length) reasons.push('a child is named on this report');
  if (PROMPT_CATEGORIES.has(report.category)) reasons.push(`the category is ${report.category.replace(/_/g, ' ')}`);
  if ([...levels.values()].some((l) => l.faced === 'high')) reasons.push('a person on this report currently faces a high risk of harm');
  if (reasons.length) {
    flags.push('safeguarding_prompt');
    flagDetails.safeguarding_prompt = { reasons, questionnaireId: 'safeguarding-questions' };
  }
  const childDecision = childrenDecisionRequired({ childrenOnReport: children.length, adultLevels });
  const assessed = [...new Set([...levels.values()].flatMap((l) => l.assessed))];
  if (!childDecision && assessed.length === 0) return { flags, flagDetails };

  await access.write(async (tx, audit) => {
    if (childDecision) {
      const highAdult = [...levels.entries()].find(([, l]) => l.faced === 'high' || l.posed === 'high')?.[0] ?? null;
      for (const c of children) {
        const id = newId();
        const r = await tx.query('insert into children_decisions (id, report_id, child_person_id, adult_person_id) values ($1,$2,$3,$4) on conflict do nothing', [id, report.id, c.personId, highAdult]);
        if (r.rowCount === 0) continue;
        await createTask(tx, { kind: 'children_decision', title: "Record a children's safeguarding decision", personId: c.personId, assigneeUserId: access.actor?.userId ?? report.recordedBy ?? null, agencyId: report.agencyId, dueAt: new Date(Date.now() + 86_400_000), dedupeKey: `children_decision:${id}`, detail: { reportId: report.id, decisionId: id } });
        audit({ subjectType: 'children_decision', subjectId: id, action: 'prompt', detail: { reportId: report.id, childPersonId: c.personId, adultPersonId: highAdult } });
      }
      flags.push('children_decision_required');
      flagDetails.children_decision_required = { reason: 'A child is listed on this report with an adult assessed at high risk: a decision on a children\'s referral must be recorded.' };
    }
    const why = earlyReviewReason({ kind: 'linked_report', reportId: report.reference });
    for (const personId of assessed) {
      if (why && (await earlyReview(tx, personId, why.message, `early_review:${personId}:report:${report.id}`))) {
        audit({ subjectType: 'person', subjectId: personId, action: 'early_review_prompted', detail: { reportId: report.id } });
      }
    }
  });
  return { flags, flagDetails };
}

/** A contact noting deterioration brings the person's risk review forward. */
export const onContact: ContactHook = async (access, c) => {
  const why = earlyReviewReason({ kind: 'contact', deterioration: c.deterioration });
  if (!why) return;
  await access.write(async (q, audit) => {
    await earlyReview(q, c.personId, why.message, `early_review:${c.personId}:contact:${c.contactId}`, c.caseId);
    audit({ subjectType: 'person', subjectId: c.personId, action: 'early_review_prompted', detail: { contactId: c.contactId, caseId: c.caseId } });
  });
};

/** An early review task for the person, to the lead officer of the case (or whoever last assessed them). */
export async function earlyReview(q: Queryable, personId: string, why: string, dedupeKey: string, caseId?: string): Promise<boolean> {
  const last = await q.query<{ case_id: string | null; assessor_id: string | null; agency_id: string }>(
    `select a.case_id, a.assessor_id, a.agency_id from assessments a where a.person_id in ${mergeCluster('$1')} order by a.assessed_at desc limit 1`,
    [personId],
  );
  const a = last.rows[0];
  const onCase = caseId ?? a?.case_id ?? null;
  const lead = onCase ? await caseLead(q, onCase) : null;
  const t = await createTask(q, {
    kind: 'early_review',
    title: `Review the risk assessment early: ${why}`,
    personId,
    caseId: onCase,
    assigneeUserId: lead?.userId ?? a?.assessor_id ?? null,
    agencyId: lead?.agencyId ?? a?.agency_id ?? null,
    dueAt: new Date(Date.now() + 2 * 86_400_000),
    dedupeKey,
    detail: { reason: why },
  });
  return t.created;
}

/** Agencies that answer for a children's decision: the reporting agency and the parties to cases holding the report. */
const MY_DECISIONS = `(r.reporting_agency_id = $1 or exists (select 1 from case_reports cr join case_agencies ca on ca.case_id = cr.case_id where cr.report_id = d.report_id and ca.agency_id = $1))`;

/** Decisions your agency answers for; with `caseId`, only those whose report is on that case (which you must be able to read, or 404). */
export async function listChildrenDecisions(access: Access, status: 'pending' | 'recorded', caseId?: string) {
  const a = access.requireRole('officer', 'team_leader', 'partner');
  if (caseId) await caseFor(access, caseId, 'read');
  const { rows } = await access.db.query<{ id: string; report_id: string; reference: string; child_person_id: string; child: string; adult: string | null; created_at: Date; decision: string | null; referral_made: boolean | null; recorded_at: Date | null; reporting_agency_id: string }>(
    `select d.id, d.report_id, r.reference, d.child_person_id, c.display_name as child, ad.display_name as adult, d.created_at, d.decision, d.referral_made, d.recorded_at, r.reporting_agency_id
     from children_decisions d join reports r on r.id = d.report_id join people c on c.id = d.child_person_id left join people ad on ad.id = d.adult_person_id
     where d.status = $2 and ${MY_DECISIONS}
       and ($3::uuid is null or exists (select 1 from case_reports cr where cr.report_id = d.report_id and cr.case_id = $3::uuid))
     order by d.created_at limit 200`,
    [a.agencyId, status, caseId ?? null],
  );
  const out = [];
  for (const r of rows) {
    const { value } = await access.filter(
      { ownerAgencyIds: [r.reporting_agency_id], caseAgencyIds: [], caseIds: [], personId: r.child_person_id },
      { id: r.id, reportId: r.report_id, reportReference: r.reference, childPersonId: r.child_person_id, child: r.child, withAdult: r.adult, promptedAt: new Date(r.created_at).toISOString(), decision: r.decision, referralMade: r.referral_made, recordedAt: r.recorded_at ? new Date(r.recorded_at).toISOString() : null },
      { decision: 'children', referralMade: 'children' },
    );
    out.push(value);
  }
  await access.auditRead([{ subjectType: 'children_decision', subjectId: null, action: 'list', fields: rows.length ? ['children'] : [], detail: { decisions: rows.map((r) => r.id) } }]);
  return out;
}

/** Records the decision (which may be "no referral", with the reasons) and closes its task. */
export async function recordChildrenDecision(access: Access, id: string, input: z.infer<typeof ChildrenDecisionInput>) {
  const actor = access.requireRole('officer', 'team_leader', 'partner');
  await access.write(async (q, audit) => {
    const mine = await q.query<{ status: string }>(`select d.status from children_decisions d join reports r on r.id = d.report_id where d.id = $2 and ${MY_DECISIONS} for update of d`, [actor.agencyId, id]);
    if (!mine.rows[0] || mine.rows[0].status !== 'pending') throw notFound("Pending children's safeguarding decision");
    await q.query("update children_decisions set status = 'recorded', decision = $2, referral_made = $3, recorded_by = $4, recorded_at = now() where id = $1", [id, input.decision, input.referralMade, actor.userId]);
    await q.query("update tasks set status = 'done', done_at = now(), done_by = $2, done_note = 'decision recorded' where dedupe_key = $1 and status = 'open'", [`children_decision:${id}`, actor.userId]);
    audit({ subjectType: 'children_decision', subjectId: id, action: 'record', detail: { referralMade: input.referralMade } });
  });
}
