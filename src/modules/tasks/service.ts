import type { Access } from '../../platform/access/access.js';
import type { Actor } from '../../platform/access/policy.js';
import type { Queryable } from '../../platform/db/db.js';
import { conflict, forbidden, notFound } from '../../platform/errors.js';
import { closeTasks, findTasks, getTask, type TaskMatch, type TaskRow, type TaskStatus } from './store.js';

/**
 * The tasks service other modules call. `createTask` is idempotent on its dedupe key, so a job or
 * hook that runs twice makes one task; call it with the `q` of your own `access.write` and audit there.
 */
export { createTask, createTasks, tasksByKeys, caseLead, overdueTaskCounts, rescheduleTask, tasksByKeyPrefix, type NewTask, type TaskMatch } from './store.js';

/** A person's open tasks past their due date, soonest first (caseloads, supervision). */
export function overdueTasksFor(q: Queryable, userId: string, limit = 200) {
  return findTasks(q, { userId, status: 'open', overdueOnly: true, limit });
}

/**
 * Closes the open tasks matching `match` (by id, dedupe key or prefix, or kind on a case/person)
 * inside the caller's transaction; returns the ids closed so the caller can audit them.
 */
export function completeTask(q: Queryable, match: TaskMatch, outcome: { status?: 'done' | 'cancelled'; byUserId?: string | null; note?: string | null } = {}): Promise<string[]> {
  return closeTasks(q, match, { status: outcome.status ?? 'done', byUserId: outcome.byUserId ?? null, note: outcome.note ?? null });
}

/** Who may close a task: the person it is assigned to, or a team leader of its team or agency. */
export function mayActOnTask(actor: Pick<Actor, 'userId' | 'role' | 'teamId' | 'agencyId'>, task: { assignee_user_id: string | null; team_id: string | null; agency_id: string | null }): boolean {
  if (task.assignee_user_id === actor.userId) return true;
  if (actor.role !== 'team_leader') return false;
  return (!!actor.teamId && task.team_id === actor.teamId) || (!!task.agency_id && task.agency_id === actor.agencyId);
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function taskView(r: TaskRow, now: number) {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    detail: r.detail ?? {},
    caseId: r.case_id,
    caseReference: r.reference,
    personId: r.person_id,
    assigneeUserId: r.assignee_user_id,
    assignee: r.assignee,
    teamId: r.team_id,
    dueAt: iso(r.due_at),
    status: r.status,
    overdue: r.status === 'open' && !!r.due_at && new Date(r.due_at).getTime() < now,
    createdAt: iso(r.created_at)!,
    doneAt: iso(r.done_at),
    note: r.done_note,
  };
}

/** My tasks, or (team leaders) my team's; titles name people, so the list read is audited. */
export async function listTasks(access: Access, f: { scope: 'mine' | 'team'; status: TaskStatus; kind?: string; overdue?: boolean }) {
  const a = access.user();
  if (f.scope === 'team' && a.role !== 'team_leader') throw forbidden("Only team leaders see their team's tasks.");
  if (f.scope === 'team' && !a.teamId) return [];
  const rows = await findTasks(access.db, { ...(f.scope === 'team' ? { teamId: a.teamId! } : { userId: a.userId }), status: f.status, kind: f.kind, overdueOnly: f.overdue, limit: 200 });
  const now = Date.now();
  await access.auditRead([{ subjectType: 'task_list', subjectId: null, action: 'list', fields: rows.length ? ['title'] : [], detail: { scope: f.scope, tasks: rows.map((r) => r.id) } }]);
  return rows.map((r) => taskView(r, now));
}

/** Marks a task done or cancelled with a note; only its assignee or a team leader of its team or agency. */
export async function updateTask(access: Access, id: string, u: { status: 'done' | 'cancelled'; note?: string }) {
  const a = access.user();
  await access.write(async (q, audit) => {
    const row = await getTask(q, id);
    if (!row) throw notFound('Task');
    if (!mayActOnTask(a, row)) throw forbidden('Only the person it is assigned to, or a team leader of that team or agency, may close a task.');
    if (row.status !== 'open') throw conflict(`This task is already ${row.status}.`);
    await closeTasks(q, { id }, { status: u.status, byUserId: a.userId, note: u.note ?? null });
    audit({ subjectType: 'task', subjectId: id, action: u.status, detail: u.note ? { note: true } : {} });
  });
}
