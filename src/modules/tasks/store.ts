import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../platform/db/db.js';

export interface NewTask {
  kind: string;
  title: string;
  detail?: Record<string, unknown>;
  caseId?: string | null;
  personId?: string | null;
  assigneeUserId?: string | null;
  agencyId?: string | null;
  dueAt?: Date | string | null;
  /** Same key, same task: lets jobs and hooks run twice without duplicates. */
  dedupeKey: string;
}

/** Creates the task unless one with the same dedupe key exists; says which. */
export async function createTask(q: Queryable, t: NewTask): Promise<{ id: string; created: boolean }> {
  const id = randomUUID();
  const r = await q.query<{ id: string }>(
    `insert into tasks (id, kind, title, detail, case_id, person_id, assignee_user_id, agency_id, due_at, dedupe_key)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) on conflict (dedupe_key) do nothing returning id`,
    [id, t.kind, t.title, JSON.stringify(t.detail ?? {}), t.caseId ?? null, t.personId ?? null, t.assigneeUserId ?? null, t.agencyId ?? null, t.dueAt ?? null, t.dedupeKey],
  );
  if (r.rows[0]) return { id, created: true };
  const existing = await q.query<{ id: string }>('select id from tasks where dedupe_key = $1', [t.dedupeKey]);
  return { id: existing.rows[0].id, created: false };
}

/** The case's lead officer (and their agency): who a case task goes to by default. */
export async function caseLead(q: Queryable, caseId: string): Promise<{ userId: string | null; agencyId: string } | null> {
  const r = await q.query<{ lead_officer_id: string | null; lead_agency_id: string }>('select lead_officer_id, lead_agency_id from cases where id = $1', [caseId]);
  return r.rows[0] ? { userId: r.rows[0].lead_officer_id, agencyId: r.rows[0].lead_agency_id } : null;
}
