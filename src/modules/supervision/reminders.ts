import type { AppContext } from '../../platform/http/context.js';
import type { Job } from '../../platform/jobs/registry.js';
import { createTask } from '../tasks/service.js';
import { supervisionDue } from './rules.js';
import { cadenceOf } from './service.js';
import * as store from './store.js';
import { ukDay } from '../../platform/dates.js';

/**
 * The supervision-cadence job: when a practitioner's supervision is due within the reminder window (or
 * overdue), a task for their team leader (or, with no team leader, for them). One task per cycle: its key
 * carries the last session, so running twice creates nothing and a new session starts a new cycle.
 */
export function supervisionReminderJob(ctx: AppContext): Job {
  return {
    name: 'supervision-reminders',
    description: 'Reminders to the team leader when a practitioner is due reflective supervision (monthly by default).',
    everyMinutes: 60,
    async run({ access, now }) {
      const cadence = cadenceOf(ctx);
      let created = 0;
      for (const p of await store.supervisedPractitioners(access.db, cadence.roles, cadence.countsTowardCadence)) {
        const { due, state } = supervisionDue(p.last_counting, new Date(p.created_at), cadence, now);
        if (state === 'not_due') continue;
        const key = `supervision_due:${p.id}:${p.last_counting ?? 'none'}`;
        const exists = await access.db.query('select 1 from tasks where dedupe_key = $1', [key]);
        if (exists.rowCount > 0) continue;
        await access.write(async (q, audit) => {
          const t = await createTask(q, {
            kind: 'supervision_due',
            title: `Reflective supervision ${state === 'overdue' ? 'overdue' : 'due'} for ${p.display_name}${p.last_counting ? ` (last on ${ukDay(p.last_counting)})` : ''}`,
            assigneeUserId: p.leader_id ?? p.id,
            teamId: p.team_id,
            agencyId: p.agency_id,
            dueAt: due,
            dedupeKey: key,
            detail: { practitionerId: p.id, lastSupervisionOn: p.last_counting },
          });
          if (t.created) {
            created++;
            audit({ subjectType: 'task', subjectId: t.id, action: 'create', detail: { kind: 'supervision_due', practitionerId: p.id, job: 'supervision-reminders' } });
          }
        });
      }
      return { created };
    },
  };
}
