import type { Access } from '../../platform/access/access.js';
import type { AppContext } from '../../platform/http/context.js';
import { createTask } from '../tasks/store.js';
import { runReportHooks, type NewReport } from './hooks.js';

/**
 * Every report is stored marked as still to be linked (`reports_to_link`, in the statement that stores
 * it). Once its linking and the other checks are done the mark is cleared; what intake could not finish
 * (the database went away after the report was stored, or a check failed) is tried again shortly by
 * the server that took it, then by the job below.
 */

/** The SQL part of the intake statement that marks the new report (the `report` CTE) as still to be linked. */
export const MARK_TO_LINK = `report_to_link as (insert into reports_to_link (report_id) select id from report)`;

/** Marks left this long are not intake's own still in hand: the job may take them. */
export const TO_FOLLOW_AFTER_MS = 2 * 60_000;
/** A report whose linking failed again waits longer each time, up to an hour. */
export const retryDelayMinutes = (attempts: number) => Math.min(2 ** attempts, 60);

/**
 * What intake keeps in hand for reports it stored. The marks of reports it has linked are cleared many
 * at a time a moment later, so a report does not add a statement of its own while the sender waits;
 * marks that cannot be cleared now (the database went away) are kept and tried again, and a mark left
 * by a stopped server only means the job links that report again, which finds and changes nothing
 * twice (see linkStored). A report whose linking failed is tried again here a few times over the next
 * minute and a half (a database that went away is usually back by then), before the job's turn.
 */
export interface ReportsToLink {
  /** The report's linking is done: its mark is cleared on the next round. */
  linked(reportId: string): void;
  /** Its linking failed: tried again in a few seconds, as the officer who recorded it (see linkStored). */
  retrySoon(access: Access, report: NewReport): void;
  /** Clears the marks of linked reports now (the timer's turn, or on stopping). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** When a report whose linking failed at intake is tried again in the server: all within TO_FOLLOW_AFTER_MS. */
export const RETRY_SOON_MS = [5_000, 20_000, 60_000];

export function createReportsToLink(ctx: AppContext, opts: { clearAfterMs?: number; retrySoonMs?: number[] } = {}): ReportsToLink {
  const { db, log } = ctx;
  const delayMs = opts.clearAfterMs ?? 250;
  const retrySoonMs = opts.retrySoonMs ?? RETRY_SOON_MS;
  const settled = new Set<string>();
  const retries = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
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
  const retry = (access: Access, report: NewReport, attempt: number) => {
    if (stopped || attempt >= retrySoonMs.length) return;
    const t = setTimeout(() => {
      retries.delete(t);
      const run = linkStored(ctx, access, report, attempt + 1, new Date()).then(
        () => log.info({ reportId: report.id, attempt: attempt + 1 }, 'report linked after its intake'),
        (err: unknown) => {
          log.warn({ err, reportId: report.id, attempt: attempt + 1 }, 'linking a stored report failed again');
          retry(access, report, attempt + 1);
        },
      );
      running.add(run);
      void run.finally(() => running.delete(run));
    }, retrySoonMs[attempt]);
    t.unref();
    retries.add(t);
  };
  return {
    linked(reportId) {
      settled.add(reportId);
      schedule(delayMs);
    },
    retrySoon(access, report) {
      // Linked as when it was stored: reports taken meanwhile have matched its people already.
      retry(access, { ...report, linkedLater: true }, 0);
    },
    flush,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const t of retries) clearTimeout(t);
      retries.clear();
      timer = undefined;
      // A try under way finishes before the database closes; the job has the ones not yet tried.
      await Promise.all(running);
      await flush();
    },
  };
}

interface MarkedReport {
  id: string;
  reference: string;
  received_at: Date;
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
 * file when each was stored (NewReport.linkedLater: anyone recorded since was matched against it with
 * their own report); see linkStored. A report that fails again is retried later, waiting longer each time.
 */
export async function linkWhatIsLeft(ctx: AppContext, access: Access, now: Date, limit = 200) {
  const { rows } = await access.db.query<MarkedReport>(
    `select r.id, r.reference, r.received_at, r.reporting_agency_id, r.recorded_by, r.channel, r.category_code, r.place_id, t.attempts,
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
      linkedLater: true,
      recordedBy: r.recorded_by,
    };
    try {
      created += await linkStored(ctx, access, report, r.attempts + 1, now);
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

/**
 * Runs a stored report's hooks, then clears its mark with an audit event and, when they found
 * something, a task for the officer who recorded it (or its agency) saying what: intake could not show
 * them. Running it twice changes nothing more (suggestions are kept per pair, the task per report).
 * Returns how many tasks it made.
 */
export async function linkStored(ctx: AppContext, access: Access, report: NewReport, attempts: number, now: Date): Promise<number> {
  const found = await runReportHooks(ctx, access, report);
  const matches = found.links.filter((l) => l.kind === 'person').length;
  return access.write(async (q, audit) => {
    await q.query('delete from reports_to_link where report_id = $1', [report.id]);
    audit({ subjectType: 'report', subjectId: report.id, action: 'linked_later', detail: { matches, flags: found.flags, attempts } });
    if (!matches && !found.flags.length) return 0;
    const t = await createTask(q, {
      kind: 'report_linked_later',
      title: `Report ${report.reference} is now linked: ${foundSummary(matches, found.flags)}`,
      assigneeUserId: report.recordedBy ?? null,
      agencyId: report.agencyId,
      dueAt: new Date(now.getTime() + 86_400_000),
      dedupeKey: `report_linked_later:${report.id}`,
      detail: { reportId: report.id, reference: report.reference, matches, flags: found.flags },
    });
    return t.created ? 1 : 0;
  });
}

/** What the follow-up found, in words for the task's title. */
export function foundSummary(matches: number, flags: string[]): string {
  const parts = [];
  if (matches) parts.push(`${matches} possible ${matches === 1 ? 'match' : 'matches'} with people on file to confirm or reject`);
  if (flags.length) parts.push(`flags raised: ${flags.map((f) => f.replace(/_/g, ' ')).join(', ')}`);
  return parts.join('; ');
}
