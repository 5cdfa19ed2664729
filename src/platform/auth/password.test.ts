import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { DEMO_PASSWORD } from '../../seed/demo.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const email = 'caseworker@victims.demo';
async function signIn(password: string) {
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  return r.statusCode === 200 ? { cookies: { convene_session: r.cookies.find((c) => c.name === 'convene_session')!.value }, headers: { 'x-csrf-token': r.json().csrfToken as string } } : null;
}

describe('changing your own password', () => {
  it('needs the current password, signs out other sessions, keeps this one, and is audited', async () => {
    const here = (await signIn(DEMO_PASSWORD))!;
    const elsewhere = (await signIn(DEMO_PASSWORD))!;
    const change = (body: object) => t.app.inject({ method: 'POST', url: '/api/v1/auth/password', payload: body, ...here });
    const field = async (body: object) => {
      const r = await change(body);
      return [r.statusCode, r.json().errors?.[0]?.path];
    };
    expect(await field({ currentPassword: 'not it at all', newPassword: 'a brand new passphrase' })).toEqual([400, 'body.currentPassword']);
    expect(await field({ currentPassword: DEMO_PASSWORD, newPassword: 'short' })).toEqual([400, 'body.newPassword']);
    expect(await field({ currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD })).toEqual([400, 'body.newPassword']);
    // Nothing changed by the refusals.
    expect(await signIn(DEMO_PASSWORD)).not.toBeNull();
    // The other session is in use (so this server keeps it for a few seconds) when the password changes.
    expect((await t.app.inject({ url: '/api/v1/auth/me', ...elsewhere })).statusCode).toBe(200);

    expect((await change({ currentPassword: DEMO_PASSWORD, newPassword: 'a brand new passphrase' })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/auth/me', ...here })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/auth/me', ...elsewhere })).statusCode).toBe(401);
    expect(await signIn(DEMO_PASSWORD)).toBeNull();
    expect(await signIn('a brand new passphrase')).not.toBeNull();
    const events = await t.db.query<{ action: string }>("select action from audit_events where subject_type = 'user' and subject_id = $1 and action = 'password_changed'", [t.dir.users[email]]);
    expect(events.rows).toHaveLength(1);
  });

  it('is refused without a session or CSRF token', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { currentPassword: 'x', newPassword: 'a brand new passphrase' } })).statusCode).toBe(401);
    const s = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nurse@health.demo', password: DEMO_PASSWORD } })).cookies.find((c) => c.name === 'convene_session')!;
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { currentPassword: DEMO_PASSWORD, newPassword: 'a brand new passphrase' }, cookies: { convene_session: s.value } })).statusCode).toBe(403);
  });
});
