import type { FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { Access } from '../access/access.js';
import { PURPOSES, type Actor, type Purpose } from '../access/policy.js';
import { forbidden, invalidField, unauthorized } from '../errors.js';
import type { AnyApp, AppContext } from '../http/context.js';
import { findSession, findTokenActor, type SessionActor } from './store.js';
import { hashSecret } from './tokens.js';

export const SESSION_COOKIE = 'convene_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    access: Access;
  }
  interface FastifyContextConfig {
    /** Reachable without a session or token (health, login, the resident portal). */
    public?: boolean;
  }
}

function purposeOf(req: FastifyRequest): Purpose {
  const raw = req.headers['x-convene-purpose'];
  if (raw === undefined) return 'case_management';
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (!(PURPOSES as readonly string[]).includes(v)) throw invalidField('headers.x-convene-purpose', `must be one of ${PURPOSES.join(', ')}`);
  return v as Purpose;
}

/**
 * What this server keeps of recent sign-ins, so a request costs no lookup of its session or token:
 * the web app sends its session cookie with every call, a partner's system its token. Kept briefly
 * (a session 5 s, a token 10 s) and forgotten at once here when a session ends, a password or user
 * changes or a token is revoked; another server of the same database acts on those within that time.
 */
interface SignIns {
  sessions: LRUCache<string, SessionActor>;
  tokens: LRUCache<string, Actor>;
}
const signIns = new WeakMap<AppContext, SignIns>();

/** Forgets the sign-ins this server keeps: called when a session ends, a token is revoked, or a user's password, role, team or access changes. */
export function forgetSignIns(ctx: AppContext): void {
  const s = signIns.get(ctx);
  s?.sessions.clear();
  s?.tokens.clear();
}

/**
 * Authenticates every request before its handler runs and builds its Access. A route is
 * closed unless it says `config: { public: true }`, so a new route cannot be left open by mistake.
 */
export function installAuthentication(app: AnyApp, ctx: AppContext) {
  app.decorateRequest('access', null as unknown as Access);
  const kept: SignIns = { sessions: new LRUCache({ max: 10_000, ttl: 5_000 }), tokens: new LRUCache({ max: 1_000, ttl: 10_000 }) };
  signIns.set(ctx, kept);
  const idleMs = ctx.config.SESSION_IDLE_MINUTES * 60_000;

  app.addHook('onRequest', async (req) => {
    // The web app's static files and the API docs carry no personal data; everything under /api/ is closed by default.
    const url = req.routeOptions.url;
    const isPublic = req.routeOptions.config?.public === true || !url || !url.startsWith('/api/');
    const purpose = isPublic ? 'case_management' : purposeOf(req);
    let actor: Actor | null = null;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const hash = hashSecret(auth.slice(7).trim());
      actor = kept.tokens.get(hash) ?? null;
      if (!actor) {
        actor = await findTokenActor(ctx.db, hash);
        if (actor) kept.tokens.set(hash, actor);
      }
      if (!actor && !isPublic) throw unauthorized('The API token is not valid or has been revoked.');
    } else {
      const cookie = req.cookies?.[SESSION_COOKIE];
      if (cookie) {
        const sid = hashSecret(cookie);
        const now = Date.now();
        let s = kept.sessions.get(sid) ?? null;
        // A kept session still ends on time, at its expiry or after being idle too long.
        if (s && (s.expiresAt <= now || s.lastSeenAt <= now - idleMs)) {
          kept.sessions.delete(sid);
          s = null;
        } else if (!s) {
          s = await findSession(ctx.db, sid, ctx.config.SESSION_IDLE_MINUTES);
          if (s) kept.sessions.set(sid, s);
        }
        if (s) {
          if (!SAFE_METHODS.has(req.method) && !isPublic) {
            const sent = req.headers['x-csrf-token'];
            if (!s.csrfToken || sent !== s.csrfToken) throw forbidden('Missing or wrong CSRF token: send the x-csrf-token header given at sign-in.');
          }
          actor = s.actor;
          // Sliding idle expiry, written at most once a minute to keep reads cheap.
          if (now - s.lastSeenAt > 60_000) {
            s.lastSeenAt = now;
            await ctx.db.query('update sessions set last_seen_at = now() where id = $1', [sid]);
          }
        }
      }
    }
    if (!actor && !isPublic) throw unauthorized();
    req.access = new Access(ctx.db, actor, purpose, ctx.policySource);
  });
}
