/**
 * A server on a large area answers while its linking index is still being built: /readyz says it
 * is starting, reads are served, and a report taken meanwhile waits to be matched against
 * everyone on file (never against a half-built index). A failed build is tried again, and people
 * whose report's linking failed are indexed with the next report's.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { testConfig } from '../../platform/config.js';
import type { Db } from '../../platform/db/db.js';
import { buildApp } from '../../platform/http/app.js';
import { newId } from '../../platform/ids.js';
import { getModulesReady } from '../../platform/server.js';
import { modules } from '../index.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const victim = { role: 'victim', givenName: 'Oluwaseun', familyName: 'Ashworth-Baines', dateOfBirth: '1984-06-17', phone: '07700 900818' };
const report = { receivedAt: new Date().toISOString(), channel: 'phone', category: 'noise', description: 'Music through the wall', people: [victim] };

/** The same database, with the index's reads of everyone (a page after an id) held until `open` (or failed once by `failNext`). */
function gatedDb(db: Db) {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  const gate = { reads: 0, failNext: false };
  const gated = Object.assign(Object.create(db) as Db, {
    async query(sql: string, params?: unknown[]) {
      if (sql.includes('merged_into is null and id > $1::uuid')) {
        gate.reads++;
        await opened;
        if (gate.failNext) {
          gate.failNext = false;
          throw new Error('connection terminated');
        }
      }
      return db.query(sql, params);
    },
  });
  return { gated, open, gate };
}

async function startOn(db: Db, retryMs = 5000) {
  const { app, ctx } = await buildApp({ config: testConfig({ WEB_DIST: '/nonexistent' }), db, modules });
  await app.ready();
  const readying = getModulesReady(app, ctx, modules, retryMs);
  const as = (email: string, opts: InjectOptions) => app.inject({ ...opts, headers: { authorization: `Bearer test_${t.dir.users[email]}` } });
  return { app, as, close: async () => (readying.stop(), await app.close()) };
}

describe('while the linking index is being built', () => {
  it('answers reads, says it is starting, and matches a report taken meanwhile against everyone on file', async () => {
    const first = await t.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: report });
    expect(first.statusCode).toBe(201);
    const onFile = first.json().people[0].personId;

    const { gated, open, gate } = gatedDb(t.db);
    const s = await startOn(gated);
    try {
      const starting = await s.app.inject({ url: '/readyz' });
      expect(starting.statusCode).toBe(503);
      expect(starting.json().detail).toBe('Starting: the linking index is being built from the people on file.');
      expect((await s.app.inject({ url: '/healthz' })).statusCode).toBe(200);
      expect((await s.as('officer@council.demo', { url: '/api/v1/cases' })).statusCode).toBe(200);

      // A report now is written but waits for the index before it is matched.
      let settled = false;
      const pending = s.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: report }).finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(settled).toBe(false);
      expect(gate.reads).toBe(1);

      open();
      const later = await pending;
      expect(later.statusCode).toBe(201);
      const links = later.json().links.filter((l: { kind: string }) => l.kind === 'person');
      expect(links.map((l: { matchedPersonId: string }) => l.matchedPersonId)).toContain(onFile);
      expect((await s.app.inject({ url: '/readyz' })).statusCode).toBe(200);
      expect(gate.reads).toBe(1);
    } finally {
      open();
      await s.close();
    }
  });

  it('matches two reports taken meanwhile about the same new person as if one came after the other: one suggestion, not one each way', async () => {
    const someone = { role: 'alleged_perpetrator', givenName: 'Tamsin', familyName: 'Okonkwo-Reyes', dateOfBirth: '1979-11-03', phone: '07700 900431' };
    const about = { ...report, description: 'Shouting at neighbours', people: [someone] };
    const { gated, open } = gatedDb(t.db);
    const s = await startOn(gated);
    try {
      const firstPending = s.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: about });
      const secondPending = s.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: about });
      // Both reports written (and so at their linking, waiting for the index) before it is built.
      const stored = async () => (await t.db.query<{ n: number }>("select count(*)::int as n from reports where description = 'Shouting at neighbours'")).rows[0].n;
      for (let i = 0; i < 200 && (await stored()) < 2; i++) await new Promise((r) => setTimeout(r, 25));
      expect(await stored()).toBe(2);
      await new Promise((r) => setTimeout(r, 100));
      open();
      const [first, second] = await Promise.all([firstPending, secondPending]);
      expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
      const firstPerson = first.json().people[0].personId;
      const secondPerson = second.json().people[0].personId;
      expect(firstPerson).not.toBe(secondPerson);
      const { rows } = await t.db.query<{ person_id: string; candidate_person_id: string }>(
        'select person_id, candidate_person_id from link_suggestions where person_id = any($1::uuid[]) or candidate_person_id = any($1::uuid[])',
        [[firstPerson, secondPerson]],
      );
      // Whichever was matched second found the first (both wait for the index; either may go first).
      expect(rows).toHaveLength(1);
      const [later, earlier] = rows[0].person_id === secondPerson ? [second, first] : [first, second];
      expect(rows[0]).toEqual({ person_id: later.json().people[0].personId, candidate_person_id: earlier.json().people[0].personId });
      const personLinks = (r: typeof first) => r.json().links.filter((l: { kind: string }) => l.kind === 'person').map((l: { matchedPersonId: string }) => l.matchedPersonId);
      expect(personLinks(earlier)).toEqual([]);
      expect(personLinks(later)).toEqual([earlier.json().people[0].personId]);
    } finally {
      open();
      await s.close();
    }
  });

  it('indexes everyone on file, whatever their ids (records brought in from elsewhere need not have time-ordered ones)', async () => {
    const id = 'f7e1c2d3-0000-4000-8000-000000000001';
    await t.db.query("insert into people (id, owner_agency_id, display_name, date_of_birth) values ($1, $2, 'Ifeoma Castellanos-Reid', '1968-03-21')", [id, t.dir.agencies.council]);
    await t.db.query("insert into person_names (id, person_id, given_name, family_name, full_name, kind) values ($1, $2, 'Ifeoma', 'Castellanos-Reid', 'ifeoma castellanos-reid', 'primary')", [newId(), id]);
    await t.db.query("insert into person_contacts (id, person_id, kind, value, normalised, valid_from) values ($1, $2, 'phone', '07700 900562', '07700900562', now())", [newId(), id]);
    const { gated, open } = gatedDb(t.db);
    open();
    const s = await startOn(gated);
    try {
      const person = { role: 'victim', givenName: 'Ifeoma', familyName: 'Castellanos-Reid', dateOfBirth: '1968-03-21', phone: '07700 900562' };
      const r = await s.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: { ...report, people: [person] } });
      expect(r.statusCode).toBe(201);
      expect(r.json().links.filter((l: { kind: string }) => l.kind === 'person').map((l: { matchedPersonId: string }) => l.matchedPersonId)).toEqual([id]);
    } finally {
      await s.close();
    }
  });

  it('tries a failed build again and is ready once it succeeds', async () => {
    const { gated, open, gate } = gatedDb(t.db);
    gate.failNext = true;
    open();
    const s = await startOn(gated, 50);
    try {
      for (let i = 0; i < 100 && (await s.app.inject({ url: '/readyz' })).statusCode !== 200; i++) await new Promise((r) => setTimeout(r, 20));
      expect((await s.app.inject({ url: '/readyz' })).statusCode).toBe(200);
      expect(gate.reads).toBe(2);
    } finally {
      await s.close();
    }
  });

  it('says a report whose linking failed is stored, and indexes its people with the next report so later reports still find them', async () => {
    let failNext = true;
    const flaky = Object.assign(Object.create(t.db) as Db, {
      async query(sql: string, params?: unknown[]) {
        // The report is stored; the database goes away as its linking reads the intake facts.
        if (failNext && sql.includes('case_review_report_count')) {
          failNext = false;
          throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
        }
        return t.db.query(sql, params);
      },
    });
    const s = await startOn(flaky);
    try {
      const person = { role: 'victim', givenName: 'Marisol', familyName: 'Achterberg-Nwosu', dateOfBirth: '1958-05-09', phone: '07700 900615' };
      const lost = await s.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: { ...report, people: [person] } });
      // Stored, and the answer says so (with its reference), so it is not sent again; its linking follows (see reports/followup.test.ts).
      expect(lost.statusCode).toBe(201);
      const { reference } = (await t.db.query<{ reference: string }>('select r.reference from reports r join report_people rp on rp.report_id = r.id join person_names n on n.person_id = rp.person_id where n.full_name = $1', ['marisol achterberg-nwosu'])).rows[0];
      expect(lost.json()).toMatchObject({ reference, linking: 'to_follow', links: [] });
      const stored = (await t.db.query<{ person_id: string }>("select person_id from person_names where full_name = 'marisol achterberg-nwosu'")).rows;
      expect(stored).toHaveLength(1);
      const other = await s.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: { ...report, people: [{ role: 'witness', name: 'Someone Else Entirely' }] } });
      expect(other.statusCode).toBe(201);
      const later = await s.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: { ...report, people: [person] } });
      expect(later.statusCode).toBe(201);
      const found = later.json().links.filter((l: { kind: string }) => l.kind === 'person').map((l: { matchedPersonId: string }) => l.matchedPersonId);
      expect(found).toEqual([stored[0].person_id]);
    } finally {
      await s.close();
    }
  });
});
