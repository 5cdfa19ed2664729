import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePeople } from '../../../bench/linking/generate.js';
import { runJobs } from '../../platform/jobs/runner.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import type { LinkingServices } from './service.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // Enough people on file for EM (at least 500), written straight to the tables the matcher reads.
  const g = generatePeople(700, 5, 0);
  const agency = t.dir.agencies.council;
  const ids = g.records.map(() => crypto.randomUUID());
  await t.db.query(
    `insert into people (id, owner_agency_id, display_name, date_of_birth)
     select id, $2, name, dob::date from unnest($1::uuid[], $3::text[], $4::text[]) as x(id, name, dob)`,
    [ids, agency, g.records.map((r) => `${r.givenName} ${r.surname}`), g.records.map((r) => r.dob ?? null)],
  );
  await t.db.query(
    `insert into person_names (id, person_id, given_name, family_name, full_name)
     select gen_random_uuid(), id, given, family, lower(given || ' ' || family) from unnest($1::uuid[], $2::text[], $3::text[]) as x(id, given, family)`,
    [ids, g.records.map((r) => r.givenName), g.records.map((r) => r.surname)],
  );
  const phones = g.records.map((r, i) => [ids[i], r.phone] as const).filter(([, p]) => p);
  await t.db.query(
    `insert into person_contacts (id, person_id, kind, value, normalised)
     select gen_random_uuid(), id, 'phone', phone, phone from unnest($1::uuid[], $2::text[]) as x(id, phone)`,
    [phones.map(([id]) => id), phones.map(([, p]) => p)],
  );
});
afterAll(() => t.close());

const linking = () => t.ctx.services.linking as LinkingServices;
const versions = async () => (await t.db.query<{ n: number }>('select count(*)::int as n from linkage_params')).rows[0].n;

/** Two reports naming people alike enough to be suggested as one; returns the suggestion's id. */
async function suggestion(a: Record<string, string>, b: Record<string, string>): Promise<string> {
  const post = (p: Record<string, string>) =>
    t.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: { receivedAt: new Date().toISOString(), channel: 'phone', category: 'noise', description: 'Noise', people: [{ role: 'victim', ...p }] } });
  const first = (await post(a)).json();
  const second = (await post(b)).json();
  const link = second.links.find((l: { kind: string; matchedPersonId: string }) => l.kind === 'person' && l.matchedPersonId === first.people[0].personId);
  expect(link, 'the second report is suggested as the first person').toBeDefined();
  return link.suggestionId;
}

const decide = (id: string, d: 'confirm' | 'reject') => t.as('officer@council.demo', { method: 'POST', url: `/api/v1/link-suggestions/${id}/${d}` });
const reestimate = (email: string) => t.as(email, { method: 'POST', url: '/api/v1/linking/parameters/reestimate' });

describe('staff decisions feed back into the linkage parameters', () => {
  it.each([
    ['officer@council.demo', 403],
    ['nurse@health.demo', 403],
    ['dpo@council.demo', 403],
  ])('%s may not re-estimate (%i)', async (email, status) => {
    expect((await reestimate(email)).statusCode).toBe(status);
  });

  it('re-estimates with confirmed and rejected links, lists the version, and the job runs only on new decisions', async () => {
    const same = await suggestion(
      { givenName: 'Chidinma', familyName: 'Okonkwo-Reilly', dateOfBirth: '1990-01-31', phone: '07700 900555' },
      { givenName: 'Chidi', familyName: 'Okonkwo-Reilly', dateOfBirth: '1990-01-31', phone: '07700 900556' },
    );
    const twin = await suggestion(
      { givenName: 'Amara', familyName: 'Featherstonehaugh', dateOfBirth: '1984-06-12', phone: '07700 900777' },
      { givenName: 'Ifeoma', familyName: 'Featherstonehaugh', dateOfBirth: '1984-06-12', phone: '07700 900777' },
    );
    expect((await decide(same, 'confirm')).statusCode).toBe(200);
    expect((await decide(twin, 'reject')).statusCode).toBe(200);

    const before = await versions();
    const r = await reestimate('admin@council.demo');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ confirmed: 1, rejected: 1 });
    expect(body.recordCount).toBeGreaterThanOrEqual(700);
    expect(body.version).toMatch(/^emfb-.*-c1-r1$/);
    expect(await versions()).toBe(before + 1);
    // The live matcher scores with the new version at once.
    expect(linking().matcher.paramsVersion).toBe(body.version);

    const list = await t.as('leader@council.demo', { url: '/api/v1/linking/parameters' });
    expect(list.statusCode).toBe(200);
    expect(list.json().live).toBe(body.version);
    expect(list.json().items[0]).toMatchObject({ version: body.version, recordCount: body.recordCount, feedback: { confirmed: 1, rejected: 1 }, live: true });
    expect((await t.as('nurse@health.demo', { url: '/api/v1/linking/parameters' })).statusCode).toBe(403);

    // The write is audited.
    const audit = await t.db.query<{ subject_id: string; detail: { confirmed: number; rejected: number } }>("select subject_id, detail from audit_events where action = 'reestimate'");
    expect(audit.rows.map((a) => a.subject_id)).toEqual([body.version]);
    expect(audit.rows[0].detail).toMatchObject({ confirmed: 1, rejected: 1 });

    // The nightly job: nothing new since the version above, so no new version.
    const job = () => runJobs(t.ctx, { only: ['linking-reestimate'], force: true });
    expect((await job())[0]).toMatchObject({ status: 'ran', result: { created: 0 } });
    expect(await versions()).toBe(before + 1);

    // A new decision: the job makes one version, and running it again makes none.
    const other = await suggestion(
      { givenName: 'Bartholomew', familyName: 'Quirke', dateOfBirth: '1966-11-02', phone: '07700 900888' },
      { givenName: 'Bartholomew', familyName: 'Quirke', dateOfBirth: '1966-11-02', phone: '07700 900999' },
    );
    expect((await decide(other, 'reject')).statusCode).toBe(200);
    const first = (await job())[0];
    expect(first).toMatchObject({ status: 'ran', result: { created: 1, confirmed: 1, rejected: 2 } });
    expect((await job())[0]).toMatchObject({ status: 'ran', result: { created: 0 } });
    expect(await versions()).toBe(before + 2);
    expect(linking().matcher.paramsVersion).toBe(first.result!.version);
    const items = (await t.as('admin@council.demo', { url: '/api/v1/linking/parameters' })).json().items;
    expect(items.map((i: { feedback: unknown }) => i.feedback).slice(0, 2)).toEqual([{ confirmed: 1, rejected: 2 }, { confirmed: 1, rejected: 1 }]);
  });

  it('refuses to re-estimate from too few people', async () => {
    const small = await createTestApp();
    try {
      const r = await small.as('leader@council.demo', { method: 'POST', url: '/api/v1/linking/parameters/reestimate' });
      expect(r.statusCode).toBe(409);
      expect(r.json().detail).toMatch(/Too few people/);
      expect((await runJobs(small.ctx, { only: ['linking-reestimate'], force: true }))[0]).toMatchObject({ status: 'ran', result: { created: 0 } });
    } finally {
      await small.close();
    }
  });
});
