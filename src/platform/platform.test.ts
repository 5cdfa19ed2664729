import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { DEMO_PASSWORD } from '../seed/demo.js';
import { appendAudit, PENDING_EVENTS, sealAll, sealQueued, verifyAudit } from './audit/audit.js';
import type { Db } from './db/db.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const login = (email: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, headers });

describe('health', () => {
  it('answers /healthz and /readyz without a session', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().status).toBe('ready');
  });
});

describe('database sessions', () => {
  it('prepare each parameterised statement once per connection, on the embedded database too (not parsed and planned on every call)', async () => {
    const sql = 'select $1::int + 1 as n -- prepared once';
    const prepared = await t.db.tx(async (q) => {
      expect((await q.query<{ n: number }>(sql, [1])).rows[0].n).toBe(2);
      expect((await q.query<{ n: number }>(sql, [2])).rows[0].n).toBe(3);
      return (await q.query<{ n: number }>('select count(*)::int as n from pg_prepared_statements where statement = $1', [sql])).rows[0].n;
    });
    expect(prepared).toBe(1);
  });

  it('compile no statement just in time on a PostgreSQL server (the embedded database has no JIT)', async () => {
    const r = await t.db.query<{ jit: string }>('show jit');
    if (t.db.kind === 'postgres') expect(r.rows[0].jit).toBe('off');
    else expect(t.db.kind).toBe('pglite');
  });
});

describe('errors', () => {
  it('answers unknown routes with 404 problem JSON', async () => {
    const r = await t.app.inject({ url: '/api/v1/nothing-here' });
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ status: 404, title: 'Not Found' });
  });
  it('names the field that failed validation', async () => {
    const r = await login('not-an-email', 'x');
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].path).toBe('body.email');
  });
  it('rejects malformed JSON with 400, not 500', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{"email":', headers: { 'content-type': 'application/json' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().status).toBe(400);
  });
  it('refuses every non-public route without credentials', async () => {
    const r = await t.app.inject({ url: '/api/v1/agencies' });
    expect(r.statusCode).toBe(401);
    expect(r.json().type).toContain('unauthenticated');
  });
  it.each([
    ['a query parameter', { url: '/api/v1/people?page=2&postcode=a%00b' }, 'querystring.postcode'],
    ['a free-text query', { url: '/api/v1/reports?q=noise%00' }, 'querystring.q'],
    ['a nested body field', { method: 'POST' as const, url: '/api/v1/reports', payload: { receivedAt: '2026-05-01T10:00:00Z', channel: 'phone', category: 'noise', description: 'Loud music', location: { address: { line1: '1 Mill Lane', town: 'Bury\u0000', postcode: 'M1 1AE' } }, people: [] } }, 'body.location.address.town'],
    ['a key of a body object', { method: 'POST' as const, url: '/api/v1/assessments', payload: { personId: '00000000-0000-4000-8000-000000000000', questionnaireId: 'asb-victim-risk', answers: { 'sleep\u0000': { value: 'yes' } } } }, 'body.answers.sleep\u0000'],
  ])('refuses a NUL character in %s with 400 naming the field, before anything runs', async (_what, req, path) => {
    const before = (await t.db.query<{ n: number }>('select count(*)::int as n from reports')).rows[0].n;
    const r = await t.as('officer@council.demo', req);
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json().errors).toEqual([{ path, message: 'must not contain NUL characters' }]);
    expect((await t.db.query<{ n: number }>('select count(*)::int as n from reports')).rows[0].n).toBe(before);
  });
  it('sends security headers', async () => {
    const r = await t.app.inject({ url: '/healthz' });
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('sign-in', () => {
  it('signs in with the demo password, sets an HttpOnly SameSite cookie, and demands CSRF for writes', async () => {
    const r = await login('officer@council.demo', DEMO_PASSWORD);
    expect(r.statusCode).toBe(200);
    const cookie = r.cookies.find((c) => c.name === 'convene_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const { csrfToken } = r.json();
    const me = await t.app.inject({ url: '/api/v1/auth/me', cookies: { convene_session: cookie.value } });
    expect(me.json().user.displayName).toBe('Priya Shah');
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { convene_session: cookie.value } });
    expect(noCsrf.statusCode).toBe(403);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { convene_session: cookie.value }, headers: { 'x-csrf-token': csrfToken } });
    expect(out.statusCode).toBe(204);
    const after = await t.app.inject({ url: '/api/v1/auth/me', cookies: { convene_session: cookie.value } });
    expect(after.statusCode).toBe(401);
  });

  it('issues a new session id at sign-in, never reusing a planted cookie', async () => {
    const r = await login('leader@council.demo', DEMO_PASSWORD, { cookie: 'convene_session=planted-by-attacker' });
    const cookie = r.cookies.find((c) => c.name === 'convene_session')!;
    expect(cookie.value).not.toBe('planted-by-attacker');
  });

  it('locks the account after 5 wrong passwords with a clear message, even for the right password', async () => {
    const email = 'officer@housing.demo';
    for (let i = 1; i <= 4; i++) {
      const r = await login(email, 'wrong-password');
      expect(r.statusCode).toBe(401);
      expect(r.json().detail).toContain(`${5 - i} attempt`);
    }
    const fifth = await login(email, 'wrong-password');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().detail).toMatch(/locked after 5 wrong passwords/);
    const right = await login(email, DEMO_PASSWORD);
    expect(right.statusCode).toBe(423);
    // A team leader of the same agency unlocks it.
    const unlock = await t.as('leader@housing.demo', { method: 'POST', url: '/api/v1/auth/unlock', payload: { userId: t.dir.users[email] } });
    expect(unlock.statusCode).toBe(204);
    expect((await login(email, DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('rate-limits sign-in attempts from one address', async () => {
    const limited = await createTestApp({ LOGIN_RATE_PER_MINUTE: '3' });
    try {
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@x.demo', password: 'x' } })).statusCode);
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('rejects a revoked API token', async () => {
    const issued = await t.as('admin@council.demo', { method: 'POST', url: '/api/v1/auth/tokens', payload: { userId: t.dir.users['pc@police.demo'], name: 'police system' } });
    expect(issued.statusCode).toBe(201);
    const { id, token } = issued.json();
    expect((await t.app.inject({ url: '/api/v1/agencies', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    expect((await t.as('admin@council.demo', { method: 'DELETE', url: `/api/v1/auth/tokens/${id}` })).statusCode).toBe(204);
    // The lookup cache lives 10 s; a new app instance proves the database state.
    const r = await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}x` } });
    expect(r.statusCode).toBe(401);
  });

  it('only administrators issue tokens', async () => {
    const r = await t.as('officer@council.demo', { method: 'POST', url: '/api/v1/auth/tokens', payload: { userId: t.dir.users['pc@police.demo'], name: 'x' } });
    expect(r.statusCode).toBe(403);
  });
});

describe('audit chain', () => {
  it('verifies, then detects a row edited by hand in SQL', async () => {
    await login('officer@council.demo', DEMO_PASSWORD);
    const ok = await verifyAudit(t.db);
    expect(ok.ok).toBe(true);
    expect(ok.checked).toBeGreaterThan(3);
    await expect(t.db.query("update audit_events set action = 'x' where id = 2")).rejects.toThrow(/append-only/);
    await t.db.exec("alter table audit_events disable trigger audit_events_no_update; update audit_events set purpose = 'tampered' where id = 2; alter table audit_events enable trigger audit_events_no_update;");
    const bad = await verifyAudit(t.db);
    expect(bad.ok).toBe(false);
    expect(bad.firstBadId).toBe(2);
  });

  it('queues events with their write, seals them in order, and detects an event removed or added by hand', async () => {
    const t = await createTestApp();
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'officer@council.demo', password: DEMO_PASSWORD } });
    const queued = await t.db.query<{ n: number }>('select count(*)::int as n from audit_pending');
    expect(queued.rows[0].n).toBeGreaterThan(0);
    expect(await sealAll(t.db)).toBe(queued.rows[0].n);
    expect((await t.db.query<{ n: number }>('select count(*)::int as n from audit_pending')).rows[0].n).toBe(0);
    const ok = await verifyAudit(t.db);
    expect(ok.ok).toBe(true);
    await expect(t.db.query('update audit_chain set hash = hash')).rejects.toThrow(/audit_chain is append-only/);
    const last = (await t.db.query<{ id: number }>('select max(id)::int as id from audit_events')).rows[0].id;
    await t.db.exec(`alter table audit_events disable trigger audit_events_no_update; delete from audit_events where id = ${last - 1}; alter table audit_events enable trigger audit_events_no_update;`);
    const removed = await verifyAudit(t.db);
    expect(removed).toMatchObject({ ok: false, firstBadId: last - 1, reason: 'this event was removed' });
    await t.close();
  });

  it('the background sealer seals what is queued and leaves what arrives meanwhile to its next tick', async () => {
    const t = await createTestApp();
    await sealAll(t.db);
    const event = { actorUserId: null, actorAgencyId: null, purpose: 'administration', subjectType: 'area', subjectId: null, action: 'tick' };
    await appendAudit(t.db, Array.from({ length: 5 }, () => event));
    // Requests keep coming: each sealing transaction is followed by one more event.
    const busy: Db = {
      ...t.db,
      query: (sql, params) => t.db.query(sql, params),
      tx: async (fn) => {
        const out = await t.db.tx(fn);
        await appendAudit(t.db, [event]);
        return out;
      },
    };
    const pending = async () => (await t.db.query<{ n: number }>('select count(*)::int as n from audit_pending')).rows[0].n;
    // Five queued, batches of ten: one short batch ends the tick; the event that arrived waits for the next.
    expect(await sealQueued(busy, 10)).toBe(5);
    expect(await pending()).toBe(1);
    // A burst is drained in full batches until a short one: 2 + 2 + 1.
    await appendAudit(t.db, Array.from({ length: 4 }, () => event));
    expect(await sealQueued(t.db, 2)).toBe(5);
    expect(await pending()).toBe(0);
    // A verify, a backup or shutdown seals everything, whatever arrives while it runs.
    await appendAudit(t.db, [event]);
    expect(await sealAll(t.db)).toBe(1);
    expect((await verifyAudit(t.db)).ok).toBe(true);
    await t.close();
  });

  it('the sealer reads the queued events by their key, not by scanning the whole audit log', async () => {
    const t = await createTestApp();
    const event = { actorUserId: null, actorAgencyId: null, purpose: 'administration', subjectType: 'area', subjectId: null, action: 'burst' };
    // A burst: a long log, a full queue, and the statistics taken then (as autovacuum would).
    for (let i = 0; i < 3; i++) await appendAudit(t.db, Array.from({ length: 2000 }, () => event));
    await t.db.query('analyze audit_events');
    await t.db.query('analyze audit_pending');
    await sealAll(t.db);
    // Then a quiet tick with a few events, read through the plan the sealer's connection keeps.
    await appendAudit(t.db, Array.from({ length: 5 }, () => event));
    const plan = await t.db.tx(async (q) => {
      await q.query('set local plan_cache_mode = force_generic_plan');
      await q.query(`prepare pending_events(int) as ${PENDING_EVENTS}`);
      const { rows } = await q.query<{ 'QUERY PLAN': string }>('explain execute pending_events(2000)');
      await q.query('deallocate pending_events');
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).not.toMatch(/Seq Scan on audit_events/);
    expect(plan).toMatch(/Index Scan using audit_events_pkey/);
    expect(await sealAll(t.db)).toBe(5);
    expect((await verifyAudit(t.db)).ok).toBe(true);
    await t.close();
  });

  it('detects an event inserted by hand outside the audit writer', async () => {
    const t = await createTestApp();
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'officer@council.demo', password: DEMO_PASSWORD } });
    await t.db.query("insert into audit_events (at, purpose, subject_type, action) values (now(), 'administration', 'area', 'forged')");
    const forged = await verifyAudit(t.db);
    expect(forged.ok).toBe(false);
    expect(forged.reason).toMatch(/outside the audit writer/);
    await t.close();
  });
});
