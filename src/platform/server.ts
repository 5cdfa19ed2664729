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
  for (const m of modules) await m.ready?.(ctx);
  // Reminders and cadences run on a timer in the server (JOBS_INTERVAL_SECONDS; 0 leaves them to cron).
  const scheduler = createScheduler(ctx);
  // Links queued audit events into the hash chain; the last seal runs after in-flight requests finish.
  const sealer = startSealer(db, 200, (err) => app.log.warn({ err }, 'audit sealing failed; will retry'));
  app.addHook('onClose', async () => {
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
