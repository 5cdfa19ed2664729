import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { suggestionQueue } from './store.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const officer = 'officer@council.demo';

describe('the queue of link suggestions', () => {
  it('lists suggestions strongest first (newest first among equals) a page at a time, all or one report\'s, counted up to the cap', async () => {
    const report = async (names: string[]) =>
      (
        await t.as(officer, {
          method: 'POST',
          url: '/api/v1/reports',
          payload: { receivedAt: new Date().toISOString(), channel: 'phone', category: 'noise', description: 'Noise', people: names.map((name, i) => ({ role: i ? 'witness' : 'victim', name })) },
        })
      ).json() as { id: string; people: { personId: string }[] };
    const one = await report(['Isolde Vantongeren', 'Bartholomew Eke', 'Clementine Ashdown-Pryce']);
    const two = await report(['Ignatius Wolstenholme', 'Perpetua Lisle']);
    const [p1, p2, p3] = one.people.map((p) => p.personId);
    const [p4, p5] = two.people.map((p) => p.personId);
    await t.db.query("delete from link_suggestions where status = 'suggested'");
    // [name, report, person, candidate, probability, minutes ago, status]
    const made: [string, string, string, string, number, number, string][] = [
      ['weak', one.id, p1, p2, 0.62, 5, 'suggested'],
      ['strong', one.id, p1, p3, 0.97, 50, 'suggested'],
      ['tie-older', two.id, p4, p5, 0.9, 40, 'suggested'],
      ['tie-newer', one.id, p2, p3, 0.9, 10, 'suggested'],
      ['middle', two.id, p5, p1, 0.8, 1, 'suggested'],
      ['decided', two.id, p4, p1, 0.99, 1, 'rejected'],
    ];
    const ids = new Map<string, string>();
    for (const [name, reportId, a, b, probability, ago, status] of made) {
      const { rows } = await t.db.query<{ id: string }>(
        `insert into link_suggestions (id, report_id, person_id, candidate_person_id, probability, evidence, params_version, status, created_at)
         values (gen_random_uuid(), $1, $2, $3, $4, '[]', 'test', $5, now() - make_interval(mins => $6)) returning id`,
        [reportId, a, b, probability, status, ago],
      );
      ids.set(rows[0].id, name);
    }
    const names = (body: { items: { id: string }[] }) => body.items.map((i) => ids.get(i.id));
    const first = (await t.as(officer, { url: '/api/v1/link-suggestions?pageSize=2' })).json();
    expect(names(first)).toEqual(['strong', 'tie-newer']);
    expect(first).toMatchObject({ total: 5, totalExact: true, page: 1, pageSize: 2 });
    expect(names((await t.as(officer, { url: '/api/v1/link-suggestions?pageSize=2&page=2' })).json())).toEqual(['tie-older', 'middle']);
    expect(names((await t.as(officer, { url: '/api/v1/link-suggestions?pageSize=2&page=3' })).json())).toEqual(['weak']);
    const ofTwo = (await t.as(officer, { url: `/api/v1/link-suggestions?reportId=${two.id}` })).json();
    expect(names(ofTwo)).toEqual(['tie-older', 'middle']);
    expect(ofTwo.total).toBe(2);
    expect(names((await t.as(officer, { url: '/api/v1/link-suggestions?status=rejected' })).json())).toEqual(['decided']);
    // One person's, on either side of the pair, and under a record merged into them.
    expect(names((await t.as(officer, { url: `/api/v1/link-suggestions?personId=${p3}` })).json())).toEqual(['strong', 'tie-newer']);
    expect(names((await t.as(officer, { url: `/api/v1/link-suggestions?personId=${p1}` })).json())).toEqual(['strong', 'middle', 'weak']);
    await t.db.query('update people set merged_into = $1 where id = $2', [p4, p5]);
    expect(names((await t.as(officer, { url: `/api/v1/link-suggestions?personId=${p4}` })).json())).toEqual(['tie-older', 'middle']);
    await t.db.query('update people set merged_into = null where id = $1', [p5]);
    expect((await t.as(officer, { url: '/api/v1/link-suggestions?personId=nope' })).statusCode).toBe(400);
    // Past the cap the total says "at least".
    const capped = await suggestionQueue(t.db, { status: 'suggested', limit: 1, offset: 0 }, 3);
    expect(capped).toMatchObject({ total: 3, totalExact: false });
    expect(capped.rows.map((r) => ids.get(r.id))).toEqual(['strong']);
    // A page past the end still says how many there are.
    const beyond = (await t.as(officer, { url: '/api/v1/link-suggestions?page=9' })).json();
    expect(beyond).toMatchObject({ total: 5, items: [] });
  });
});
