import type { FastifyBaseLogger } from 'fastify';
import type { Access } from '../../platform/access/access.js';
import type { Db } from '../../platform/db/db.js';
import type { AppContext } from '../../platform/http/context.js';
import { createTask } from '../tasks/store.js';
import { runReportHooks, type NewReport } from './hooks.js';

/**
 * Every report is stored marked as still to be linked (`reports_to_link`, in the statement that stores
 * it). Once its linking and the other checks are done the mark is cleared; what intake could not finish
 * (the database went away after the report was stored, or a check failed) the job below does later.
 */

/** The SQL part of the intake statement that marks the new report (the `report` CTE) as still to be linked. */
export const MARK_TO_LINK = `report_to_link as (insert into reports_to_link (report_id) select id from report)`;

/** Marks left this long are not intake's own still in hand: the job may take them. */
export const TO_FOLLOW_AFTER_MS = 2 * 60_000;
/** A report whose linking failed again waits longer each time, up to an hour. */
export const retryDelayMinutes = (attempts: number) => Math.min(2 ** attempts, 60);

/**
 * Clears the marks of reports intake has linked, many at a time a moment later, so a report does not
 * add a statement of its own while the sender waits. Marks that cannot be cleared now (the database
 * went away) are kept and tried again; a mark left by a stopped server only means the job links that
 * report again, which finds and changes nothing twice (see linkWhatIsLeft).
 */
export interface LinkedMarks {
  settle(reportId: string): void;
  /** Clears the settled marks now (the timer's turn, or on stopping). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export function createLinkedMarks(db: Db, log: FastifyBaseLogger, delayMs = 250): LinkedMarks {
  const settled = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;
  let stopped = false;
  const schedule = (ms: number) => {
    if (timer || stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, ms);
    timer.unref();
  };
  const flush = async (): Promise<void> => {
    if (flushing) await flushing;
    if (!settled.size) return;
    const ids = [...settled];
    settled.clear();
    flushing = db
      .query('delete from reports_to_link where report_id = any($1::uuid[])', [ids])
      .then(() => undefined)
      .catch((err: unknown) => {
        for (const id of ids) settled.add(id);
        log.warn({ err, reports: ids.length }, 'could not clear reports linked; will retry');
        schedule(Math.max(delayMs, 1000));
      })
      .finally(() => (flushing = undefined));
    await flushing;
  };
  return {
    settle(reportId) {
      settled.add(reportId);
      schedule(delayMs);
    },
    flush,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await flush();
    },
  };
}

interface MarkedReport {
  id: string;
  reference: string;
  received_at: Date;
  created_at: Date;
  reporting_agency_id: string;
  recorded_by: string | null;
  channel: string;
  category_code: string;
  place_id: string | null;
  attempts: number;
  people: { person_id: string; role: string; as_reported: Record<string, unknown> | null }[];
}

/**
 * Links the reports still marked (and due), oldest first, as intake would have, with the people on
 * file when each was stored (NewReport.storedAt: anyone recorded since was matched against it with
 * their own report). When something is found the officer who recorded it (or the reporting agency) gets
 * a task saying what, as intake could not show them. A report that fails again is retried later.
 */
export async function linkWhatIsLeft(ctx: AppContext, access: Access, now: Date, limit = 200) {
  const { rows } = await access.db.query<MarkedReport>(
    `select r.id, r.reference, r.received_at, r.created_at, r.reporting_agency_id, r.recorded_by, r.channel, r.category_code, r.place_id, t.attempts,
       coalesce((select json_agg(json_build_object('person_id', rp.person_id, 'role', rp.role, 'as_reported', rp.as_reported) order by rp.person_id, rp.role)
                 from report_people rp where rp.report_id = r.id), '[]'::json) as people
     from reports_to_link t join reports r on r.id = t.report_id
     where t.marked_at < $1 and (t.retry_after is null or t.retry_after <= $2)
     order by t.marked_at limit $3`,
    [new Date(now.getTime() - TO_FOLLOW_AFTER_MS), now, limit],
  );
  let linked = 0;
  let failed = 0;
  let created = 0;
  for (const r of rows) {
    const report: NewReport = {
      id: r.id,
      reference: r.reference,
      receivedAt: new Date(r.received_at).toISOString(),
      agencyId: r.reporting_agency_id,
      channel: r.channel,
      category: r.category_code,
      placeId: r.place_id,
      people: r.people.map((p, index) => ({ personId: p.person_id, role: p.role, index, input: p.as_reported ?? {} })),
      storedAt: new Date(r.created_at).toISOString(),
    };
    try {
      const found = await runReportHooks(ctx, access, report);
      const matches = found.links.filter((l) => l.kind === 'person').length;
      created += await access.write(async (q, audit) => {
        await q.query('delete from reports_to_link where report_id = $1', [r.id]);
        audit({ subjectType: 'report', subjectId: r.id, action: 'linked_later', detail: { matches, flags: found.flags, attempts: r.attempts + 1 } });
        if (!matches && !found.flags.length) return 0;
        const t = await createTask(q, {
          kind: 'report_linked_later',
          title: `Report ${r.reference} is now linked: ${foundSummary(matches, found.flags)}`,
          assigneeUserId: r.recorded_by,
          agencyId: r.reporting_agency_id,
          dueAt: new Date(now.getTime() + 86_400_000),
          dedupeKey: `report_linked_later:${r.id}`,
          detail: { reportId: r.id, reference: r.reference, matches, flags: found.flags },
        });
        return t.created ? 1 : 0;
      });
      linked++;
    } catch (err) {
      failed++;
      ctx.log.warn({ err, reportId: r.id, attempts: r.attempts + 1 }, 'linking a stored report failed again; will retry');
      await access.db
        .query("update reports_to_link set attempts = attempts + 1, retry_after = $2::timestamptz + make_interval(mins => $3), last_error = $4 where report_id = $1", [
          r.id,
          now,
          retryDelayMinutes(r.attempts + 1),
          String((err as Error)?.message ?? err).slice(0, 500),
        ])
        .catch(() => undefined);
    }
  }
  return { created, linked, failed };
}

/** What the follow-up found, in words for the task's title. */
export function foundSummary(matches: number, flags: string[]): string {
  const parts = [];
  if (matches) parts.push(`${matches} possible ${matches === 1 ? 'match' : 'matches'} with people on file to confirm or reject`);
  if (flags.length) parts.push(`flags raised: ${flags.map((f) => f.replace(/_/g, ' ')).join(', ')}`);
  return parts.join('; ');
}
