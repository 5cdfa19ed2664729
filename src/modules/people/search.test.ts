import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { searchPeople } from './store.js';

let t: TestApp;
const officer = 'officer@council.demo';

// Who is recorded: name, date of birth, address. Two share a birthday, two a postcode, two a name.
const PEOPLE = [
  { givenName: 'Agnes', familyName: 'Holt', dateOfBirth: '1951-06-14', postcode: 'M1 1AE' },
  { givenName: 'Bernard', familyName: 'Holt', dateOfBirth: '1951-06-14', postcode: 'M4 2BB' },
  { givenName: 'Agnes', familyName: 'Holte', dateOfBirth: '1979-11-02', postcode: 'M4 2BB' },
  { givenName: 'Carys', familyName: 'Penn', dateOfBirth: '1988-01-30', postcode: 'M2 3CC' },
  { givenName: 'Dafydd', familyName: 'Rhys', dateOfBirth: '2001-09-09', postcode: 'M1 1AE' },
];
const ids: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  for (const [i, p] of PEOPLE.entries()) {
    const r = await t.as(officer, {
      method: 'POST',
      url: '/api/v1/reports',
      payload: { receivedAt: '2026-03-02T10:15:00Z', channel: 'phone', category: 'noise', description: 'Music through the wall.', people: [{ role: 'witness', givenName: p.givenName, familyName: p.familyName, dateOfBirth: p.dateOfBirth, address: { line1: `${i + 1} Mill Lane`, postcode: p.postcode } }] },
    });
    expect(r.statusCode).toBe(201);
    ids.push(r.json().people[0].personId);
  }
  // A second date of birth recorded for Carys by a later report about her.
  const again = await t.as(officer, {
    method: 'POST',
    url: '/api/v1/reports',
    payload: { receivedAt: '2026-03-03T10:15:00Z', channel: 'phone', category: 'noise', description: 'Music again.', people: [{ role: 'witness', personId: ids[3], dateOfBirth: '1951-06-14' }] },
  });
  expect(again.statusCode).toBe(201);
});
afterAll(() => t.close());

const found = async (query: string) => {
  const r = await t.as(officer, { url: `/api/v1/people?pageSize=50&${query}` });
  expect(r.statusCode).toBe(200);
  const body = r.json();
  return { names: body.items.map((i: { displayName: string }) => i.displayName) as string[], total: body.total, totalExact: body.totalExact };
};

describe('finding people without a name alone', () => {
  const cases: [string, string, string[]][] = [
    ['a date of birth, theirs or one also recorded for them', 'dateOfBirth=1951-06-14', ['Agnes Holt', 'Bernard Holt', 'Carys Penn']],
    ['a postcode', 'postcode=m4%202bb', ['Agnes Holte', 'Bernard Holt']],
    ['a date of birth and a postcode', 'dateOfBirth=1951-06-14&postcode=M1%201AE', ['Agnes Holt']],
    ['a name with a date of birth', 'q=Agnes%20Holt&dateOfBirth=1951-06-14', ['Agnes Holt']],
    ['a family name with a date of birth (equal matches by name)', 'q=Holt&dateOfBirth=1951-06-14', ['Agnes Holt', 'Bernard Holt']],
    ['a name with a postcode', 'q=Agnes%20Holte&postcode=M4%202BB', ['Agnes Holte']],
    ['a name that matches no one at that postcode', 'q=Dafydd%20Rhys&postcode=M4%202BB', []],
    ['a date of birth no one has', 'dateOfBirth=1900-01-01', []],
  ];
  it.each(cases)('by %s', async (_, query, names) => {
    const r = await found(query);
    if (query.includes('q=')) expect(r.names).toEqual(names);
    else expect([...r.names].sort()).toEqual(names);
    expect(r).toMatchObject({ total: names.length, totalExact: true });
  });

  it('lists everyone by name, page by page, counting up to its cap', async () => {
    const all = await found('');
    expect(all.names).toEqual(['Agnes Holt', 'Agnes Holte', 'Bernard Holt', 'Carys Penn', 'Dafydd Rhys']);
    expect(all).toMatchObject({ total: 5, totalExact: true });
    const second = await t.as(officer, { url: '/api/v1/people?pageSize=2&page=2' });
    expect(second.json().items.map((i: { displayName: string }) => i.displayName)).toEqual(['Bernard Holt', 'Carys Penn']);
    const capped = await searchPeople(t.db, { limit: 2, offset: 0 }, 3);
    expect(capped).toMatchObject({ total: 3, totalExact: false });
    expect(capped.items.map((i) => i.displayName)).toEqual(['Agnes Holt', 'Agnes Holte']);
  });
});
