import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit } from '../audit/audit.js';
import { Problem, invalidField, notFound, unauthorized } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { forgetTokens, SESSION_COOKIE } from './hook.js';
import { hashPassword, NewPassword, verifyPassword } from './passwords.js';
import { findActor, findLoginUser } from './store.js';
import { hashSecret, newSecret } from './tokens.js';
import { newId } from '../ids.js';

const Me = z.object({
  user: z.object({ id: z.string(), displayName: z.string(), role: z.string(), agencyId: z.string(), teamId: z.string().nullable(), areaId: z.string() }),
  csrfToken: z.string().nullable(),
});

// Verifying against a throwaway hash when the email is unknown keeps timing from revealing which emails exist.
let dummyHash: Promise<string> | undefined;

/** Sign-in, sign-out, the current user, API tokens and unlocking accounts. */
export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/auth/login',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with email and password; sets an HttpOnly session cookie and returns the CSRF token.',
          body: z.object({ email: z.string().trim().toLowerCase().email().max(254), password: z.string().min(1).max(200) }),
          response: { 200: Me },
        },
      },
      async (req, reply) => {
        const wait = ctx.limits.login.hit(`ip:${req.ip}`);
        if (wait > 0) throw new Problem(429, `Too many sign-in attempts from this address. Try again in ${wait} seconds.`, undefined, {}, 'rate-limited');
        const { email, password } = req.body;
        const u = await findLoginUser(ctx.db, email);
        if (!u || u.disabled) {
          dummyHash ??= hashPassword('not-a-real-password', ctx.config.PASSWORD_HASH_COST);
          await verifyPassword(await dummyHash, password);
          throw unauthorized('The email or password is wrong.');
        }
        const now = new Date();
        if (u.locked_until && new Date(u.locked_until) > now) throw lockedProblem(new Date(u.locked_until), ctx.config.LOGIN_MAX_FAILURES);
        const ok = await verifyPassword(u.password_hash, password);
        const audit = { actorUserId: u.id, actorAgencyId: u.agency_id, purpose: 'authentication', subjectType: 'user', subjectId: u.id };
        if (!ok) {
          const failures = u.failed_logins + 1;
          const lockUntil = failures >= ctx.config.LOGIN_MAX_FAILURES ? new Date(now.getTime() + ctx.config.LOGIN_LOCK_MINUTES * 60_000) : null;
          await ctx.db.tx(async (q) => {
            await q.query('update users set failed_logins = $2, locked_until = $3 where id = $1', [u.id, lockUntil ? 0 : failures, lockUntil]);
            await appendAudit(q, [{ ...audit, action: lockUntil ? 'account_locked' : 'login_failed', detail: { failures } }]);
          });
          if (lockUntil) throw lockedProblem(lockUntil, ctx.config.LOGIN_MAX_FAILURES);
          const left = ctx.config.LOGIN_MAX_FAILURES - failures;
          throw unauthorized(`The email or password is wrong. ${left} attempt${left === 1 ? '' : 's'} left before the account is locked.`);
        }
        // A fresh session id on every sign-in: a cookie planted before sign-in is never promoted (no fixation).
        const secret = newSecret();
        const csrf = newSecret();
        const expires = new Date(now.getTime() + ctx.config.SESSION_MAX_HOURS * 3_600_000);
        await ctx.db.tx(async (q) => {
          await q.query('update users set failed_logins = 0, locked_until = null where id = $1', [u.id]);
          await q.query('insert into sessions (id, user_id, csrf_token, expires_at) values ($1, $2, $3, $4)', [hashSecret(secret), u.id, csrf, expires]);
          await appendAudit(q, [{ ...audit, action: 'login' }]);
        });
        const old = req.cookies?.[SESSION_COOKIE];
        if (old) await ctx.db.query('delete from sessions where id = $1', [hashSecret(old)]);
        reply.setCookie(SESSION_COOKIE, secret, {
          httpOnly: true,
          sameSite: 'strict',
          secure: ctx.config.COOKIE_SECURE,
          path: '/',
          expires,
        });
        const actor = (await findActor(ctx.db, u.id))!;
        return { user: { id: actor.userId, displayName: actor.displayName, role: actor.role, agencyId: actor.agencyId, teamId: actor.teamId, areaId: actor.areaId }, csrfToken: csrf };
      },
    );

    app.post(
      '/auth/password',
      {
        schema: {
          tags: ['auth'],
          summary: 'Change your own password (the current one is needed); your other sessions are signed out.',
          body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: NewPassword }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        const actor = req.access.user();
        // Guessing the current password here is limited as signing in is.
        const wait = ctx.limits.login.hit(`password:${actor.userId}`);
        if (wait > 0) throw new Problem(429, `Too many attempts. Try again in ${wait} seconds.`, undefined, {}, 'rate-limited');
        const u = (await ctx.db.query<{ password_hash: string | null }>('select password_hash from users where id = $1', [actor.userId])).rows[0];
        if (!u || !(await verifyPassword(u.password_hash, req.body.currentPassword))) throw invalidField('body.currentPassword', 'is not your current password');
        if (req.body.newPassword === req.body.currentPassword) throw invalidField('body.newPassword', 'must differ from the current password');
        const hash = await hashPassword(req.body.newPassword, ctx.config.PASSWORD_HASH_COST);
        const cookie = req.cookies?.[SESSION_COOKIE];
        await req.access.write(async (q, audit) => {
          await q.query('update users set password_hash = $2, failed_logins = 0 where id = $1', [actor.userId, hash]);
          // Anyone signed in elsewhere with the old password is signed out; this session stays.
          await q.query('delete from sessions where user_id = $1 and id <> $2', [actor.userId, cookie ? hashSecret(cookie) : '']);
          audit({ purpose: 'authentication', subjectType: 'user', subjectId: actor.userId, action: 'password_changed' });
        });
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/auth/logout',
      { schema: { tags: ['auth'], summary: 'End this session.', response: { 204: z.null() } } },
      async (req, reply) => {
        const cookie = req.cookies?.[SESSION_COOKIE];
        const actor = req.access.user();
        await req.access.write(async (q, audit) => {
          if (cookie) await q.query('delete from sessions where id = $1', [hashSecret(cookie)]);
          audit({ purpose: 'authentication', subjectType: 'user', subjectId: actor.userId, action: 'logout' });
        });
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send(null);
      },
    );

    app.get('/auth/me', { schema: { tags: ['auth'], summary: 'The signed-in user and the CSRF token for this session.', response: { 200: Me } } }, async (req) => {
      const a = req.access.user();
      const cookie = req.cookies?.[SESSION_COOKIE];
      let csrf: string | null = null;
      if (cookie) {
        const r = await ctx.db.query<{ csrf_token: string }>('select csrf_token from sessions where id = $1', [hashSecret(cookie)]);
        csrf = r.rows[0]?.csrf_token ?? null;
      }
      return { user: { id: a.userId, displayName: a.displayName, role: a.role, agencyId: a.agencyId, teamId: a.teamId, areaId: a.areaId }, csrfToken: csrf };
    });

    app.post(
      '/auth/tokens',
      {
        schema: {
          tags: ['auth'],
          summary: 'Issue an API token for system-to-system use (administrators). The token is shown once.',
          body: z.object({ userId: z.uuid(), name: z.string().trim().min(1).max(100) }),
          response: { 201: z.object({ id: z.string(), token: z.string() }) },
        },
      },
      async (req, reply) => {
        req.access.requireRole('admin');
        const token = newSecret('cvn_');
        const id = newId();
        await req.access.write(async (q, audit) => {
          const u = await q.query('select 1 from users where id = $1', [req.body.userId]);
          if (u.rowCount === 0) throw notFound('User');
          await q.query('insert into api_tokens (id, user_id, name, token_hash) values ($1, $2, $3, $4)', [id, req.body.userId, req.body.name, hashSecret(token)]);
          audit({ subjectType: 'api_token', subjectId: id, action: 'create', detail: { userId: req.body.userId, name: req.body.name } });
        });
        return reply.code(201).send({ id, token });
      },
    );

    app.delete(
      '/auth/tokens/:id',
      { schema: { tags: ['auth'], summary: 'Revoke an API token (administrators).', params: z.object({ id: z.uuid() }), response: { 204: z.null() } } },
      async (req, reply) => {
        req.access.requireRole('admin');
        await req.access.write(async (q, audit) => {
          const r = await q.query('update api_tokens set revoked_at = now() where id = $1 and revoked_at is null', [req.params.id]);
          if (r.rowCount === 0) throw notFound('API token');
          audit({ subjectType: 'api_token', subjectId: req.params.id, action: 'revoke' });
        });
        forgetTokens(ctx);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/auth/unlock',
      {
        schema: {
          tags: ['auth'],
          summary: 'Unlock a locked account (administrators, or team leaders for their own agency).',
          body: z.object({ userId: z.uuid() }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        const a = req.access.requireRole('admin', 'team_leader');
        await req.access.write(async (q, audit) => {
          const r = await q.query('update users set failed_logins = 0, locked_until = null where id = $1 and ($2 or agency_id = $3)', [req.body.userId, a.role === 'admin', a.agencyId]);
          if (r.rowCount === 0) throw notFound('User');
          audit({ purpose: 'authentication', subjectType: 'user', subjectId: req.body.userId, action: 'unlock' });
        });
        return reply.code(204).send(null);
      },
    );
  };
}

function lockedProblem(until: Date, max: number): Problem {
  const at = until.toISOString().slice(11, 16);
  return new Problem(
    423,
    `This account is locked after ${max} wrong passwords in a row. Try again after ${at} UTC, or ask your team leader or an administrator to unlock it.`,
    undefined,
    { lockedUntil: until.toISOString() },
    'account-locked',
  );
}
