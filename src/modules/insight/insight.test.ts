import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('insight', () => {
  it('counts cases, repeat victims and hotspots for the area, and refuses administrators', async () => {
    const post = (daysAgo: number, postcode: string, lsoa: string) =>
      t.as('officer@council.demo', {
        method: 'POST',
        url: '/api/v1/reports',
        payload: { receivedAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(), channel: 'phone', category: 'noise', description: 'Noise', location: { address: { line1: '1 High St', postcode }, lsoaCode: lsoa }, people: [{ role: 'victim', name: 'Rosa Diaz', dateOfBirth: '1985-01-01' }] },
      });
    const a = (await post(10, 'M1 1AE', 'E01005066')).json();
    await post(20, 'M1 1AE', 'E01005066');
    await post(100, 'M4 5BD', 'E01005070');
    const opened = await t.as('officer@council.demo', { method: 'POST', url: '/api/v1/cases', payload: { title: 'Noise', reportIds: [a.id] } });
    await t.as('officer@council.demo', { method: 'POST', url: `/api/v1/cases/${opened.json().id}/contacts`, payload: { personId: a.people[0].personId, contactedAt: new Date().toISOString(), method: 'phone', summary: 'Called' } });
    const d = await t.as('leader@council.demo', { url: '/api/v1/insight/dashboard' });
    expect(d.statusCode).toBe(200);
    expect(d.json().casesByStatus.open).toBe(1);
    expect(d.json().medianHoursToFirstContact).toBeGreaterThanOrEqual(0);
    const h = (await t.as('leader@council.demo', { url: '/api/v1/insight/hotspots?by=lsoa&days=90' })).json();
    expect(h.areas[0]).toMatchObject({ area: 'E01005066', reports: 2 });
    expect(h.areas.find((x: { area: string }) => x.area === 'E01005070')).toMatchObject({ reports: 0, previous: 1 });
    expect((await t.as('admin@council.demo', { url: '/api/v1/insight/dashboard' })).statusCode).toBe(403);
    expect((await t.as('leader@council.demo', { url: '/api/v1/insight/hotspots?by=street' })).statusCode).toBe(400);
  });
});
