import type { Job } from '../../platform/jobs/registry.js';
import { completeTask, createTasks } from '../tasks/service.js';
import { ukDay } from '../../platform/dates.js';

/**
 * Overdue actions surface to the owner's team leader: a task per action and due date (so moving
 * the date starts a new reminder), closed again once the action is done, cancelled or re-dated.
 * The owner's own team leader first, then any team leader in the owner's agency, else the owner.
 */
export function overdueActionsJob(): Job {
  return {
    name: 'overdue-actions',
    description: "Tasks for the owner's team leader when an agreed case action (from a conference or the case plan) passes its due date.",
    everyMinutes: 60,
    async run({ access, now }) {
      const today = now.toISOString().slice(0, 10);
      const due = await access.db.query<{ id: string; case_id: string; reference: string; description: string; due_date: string; owner_user_id: string | null; owner: string | null; owner_agency_id: string; leader_id: string | null }>(
        `select x.id, x.case_id, c.reference, x.description, x.due_date::text as due_date, x.owner_user_id, u.display_name as owner, x.owner_agency_id,
           coalesce(
             (select l.id from users l where l.team_id = u.team_id and l.role = 'team_leader' and not l.disabled and l.id <> u.id order by l.created_at, l.id limit 1),
             (select l.id from users l where l.agency_id = x.owner_agency_id and l.role = 'team_leader' and not l.disabled and l.id is distinct from u.id order by l.created_at, l.id limit 1)
           ) as leader_id
         from case_actions x join cases c on c.id = x.case_id left join users u on u.id = x.owner_user_id
         where x.status = 'open' and x.due_date < $1::date
           and not exists (select 1 from tasks t where t.dedupe_key = 'action_overdue:' || x.id || ':' || x.due_date::text)
         order by x.due_date limit 5000`,
        [today],
      );
      // One write for all of them (a first run over a large area can find thousands).
      const created = due.rows.length === 0 ? 0 : await access.write(async (q, audit) => {
        const byKey = new Map(due.rows.map((a) => [`action_overdue:${a.id}:${a.due_date}`, a]));
        const made = await createTasks(
          q,
          [...byKey].map(([key, a]) => ({
            kind: 'action_overdue',
            title: `Overdue action on case ${a.reference} (owner ${a.owner ?? 'unassigned'}, due ${ukDay(a.due_date)}): ${a.description.slice(0, 120)}`,
            caseId: a.case_id,
            assigneeUserId: a.leader_id ?? a.owner_user_id,
            agencyId: a.owner_agency_id,
            dueAt: now,
            dedupeKey: key,
            detail: { actionId: a.id, ownerUserId: a.owner_user_id, dueDate: a.due_date },
          })),
        );
        for (const t of made) audit({ subjectType: 'task', subjectId: t.id, action: 'create', detail: { kind: 'action_overdue', actionId: byKey.get(t.dedupeKey)!.id, job: 'overdue-actions' } });
        return made.length;
      });
      // Reminders whose action has since been done, cancelled or given a new date are no longer needed.
      const stale = await access.db.query<{ dedupe_key: string }>(
        `select t.dedupe_key from tasks t join case_actions x on x.id = (t.detail->>'actionId')::uuid
         where t.kind = 'action_overdue' and t.status = 'open' and (x.status <> 'open' or x.due_date::text <> t.detail->>'dueDate' or x.due_date >= $1::date)`,
        [today],
      );
      let closed = 0;
      for (const s of stale.rows)
        await access.write(async (q, audit) => {
          for (const id of await completeTask(q, { dedupeKey: s.dedupe_key }, { note: 'action done or re-dated' })) {
            closed++;
            audit({ subjectType: 'task', subjectId: id, action: 'done', detail: { job: 'overdue-actions' } });
          }
        });
      return { created, closed };
    },
  };
}
