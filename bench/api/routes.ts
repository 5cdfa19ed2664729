/**
 * npm run bench:routes [-- --url postgresql://…/convene_bench] [--times N] [--kept] [--only PATH]
 * Every read route the web app, partners' systems and the resident portal use (but an attachment's
 * download: the area has none), sent one at a time against the area
 * `npm run bench:api` loaded (a million reports), as the officer, the team leader or the data
 * protection officer: the median and slowest of N requests each. The mixed load covers six routes;
 * this finds the others whose cost grows with the data (a read that scans what it should look up:
 * the link-suggestion queue and a person's access log both did), which the mixed load never shows.
 * Area figures (dashboard, hotspots, victims supported, the counts behind the Case Review threshold
 * lists) are counted afresh on every request here; in service they are kept for a minute. With
 * --kept they are kept as in service and each route is asked once before it is timed: what a
 * view costs once its area's figures are counted. --only PATH times the routes whose path starts with PATH.
 */
import { modules } from '../../src/modules/index.js';
import { hashSecret } from '../../src/platform/auth/tokens.js';
import { testConfig } from '../../src/platform/config.js';
import { openPostgres } from '../../src/platform/db/postgres.js';
import { buildApp } from '../../src/platform/http/app.js';
import { arg } from '../args.js';

const url = arg('url', 'postgresql://postgres@127.0.0.1:5432/convene_bench');
const times = Number(arg('times', '5'));
const kept = process.argv.includes('--kept');
const only = process.argv.includes('--only') ? arg('only', '') : null;
const SLOW_MS = 50; // DESIGN §5: p95 within 50 ms

const db = await openPostgres(url, 6);
const one = async <T>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows[0];
if (!(await one<{ n: number }>("select count(*)::int as n from api_tokens where name = 'bench'"))?.n) throw new Error('no bench area here: run npm run bench:api -- --db postgres first');

// Tokens for the other roles that read (the bench area has the officer's only).
const tokens: Record<string, string> = { officer: 'bench_officer_token_0001' };
for (const [role, email] of [['leader', 'leader@council.demo'], ['dpo', 'dpo@council.demo']]) {
  tokens[role] = `bench_${role}_routes_token`;
  await db.query("insert into api_tokens (id, user_id, name, token_hash) select gen_random_uuid(), id, 'bench-routes', $2 from users where email = $1 on conflict do nothing", [email, hashSecret(tokens[role])]);
}
const officer = (await one<{ id: string }>("select u.id from users u join api_tokens t on t.user_id = u.id and t.name = 'bench'"))!.id;
const caseId = (await one<{ id: string }>("select id from cases where lead_officer_id = $1 and status <> 'closed' order by opened_at desc limit 1", [officer]))!.id;
const victim = (await one<{ id: string }>("select person_id as id from case_people where case_id = $1 order by role = 'victim' desc limit 1", [caseId]))!.id;
const reportId = (await one<{ id: string }>('select report_id as id from case_reports where case_id = $1 limit 1', [caseId]))!.id;
const place = (await one<{ id: string; postcode: string; name: string }>(
  'select pl.id, pl.postcode, (select display_name from people order by id limit 1) as name from places pl where pl.id = (select place_id from reports where id = $1)',
  [reportId],
))!;

// Single records the area has: an assessment on the case, a safeguarding concern on one of the
// officer's cases, and a report with a resident's status code (as the portal gives one).
const assessmentId = (await one<{ id: string }>('select id from assessments where case_id = $1 limit 1', [caseId]))?.id;
const concernId = (await one<{ id: string }>('select s.id from safeguarding_concerns s join cases c on c.id = s.case_id where c.lead_officer_id = $1 limit 1', [officer]))?.id;
const meetingId = (await one<{ id: string }>('select m.id from meetings m join cases c on c.id = m.case_id where c.lead_officer_id = $1 order by m.scheduled_at desc limit 1', [officer]))?.id;
const sessionId = (await one<{ id: string }>('select id from supervision_sessions where practitioner_id = $1 order by held_on desc limit 1', [officer]))?.id;
const STATUS_CODE = 'bench-status-code-0001';
const portalReport = (await one<{ reference: string }>('update reports set status_token_hash = $2 where id = $1 returning reference', [reportId, hashSecret(STATUS_CODE)]))!.reference;

const { app, ctx } = await buildApp({ config: testConfig({ WEB_DIST: '/nonexistent', LOG_LEVEL: 'warn', INSIGHT_CACHE_SECONDS: kept ? '60' : '0' }), db, modules });
console.log('building the linking index…');
for (const m of modules) await m.ready?.(ctx);
await app.ready();

const officerReads = [
  '/auth/me', '/areas', '/agencies', '/teams', '/users', '/report-categories', '/questionnaires', '/risk-rules',
  '/tasks', '/reviews/overdue', '/victims/due?withinDays=14', '/meetings?scope=upcoming', '/link-suggestions', `/link-suggestions?reportId=${reportId}`, `/link-suggestions?personId=${victim}`,
  '/thresholds', '/thresholds?kind=places', '/cases?mine=true', '/cases', `/cases/${caseId}`, `/cases/${caseId}/chronology`,
  `/cases/${caseId}/victims`, `/cases/${caseId}/victims/${victim}`, `/cases/${caseId}/interventions`, `/cases/${caseId}/meetings`,
  `/cases/${caseId}/proportionality`, `/cases/${caseId}/outcome`, `/safeguarding-concerns?caseId=${caseId}`, `/children-decisions?status=pending&caseId=${caseId}`,
  `/risk/case-levels?caseId=${caseId}`, `/people?q=${encodeURIComponent(place.name)}`, `/people/${victim}`, `/people/${victim}/risk`,
  '/reports', '/reports?q=shouting', `/reports/${reportId}`, `/places?postcode=${encodeURIComponent(place.postcode ?? '')}`, `/places/${place.id}`,
  '/insight/dashboard', '/insight/hotspots', '/insight/approaches', '/victims/kpi', `/supervision/practitioners/${officer}/caseload`,
  `/supervision/sessions?practitionerId=${officer}`, '/sharing-agreements', '/challenges', '/linking/parameters',
  '/questionnaires/asb-victim-risk', '/questionnaires/asb-victim-risk/1', `/cases/${caseId}/proportionality/check?personId=${victim}&type=civil_injunction`,
  ...(assessmentId ? [`/assessments/${assessmentId}`] : []), ...(concernId ? [`/safeguarding-concerns/${concernId}`] : []),
  '/meetings?scope=mine', ...(meetingId ? [`/meetings/${meetingId}`] : []), ...(sessionId ? [`/supervision/sessions/${sessionId}`] : []),
  // The resident portal's reads (no account needed).
  '/public/info', `/public/reports/${portalReport}?token=${STATUS_CODE}`,
];
const reads: [string, string][] = [
  ...officerReads.map((path) => ['officer', path] as [string, string]),
  ['leader', '/supervision/team'],
  ['leader', '/reviews/overdue'],
  ['leader', '/tasks?scope=team'],
  ['dpo', '/dpo/alerts'],
  ['dpo', `/dpo/people/${victim}/access-log`],
  ['dpo', `/dpo/people/${victim}/export`],
  ['dpo', '/dpo/retention/dry-run'],
];

// Not timed here: an attachment's download (the area has none).
console.log(`${'route'.padEnd(58)} ${'as'.padEnd(8)} median ms   slowest ms   status`);
const slow: string[] = [];
for (const [role, path] of reads) {
  if (only !== null && !path.startsWith(only)) continue;
  const ms: number[] = [];
  let status = 0;
  if (kept) await app.inject({ url: `/api/v1${path}`, headers: { authorization: `Bearer ${tokens[role]}` } });
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    const res = await app.inject({ url: `/api/v1${path}`, headers: { authorization: `Bearer ${tokens[role]}` } });
    ms.push(performance.now() - t0);
    status = res.statusCode;
  }
  ms.sort((a, b) => a - b);
  const median = ms[ms.length >> 1];
  // Ids make each route's printed path differ from run to run; the route's shape is what to compare.
  const shape = path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}').replace(/(q|postcode)=[^&]+/g, '$1=…').replace(/\/public\/reports\/[^?]+\?token=.*/, '/public/reports/{reference}?token=…');
  if (median > SLOW_MS) slow.push(`${shape} (${median.toFixed(0)} ms)`);
  console.log(`${shape.slice(0, 58).padEnd(58)} ${role.padEnd(8)} ${median.toFixed(1).padStart(9)} ${ms[ms.length - 1].toFixed(1).padStart(12)}   ${status}`);
}
console.log(`\n${only === null ? reads.length : reads.filter(([, p]) => p.startsWith(only)).length} routes, ${times} requests each, one at a time${kept ? ', area figures kept' : ''}; median over ${SLOW_MS} ms: ${slow.length ? slow.join(', ') : 'none'}`);
await app.close();
await db.close();
