import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { testConfig } from '../../src/platform/config.js';
import type { Db } from '../../src/platform/db/db.js';
import { buildApp } from '../../src/platform/http/app.js';
import type { AppContext } from '../../src/platform/http/context.js';
import { hashSecret } from '../../src/platform/auth/tokens.js';
import { modules } from '../../src/modules/index.js';
import { seedDirectory, type DemoDirectory } from '../../src/seed/demo.js';
import { freshDb } from './db.js';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  db: Db;
  dir: DemoDirectory;
  /** Sends a request as the named demo user (by email), with an API token. */
  as: (email: string, opts: InjectOptions) => Promise<LightMyRequestResponse>;
  close: () => Promise<void>;
}

/** The whole app on a fresh database with the demo directory, each demo user holding an API token. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const { db, drop } = await freshDb();
  const config = testConfig({ WEB_DIST: '/nonexistent', ...env });
  const dir = await seedDirectory(db, config);
  const tokens: Record<string, string> = {};
  for (const [email, id] of Object.entries(dir.users)) {
    tokens[email] = `test_${id}`;
    await db.query('insert into api_tokens (id, user_id, name, token_hash) values (gen_random_uuid(), $1, $2, $3)', [id, 'test', hashSecret(tokens[email])]);
  }
  const { app, ctx } = await buildApp({ config, db, modules });
  for (const m of modules) await m.ready?.(ctx);
  await app.ready();
  return {
    app,
    ctx,
    db,
    dir,
    as: (email, opts) => {
      if (!tokens[email]) throw new Error(`no demo user ${email}`);
      return app.inject({ ...opts, headers: { ...(opts.headers ?? {}), authorization: `Bearer ${tokens[email]}` } });
    },
    close: async () => {
      await app.close();
      await drop();
    },
  };
}
