import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { searchReports } from './store.js';

let t: TestApp;
const officer = 'officer@council.demo';
const pc = 'pc@police.demo';

// Six reports: who recorded them, when, what, where. Two share a moment, so order needs a tie-break.
const REPORTS = [
  { as: officer, receivedAt: '2026-03-01T09:00:00Z', category: 'noise', description: 'Music through the wall until 2am.', postcode: 'M1 1AE' },
  { as: officer, receivedAt: '2026-03-05T21:00:00Z', category: 'harassment', description: 'Shouting abuse on the stairwell.', postcode: 'M1 1AE' },
  { as: pc, receivedAt: '2026-03-05T21:00:00Z', category: 'noise', description: 'Drums and shouting late at night.', postcode: 'M4 2BB' },
  { as: pc, receivedAt: '2026-03-09T12:30:00Z', category: 'harassment', description: 'Threats made at the front door.', postcode: 'M4 2BB' },
  { as: officer, receivedAt: '2026-03-12T08:15:00Z', category: 'noise', description: 'Dog barking all morning.', postcode: 'M1 1AE' },
  { as: officer, receivedAt: '2026-03-20T23:45:00Z', category: 'harassment', description: 'Eggs thrown at the window.', postcode: 'M4 2BB' },
];
const ids: string[] = [];
const references: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  for (const [i, r] of REPORTS.entries()) {
    const res = await t.as(r.as, {
      method: 'POST',
      url: '/api/v1/reports',
      payload: { receivedAt: r.receivedAt, channel: 'phone', category: r.category, description: r.description, location: { address: { line1: `${i + 1} Weir Street`, postcode: r.postcode } }, people: [] },
    });
    expect(res.statusCode).toBe(201);
    ids.push(res.json().id);
    references.push(res.json().reference);
  }
});
afterAll(() => t.close());

/** The indexes of REPORTS a search should find, newest first (equal times by id, highest first). */
const expected = (keep: (r: (typeof REPORTS)[number], i: number) => boolean) =>
  REPORTS.map((r, i) => ({ r, i }))
    .filter(({ r, i }) => keep(r, i))
    .sort((a, b) => b.r.receivedAt.localeCompare(a.r.receivedAt) || (ids[b.i] > ids[a.i] ? 1 : -1))
    .map(({ i }) => i);

describe('report search', () => {
  const cases: [string, () => string, (r: (typeof REPORTS)[number], i: number) => boolean][] = [
    ['everything, newest first', () => '', () => true],
    ['a reference', () => `q=${references[3]}`, (_, i) => i === 3],
    ['words in the description', () => 'q=shouting', (r) => /shouting/i.test(r.description)],
    ['a date range (whole days)', () => 'from=2026-03-05&to=2026-03-09', (r) => r.receivedAt >= '2026-03-05' && r.receivedAt < '2026-03-10'],
    ['from a date', () => 'from=2026-03-12', (r) => r.receivedAt >= '2026-03-12'],
    ['a postcode', () => 'postcode=m4%202bb', (r) => r.postcode === 'M4 2BB'],
    ['a category', () => 'category=noise', (r) => r.category === 'noise'],
    ['a parent category', () => 'category=personal', (r) => r.category === 'harassment'],
    ['the recording agency', () => `agencyId=${t.dir.agencies.police}`, (r) => r.as === pc],
    ['several filters at once', () => `category=harassment&postcode=M4 2BB&from=2026-03-10`, (r) => r.category === 'harassment' && r.postcode === 'M4 2BB' && r.receivedAt >= '2026-03-10'],
    ['nothing matching', () => 'category=noise&agencyId=' + t.dir.agencies.police + '&from=2026-04-01', () => false],
  ];
  it.each(cases)('finds %s, with the exact total', async (_, query, keep) => {
    const res = await t.as(officer, { url: `/api/v1/reports?pageSize=50&${query()}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const want = expected(keep);
    expect(body.items.map((x: { id: string }) => ids.indexOf(x.id))).toEqual(want);
    expect(body).toMatchObject({ total: want.length, totalExact: true });
  });

  it('pages through the same order, and a page past the end still says how many match', async () => {
    const want = expected(() => true);
    const pages = [];
    for (const page of [1, 2, 3]) pages.push(...(await t.as(officer, { url: `/api/v1/reports?pageSize=2&page=${page}` })).json().items.map((x: { id: string }) => ids.indexOf(x.id)));
    expect(pages).toEqual(want);
    const beyond = (await t.as(officer, { url: '/api/v1/reports?pageSize=2&page=9' })).json();
    expect(beyond).toMatchObject({ total: 6, totalExact: true, items: [] });
  });

  it('counts up to its cap, then says the total is at least that', async () => {
    const capped = await searchReports(t.db, { limit: 2, offset: 0 }, 4);
    expect(capped).toMatchObject({ total: 4, totalExact: false });
    expect(capped.rows.map((r) => ids.indexOf(r.id))).toEqual(expected(() => true).slice(0, 2));
    expect(await searchReports(t.db, { category: 'noise', limit: 2, offset: 0 }, 4)).toMatchObject({ total: 3, totalExact: true });
    // A search of the text is counted to its own, lower cap; a reference is not a text search.
    const words = expected((r) => /e/i.test(r.description)).length;
    expect(await searchReports(t.db, { q: 'e', limit: 2, offset: 0 }, 100, 2)).toMatchObject({ total: 2, totalExact: false });
    expect(await searchReports(t.db, { q: 'e', limit: 2, offset: 0 }, 100, words)).toMatchObject({ total: words, totalExact: true });
  });
});
