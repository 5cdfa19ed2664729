import { Access } from '../access/access.js';
import type { AppContext } from '../http/context.js';
import { registeredJobs, type Job, type JobResult } from './registry.js';

/** The slot a run belongs to: the start of its `everyMinutes` window, so every caller in the window agrees. */
export function runKeyFor(everyMinutes: number, now: Date): string {
  const ms = everyMinutes * 60_000;
  return new Date(Math.floor(now.getTime() / ms) * ms).toISOString();
}

export interface JobOutcome {
  job: string;
  runKey: string;
  status: 'ran' | 'skipped' | 'failed';
  result?: JobResult;
  error?: string;
  ms: number;
}

/** A claim left 'running' this long is from a process that died mid-run; the slot may be run again. */
const STALE_MINUTES = 30;

/**
 * Claims the slot in `job_runs`: true if this caller should run it. A slot already done (or being
 * run elsewhere) is skipped; a failed or abandoned one may be claimed again.
 */
async function claim(ctx: AppContext, job: Job, runKey: string): Promise<boolean> {
  const r = await ctx.db.query(
    `insert into job_runs (job, run_key, ran_at, result) values ($1, $2, now(), '{"status":"running"}'::jsonb)
     on conflict (job, run_key) do update set ran_at = now(), result = excluded.result
       where job_runs.result->>'status' = 'failed' or (job_runs.result->>'status' = 'running' and job_runs.ran_at < now() - make_interval(mins => $3))
     returning job`,
    [job.name, runKey, STALE_MINUTES],
  );
  return r.rowCount > 0;
}

async function record(ctx: AppContext, job: Job, runKey: string, result: Record<string, unknown>) {
  await ctx.db.query('update job_runs set result = $3 where job = $1 and run_key = $2', [job.name, runKey, JSON.stringify(result)]);
}

export interface RunOptions {
  now?: Date;
  /** Job names to run; all when absent. Unknown names are an error (a typo in a crontab should be loud). */
  only?: string[];
  /** Run even if this slot already ran (a manual run); tasks still never duplicate. */
  force?: boolean;
}

/**
 * Runs each registered job whose slot has not run yet, one after another; a failing job is logged and
 * recorded, and the others still run. Used by the in-server timer and by `convene jobs run`.
 */
export async function runJobs(ctx: AppContext, opts: RunOptions = {}): Promise<JobOutcome[]> {
  const now = opts.now ?? new Date();
  const all = registeredJobs(ctx);
  const unknown = (opts.only ?? []).filter((n) => !all.some((j) => j.name === n));
  if (unknown.length) throw new Error(`No such job: ${unknown.join(', ')}. Registered: ${all.map((j) => j.name).join(', ') || 'none'}.`);
  const jobs = opts.only ? all.filter((j) => opts.only!.includes(j.name)) : all;
  const out: JobOutcome[] = [];
  for (const job of jobs) {
    const slot = runKeyFor(job.everyMinutes, now);
    const runKey = opts.force ? `${slot}#manual:${new Date().toISOString()}` : slot;
    const started = Date.now();
    if (!(await claim(ctx, job, runKey))) {
      out.push({ job: job.name, runKey, status: 'skipped', ms: 0 });
      continue;
    }
    // Jobs act for no one: writes are audited with no actor, under the case-management purpose.
    const access = new Access(ctx.db, null, 'case_management', ctx.policySource);
    try {
      const result = await job.run({ access, now, log: ctx.log });
      const ms = Date.now() - started;
      await record(ctx, job, runKey, { status: 'done', ms, ...result });
      out.push({ job: job.name, runKey, status: 'ran', result, ms });
    } catch (err) {
      const ms = Date.now() - started;
      const error = err instanceof Error ? err.message : String(err);
      ctx.log.error({ err, job: job.name }, 'job failed');
      await record(ctx, job, runKey, { status: 'failed', ms, error }).catch(() => undefined);
      out.push({ job: job.name, runKey, status: 'failed', error, ms });
    }
  }
  return out;
}
