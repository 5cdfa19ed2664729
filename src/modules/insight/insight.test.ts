import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { sentWhile } from '../../../test/support/statements.js';
import { areaFigures } from '../../platform/figures.js';

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

  it('keeps area figures for a minute: the next reader gets the same counts, stamped, without a read', async () => {
    const first = await t.as('leader@council.demo', { url: '/api/v1/insight/dashboard' });
    const asOf = first.json().asOf;
    expect(Date.now() - new Date(asOf).getTime()).toBeLessThan(60_000);
    await t.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: { receivedAt: new Date().toISOString(), channel: 'phone', category: 'noise', description: 'Noise again', people: [] } });
    // Another reader in the area (of another role) within the minute: the same figures, no statement sent.
    const { out: again, sent } = await sentWhile(t, () => t.as('officer@council.demo', { url: '/api/v1/insight/dashboard' }));
    expect(again.json()).toEqual(first.json());
    expect(sent).toEqual([]);
    // Who may not see figures is still refused, kept or not.
    expect((await t.as('admin@council.demo', { url: '/api/v1/insight/dashboard' })).statusCode).toBe(403);
    // With keeping turned off, every read counts afresh.
    const fresh = await createTestApp({ INSIGHT_CACHE_SECONDS: '0' });
    const before = (await fresh.as('leader@council.demo', { url: '/api/v1/insight/dashboard' })).json();
    await fresh.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: { receivedAt: new Date().toISOString(), channel: 'phone', category: 'noise', description: 'Noise', people: [] } });
    const after = (await fresh.as('leader@council.demo', { url: '/api/v1/insight/dashboard' })).json();
    const thisMonth = (d: { reportsByMonth: { month: string; n: number }[] }) => d.reportsByMonth.find((m) => m.month === new Date().toISOString().slice(0, 7))?.n ?? 0;
    expect(thisMonth(after)).toBe(thisMonth(before) + 1);
    const byAgency = (d: { reportsByAgencyLast12Months: { agency: string; n: number }[] }) => Object.fromEntries(d.reportsByAgencyLast12Months.map((a) => [a.agency, a.n]));
    const agency = (await fresh.db.query<{ name: string }>("select a.name from users u join agencies a on a.id = u.agency_id where u.email = 'officer@council.demo'")).rows[0].name;
    expect(byAgency(after)).toEqual({ ...byAgency(before), [agency]: (byAgency(before)[agency] ?? 0) + 1 });
    // Other modules' figures come with the area's own.
    expect(after).toEqual(expect.objectContaining({ openCasesByRisk: expect.any(Object), victimsSupport: expect.objectContaining({ victims: expect.any(Number) }) }));
    await fresh.close();
  });

  it('counts a victim on two reports in the last year as a repeat victim, two records of one person merged as one', async () => {
    const fresh = await createTestApp({ INSIGHT_CACHE_SECONDS: '0' });
    const repeat = async () => (await fresh.as('leader@council.demo', { url: '/api/v1/insight/dashboard' })).json().repeatVictimsLast12Months as number;
    const post = async (daysAgo: number, victim: Record<string, string>) =>
      (
        await fresh.as('officer@council.demo', {
          method: 'POST',
          url: '/api/v1/reports',
          payload: { receivedAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(), channel: 'phone', category: 'noise', description: 'Noise', people: [{ role: 'victim', ...victim }] },
        })
      ).json().people[0].personId as string;
    const before = await repeat();
    const first = await post(30, { givenName: 'Ottoline', familyName: 'Brackenbury', dateOfBirth: '1932-01-01' });
    const second = await post(40, { givenName: 'Wilhelmina', familyName: 'Pocklington', dateOfBirth: '1940-02-02' });
    expect(second).not.toBe(first);
    expect(await repeat()).toBe(before);
    await fresh.db.query('update people set merged_into = $1 where id = $2', [first, second]);
    expect(await repeat()).toBe(before + 1);
    // A report more than a year ago does not make a repeat.
    const third = await post(20, { givenName: 'Peregrine', familyName: 'Quarrington', dateOfBirth: '1951-03-03' });
    const old = await post(400, { givenName: 'Araminta', familyName: 'Sowerbutts', dateOfBirth: '1962-04-04' });
    await fresh.db.query('update people set merged_into = $1 where id = $2', [third, old]);
    expect(await repeat()).toBe(before + 1);
    await fresh.close();
  });

  it('counts each figure once however many ask at once, and again when it has expired', async () => {
    let counted = 0;
    const compute = async () => ({ n: ++counted });
    const figures = areaFigures(1);
    const together = await Promise.all([figures('a', compute), figures('a', compute), figures('a', compute)]);
    expect(together.map((f) => f.n)).toEqual([1, 1, 1]);
    expect((await figures('b', compute)).n).toBe(2);
    expect((await figures('a', compute)).n).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await figures('a', compute)).n).toBe(3);
    // A failed count is not kept: the next reader counts again.
    const failing = areaFigures(60);
    await expect(failing('c', () => Promise.reject(new Error('database unavailable')))).rejects.toThrow('database unavailable');
    expect((await failing('c', compute)).n).toBe(4);
  });

  it('counts a figure again behind its reader once half its time has passed, keeping the old one if that fails', async () => {
    let counted = 0;
    let fail = false;
    const compute = async () => {
      if (fail) throw new Error('database unavailable');
      return { n: ++counted };
    };
    const figures = areaFigures(2);
    expect((await figures('a', compute)).n).toBe(1);
    expect((await figures('a', compute)).n).toBe(1);
    expect(counted).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    // Past half its two seconds: the reader gets the kept figure at once, and it is counted again.
    expect((await figures('a', compute)).n).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(counted).toBe(2);
    const recounted = await figures('a', compute);
    expect(recounted.n).toBe(2);
    // A recount that fails leaves the kept figure until its time is up.
    await new Promise((r) => setTimeout(r, 1100));
    fail = true;
    expect((await figures('a', compute)).n).toBe(2);
    await new Promise((r) => setTimeout(r, 20));
    expect((await figures('a', compute)).asOf).toBe(recounted.asOf);
    await new Promise((r) => setTimeout(r, 1000));
    await expect(figures('a', compute)).rejects.toThrow('database unavailable');
  });
});

