import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const officer = 'officer@council.demo';
const outsider = 'officer@housing.demo';

const report = (receivedAt: string, description: string) => ({
  receivedAt,
  channel: 'phone',
  category: 'noise',
  description,
  location: { address: { line1: '3 Quarry Row', town: 'Riverside', postcode: 'M1 1AE' } },
  people: [{ role: 'victim', givenName: 'Odile', familyName: 'Farquharson', dateOfBirth: '1949-02-17' }],
});

describe('a place and the reports made about it', () => {
  it('lists them newest first, each as the reader may see it, read together and audited a report each', async () => {
    const made: string[] = [];
    for (const [at, text] of [
      ['2026-05-01T09:00:00Z', 'Drumming through the wall until 2am.'],
      ['2026-05-09T21:30:00Z', 'Music again, the victim could not sleep.'],
      ['2026-05-04T23:10:00Z', 'Shouting in the yard behind the flats.'],
    ]) {
      const res = await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: report(at, text) });
      expect(res.statusCode).toBe(201);
      made.push(res.json().id);
    }
    const found = (await t.as(officer, { url: '/api/v1/places?q=Quarry%20Row' })).json();
    const place = found.items.find((p: { line1: string }) => p.line1 === '3 Quarry Row');
    expect(place.reportCount).toBe(3);

    const audited = async () =>
      (await t.db.query<{ n: number }>("select count(*)::int as n from audit_events where subject_type = 'report' and action = 'read' and subject_id = any($1::text[])", [made])).rows[0].n;
    const before = await audited();
    const own = (await t.as(officer, { url: `/api/v1/places/${place.id}` })).json();
    expect(own.line1).toBe('3 Quarry Row');
    expect(own.reports.map((r: { id: string }) => r.id)).toEqual([made[1], made[2], made[0]]);
    expect(own.reports[0].description).toBe('Music again, the victim could not sleep.');
    expect(own.reports[0].people).toEqual([expect.objectContaining({ role: 'victim', displayName: 'Odile Farquharson' })]);
    expect(await audited()).toBe(before + 3);

    const paged = (await t.as(officer, { url: `/api/v1/places/${place.id}?page=2&pageSize=2` })).json();
    expect(paged.reports.map((r: { id: string }) => r.id)).toEqual([made[0]]);

    // Another agency with no share in these reports learns they exist, not what they say or who is on them.
    const theirs = (await t.as(outsider, { url: `/api/v1/places/${place.id}` })).json();
    expect(theirs.reports.map((r: { reference: string }) => r.reference)).toEqual(own.reports.map((r: { reference: string }) => r.reference));
    expect(theirs.reports.every((r: Record<string, unknown>) => r.description === undefined && r.people === undefined)).toBe(true);
  });

  it('lists the places with the most reports first when no postcode or address is given', async () => {
    for (const at of ['2026-06-01T09:00:00Z', '2026-06-02T09:00:00Z']) {
      const res = await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: { ...report(at, 'Loud party next door.'), location: { address: { line1: '8 Tannery Lane', postcode: 'M1 1AE' } } } });
      expect(res.statusCode).toBe(201);
    }
    const all = (await t.as(officer, { url: '/api/v1/places?pageSize=5' })).json();
    expect(all.items.map((p: { line1: string; reportCount: number }) => [p.line1, p.reportCount])).toEqual([['3 Quarry Row', 3], ['8 Tannery Lane', 2]]);
    expect(all.total).toBe(2);
  });

  it('answers 404 for a place that does not exist', async () => {
    const res = await t.as(officer, { url: '/api/v1/places/01890a5d-ac96-774b-bcce-b302099a8941' });
    expect(res.statusCode).toBe(404);
  });
});
