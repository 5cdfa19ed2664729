import type { Queryable } from '../../platform/db/db.js';
import type { AppContext } from '../../platform/http/context.js';
import type { Job } from '../../platform/jobs/registry.js';
import { clip, type ChronologyEntry, type ChronologyPart, type ChronologyRow } from '../cases/chronology.js';
import type { ContactHook } from '../cases/service.js';
import { completeTask, createTasks, rescheduleTask, tasksByKeys } from '../tasks/service.js';
import { kpiFor } from './service.js';
import { updateStatus, updateTaskKey, victimDeps, victimRows } from './status.js';

/**
 * The victim-update job: for every victim on an open case whose update is due within the reminder window
 * (or overdue), an "update the victim" task for the lead officer. One task per update cycle (its key
 * carries the last update), so running twice creates nothing; a changed level moves the open task's date.
 */
/** Victims looked at per transaction: a large area's first run creates a task for most of them. */
const ROUND = 500;

export function victimUpdateJob(ctx: AppContext): Job {
  return {
    name: 'victim-updates',
    description: 'Tasks to update victims on progress, by their risk level (weekly, fortnightly, monthly by default).',
    everyMinutes: 60,
    async run({ access, now }) {
      const d = victimDeps(ctx);
      const due = (await victimRows(access.db, d, {}))
        .map((row) => ({ row, s: updateStatus(d, row, now) }))
        .filter((v) => v.s.state !== 'not_due')
        .map((v) => ({ ...v, key: updateTaskKey(v.row.case_id, v.row.person_id, v.s.anchor) }));
      let created = 0;
      let rescheduled = 0;
      // A round at a time: one read of the tasks already there, then one short transaction that creates
      // the missing ones together (a large area has tens of thousands of victims on open cases).
      for (let i = 0; i < due.length; i += ROUND) {
        const round = due.slice(i, i + ROUND);
        // Most runs find the tasks already there: look before opening a transaction.
        const existing = await tasksByKeys(access.db, round.map((v) => v.key));
        const missing = round.filter((v) => !existing.has(v.key));
        const moved = round.filter((v) => {
          const t = existing.get(v.key);
          return t?.status === 'open' && (!t.dueAt || new Date(t.dueAt).getTime() !== v.s.nextUpdateDue.getTime());
        });
        if (missing.length === 0 && moved.length === 0) continue;
        await access.write(async (q, audit) => {
          for (const v of moved) {
            if (!(await rescheduleTask(q, v.key, v.s.nextUpdateDue))) continue;
            rescheduled++;
            audit({ subjectType: 'task', subjectId: null, action: 'reschedule', detail: { dedupeKey: v.key, dueAt: v.s.nextUpdateDue.toISOString(), job: 'victim-updates' } });
          }
          const byKey = new Map(missing.map((v) => [v.key, v]));
          const made = await createTasks(
            q,
            missing.map(({ row, s, key }) => ({
              kind: 'victim_update',
              title: `Update ${row.display_name} on progress (${row.reference}, ${s.cadence})`,
              caseId: row.case_id,
              personId: row.person_id,
              assigneeUserId: row.lead_officer_id,
              agencyId: row.lead_agency_id,
              dueAt: s.nextUpdateDue,
              dedupeKey: key,
              detail: { level: s.level, levelSource: s.levelSource, lastUpdateAt: s.lastUpdateAt?.toISOString() ?? null },
            })),
          );
          for (const task of made) {
            const { row } = byKey.get(task.dedupeKey)!;
            created++;
            audit({ subjectType: 'task', subjectId: task.id, action: 'create', detail: { kind: 'victim_update', caseId: row.case_id, personId: row.person_id, job: 'victim-updates' } });
          }
        });
      }
      return { created, rescheduled };
    },
  };
}

/**
 * A contact that updated a victim on progress restarts their clock: the open "update the victim" task is
 * done. A back-dated contact older than the last update changes nothing.
 */
export const onVictimContact: ContactHook = async (access, c) => {
  if (!c.updatedOnProgress) return;
  await access.write(async (q, audit) => {
    const latest = await q.query(
      `select 1 where $3::timestamptz >= (select max(ct.contacted_at) from contacts ct join people m on m.id = ct.person_id
         where ct.case_id = $1 and coalesce(m.merged_into, m.id) = $2 and ct.updated_on_progress)`,
      [c.caseId, c.personId, c.contactedAt],
    );
    if (latest.rowCount === 0) return;
    const done = await completeTask(q, { kind: 'victim_update', caseId: c.caseId, personId: c.personId }, { status: 'done', byUserId: access.actor?.userId ?? null, note: 'Updated on progress at a logged contact.' });
    for (const id of done) audit({ subjectType: 'task', subjectId: id, action: 'done', detail: { contactId: c.contactId, kind: 'victim_update' } });
  });
};

const SERVICE_LABEL = (s: string) => s.replace(/_/g, ' ');

/** The chronology's support offers (and the victim's answer) and accounts of impact; case notes to the policy. */
export const victimChronology: ChronologyPart[] = [
  {
    sql: `select o.offered_at as at, o.agency_id, a.name as agency_name, o.id as ref_id, u.display_name as by_name,
            json_build_object('respondedAt', o.responded_at, 'service', o.service, 'provider', o.provider, 'status', o.status, 'reason', o.reason, 'person', p.display_name) as d
          from victim_support_offers o join agencies a on a.id = o.agency_id join people p on p.id = o.person_id left join users u on u.id = o.offered_by where o.case_id = $1`,
    entries: (o: ChronologyRow<{ respondedAt: string | null; service: string; provider: string | null; status: string; reason: string | null; person: string }>) => {
      const what = `${SERVICE_LABEL(o.d.service)}${o.d.provider ? ` (${o.d.provider})` : ''}`;
      const offeredAt = new Date(o.at);
      const out: ChronologyEntry[] = [
        { at: offeredAt.toISOString(), kind: 'support_offer', agencyId: o.agency_id, agencyName: o.agency_name, title: `Support offered to ${o.d.person}: ${what}`, summary: o.d.status === 'offered' ? 'Awaiting an answer.' : `${o.d.status}${o.d.reason ? `: ${clip(o.d.reason)}` : ''}`, category: 'case_notes', ref: { type: 'victim_support_offer', id: o.ref_id }, by: o.by_name },
      ];
      if (o.d.respondedAt && o.d.status !== 'offered' && new Date(o.d.respondedAt).getTime() !== offeredAt.getTime()) {
        out.push({ at: new Date(o.d.respondedAt).toISOString(), kind: 'support_response', agencyId: o.agency_id, agencyName: o.agency_name, title: `${o.d.person} ${o.d.status} ${what}`, summary: o.d.reason ? clip(o.d.reason) : '', category: 'case_notes', ref: { type: 'victim_support_offer', id: o.ref_id } });
      }
      return out;
    },
  },
  {
    sql: `select s.recorded_at as at, s.agency_id, a.name as agency_name, s.id as ref_id, u.display_name as by_name, json_build_object('inTheirWords', s.in_their_words, 'person', p.display_name) as d
          from victim_impact_statements s join agencies a on a.id = s.agency_id join people p on p.id = s.person_id left join users u on u.id = s.recorded_by where s.case_id = $1`,
    entries: (s: ChronologyRow<{ inTheirWords: string; person: string }>) => [
      { at: new Date(s.at).toISOString(), kind: 'victim_impact', agencyId: s.agency_id, agencyName: s.agency_name, title: `${s.d.person}'s account of the impact, in their own words`, summary: clip(s.d.inTheirWords), category: 'case_notes', ref: { type: 'victim_impact', id: s.ref_id }, by: s.by_name },
    ],
  },
];

/** The dashboard's victims-supported figure (insight source). */
export async function victimsInsight(q: Queryable, areaId: string) {
  return { victimsSupport: await kpiFor(q, areaId) };
}

/** `ctx.services.victimUpdates`: when a victim on a case is next due an update (the resident portal's next expected contact). */
export interface VictimUpdates {
  nextUpdateDue(q: Queryable, caseId: string, personId: string): Promise<Date | null>;
}

export function victimUpdatesService(ctx: AppContext): VictimUpdates {
  return {
    async nextUpdateDue(q, caseId, personId) {
      const d = victimDeps(ctx);
      const row = (await victimRows(q, d, { caseId })).find((r) => r.person_id === personId);
      return row ? updateStatus(d, row, new Date()).nextUpdateDue : null;
    },
  };
}
