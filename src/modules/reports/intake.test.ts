import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { sentWhile } from '../../../test/support/statements.js';
import { verifyAudit } from '../../platform/audit/audit.js';

let t: TestApp;
const officer = 'officer@council.demo';
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const report = (over: Record<string, unknown> = {}) => ({
  receivedAt: '2026-05-04T19:30:00Z',
  channel: 'phone',
  category: 'noise',
  description: 'Music played loud through the wall until 2am.',
  location: { address: { line1: '3 Weir Street', postcode: 'M1 1AE' } },
  people: [{ role: 'victim', name: 'Ada Quill', dateOfBirth: '1950-02-03' }],
  ...over,
});

const one = async <T>(sql: string, params: unknown[]) => (await t.db.query<T>(sql, params)).rows[0];

describe('report intake', () => {
  it('writes a report, its place, its new people, who is named and the audit event in one statement', async () => {
    const { out: r, sent, transactions } = await sentWhile(t, () => t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: report() }));
    expect(r.statusCode).toBe(201);
    const { id, reference, placeId, people } = r.json();
    const writes = sent.filter((s) => /insert into reports\b/.test(s));
    expect(writes).toHaveLength(1);
    for (const table of ['places', 'people', 'person_names', 'person_birth_dates', 'report_people', 'reports_to_link', 'audit_events']) expect(writes[0]).toContain(`insert into ${table}`);
    expect(transactions).toBe(0);
    // Marked as still to link with the report; the mark is cleared later, many reports at a time, not while the sender waits.
    expect(sent.filter((s) => s.includes('reports_to_link'))).toHaveLength(1);

    const person = people[0].personId;
    // Time-ordered ids (version 7) for everything intake creates.
    for (const created of [id, placeId, person]) expect(created).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(await one('select place_id, reference from reports where id = $1', [id])).toEqual({ place_id: placeId, reference });
    expect(await one('select line1, postcode from places where id = $1', [placeId])).toEqual({ line1: '3 Weir Street', postcode: 'M1 1AE' });
    expect(await one("select display_name, to_char(date_of_birth, 'YYYY-MM-DD') as dob from people where id = $1", [person])).toEqual({ display_name: 'Ada Quill', dob: '1950-02-03' });
    expect(await one("select given_name, family_name, kind from person_names where person_id = $1", [person])).toEqual({ given_name: 'Ada', family_name: 'Quill', kind: 'primary' });
    expect(await one('select role, as_reported from report_people where report_id = $1', [id])).toEqual({ role: 'victim', as_reported: { name: 'Ada Quill', dateOfBirth: '1950-02-03' } });
    // The audit event carries the reference the statement numbered.
    const event = await one<{ detail: Record<string, unknown>; actor_user_id: string }>("select detail, actor_user_id from audit_events where subject_type = 'report' and subject_id = $1 and action = 'create'", [id]);
    expect(event.detail).toEqual({ reference, people: [{ personId: person, role: 'victim' }] });
    expect(event.actor_user_id).toBe(t.dir.users[officer]);
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });

  it('files a second report at a known address under the same place', async () => {
    const first = (await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: report({ location: { address: { line1: '8 Weir Street', postcode: 'M1 1AE' } } }) })).json();
    const second = (await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: report({ location: { address: { line1: '8 weir street', postcode: 'm11ae' }, lat: 53.48, lon: -2.24 } }) })).json();
    expect(second.placeId).toBe(first.placeId);
    // What the second report knew of the place that the first did not is kept.
    expect(await one('select lat, lon from places where id = $1', [first.placeId])).toEqual({ lat: 53.48, lon: -2.24 });
  });

  it('adds what a report says of a known person, and a new person’s contacts and address, in the same transaction', async () => {
    const known = (await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: report({ people: [{ role: 'victim', name: 'Bea Kettle' }] }) })).json().people[0].personId;
    const { out: r, transactions } = await sentWhile(t, () =>
      t.as(officer, {
        method: 'POST',
        url: '/api/v1/reports',
        payload: report({
          people: [
            { role: 'victim', personId: known, aliases: ['Bee Kettle'], phone: '07700 900555' },
            { role: 'alleged_perpetrator', name: 'Col Vane', email: 'col@example.org', address: { line1: '5 Weir Street', postcode: 'M1 1AE' } },
          ],
        }),
      }),
    );
    expect(r.statusCode).toBe(201);
    expect(transactions).toBeGreaterThanOrEqual(1);
    const [victim, perpetrator] = r.json().people.map((p: { personId: string }) => p.personId);
    expect(victim).toBe(known);
    expect(await one("select count(*)::int as n from person_names where person_id = $1 and full_name = 'bee kettle' and kind = 'alias'", [known])).toEqual({ n: 1 });
    expect(await one("select normalised from person_contacts where person_id = $1 and kind = 'phone'", [known])).toEqual({ normalised: '07700900555' });
    expect(await one("select kind from person_contacts where person_id = $1", [perpetrator])).toEqual({ kind: 'email' });
    expect(await one('select pl.line1 from person_addresses pa join places pl on pl.id = pa.place_id where pa.person_id = $1', [perpetrator])).toEqual({ line1: '5 Weir Street' });
    // The new person's name went in once, as the primary name (not again as an alias).
    expect(await one('select count(*)::int as n from person_names where person_id = $1', [perpetrator])).toEqual({ n: 1 });
  });

  it('writes nothing at all for a retired category, not even a new place', async () => {
    await t.db.query("update report_categories set active = false where code = 'vehicle_nuisance'");
    try {
      const before = await one("select (select count(*)::int from places) as places, (select count(*)::int from people) as people, (select count(*)::int from audit_events) as audit, (select count(*)::int from reports) as reports", []);
      const r = await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: report({ category: 'vehicle_nuisance', location: { address: { line1: '1 Unseen Yard', postcode: 'M1 1AE' }, lat: 53.5, lon: -2.2 }, people: [{ role: 'victim', name: 'Dot Wren', phone: '07700 900777' }] }) });
      expect(r.statusCode).toBe(400);
      expect(r.json().errors[0].path).toBe('body.category');
      expect(await one("select (select count(*)::int from places) as places, (select count(*)::int from people) as people, (select count(*)::int from audit_events) as audit, (select count(*)::int from reports) as reports", [])).toEqual(before);
    } finally {
      await t.db.query("update report_categories set active = true where code = 'vehicle_nuisance'");
    }
  });
});
