/**
 * npm run bench:jobs [-- --reviews N] [--actions N]
 * Runs every scheduled job (reminders, reviews, victim updates, supervision) over the area that
 * `npm run bench:api -- --db postgres` loaded (a million reports), on a copy of it, twice: the first
 * run finds everything to do at once (a new installation, or jobs switched on late), the second is an
 * ordinary hourly run with nothing new. Before the runs, the copy gets N risk assessments overdue
 * for review and N case actions past their date, so those jobs have work too. Prints each job's time.
 */
import pg from 'pg';
import { modules } from '../../src/modules/index.js';
import { loadConfig } from '../../src/platform/config.js';
import { openPostgres } from '../../src/platform/db/postgres.js';
import { buildApp } from '../../src/platform/http/app.js';
import { runJobs } from '../../src/platform/jobs/runner.js';
import { arg } from '../args.js';

const reviews = Number(arg('reviews', '20000'));
const actions = Number(arg('actions', '5000'));
const serverUrl = process.env.CONVENE_BENCH_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const url = (db: string) => Object.assign(new URL(serverUrl), { pathname: `/${db}` }).toString();

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
if ((await admin.query("select 1 from pg_database where datname = 'convene_bench'")).rowCount === 0) {
  console.error('No loaded area: run `npm run bench:api -- --db postgres` first (it loads convene_bench).');
  process.exit(1);
}
await admin.query('drop database if exists convene_bench_jobs with (force)');
await admin.query('create database convene_bench_jobs template convene_bench');

const db = await openPostgres(url('convene_bench_jobs'), 6);
try {
  const t0 = performance.now();
  // Assessments of people on open cases, made five months ago and due for review two months ago.
  await db.query(
    `insert into assessments (id, person_id, case_id, questionnaire_id, questionnaire_version, lens, answers, raw_score, persistence_score, total_score, level,
       level_without_persistence, reasons, triggered_by, linked_reports, assessed_at, review_due, assessor_id, agency_id)
     select gen_random_uuid(), x.person_id, x.case_id, 'harm-to-others', 1, 'harm_posed', '{}', 0, 0, 0, 'standard', 'standard', '[]', '{}', 0,
            now() - interval '150 days', now() - interval '60 days', c.lead_officer_id, c.lead_agency_id
     from (select distinct on (cp.person_id) cp.person_id, cp.case_id from case_people cp order by cp.person_id, cp.case_id limit $1) x
     join cases c on c.id = x.case_id`,
    [reviews],
  );
  await db.query(
    `insert into case_actions (id, case_id, description, owner_user_id, owner_agency_id, due_date)
     select gen_random_uuid(), c.id, 'Visit the neighbours', c.lead_officer_id, c.lead_agency_id, current_date - 7
     from cases c where c.status <> 'closed' order by c.id limit $1`,
    [actions],
  );
  await db.query('vacuum analyze assessments');
  await db.query('vacuum analyze case_actions');
  const counts = await db.query<{ reports: number; cases: number; victims: number }>(
    "select (select count(*) from reports)::int as reports, (select count(*) from cases where status <> 'closed')::int as cases, (select count(*) from case_people where role = 'victim')::int as victims",
  );
  const c = counts.rows[0];
  console.log(`area copied; ${reviews} assessments overdue for review and ${actions} overdue case actions added in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`${c.reports} reports, ${c.cases} open cases, ${c.victims} victims on cases`);

  const config = loadConfig({ ...process.env, DATABASE_URL: url('convene_bench_jobs'), LOG_LEVEL: 'warn', JOBS_INTERVAL_SECONDS: '0' });
  const { app, ctx } = await buildApp({ config, db, modules });
  for (const m of modules) await m.ready?.(ctx);
  try {
    for (const label of ['first run (everything to do)', 'next run (nothing new)']) {
      const started = performance.now();
      const outcomes = await runJobs(ctx, { force: true });
      console.log(`\n${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      for (const o of outcomes) console.log(`  ${o.job.padEnd(24)} ${o.status.padEnd(7)} ${String(o.ms).padStart(8)} ms  ${o.status === 'failed' ? o.error : JSON.stringify(o.result ?? {})}`);
      if (outcomes.some((o) => o.status === 'failed')) process.exitCode = 1;
    }
  } finally {
    await app.close();
  }
} finally {
  await db.close();
  await admin.query('drop database if exists convene_bench_jobs with (force)');
  await admin.end();
}
