import type { Access } from '../../platform/access/access.js';
import type { Queryable } from '../../platform/db/db.js';
import { forbidden } from '../../platform/errors.js';
import type { AppContext } from '../../platform/http/context.js';
import { overdueTasksFor } from '../tasks/service.js';
import type { CaseloadRiskLevels, SafeguardingCases } from './rules.js';
import { cadenceOf, practitionerFor, supervisionStatus } from './service.js';
import * as store from './store.js';

type Level = 'standard' | 'medium' | 'high';
const RANK: Record<Level, number> = { standard: 1, medium: 2, high: 3 };

/** The highest level on either lens of anyone on the case, or null if no one has been assessed. */
async function highestRisk(q: Queryable, levels: CaseloadRiskLevels, people: string[]): Promise<Level | null> {
  let best: Level | null = null;
  for (const id of people) {
    const found = await Promise.all([levels.latestHarmFaced(q, id), levels.latestHarmPosed?.(q, id) ?? null]);
    for (const l of found) if (l && (!best || RANK[l] > RANK[best])) best = l;
  }
  return best;
}

/**
 * One practitioner's caseload for supervision: open cases they lead, how many are high risk (when the
 * risk service is there), how many have safeguarding concerns (when that service is there), overdue
 * tasks and case actions, and when supervision is due. Only the practitioner and their team leader.
 */
export async function caseload(ctx: AppContext, access: Access, userId: string) {
  const p = await practitionerFor(access, userId);
  const q = access.db;
  const levels = ctx.services.riskLevels as CaseloadRiskLevels | undefined;
  const safeguarding = ctx.services.safeguardingCases as SafeguardingCases | undefined;
  const now = new Date();
  const [cases, tasks, actions, status] = await Promise.all([
    store.casesLed(q, p.id),
    overdueTasksFor(q, p.id),
    store.overdueCaseActions(q, p.id, now.toISOString().slice(0, 10)),
    supervisionStatus(ctx, access, [p], now),
  ]);
  const concerns = safeguarding ? await safeguarding.casesWithOpenConcerns(q, cases.map((c) => c.id)) : null;
  const rows = [];
  for (const c of cases) {
    rows.push({
      id: c.id,
      reference: c.reference,
      title: c.title,
      status: c.status,
      openedAt: new Date(c.opened_at).toISOString(),
      highestRisk: levels ? await highestRisk(q, levels, c.people) : null,
      safeguardingConcern: concerns ? concerns.has(c.id) : null,
    });
  }
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
  const items = [
    ...tasks.map((t) => ({ kind: 'task' as const, id: t.id, title: t.title, dueAt: iso(t.due_at), caseId: t.case_id, caseReference: t.reference })),
    ...actions.map((x) => ({ kind: 'case_action' as const, id: x.id, title: x.description, dueAt: iso(`${x.due_date}T00:00:00Z`), caseId: x.case_id, caseReference: x.reference })),
  ].sort((x, y) => (x.dueAt ?? '').localeCompare(y.dueAt ?? ''));
  await access.auditRead([{ subjectType: 'caseload', subjectId: p.id, action: 'read', fields: ['cases', 'risk', 'supervision'], detail: { cases: cases.length } }]);
  return {
    practitioner: { id: p.id, name: p.display_name, role: p.role, teamId: p.team_id },
    openCasesLed: cases.length,
    highRiskCases: levels ? rows.filter((r) => r.highestRisk === 'high').length : null,
    casesWithSafeguardingConcerns: concerns ? rows.filter((r) => r.safeguardingConcern).length : null,
    cases: rows,
    overdue: { tasks: tasks.length, caseActions: actions.length, items },
    supervision: status.get(p.id)!,
  };
}

/** A team leader's view of their team: each practitioner's caseload figures and supervision status. */
export async function teamOverview(ctx: AppContext, access: Access) {
  const a = access.requireRole('team_leader');
  if (!a.teamId) throw forbidden('You are not in a team.');
  const people = await store.teamPractitioners(access.db, a.teamId, cadenceOf(ctx).roles);
  const out = [];
  for (const p of people) {
    const c = await caseload(ctx, access, p.id);
    out.push({
      practitioner: c.practitioner,
      openCasesLed: c.openCasesLed,
      highRiskCases: c.highRiskCases,
      casesWithSafeguardingConcerns: c.casesWithSafeguardingConcerns,
      overdueItems: c.overdue.tasks + c.overdue.caseActions,
      supervision: c.supervision,
    });
  }
  return out;
}
