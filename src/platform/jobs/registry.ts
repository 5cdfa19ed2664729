import type { FastifyBaseLogger } from 'fastify';
import type { Access } from '../access/access.js';
import type { AppContext } from '../http/context.js';

/** What a job is handed: a system Access (no actor; writes go through `access.write` and are audited), the clock, a logger. */
export interface JobContext {
  access: Access;
  now: Date;
  log: FastifyBaseLogger;
}

/** What a job reports back; `created` counts new tasks so a run twice visibly does nothing. */
export type JobResult = { created?: number; [k: string]: unknown };

/**
 * A scheduled job. It must be idempotent: derive what is due from the data and create tasks with a
 * dedupe key, so running it twice, or on two servers, creates nothing new the second time.
 */
export interface Job {
  /** Stable name, used in `job_runs` and `convene jobs run --only`. */
  name: string;
  description: string;
  /** At most one run per slot of this many minutes, however many timers or crons fire. */
  everyMinutes: number;
  run(job: JobContext): Promise<JobResult>;
}

/** The jobs modules registered in `ctx.services.jobs`, in registration order. */
export function registeredJobs(ctx: AppContext): Job[] {
  return ((ctx.services.jobs as Job[] | undefined) ??= []);
}

/** Registers a job (call from a module's `init`); a second job with the same name is a programming error. */
export function addJob(ctx: AppContext, job: Job) {
  if (!/^[a-z][a-z0-9-]{1,60}$/.test(job.name)) throw new Error(`Job name '${job.name}' must be lower-case words joined by hyphens.`);
  if (!(job.everyMinutes >= 1)) throw new Error(`Job '${job.name}' must run at most once a minute (everyMinutes >= 1).`);
  const jobs = registeredJobs(ctx);
  if (jobs.some((j) => j.name === job.name)) throw new Error(`Job '${job.name}' is registered twice.`);
  jobs.push(job);
}
