import { availableParallelism } from 'node:os';
import { z } from 'zod';

// A few connections per core. On a 2-core machine the mixed API benchmark (a million reports)
// served 549 req/s on average with 4 connections, 602 with 6, 617 with 8 and 518 with 3 (runs
// interleaved); an early version served 110 with 20 (more server processes than cores only add
// context switches).
const DEFAULT_POOL = Math.max(6, availableParallelism() * 3);

/** Settings read from the environment; a bad value stops start-up with a message naming the variable. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(DEFAULT_POOL),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 7).default(12),
  COOKIE_SECURE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(20),
  PUBLIC_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(30),
  PASSWORD_HASH_COST: z.enum(['standard', 'low']).default('standard'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(12 * 1024 * 1024),
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(5 * 1024 * 1024),
  ATTACHMENT_DIR: z.string().min(1).optional(),
  BREAK_GLASS_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(60),
  JOBS_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86400).default(300),
  // Area figures (dashboard, hotspots) are counted over every report in the area: kept this long (0: not kept).
  INSIGHT_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  // Local policy as data: a JSON file of the same shape replaces the shipped versioned default.
  VICTIM_UPDATE_CADENCE_FILE: z.string().min(1).optional(),
  SUPERVISION_CADENCE_FILE: z.string().min(1).optional(),
  PORTAL_INFO_FILE: z.string().min(1).optional(),
  WEB_DIST: z.string().min(1).default('web/dist'),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Parses settings; throws ConfigError listing every bad variable, so an operator fixes them in one go. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') picked[key] = v;
  }
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}=${JSON.stringify(picked[String(i.path[0])])}: ${i.message}`);
    throw new ConfigError(`Convene cannot start: invalid settings\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** A config for tests: fast password hashing, no background jobs, quiet logs. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ PASSWORD_HASH_COST: 'low', LOG_LEVEL: 'silent', JOBS_INTERVAL_SECONDS: '0', ...overrides });
}
