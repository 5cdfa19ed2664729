import type { Queryable } from '../../platform/db/db.js';
import { newId } from '../../platform/ids.js';

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface NewTask {
  kind: string;
  title: string;
  detail?: Record<string, unknown>;
  caseId?: string | null;
  personId?: string | null;
  assigneeUserId?: string | null;
  /** Defaults to the assignee's team, so team leaders see the task in their team's queue. */
  teamId?: string | null;
  agencyId?: string | null;
  dueAt?: Date | string | null;
  /** Same key, same task: lets jobs and hooks run twice without duplicates. */
  dedupeKey: string;
}

/** Creates the task unless one with the same dedupe key exists (whatever its status); says which. */
export async function createTask(q: Queryable, t: NewTask): Promise<{ id: string; created: boolean }> {
  const [made] = await createTasks(q, [t]);
  if (made) return { id: made.id, created: true };
  const existing = await q.query<{ id: string }>('select id from tasks where dedupe_key = $1', [t.dedupeKey]);
  return { id: existing.rows[0].id, created: false };
}

/**
 * Creates many tasks in one statement (a job's hourly round over every case), each unless one with its
 * dedupe key exists; returns those created. As `createTask`, a task without a team goes to its assignee's.
 */
export async function createTasks(q: Queryable, tasks: NewTask[]): Promise<{ id: string; dedupeKey: string }[]> {
  if (tasks.length === 0) return [];
  const col = <T>(f: (t: NewTask) => T) => tasks.map(f);
  const { rows } = await q.query<{ id: string; dedupe_key: string }>(
    `insert into tasks (id, kind, title, detail, case_id, person_id, assignee_user_id, team_id, agency_id, due_at, dedupe_key)
     select t.id, t.kind, t.title, t.detail, t.case_id, t.person_id, t.assignee, coalesce(t.team_id, u.team_id), coalesce(t.agency_id, u.agency_id), t.due_at, t.dedupe_key
     from unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::uuid[], $6::uuid[], $7::uuid[], $8::uuid[], $9::uuid[], $10::timestamptz[], $11::text[])
          as t(id, kind, title, detail, case_id, person_id, assignee, team_id, agency_id, due_at, dedupe_key)
     left join users u on u.id = t.assignee
     on conflict (dedupe_key) do nothing returning id, dedupe_key`,
    [
      col(() => newId()),
      col((t) => t.kind),
      col((t) => t.title),
      col((t) => JSON.stringify(t.detail ?? {})),
      col((t) => t.caseId ?? null),
      col((t) => t.personId ?? null),
      col((t) => t.assigneeUserId ?? null),
      col((t) => t.teamId ?? null),
      col((t) => t.agencyId ?? null),
      col((t) => (t.dueAt == null ? null : new Date(t.dueAt).toISOString())),
      col((t) => t.dedupeKey),
    ],
  );
  return rows.map((r) => ({ id: r.id, dedupeKey: r.dedupe_key }));
}

/** The tasks holding these dedupe keys, by key. */
export async function tasksByKeys(q: Queryable, keys: string[]): Promise<Map<string, { status: TaskStatus; dueAt: Date | null }>> {
  const { rows } = await q.query<{ dedupe_key: string; status: TaskStatus; due_at: Date | null }>('select dedupe_key, status, due_at from tasks where dedupe_key = any($1::text[])', [keys]);
  return new Map(rows.map((r) => [r.dedupe_key, { status: r.status, dueAt: r.due_at }]));
}

/** The case's lead officer (and their agency): who a case task goes to by default. */
export async function caseLead(q: Queryable, caseId: string): Promise<{ userId: string | null; agencyId: string } | null> {
  const r = await q.query<{ lead_officer_id: string | null; lead_agency_id: string }>('select lead_officer_id, lead_agency_id from cases where id = $1', [caseId]);
  return r.rows[0] ? { userId: r.rows[0].lead_officer_id, agencyId: r.rows[0].lead_agency_id } : null;
}

/** Which open tasks to close: by id, by dedupe key (or its prefix), or by kind on a case/person. */
export interface TaskMatch {
  id?: string;
  dedupeKey?: string;
  dedupeKeyPrefix?: string;
  kind?: string;
  caseId?: string;
  personId?: string;
}

/** Closes the matching open tasks; returns the ids closed (none if nothing was open). */
export async function closeTasks(q: Queryable, m: TaskMatch, outcome: { status: 'done' | 'cancelled'; byUserId: string | null; note?: string | null }): Promise<string[]> {
  if (!m.id && !m.dedupeKey && !m.dedupeKeyPrefix && !m.kind) throw new Error('closeTasks needs an id, a dedupe key or a kind');
  const r = await q.query<{ id: string }>(
    `update tasks set status = $7, done_at = now(), done_by = $8, done_note = $9
     where status = 'open' and ($1::uuid is null or id = $1) and ($2::text is null or dedupe_key = $2)
       and ($3::text is null or left(dedupe_key, length($3)) = $3) and ($4::text is null or kind = $4)
       and ($5::uuid is null or case_id = $5) and ($6::uuid is null or person_id = $6)
     returning id`,
    [m.id ?? null, m.dedupeKey ?? null, m.dedupeKeyPrefix ?? null, m.kind ?? null, m.caseId ?? null, m.personId ?? null, outcome.status, outcome.byUserId, outcome.note ?? null],
  );
  return r.rows.map((x) => x.id);
}

/** Moves an open task's due date (a cadence changed); returns whether it moved. */
export async function rescheduleTask(q: Queryable, dedupeKey: string, dueAt: Date, title?: string): Promise<boolean> {
  const r = await q.query(
    `update tasks set due_at = $2, title = coalesce($3, title) where dedupe_key = $1 and status = 'open' and (due_at is distinct from $2 or ($3::text is not null and title <> $3))`,
    [dedupeKey, dueAt, title ?? null],
  );
  return r.rowCount > 0;
}

export interface TaskRow {
  id: string;
  kind: string;
  title: string;
  detail: Record<string, unknown>;
  case_id: string | null;
  person_id: string | null;
  assignee_user_id: string | null;
  team_id: string | null;
  agency_id: string | null;
  due_at: Date | null;
  status: TaskStatus;
  assignee: string | null;
  reference: string | null;
  created_at: Date;
  done_at: Date | null;
  done_note: string | null;
}

/** Tasks for one person or one team (the assignee's or the task's own), soonest due first. */
export async function findTasks(q: Queryable, f: { userId?: string; teamId?: string; status: TaskStatus; kind?: string; overdueOnly?: boolean; limit: number }): Promise<TaskRow[]> {
  const { rows } = await q.query<TaskRow>(
    `select t.id, t.kind, t.title, t.detail, t.case_id, t.person_id, t.assignee_user_id, t.team_id, t.agency_id, t.due_at, t.status, t.created_at, t.done_at, t.done_note,
       u.display_name as assignee, c.reference
     from tasks t left join users u on u.id = t.assignee_user_id left join cases c on c.id = t.case_id
     where t.status = $1 and ($2::uuid is null or t.assignee_user_id = $2) and ($3::uuid is null or t.team_id = $3 or u.team_id = $3)
       and ($4::text is null or t.kind = $4) and (not $5::boolean or t.due_at < now())
     order by t.due_at nulls last, t.created_at limit $6`,
    [f.status, f.userId ?? null, f.teamId ?? null, f.kind ?? null, f.overdueOnly ?? false, f.limit],
  );
  return rows;
}

export async function getTask(q: Queryable, id: string) {
  const r = await q.query<{ id: string; assignee_user_id: string | null; agency_id: string | null; team_id: string | null; status: TaskStatus }>(
    'select id, assignee_user_id, agency_id, team_id, status from tasks where id = $1 for update',
    [id],
  );
  return r.rows[0] ?? null;
}

/** Open tasks past their due date, per assignee (caseloads, supervision). */
export async function overdueTaskCounts(q: Queryable, userIds: string[], now = new Date()): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const r = await q.query<{ user_id: string; n: number }>(
    "select assignee_user_id as user_id, count(*)::int as n from tasks where status = 'open' and due_at < $2 and assignee_user_id = any($1::uuid[]) group by 1",
    [userIds, now],
  );
  return new Map(r.rows.map((x) => [x.user_id, x.n]));
}

/** Tasks whose dedupe key starts with `prefix` (e.g. the actions of one supervision session). */
export async function tasksByKeyPrefix(q: Queryable, prefix: string) {
  const r = await q.query<{ id: string; title: string; assignee_user_id: string | null; assignee: string | null; due_at: Date | null; status: TaskStatus }>(
    `select t.id, t.title, t.assignee_user_id, u.display_name as assignee, t.due_at, t.status from tasks t left join users u on u.id = t.assignee_user_id
     where left(t.dedupe_key, length($1)) = $1 order by t.created_at, t.dedupe_key`,
    [prefix],
  );
  return r.rows;
}
