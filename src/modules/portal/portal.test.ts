import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_RATE_PER_MINUTE: '8' });
});
afterAll(() => t.close());

describe('resident portal', () => {
  it('takes a report without an account and shows its progress only with the token', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      payload: { kind: 'asb', category: 'noise', whatHappened: 'Very loud parties every weekend until 4am.', where: { address: '12 Chapel Walk', postcode: 'M9 5GN' }, you: { name: 'Sam Reed', phone: '07700 900888' }, aboutSomeone: { name: 'Flat 14 occupant' } },
    });
    expect(r.statusCode).toBe(201);
    const { reference, statusToken } = r.json();
    expect(reference).toMatch(/^ASB-/);
    const s = await t.app.inject({ url: `/api/v1/public/reports/${reference}?token=${statusToken}` });
    expect(s.statusCode).toBe(200);
    expect(s.json()).toMatchObject({ stage: 'received', reference });
    expect(s.json().nextExpectedContact).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.stringify(s.json())).not.toContain('Sam Reed');
    expect(JSON.stringify(s.json())).not.toContain('Flat 14');
    const wrong = await t.app.inject({ url: `/api/v1/public/reports/${reference}?token=${'x'.repeat(40)}` });
    const missing = await t.app.inject({ url: `/api/v1/public/reports/ASB-2026-999999?token=${'x'.repeat(40)}` });
    expect(wrong.statusCode).toBe(404);
    expect(missing.json().detail).toBe(wrong.json().detail);
    // Staff open a case: the resident sees the stage move on.
    const id = (await t.db.query<{ id: string }>('select id from reports where reference = $1', [reference])).rows[0].id;
    await t.as('officer@council.demo', { method: 'POST', url: '/api/v1/cases', payload: { title: 'Chapel Walk noise', reportIds: [id] } });
    expect((await t.app.inject({ url: `/api/v1/public/reports/${reference}?token=${statusToken}` })).json().stage).toBe('case_open');
  });

  it('lets a resident stay anonymous, signposts help for a safety worry, and refuses bad input', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/public/reports', payload: { kind: 'safety_worry', whatHappened: 'My elderly neighbour has people staying who frighten her.', where: { postcode: 'M1 2AB' }, anonymous: true, worriedAboutSafety: true } });
    expect(r.statusCode).toBe(201);
    expect(r.json().signposting.emergency).toContain('999');
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/public/reports', payload: { kind: 'asb', whatHappened: 'short', where: {} } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['body.whatHappened', 'body.where']));
  });

  it('rate-limits the public portal', async () => {
    const codes = [];
    for (let i = 0; i < 10; i++) codes.push((await t.app.inject({ url: '/api/v1/public/reports/ASB-2026-000001?token=xxxxxxxxxxxx' })).statusCode);
    expect(codes).toContain(429);
  });
});
