/**
 * npm run bench:round-trips [-- --url postgresql://…/convene_bench | --pglite DIR] [--requests N] [--show ROUTE [--explain]] [--cost] [--plans]
 * Counts the database round trips each benchmarked route makes (statements, including BEGIN and
 * COMMIT) and its time when sent alone, against the area `npm run bench:api` loaded. Throughput on
 * two cores is bound by round trips per request, so this is the figure a query-shape change moves.
 * --cost also runs each read statement again under EXPLAIN ANALYZE and prints what the route's reads
 * cost PostgreSQL: execution ms and buffer pages per request (pages do not vary from run to run),
 * and what planning them afresh costs (paid on every call where statements are not prepared).
 * --plans lists statements planned afresh on most calls (custom plans outnumbering the generic one;
 * on a server, of one of the pool's connections).
 * --pglite DIR measures an embedded database instead (`bench:api -- --db pglite --keep K` leaves one in K/pglite).
 */
import { modules } from '../../src/modules/index.js';
import { completeAnswers } from '../../src/modules/risk/rules/test-support.js';
import { latestQuestionnaire, loadAllQuestionnaires } from '../../src/modules/risk/rules/index.js';
import { testConfig } from '../../src/platform/config.js';
import type { Db, Queryable } from '../../src/platform/db/db.js';
import { openPglite } from '../../src/platform/db/pglite.js';
import { openPostgres } from '../../src/platform/db/postgres.js';
import { buildApp } from '../../src/platform/http/app.js';
import { arg } from '../args.js';
import { namesToUse, reportedPerson } from './mix.js';

const url = arg('url', 'postgresql://postgres@127.0.0.1:5432/convene_bench');
const perRoute = Number(arg('requests', '40'));

let count = 0;
// --show NAME prints the statements of one request of the route whose name starts with NAME, each with its time.
const show = process.argv.includes('--show') ? arg('show', '') : null;
// --explain (with --show) also prints each read statement's plan as it ran (EXPLAIN ANALYZE).
const explain = process.argv.includes('--explain');
const cost = process.argv.includes('--cost');
let readMs = 0;
let readPages = 0;
let planMs = 0;
let explainWall = 0; // the EXPLAIN re-runs' own time, left out of "ms alone"
let trace: string[] | null = null;
const READ = /^\s*(select|with)\b/i;
const WRITE = /\b(insert|update|delete)\b/i;
const counted = (q: Queryable): Queryable => ({
  query: async <T,>(sql: string, params?: unknown[]) => {
    count++;
    const t0 = performance.now();
    const out = await q.query<T>(sql, params);
    trace?.push(`${(performance.now() - t0).toFixed(2).padStart(7)} ms  ${sql.replace(/\s+/g, ' ').slice(0, 130)}`);
    if (cost && READ.test(sql) && !WRITE.test(sql)) {
      type Plan = { 'Execution Time': number; 'Planning Time': number; Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number } };
      const t0 = performance.now();
      const r = await q.query<{ 'QUERY PLAN': Plan[] }>(`explain (analyze, buffers, timing off, format json) ${sql}`, params);
      explainWall += performance.now() - t0;
      const plan = r.rows[0]['QUERY PLAN'][0];
      readMs += plan['Execution Time'];
      planMs += plan['Planning Time'];
      readPages += plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'];
    }
    if (trace && explain && READ.test(sql) && !WRITE.test(sql)) {
      const plan = await q.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sql}`, params);
      trace.push(...plan.rows.map((r) => `      ${r['QUERY PLAN']}`));
    }
    return out;
  },
  exec: (sql) => {
    count++;
    return q.exec(sql);
  },
});
function counting(db: Db): Db {
  return {
    ...db,
    kind: db.kind,
    ...counted(db),
    tx: (fn) => {
      count += 2; // BEGIN and COMMIT
      trace?.push('BEGIN … COMMIT');
      return db.tx((q) => fn(counted(q)));
    },
    close: () => db.close(),
    ping: () => db.ping(),
  };
}

const pgliteDir = process.argv.includes('--pglite') ? arg('pglite', '') : null;
const raw = pgliteDir ? await openPglite(pgliteDir, { template: false }) : await openPostgres(url, 8);
const db = counting(raw);
const token = (await raw.query("select t.token_hash from api_tokens t where t.name = 'bench' limit 1")).rowCount ? 'bench_officer_token_0001' : '';
if (!token) throw new Error('no bench area here: run npm run bench:api first');
const cases = (await raw.query<{ id: string }>('select id from cases order by random() limit 200')).rows.map((r) => r.id);
const people = (await raw.query<{ person_id: string; case_id: string }>('select person_id, case_id from case_people where case_id = any($1::uuid[]) limit 200', [cases])).rows;
const { names, onFile } = await namesToUse(raw, 200);

const { app, ctx } = await buildApp({ config: testConfig({ WEB_DIST: '/nonexistent', LOG_LEVEL: 'warn' }), db, modules });
console.log('building the linking index…');
for (const m of modules) await m.ready?.(ctx);
await app.ready();
const answers = completeAnswers(latestQuestionnaire(loadAllQuestionnaires(), 'wellbeing-vulnerability')!, {});
const pick = <T>(xs: T[], i: number) => xs[i % xs.length];

const ROUTES: { name: string; make: (i: number) => { method: 'GET' | 'POST'; url: string; payload?: unknown } }[] = [
  {
    name: 'POST /reports (intake + linking)',
    make: (i) => ({
      method: 'POST',
      url: '/api/v1/reports',
      payload: {
        receivedAt: new Date().toISOString(),
        channel: 'phone',
        category: 'noise',
        description: `Loud music and shouting again, call ${i}`,
        location: { address: { line1: `${1 + (i % 200)} Mill Lane`, postcode: 'M1 1AE' } },
        people: [{ role: 'victim', ...reportedPerson(onFile, names) }],
      },
    }),
  },
  { name: 'GET /cases/{id}', make: (i) => ({ method: 'GET', url: `/api/v1/cases/${pick(cases, i)}` }) },
  { name: 'GET /cases/{id}/chronology', make: (i) => ({ method: 'GET', url: `/api/v1/cases/${pick(cases, i)}/chronology` }) },
  { name: 'GET /people?q= (search)', make: (i) => ({ method: 'GET', url: `/api/v1/people?q=${encodeURIComponent(pick(names, i))}` }) },
  { name: 'GET /cases (my list)', make: () => ({ method: 'GET', url: '/api/v1/cases?mine=true&pageSize=20' }) },
  {
    name: 'POST /assessments',
    make: (i) => {
      const p = pick(people, i);
      return { method: 'POST', url: '/api/v1/assessments', payload: { personId: p.person_id, caseId: p.case_id, questionnaireId: 'wellbeing-vulnerability', answers } };
    },
  },
];

console.log(`route                                round trips   ms alone${cost ? '   read ms   read pages   plan ms' : ''}`);
for (const r of ROUTES) {
  let trips = 0;
  let ms = 0;
  readMs = 0;
  readPages = 0;
  planMs = 0;
  explainWall = 0;
  for (let i = 0; i < perRoute; i++) {
    // Let queued audit reads flush before counting the next request.
    await new Promise((res) => setTimeout(res, 5));
    const before = count;
    const t0 = performance.now();
    const res = await app.inject({ ...r.make(i), headers: { authorization: `Bearer ${token}` } } as never);
    ms += performance.now() - t0;
    await new Promise((res) => setTimeout(res, 5));
    trips += count - before;
    if (res.statusCode >= 400) throw new Error(`${r.name}: ${res.statusCode} ${res.body}`);
  }
  ms -= explainWall;
  const costs = cost ? ` ${(readMs / perRoute).toFixed(2).padStart(9)} ${Math.round(readPages / perRoute).toString().padStart(12)} ${(planMs / perRoute).toFixed(2).padStart(9)}` : '';
  if (show !== null && r.name.startsWith(show)) {
    trace = [];
    await app.inject({ ...r.make(perRoute), headers: { authorization: `Bearer ${token}` } } as never);
    await new Promise((res) => setTimeout(res, 250));
    for (const line of trace) console.log(`    ${line}`);
    trace = null;
  }
  console.log(`${r.name.padEnd(36)} ${(trips / perRoute).toFixed(1).padStart(11)} ${(ms / perRoute).toFixed(1).padStart(10)}${costs}`);
}
if (process.argv.includes('--plans')) {
  // Statements planned afresh on (nearly) every call: a custom plan looked cheaper than the generic one.
  const { rows } = await raw.query<{ custom_plans: number; generic_plans: number; statement: string }>(
    'select custom_plans::int, generic_plans::int, statement from pg_prepared_statements where custom_plans > generic_plans order by custom_plans desc limit 10',
  );
  for (const r of rows) console.log(`custom ${r.custom_plans} generic ${r.generic_plans}  ${r.statement.replace(/\s+/g, ' ').slice(0, 150)}`);
}
await app.close();
await raw.close();
