import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const officer = 'officer@council.demo';
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();

const report = (at: string, line1: string, victim: Record<string, string>) =>
  t.as(officer, {
    method: 'POST',
    url: '/api/v1/reports',
    payload: { receivedAt: at, channel: 'phone', category: 'noise', description: 'Noise late at night', location: { address: { line1, postcode: 'M4 5BD' } }, people: [{ role: 'victim', ...victim }] },
  });

describe('people and places past the ASB Case Review threshold', () => {
  it('lists a victim and a place with three reports in the window and no open case, until a case is opened', async () => {
    const victim = { givenName: 'Hephzibah', familyName: 'Throssell', dateOfBirth: '1947-08-19', phone: '07700 900871' };
    const reports = [];
    for (const d of [150, 60, 5]) reports.push((await report(daysAgo(d), '41 Tanner Row', victim)).json());
    // Staff confirm the suggested links, so the three records are one person (the list counts people by their records, merged).
    for (const r of reports.slice(1)) {
      const suggestion = (await t.as(officer, { url: `/api/v1/link-suggestions?reportId=${r.id}` })).json().items[0];
      expect((await t.as(officer, { method: 'POST', url: `/api/v1/link-suggestions/${suggestion.id}/confirm` })).statusCode).toBe(200);
    }
    const personId = reports[0].people[0].personId;
    // Two reports in the window and one before it: not past the threshold.
    const other = { givenName: 'Lancelot', familyName: 'Oddie', dateOfBirth: '1960-01-12', phone: '07700 900872' };
    for (const d of [400, 30, 3]) await report(daysAgo(d), '9 Cooper Yard', other);

    const people = (await t.as(officer, { url: '/api/v1/thresholds' })).json();
    expect(people.threshold).toEqual({ reports: 3, windowDays: 183 });
    expect(people.items).toEqual([expect.objectContaining({ personId, displayName: 'Hephzibah Throssell', reports: 3, agencies: 1, caseReviewEligible: true })]);
    const places = (await t.as(officer, { url: '/api/v1/thresholds?kind=places' })).json();
    expect(places.items.map((p: { line1: string; reports: number; caseReviewEligible: boolean }) => [p.line1, p.reports, p.caseReviewEligible])).toEqual([['41 Tanner Row', 3, true]]);

    // Once the reports are in an open case, the victim and the place are being dealt with.
    expect((await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Noise at Tanner Row', reportIds: [reports[0].id] } })).statusCode).toBe(201);
    expect((await t.as(officer, { url: '/api/v1/thresholds' })).json().items).toEqual([]);
    expect((await t.as(officer, { url: '/api/v1/thresholds?kind=places' })).json().items).toEqual([]);
    expect((await t.as('admin@council.demo', { url: '/api/v1/thresholds' })).statusCode).toBe(403);
  });
});
