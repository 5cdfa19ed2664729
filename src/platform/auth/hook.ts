import type { FastifyRequest } from 'fastify';
import { Access } from '../access/access.js';
import { PURPOSES, type Actor, type Purpose } from '../access/policy.js';
import { forbidden, invalidField, unauthorized } from '../errors.js';
import type { AnyApp, AppContext } from '../http/context.js';
import { findSession, findTokenActor } from './store.js';
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

const tokenCaches = new WeakMap<AppContext, Map<string, unknown>>();

/**
 * Forgets the token lookups this server keeps (10 s each): called when a token is revoked or its user
 * disabled, so this server refuses it at once (another server of the same database within 10 s).
 */
export function forgetTokens(ctx: AppContext): void {
  tokenCaches.get(ctx)?.clear();
}

/**
 * Authenticates every request before its handler runs and builds its Access. A route is
 * closed unless it says `config: { public: true }`, so a new route cannot be left open by mistake.
 */
export function installAuthentication(app: AnyApp, ctx: AppContext) {
  app.decorateRequest('access', null as unknown as Access);
  // Short-lived cache of token lookups: system-to-system callers send a token on every request.
  const tokenCache = new Map<string, { actor: Actor; until: number }>();
  tokenCaches.set(ctx, tokenCache);

  app.addHook('onRequest', async (req) => {
    // The web app's static files and the API docs carry no personal data; everything under /api/ is closed by default.
    const url = req.routeOptions.url;
    const isPublic = req.routeOptions.config?.public === true || !url || !url.startsWith('/api/');
    const purpose = isPublic ? 'case_management' : purposeOf(req);
    let actor: Actor | null = null;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const hash = hashSecret(auth.slice(7).trim());
      const hit = tokenCache.get(hash);
      if (hit && hit.until > Date.now()) actor = hit.actor;
      else {
        actor = await findTokenActor(ctx.db, hash);
        if (actor) tokenCache.set(hash, { actor, until: Date.now() + 10_000 });
        else tokenCache.delete(hash);
      }
      if (!actor && !isPublic) throw unauthorized('The API token is not valid or has been revoked.');
    } else {
      const cookie = req.cookies?.[SESSION_COOKIE];
      if (cookie) {
        const sid = hashSecret(cookie);
        const s = await findSession(ctx.db, sid, ctx.config.SESSION_IDLE_MINUTES);
        if (s) {
          if (!SAFE_METHODS.has(req.method) && !isPublic) {
            const sent = req.headers['x-csrf-token'];
            if (!s.csrfToken || sent !== s.csrfToken) throw forbidden('Missing or wrong CSRF token: send the x-csrf-token header given at sign-in.');
          }
          actor = s.actor;
          // Sliding idle expiry, written at most once a minute to keep reads cheap.
          if (Date.now() - s.lastSeenAt.getTime() > 60_000) await ctx.db.query('update sessions set last_seen_at = now() where id = $1', [sid]);
        }
      }
    }
    if (!actor && !isPublic) throw unauthorized();
    req.access = new Access(ctx.db, actor, purpose, ctx.policySource);
  });
}
