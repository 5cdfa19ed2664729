/**
 * The linking index is built from pages of everyone's identifiers, read for a page at once; the
 * same person read by id must come out the same: their primary name (else the newest other), the
 * current address, phone and email (the newest of each), never a merged record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { newId } from '../../platform/ids.js';
import { identifiersPage, loadIdentifiers } from './store.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const day = (d: number) => new Date(Date.UTC(2025, 0, d)).toISOString();

async function person(dob: string | null, merged = false) {
  const id = newId();
  await t.db.query('insert into people (id, owner_agency_id, display_name, date_of_birth) values ($1, $2, $3, $4)', [id, t.dir.agencies.council, 'Someone', dob]);
  if (merged) await t.db.query('update people set merged_into = (select id from people where id <> $1 and merged_into is null order by id limit 1) where id = $1', [id]);
  return id;
}
const name = (personId: string, given: string, family: string, kind: string, at: number) =>
  t.db.query('insert into person_names (id, person_id, given_name, family_name, full_name, kind, created_at) values ($1, $2, $3, $4, $5, $6, $7)', [newId(), personId, given, family, `${given} ${family}`.toLowerCase(), kind, day(at)]);
async function address(personId: string, line1: string, postcode: string, from: number, to: number | null) {
  const place = newId();
  await t.db.query('insert into places (id, line1, town, postcode, match_key) values ($1, $2, $3, $4, $5)', [place, line1, 'Riverside', postcode, `test:${place}`]);
  await t.db.query('insert into person_addresses (id, person_id, place_id, valid_from, valid_to) values ($1, $2, $3, $4, $5)', [newId(), personId, place, day(from), to === null ? null : day(to)]);
}
const contact = (personId: string, kind: 'phone' | 'email', value: string, from: number, to: number | null) =>
  t.db.query('insert into person_contacts (id, person_id, kind, value, normalised, valid_from, valid_to) values ($1, $2, $3, $4, $4, $5, $6)', [newId(), personId, kind, value, day(from), to === null ? null : day(to)]);

describe('identifiers for the linking index', () => {
  it('are the same read a page at a time as read by id', async () => {
    // A person with an alias newer than their primary name, a past and two current addresses, and
    // phones and emails both past and current.
    const a = await person('1980-02-29');
    await name(a, 'Margaret', 'Oyelaran', 'primary', 1);
    await name(a, 'Peggy', 'Oyelaran-Hart', 'alias', 9);
    await address(a, '4 Old Road', 'M1 1AA', 1, 5);
    await address(a, '9 Side Street', 'M2 2BB', 2, null);
    await address(a, '12 Canal Street', 'M1 3HW', 5, null);
    await contact(a, 'phone', '07700900001', 1, 3);
    await contact(a, 'phone', '07700900002', 3, null);
    await contact(a, 'phone', '07700900003', 2, null);
    await contact(a, 'email', 'old@example.org', 1, 4);
    await contact(a, 'email', 'peggy@example.org', 4, null);
    // Only other names (the newest counts), no birth date, no address, only ended contacts.
    const b = await person(null);
    await name(b, 'Dev', 'Raman', 'alias', 2);
    await name(b, 'Devendra', 'Raman', 'alias', 6);
    await contact(b, 'phone', '07700900009', 1, 2);
    // Merged into someone else: never in a page.
    const c = await person('1990-01-01', true);
    await name(c, 'Merged', 'Record', 'primary', 1);

    const pages = [];
    for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
      const page = await identifiersPage(t.db, after, 7);
      pages.push(...page);
      if (page.length < 7) break;
      after = page[page.length - 1].id;
    }
    const ids = pages.map((p) => p.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).not.toContain(c);
    expect(ids).toEqual(expect.arrayContaining([a, b]));
    expect(pages).toEqual(await loadIdentifiers(t.db, ids));

    const byId = new Map(pages.map((p) => [p.id, p]));
    expect(byId.get(a)).toEqual({ id: a, givenName: 'Margaret', surname: 'Oyelaran', dob: '1980-02-29', houseNumber: '12', street: 'Canal Street', town: 'Riverside', postcode: 'M1 3HW', phone: '07700900002', email: 'peggy@example.org' });
    expect(byId.get(b)).toEqual({ id: b, givenName: 'Devendra', surname: 'Raman', dob: undefined, town: undefined, postcode: undefined, phone: undefined, email: undefined });
  });
});
