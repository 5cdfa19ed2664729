import type { Access } from '../../platform/access/access.js';
import type { Queryable } from '../../platform/db/db.js';
import { forbidden } from '../../platform/errors.js';
import type { AppContext } from '../../platform/http/context.js';
import { overdueTaskCounts, overdueTasksFor } from '../tasks/service.js';
import type { CaseloadRiskLevels, SafeguardingCases } from './rules.js';
import { cadenceOf, practitionerFor, supervisionStatus } from './service.js';
import * as store from './store.js';

/**
 * What the caseload shows of each case beyond its row: which have an open safeguarding concern and
 * the highest risk level of anyone on it (each null when that service is absent), read for all the cases at once.
 */
async function caseFacts(ctx: AppContext, q: Queryable, cases: { id: string }[]) {
  const levels = ctx.services.riskLevels as CaseloadRiskLevels | undefined;
  const safeguarding = ctx.services.safeguardingCases as SafeguardingCases | undefined;
  const ids = cases.map((c) => c.id);
  const [concerns, caseLevels] = await Promise.all([
    safeguarding ? safeguarding.casesWithOpenConcerns(q, ids) : null,
    levels ? levels.highestOnCases(q, ids) : null,
  ]);
  return {
    risksKnown: caseLevels !== null,
    concernsKnown: concerns !== null,
    highestRisk: (c: { id: string }) => (caseLevels ? (caseLevels.get(c.id) ?? null) : null),
    hasConcern: (c: { id: string }) => (concerns ? concerns.has(c.id) : null),
  };
}

/**
 * One practitioner's caseload for supervision: open cases they lead, how many are high risk (when the
 * risk service is there), how many have safeguarding concerns (when that service is there), overdue
 * tasks and case actions, and when supervision is due. Only the practitioner and their team leader.
 */
export async function caseload(ctx: AppContext, access: Access, userId: string) {
  const p = await practitionerFor(access, userId);
  const q = access.db;
  const now = new Date();
  const [cases, tasks, actions, status] = await Promise.all([
    store.casesLed(q, p.id),
    overdueTasksFor(q, p.id),
    store.overdueCaseActions(q, p.id, now.toISOString().slice(0, 10)),
    supervisionStatus(ctx, access, [p], now),
  ]);
  const facts = await caseFacts(ctx, q, cases);
  const rows = cases.map((c) => ({
    id: c.id,
    reference: c.reference,
    title: c.title,
    status: c.status,
    openedAt: new Date(c.opened_at).toISOString(),
    highestRisk: facts.highestRisk(c),
    safeguardingConcern: facts.hasConcern(c),
  }));
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
  const items = [
    ...tasks.map((t) => ({ kind: 'task' as const, id: t.id, title: t.title, dueAt: iso(t.due_at), caseId: t.case_id, caseReference: t.reference })),
    ...actions.map((x) => ({ kind: 'case_action' as const, id: x.id, title: x.description, dueAt: iso(`${x.due_date}T00:00:00Z`), caseId: x.case_id, caseReference: x.reference })),
  ].sort((x, y) => (x.dueAt ?? '').localeCompare(y.dueAt ?? ''));
  await access.auditRead([{ subjectType: 'caseload', subjectId: p.id, action: 'read', fields: ['cases', 'risk', 'supervision'], detail: { cases: cases.length } }]);
  return {
    practitioner: { id: p.id, name: p.display_name, role: p.role, teamId: p.team_id },
    openCasesLed: cases.length,
    highRiskCases: facts.risksKnown ? rows.filter((r) => r.highestRisk === 'high').length : null,
    casesWithSafeguardingConcerns: facts.concernsKnown ? rows.filter((r) => r.safeguardingConcern).length : null,
    cases: rows,
    overdue: { tasks: tasks.length, caseActions: actions.length, items },
    supervision: status.get(p.id)!,
  };
}

/**
 * Up to this many practitioners, the team's high-risk cases are found from the people on its cases
 * (a team of 15, some 2,400 case-people: 26-37 ms against 40-53 ms from an area's 9,000 high-level
 * assessments outward); a larger team from the assessments.
 */
const FEW_PRACTITIONERS = 50;

/**
 * A team leader's view of their team: each practitioner's caseload figures and supervision status,
 * read for the whole team at once (a statement per figure, not per practitioner).
 */
export async function teamOverview(ctx: AppContext, access: Access) {
  const a = access.requireRole('team_leader');
  if (!a.teamId) throw forbidden('You are not in a team.');
  const q = access.db;
  const people = await store.teamPractitioners(q, a.teamId, cadenceOf(ctx).roles);
  const ids = people.map((p) => p.id);
  const now = new Date();
  const levels = ctx.services.riskLevels as CaseloadRiskLevels | undefined;
  const safeguarding = ctx.services.safeguardingCases as SafeguardingCases | undefined;
  const [figures, tasks, actions, status] = await Promise.all([
    store.caseFiguresOf(q, ids, {
      // The top level: a case is high risk when anyone on it is, on either lens.
      highRisk: levels && ((_params, cases) => levels.casesAtLevelSql(cases, 'high', ids.length <= FEW_PRACTITIONERS ? 'by_person' : 'by_assessment')),
      concerns: safeguarding?.openConcernCasesSql,
    }),
    overdueTaskCounts(q, ids, now),
    store.overdueCaseActionCounts(q, ids, now.toISOString().slice(0, 10)),
    supervisionStatus(ctx, access, people, now),
  ]);
  const out = people.map((p) => {
    const mine = figures.get(p.id);
    return {
      practitioner: { id: p.id, name: p.display_name, role: p.role, teamId: p.team_id },
      openCasesLed: mine?.open ?? 0,
      highRiskCases: levels ? (mine?.high ?? 0) : null,
      casesWithSafeguardingConcerns: safeguarding ? (mine?.concerns ?? 0) : null,
      overdueItems: (tasks.get(p.id) ?? 0) + (actions.get(p.id) ?? 0),
      supervision: status.get(p.id)!,
    };
  });
  // One record of the read, naming every practitioner whose figures it showed (found by their ids).
  await access.auditRead([{ subjectType: 'team', subjectId: a.teamId, action: 'read', fields: ['cases', 'risk', 'supervision'], detail: { practitioners: ids, cases: out.reduce((n, x) => n + x.openCasesLed, 0) } }]);
  return out;
}
