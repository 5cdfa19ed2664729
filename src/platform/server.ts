import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { openDb, migrate } from './db/index.js';
import type { Db } from './db/db.js';
import { buildApp, type Module } from './http/app.js';
import type { AppContext } from './http/context.js';
import { createScheduler } from './jobs/scheduler.js';
import { startSealer } from './audit/audit.js';

export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  db: Db;
  url: string;
  stop: () => Promise<void>;
}

/** Opens the database, applies migrations, builds the app and listens; SIGTERM drains and closes. */
export async function startServer(config: Config, modules: Module[], beforeListen?: (ctx: AppContext) => Promise<void>, opts: { demo?: boolean } = {}): Promise<RunningServer> {
  const db = await openDb(config, opts);
  await migrate(db);
  const { app, ctx } = await buildApp({ config, db, modules });
  if (beforeListen) await beforeListen(ctx);
  const readying = getModulesReady(app, ctx, modules);
  // Reminders and cadences run on a timer in the server (JOBS_INTERVAL_SECONDS; 0 leaves them to cron).
  const scheduler = createScheduler(ctx);
  // Links queued audit events into the hash chain; the last seal runs after in-flight requests finish.
  const sealer = startSealer(db, 200, (err) => app.log.warn({ err }, 'audit sealing failed; will retry'));
  app.addHook('onClose', async () => {
    readying.stop();
    await scheduler.stop();
    await sealer.stop();
  });
  const url = await app.listen({ port: config.PORT, host: config.HOST });
  scheduler.start();
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // close() stops accepting, waits for in-flight requests, then runs onClose hooks (timers, jobs).
      await app.close();
      await db.close();
    })());
  return { app, ctx, db, url, stop };
}

/**
 * Modules get ready while the server already serves (a million-report area's linking index takes
 * seconds to build): each is listed in ctx.starting (so /readyz answers 503) until its `ready`
 * settles; a failed attempt is retried every `retryMs` until it succeeds or `stop` is called.
 */
export function getModulesReady(app: { log: AppContext['log'] }, ctx: AppContext, modules: Module[], retryMs = 5000) {
  let stopped = false;
  const attempt = (m: Module, ready: NonNullable<Module['ready']>) => {
    ctx.starting.set(m.name, m.readying ?? `${m.name} is getting ready`);
    ready(ctx).then(
      () => ctx.starting.delete(m.name),
      (err: unknown) => {
        if (stopped) return;
        app.log.warn({ err, module: m.name }, `getting ready failed; trying again in ${retryMs} ms`);
        setTimeout(() => !stopped && attempt(m, ready), retryMs).unref();
      },
    );
  };
  for (const m of modules) if (m.ready) attempt(m, m.ready);
  return {
    stop() {
      stopped = true;
    },
  };
}

/** Wires SIGTERM/SIGINT to a graceful stop, with a hard deadline so a stuck request cannot hang shutdown. */
export function stopOnSignals(server: RunningServer, deadlineMs = 15_000) {
  const onSignal = (sig: string) => {
    server.app.log.info({ sig }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), deadlineMs);
    timer.unref();
    server.stop().then(
      () => process.exit(0),
      (err) => {
        server.app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
