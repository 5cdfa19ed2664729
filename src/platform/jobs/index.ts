/** Scheduled jobs: modules register with `addJob(ctx, job)`; the server runs them on a timer, cron with `convene jobs run`. */
export { addJob, registeredJobs, type Job, type JobContext, type JobResult } from './registry.js';
export { runJobs, runKeyFor, type JobOutcome, type RunOptions } from './runner.js';
export { createScheduler, type Scheduler } from './scheduler.js';
export { Period, addPeriod, addDays, describePeriod, loadRuleFile, RuleDataError } from './cadence.js';
