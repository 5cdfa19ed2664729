import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/db.js';
import { pendingMigrations } from '../db/migrate.js';
import { noSharing, type PolicySource } from '../access/access.js';
import { RateLimiter } from '../auth/ratelimit.js';
import { installAuthentication } from '../auth/hook.js';
import { authRoutes } from '../auth/routes.js';
import { createLogger } from '../logging.js';
import { installErrorHandling } from './errors.js';
import type { AnyApp, AppContext } from './context.js';
import { invalidField, problemBody } from '../errors.js';
import { nulPath } from '../validation.js';

/** A domain module: its routes (mounted under /api/v1) and, optionally, a service other modules may call. */
export interface Module {
  name: string;
  routes?: (ctx: AppContext) => FastifyPluginAsyncZod;
  /** Runs before routes are mounted; may register a service in ctx.services or replace the policy source. */
  init?: (ctx: AppContext) => Promise<void> | void;
  /**
   * Builds what the module keeps in memory (the linking index). The server listens without waiting
   * for it: until it settles /readyz answers 503 saying `readying`, and whatever needs what it
   * builds waits for it. Safe to call again after a failure.
   */
  ready?: (ctx: AppContext) => Promise<void>;
  /** What `ready` is doing, for /readyz ("the linking index is being built"). */
  readying?: string;
}

export interface BuildOptions {
  config: Config;
  db: Db;
  modules: Module[];
  policySource?: PolicySource;
}

/** Builds the HTTP server: platform plugins first, then each module's routes; nothing listens yet. */
export async function buildApp(opts: BuildOptions): Promise<{ app: AnyApp; ctx: AppContext }> {
  const { config, db } = opts;
  const app = Fastify({
    loggerInstance: createLogger(config) as FastifyBaseLogger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    // Per-request lines only when debugging: at 1,000 requests a second they would drown the log.
    logController: new LogController({ disableRequestLogging: config.LOG_LEVEL !== 'debug' && config.LOG_LEVEL !== 'trace' }),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const ctx: AppContext = {
    config,
    db,
    log: app.log,
    policySource: opts.policySource ?? noSharing,
    limits: {
      login: new RateLimiter(config.LOGIN_RATE_PER_MINUTE, 60_000),
      publicPortal: new RateLimiter(config.PUBLIC_RATE_PER_MINUTE, 60_000),
    },
    services: {},
    starting: new Map(),
  };
  for (const m of opts.modules) await m.init?.(ctx);

  const webDist = resolve(config.WEB_DIST);
  const spa = existsSync(resolve(webDist, 'index.html'));
  installErrorHandling(app, { spa });
  // Security headers: helmet's middleware is built once and applied to every response (the Fastify
  // wrapper built it afresh on every request, parsing the policy each time).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        // Served over plain HTTP on a local network too: upgrading would break every script load.
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: config.COOKIE_SECURE ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (req, reply, done) => securityHeaders(req.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)));
  // A NUL character in any field is refused up front, naming the field, whatever the route's schema says.
  app.addHook('preValidation', async (req) => {
    for (const [root, part] of [['querystring', req.query], ['params', req.params], ['body', req.body]] as const) {
      const path = nulPath(part, root);
      if (path) throw invalidField(path, 'must not contain NUL characters');
    }
  });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Convene API', version: '1', description: 'Multi-agency ASB case management with mental health and safeguarding at the centre.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'convene_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { docExpansion: 'list' } });
  installAuthentication(app, ctx);

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  app.get(
    '/healthz',
    { config: { public: true }, schema: { tags: ['health'], summary: 'The process is up.', response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    { config: { public: true }, schema: { tags: ['health'], summary: 'The database is reachable, migrations are current and every module is ready (the linking index is built).' } },
    async (_req, reply) => {
      const reachable = await db.ping();
      const pending = reachable ? await pendingMigrations(db).catch(() => ['unknown']) : ['unknown'];
      const starting = [...ctx.starting.values()];
      if (reachable && pending.length === 0 && starting.length === 0) return { status: 'ready', database: db.kind };
      const why = !reachable ? 'The database is not reachable.' : pending.length ? `Migrations pending: ${pending.join(', ')}` : `Starting: ${starting.join('; ')}.`;
      return reply.code(503).type('application/problem+json').send(problemBody(503, why));
    },
  );

  await app.register(authRoutes(ctx), { prefix: '/api/v1' });
  for (const m of opts.modules) if (m.routes) await app.register(m.routes(ctx), { prefix: '/api/v1' });

  if (spa) await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: ['index.html'] });
  return { app, ctx };
}
