import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { DEMO_PASSWORD } from '../../seed/demo.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const admin = 'admin@council.demo';
const leaver = 'officer@housing.demo';

describe('staff who change role or leave', () => {
  it('disables a leaver: signed out at once, cannot sign in, their tokens revoked, no longer offered as an owner', async () => {
    const id = t.dir.users[leaver];
    const signIn = () => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: leaver, password: DEMO_PASSWORD } });
    const session = (await signIn()).cookies.find((c) => c.name === 'convene_session')!;
    // Their session and API token have just been used (this server keeps a token's lookup for a few seconds).
    expect((await t.app.inject({ url: '/api/v1/auth/me', cookies: { convene_session: session.value } })).statusCode).toBe(200);
    expect((await t.as(leaver, { url: '/api/v1/auth/me' })).statusCode).toBe(200);
    const patch = (as: string, body: object, who = id) => t.as(as, { method: 'PATCH', url: `/api/v1/users/${who}`, payload: body });
    expect((await patch('leader@housing.demo', { disabled: true })).statusCode).toBe(403);
    expect((await patch(admin, { disabled: true })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/auth/me', cookies: { convene_session: session.value } })).statusCode).toBe(401);
    expect((await signIn()).statusCode).toBe(401);
    expect((await t.as(leaver, { url: '/api/v1/auth/me' })).statusCode).toBe(401);
    const tokens = await t.db.query<{ revoked: boolean }>('select revoked_at is not null as revoked from api_tokens where user_id = $1', [id]);
    expect(tokens.rows.every((r) => r.revoked)).toBe(true);
    expect((await t.as('officer@council.demo', { url: '/api/v1/users' })).json().some((u: { id: string }) => u.id === id)).toBe(false);
    expect((await t.as(admin, { url: '/api/v1/users' })).json().find((u: { id: string }) => u.id === id)).toMatchObject({ disabled: true });
    // Back from leave: enabled again, they sign in.
    expect((await patch(admin, { disabled: false })).statusCode).toBe(204);
    expect((await signIn()).statusCode).toBe(200);
    const events = await t.db.query<{ n: number }>("select count(*)::int as n from audit_events where subject_type = 'user' and subject_id = $1 and action = 'update'", [id]);
    expect(events.rows[0].n).toBe(2);
  });

  it("changes a role or team, within the person's agency; refuses bad changes naming the field", async () => {
    const id = t.dir.users['officer@council.demo'];
    const patch = (body: object, who = id) => t.as(admin, { method: 'PATCH', url: `/api/v1/users/${who}`, payload: body });
    const field = async (body: object, who = id) => {
      const r = await patch(body, who);
      return [r.statusCode, r.json().errors?.[0]?.path ?? r.json().status];
    };
    const housingTeam = (await t.as(admin, { url: `/api/v1/teams?agencyId=${t.dir.agencies.housing}` })).json()[0].id;
    expect(await field({ teamId: housingTeam })).toEqual([400, 'body.teamId']);
    expect(await field({ role: 'system' })).toEqual([400, 'body.role']);
    expect(await field({ disabled: true }, t.dir.users[admin])).toEqual([400, 'body.disabled']);
    expect(await field({ disabled: true }, '00000000-0000-4000-8000-000000000000')).toEqual([404, 404]);
    // Signed in, and just seen by this server: the new role applies from their next request.
    const signedIn = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'officer@council.demo', password: DEMO_PASSWORD } })).cookies.find((c) => c.name === 'convene_session')!;
    const me = async () => (await t.app.inject({ url: '/api/v1/auth/me', cookies: { convene_session: signedIn.value } })).json().user;
    expect(await me()).toMatchObject({ role: 'officer' });
    expect((await patch({ role: 'team_leader', teamId: null })).statusCode).toBe(204);
    expect((await t.as(admin, { url: '/api/v1/users' })).json().find((u: { id: string }) => u.id === id)).toMatchObject({ role: 'team_leader', teamId: null });
    expect(await me()).toMatchObject({ role: 'team_leader', teamId: null });
  });
});
