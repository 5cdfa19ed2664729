/**
 * Property-based bad input over every JSON route in the API document, and the CSV importers.
 * For any body or query: never a 5xx, always a problem body, and a refused write leaves every
 * table exactly as it was (no partial writes). Probes for SQL injection and script injection in
 * text fields come back as inert data. Fixed seed in CI; `npm run fuzz` runs many more cases.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPoliceUk, ImportError } from '../../src/modules/imports/police-uk.js';
import { CsvInputError, readRecords } from '../../src/modules/linking/bulk.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { PROBES, bodyFor, queryFor, type Schema } from './arbitraries.js';
import { scratchDir } from '../support/scratch.js';

const RUNS = Number(process.env.CONVENE_FUZZ_RUNS ?? 12);
const SEED = Number(process.env.CONVENE_FUZZ_SEED ?? 20261125);
const officer = 'officer@council.demo';

interface Op {
  method: string;
  path: string;
  body?: Schema;
  query: Schema[];
}

let t: TestApp;
let ops: Op[];
let tables: string[];
const ids: Record<string, string> = {};

/** Row counts of every table: the fingerprint a refused write must leave unchanged. */
async function fingerprint(): Promise<Record<string, number>> {
  const sql = tables.map((n) => `select '${n}' as t, count(*)::int as n from "${n}"`).join(' union all ');
  return Object.fromEntries((await t.db.query<{ t: string; n: number }>(sql)).rows.map((r) => [r.t, r.n]));
}

/** A real id for each kind of path, so bodies reach the handlers and not only the 404. */
const ID_TABLE: Record<string, string> = { cases: 'cases', people: 'people', reports: 'reports', meetings: 'meetings', assessments: 'assessments', interventions: 'interventions', tasks: 'tasks', challenges: 'professional_challenges', 'sharing-agreements': 'sharing_agreements' };
const concrete = (path: string) => {
  const kind = path.split('/')[3];
  return path.replace(/\{[^}]+\}/g, (m) => (m === '{reference}' ? 'ASB-0000-0000' : (ids[kind] ?? '00000000-0000-4000-8000-000000000001')));
};

beforeAll(async () => {
  t = await createTestApp();
  const r = await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: { receivedAt: new Date().toISOString(), channel: 'phone', category: 'harassment', description: 'Shouting on the stairwell', people: [{ role: 'victim', givenName: 'Ada', familyName: 'Quinn', dateOfBirth: '1960-01-01' }] } });
  const c = await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Quinn', reportIds: [r.json().id], partnerAgencyIds: [t.dir.agencies.police] } });
  await t.as(officer, { method: 'POST', url: `/api/v1/cases/${c.json().id}/meetings`, payload: { kind: 'case_conference', title: 'Quinn', scheduledAt: new Date(Date.now() + 86_400_000).toISOString(), invitees: [{ agencyId: t.dir.agencies.police }] } });
  for (const [kind, table] of Object.entries(ID_TABLE)) {
    const row = (await t.db.query<{ id: string }>(`select id::text from ${table} limit 1`)).rows[0];
    if (row) ids[kind] = row.id;
  }
  const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> }; parameters?: (Schema & { in: string })[] }>>;
  };
  ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([m, op]) => ({ method: m.toUpperCase(), path, body: op.requestBody?.content?.['application/json']?.schema, query: (op.parameters ?? []).filter((p) => p.in === 'query') })),
  );
  // Left out: bookkeeping that changes behind the requests (a report's still-to-link mark is cleared a moment after it is linked).
  tables = (await t.db.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public' and tablename not in ('sessions', 'job_runs', 'reports_to_link') order by 1")).rows.map((x) => x.tablename);
});
afterAll(() => t.close());

function checkProblem(status: number, headers: Record<string, unknown>, body: string, what: string) {
  expect(status, `${what} → ${status}: ${body.slice(0, 300)}`).toBeLessThan(500);
  if (status >= 400) {
    expect(String(headers['content-type']), what).toMatch(/^application\/problem\+json/);
    const p = JSON.parse(body);
    expect(p.status, what).toBe(status);
    expect(typeof p.detail, what).toBe('string');
  }
}

describe('fuzzing every JSON route', () => {
  it('bodies: no 5xx, a problem body naming what is wrong, and no partial writes', async () => {
    const writes = ops.filter((o) => o.body && o.path !== '/api/v1/auth/login');
    expect(writes.length).toBeGreaterThan(40);
    const tally: Record<string, number> = {};
    for (const op of writes) {
      await fc.assert(
        fc.asyncProperty(bodyFor(op.body!), async (body) => {
          const before = await fingerprint();
          const res = await t.as(officer, { method: op.method as 'POST', url: concrete(op.path), payload: body as object });
          const what = `${op.method} ${op.path} ${JSON.stringify(body).slice(0, 200)}`;
          checkProblem(res.statusCode, res.headers, res.body, what);
          tally[res.statusCode] = (tally[res.statusCode] ?? 0) + 1;
          if (res.statusCode >= 400) expect(await fingerprint(), `partial write: ${what}`).toEqual(before);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
    // The generators reach past validation: some writes succeed, some are refused by the handlers.
    console.log(`fuzzed ${writes.length} write routes × ${RUNS} runs; responses by status: ${JSON.stringify(tally)}`);
    expect(Object.keys(tally).some((c) => c.startsWith('2'))).toBe(true);
    expect(Object.keys(tally).filter((c) => c.startsWith('4')).length).toBeGreaterThan(2);
  }, 600_000);

  it('queries and path parameters: no 5xx on any read', async () => {
    for (const op of ops.filter((o) => o.method === 'GET')) {
      await fc.assert(
        fc.asyncProperty(queryFor(op.query), fc.constantFrom(...PROBES, '00000000-0000-4000-8000-000000000001', 'ASB-1', '%', '..%2F..%2Fetc'), async (query, param) => {
          const url = `${op.path.replace(/\{[^}]+\}/g, encodeURIComponent(param))}?${new URLSearchParams(query)}`;
          const res = await t.as(officer, { url });
          checkProblem(res.statusCode, res.headers, res.body, `GET ${url}`);
        }),
        { numRuns: Math.max(3, Math.ceil(RUNS / 3)), seed: SEED, endOnFailure: true },
      );
    }
  }, 600_000);

  it('public routes without an account: no 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(bodyFor(ops.find((o) => o.path === '/api/v1/public/reports')!.body!), async (body) => {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/public/reports', payload: body as object, remoteAddress: `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });
        checkProblem(res.statusCode, res.headers, res.body, JSON.stringify(body).slice(0, 200));
      }),
      { numRuns: RUNS * 2, seed: SEED, endOnFailure: true },
    );
  }, 120_000);

  it('stores injection probes in every text field as inert text and returns them unchanged', async () => {
    for (const probe of PROBES) {
      const r = await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: { receivedAt: new Date().toISOString(), channel: 'phone', category: 'harassment', description: probe, people: [{ role: 'witness', givenName: probe.slice(0, 80), familyName: 'Probe' }] } });
      expect(r.statusCode, `${probe}: ${r.body}`).toBe(201);
      const back = (await t.as(officer, { url: `/api/v1/reports/${r.json().id}` })).json();
      expect(back.description).toBe(probe.trim());
      expect(r.headers['content-type']).toMatch(/^application\/json/);
    }
    // The tables an injection would have dropped or emptied are all still there.
    expect((await t.db.query('select count(*)::int as n from reports')).rows[0].n).toBeGreaterThan(PROBES.length);
    expect((await t.db.query('select count(*)::int as n from users')).rows[0].n).toBeGreaterThan(5);
  });
});

describe('fuzzing the CSV importers', () => {
  const dir = scratchDir('convene-fuzz-csv-', 'file');
  const csvText = fc.array(fc.array(fc.oneof(fc.string(), fc.constantFrom(...PROBES), fc.constant('"'), fc.constant('\r\n')), { maxLength: 14 }), { maxLength: 12 });
  let n = 0;
  const write = (content: string | Uint8Array) => {
    const p = join(dir, `f${n++}.csv`);
    writeFileSync(p, content);
    return p;
  };

  it('police.uk: any file is imported or refused with a clear error, never half-imported', async () => {
    const header = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
    await fc.assert(
      fc.asyncProperty(fc.boolean(), csvText, fc.uint8Array({ maxLength: 40 }), async (withHeader, rows, junk) => {
        const body = rows.map((r) => r.join(',')).join('\n');
        const p = write(Buffer.concat([Buffer.from(withHeader ? `${header}\n${body}` : body), Buffer.from(junk)]));
        const before = (await t.db.query<{ n: number }>("select count(*)::int as n from reports where channel = 'import'")).rows[0].n;
        try {
          const res = await importPoliceUk(t.db, p, { agencyId: t.dir.agencies.police, batchSize: 5 });
          const after = (await t.db.query<{ n: number }>("select count(*)::int as n from reports where channel = 'import'")).rows[0].n;
          expect(after - before).toBe(res.imported);
        } catch (err) {
          expect(err, String(err)).toBeInstanceOf(ImportError);
          expect((err as Error).message).toMatch(/line \d+|header|column|encoding|empty|UTF-8/i);
        }
      }),
      { numRuns: RUNS * 2, seed: SEED, endOnFailure: true },
    );
  }, 120_000);

  it('linkage CSVs: any file is read or refused with an error naming the line or column', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, async (rows) => {
        const p = write(['rec_id,given_name,surname,date_of_birth,postcode', ...rows.map((r) => r.join(','))].join('\n'));
        try {
          await readRecords(p);
        } catch (err) {
          expect(err, String(err)).toBeInstanceOf(CsvInputError);
          expect((err as Error).message).toMatch(/line \d+|column|header|encoding|UTF-8|empty/i);
        }
      }),
      { numRuns: RUNS * 2, seed: SEED, endOnFailure: true },
    );
  });
});
