import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('households', () => {
  it('records a household and shows it on each member', async () => {
    const r = await t.as('officer@council.demo', {
      method: 'POST',
      url: '/api/v1/reports',
      payload: {
        receivedAt: '2026-05-01T10:00:00Z',
        channel: 'phone',
        category: 'noise',
        description: 'Noise',
        people: [
          { role: 'victim', name: 'Ann Lee' },
          { role: 'child', name: 'Sam Lee', dateOfBirth: '2015-01-01' },
        ],
      },
    });
    const [ann, sam] = r.json().people.map((p: { personId: string }) => p.personId);
    const h = await t.as('officer@council.demo', { method: 'POST', url: '/api/v1/households', payload: { name: 'Lee household', members: [{ personId: ann, relationship: 'parent' }, { personId: sam, relationship: 'child' }] } });
    expect(h.statusCode).toBe(201);
    const again = await t.as('officer@council.demo', { method: 'POST', url: `/api/v1/households/${h.json().id}/members`, payload: { personId: ann } });
    expect(again.statusCode).toBe(409);
    const person = (await t.as('officer@council.demo', { url: `/api/v1/people/${sam}` })).json();
    expect(person.households).toEqual([{ id: h.json().id, name: 'Lee household', relationship: 'child' }]);
    const bad = await t.as('officer@council.demo', { method: 'POST', url: '/api/v1/households', payload: { name: 'x', members: [{ personId: '00000000-0000-4000-8000-000000000000' }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('body.members.0.personId');
  });
});
