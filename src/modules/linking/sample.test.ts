import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { sampleIdentifiers } from './store.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the people an estimate learns from', () => {
  it('are spread over the whole file, not the oldest records (ids are time-ordered)', async () => {
    const agency = (await t.db.query<{ id: string }>('select id from agencies limit 1')).rows[0].id;
    // Six records made in order (ids rising with time); the later three have the lower random parts.
    const ids = [
      '01900000-0000-7000-8000-ffffffffff01',
      '01900000-0001-7000-8000-ffffffffff02',
      '01900000-0002-7000-8000-ffffffffff03',
      '01900000-0003-7000-8000-000000000003',
      '01900000-0004-7000-8000-000000000001',
      '01900000-0005-7000-8000-000000000002',
    ];
    for (const [i, id] of ids.entries()) await t.db.query('insert into people (id, owner_agency_id, display_name) values ($1, $2, $3)', [id, agency, `Person ${i}`]);
    expect((await t.db.query<{ n: number }>('select count(*)::int as n from people')).rows[0].n).toBe(6);
    const sample = await sampleIdentifiers(t.db, 3);
    expect(sample.map((p) => p.id)).toEqual([ids[4], ids[5], ids[3]]);
    expect((await sampleIdentifiers(t.db, 10)).map((p) => p.id).sort()).toEqual([...ids].sort());
  });
});
