import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/db.js';
import type { PolicySource } from '../access/access.js';
import type { RateLimiter } from '../auth/ratelimit.js';

/** Everything a module needs, passed explicitly: no global state. */
export interface AppContext {
  config: Config;
  db: Db;
  log: FastifyBaseLogger;
  policySource: PolicySource;
  limits: { login: RateLimiter; publicPortal: RateLimiter };
  /** Module services register themselves here so another module calls them only through their service. */
  services: Record<string, unknown>;
  /** Modules still getting ready (see Module.ready), each with what it is doing: /readyz answers 503 meanwhile. */
  starting: Map<string, string>;
}

/** Any Fastify instance, whatever its type provider: platform installers work on all of them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyApp = FastifyInstance<any, any, any, any, any>;
