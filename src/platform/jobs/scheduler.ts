import type { AppContext } from '../http/context.js';
import { runJobs, type JobOutcome } from './runner.js';

export interface Scheduler {
  /** Starts the timer; does nothing when the interval is 0 (cron runs `convene jobs run` instead). */
  start(): void;
  /** Stops the timer and waits for a run in progress, so the database can then close. */
  stop(): Promise<void>;
  /** Runs the jobs once now (the timer's tick). */
  tick(): Promise<JobOutcome[]>;
}

/**
 * Runs the registered jobs inside the server every JOBS_INTERVAL_SECONDS. Runs never overlap (the next
 * is scheduled when one ends) and the timer never keeps the process alive on its own.
 */
export function createScheduler(ctx: AppContext, opts: { intervalSeconds?: number; firstRunSeconds?: number } = {}): Scheduler {
  const interval = opts.intervalSeconds ?? ctx.config.JOBS_INTERVAL_SECONDS;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<JobOutcome[]> | undefined;
  let stopped = false;

  const tick = async (): Promise<JobOutcome[]> => {
    if (inFlight) return inFlight;
    inFlight = runJobs(ctx)
      .then((outcomes) => {
        for (const o of outcomes) {
          if (o.status === 'ran') ctx.log[o.result?.created ? 'info' : 'debug']({ job: o.job, ms: o.ms, ...o.result }, 'job ran');
        }
        return outcomes;
      })
      .catch((err) => {
        ctx.log.error({ err }, 'scheduled jobs failed');
        return [];
      })
      .finally(() => (inFlight = undefined));
    return inFlight;
  };

  const schedule = (seconds: number) => {
    if (stopped) return;
    timer = setTimeout(() => void tick().then(() => schedule(interval)), seconds * 1000);
    timer.unref();
  };

  return {
    start() {
      if (interval <= 0 || timer || stopped) return;
      // The first run waits a little, so start-up and readiness are not slowed by it.
      schedule(opts.firstRunSeconds ?? Math.min(interval, 30));
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
    tick,
  };
}
