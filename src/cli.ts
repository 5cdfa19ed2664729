import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from './platform/config.js';
import { openDb, migrate } from './platform/db/index.js';
import { verifyAudit } from './platform/audit/audit.js';
import { startServer, stopOnSignals } from './platform/server.js';
import { buildApp } from './platform/http/app.js';
import { modules } from './modules/index.js';
import { DEMO_LOGINS, isDemo, isSeeded, seedDemo } from './seed/demo.js';

const program = new Command();
program.name('convene').description('Convene: multi-agency ASB case management with mental health and safeguarding at the centre.');

function config() {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

export const positiveNumber = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
};

program
  .command('start')
  .description('Start the server (embedded database under ./data unless DATABASE_URL is set).')
  .option('--seed-if-empty', 'load the demo area when the database has no users yet')
  .action(async (opts: { seedIfEmpty?: boolean }) => {
    const cfg = config();
    const started = Date.now();
    const server = await startServer(
      cfg,
      modules,
      async (ctx) => {
        if (!opts.seedIfEmpty) return;
        if (!(await isSeeded(ctx.db))) {
          const t0 = Date.now();
          await seedDemo(ctx);
          console.log(`Demo area loaded in ${Date.now() - t0} ms.`);
        }
        if (await isDemo(ctx.db)) printLogins(DEMO_LOGINS);
      },
      // A new embedded database starts from the demo template built at install time.
      { demo: opts.seedIfEmpty },
    );
    stopOnSignals(server);
    server.app.log.info({ url: server.url, database: server.db.kind, ms: Date.now() - started }, 'Convene is serving');
    console.log(`Convene is serving on ${server.url} (database: ${server.db.kind}) — web app at ${server.url}/, API docs at ${server.url}/docs`);
  });

program
  .command('migrate')
  .description('Apply pending database migrations.')
  .action(async () => {
    const db = await openDb(config());
    const ran = await migrate(db);
    console.log(ran.length ? `Applied ${ran.length} migration(s): ${ran.join(', ')}` : 'Database is up to date.');
    await db.close();
  });

program
  .command('seed')
  .description('Load the demo area: agencies, users for each role, reports, cases at each risk level.')
  .action(async () => {
    const cfg = config();
    const db = await openDb(cfg);
    await migrate(db);
    if (await isSeeded(db)) {
      console.error('The database already has users; the demo area is only loaded into an empty database.');
      await db.close();
      process.exit(1);
    }
    const { app, ctx } = await buildApp({ config: cfg, db, modules });
    await seedDemo(ctx);
    printLogins(DEMO_LOGINS);
    await app.close();
    await db.close();
  });

program
  .command('prepare')
  .description('Build the embedded database template (run by npm install) so a first start is fast.')
  .action(async () => {
    const { writePgliteTemplate, openPglite, PGLITE_DEMO_TEMPLATE } = await import('./platform/db/pglite.js');
    const path = await writePgliteTemplate(migrate);
    console.log(`Embedded database template written to ${path}`);
    // The demo area, loaded once here through the same services, so a first start serves it at once.
    const db = await openPglite(null);
    await migrate(db);
    const { app, ctx } = await buildApp({ config: { ...config(), LOG_LEVEL: 'warn' }, db, modules });
    await seedDemo(ctx);
    await app.close();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(PGLITE_DEMO_TEMPLATE, await db.dumpDataDir!());
    await db.close();
    console.log(`Demo area template written to ${PGLITE_DEMO_TEMPLATE}`);
  });

/** The default threshold: the best F1 on the shared labelled sets (see bench/linking). */
const DEFAULT_THRESHOLD = 0.9;

async function bulk(run: (opts: import('./modules/linking/bulk.js').BulkOptions) => Promise<{ records: number; compared: number; pairs: number; params: string }>, o: { out: string; threshold: number; map?: string }) {
  const { CsvInputError, parseMapping } = await import('./modules/linking/bulk.js');
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar({ stream: process.stderr, format: '{phase} [{bar}] {percentage}% | {value}/{total}', hideCursor: true }, Presets.shades_classic);
  let phase = '';
  const started = Date.now();
  try {
    const r = await run({
      out: o.out,
      threshold: o.threshold,
      mapping: parseMapping(o.map),
      onProgress: (p, done, total) => {
        if (total < 20_000) return;
        if (p !== phase) {
          if (phase) bar.stop();
          phase = p;
          bar.start(total, done, { phase: p.padEnd(8) });
        } else bar.update(done);
      },
    });
    if (phase) bar.stop();
    console.error(`${r.records} records, ${r.compared} pairs compared, ${r.pairs} pairs at or above ${o.threshold} written to ${o.out} in ${((Date.now() - started) / 1000).toFixed(1)} s (parameters ${r.params})`);
  } catch (err) {
    if (phase) bar.stop();
    if (err instanceof CsvInputError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

program
  .command('dedupe')
  .description('Find records in one CSV that describe the same person; writes left_id,right_id,probability.')
  .requiredOption('--input <file>', 'CSV of person records (FEBRL column names work with no mapping)')
  .requiredOption('--out <file>', 'CSV of pairs to write')
  .option('--threshold <p>', 'lowest match probability to write', positiveNumber, DEFAULT_THRESHOLD)
  .option('--map <mapping>', 'columns as field=column,... or a JSON file (fields: id, givenName, surname, dob, houseNumber, street, town, postcode, phone, email, idNumber)')
  .action(async (o: { input: string; out: string; threshold: number; map?: string }) => {
    const { dedupeCsv } = await import('./modules/linking/bulk.js');
    await bulk((opts) => dedupeCsv(o.input, opts), o);
  });

program
  .command('link')
  .description('Find records in two CSVs that describe the same person; writes left_id,right_id,probability.')
  .requiredOption('--left <file>', 'first CSV')
  .requiredOption('--right <file>', 'second CSV')
  .requiredOption('--out <file>', 'CSV of pairs to write')
  .option('--threshold <p>', 'lowest match probability to write', positiveNumber, DEFAULT_THRESHOLD)
  .option('--map <mapping>', 'columns as field=column,... or a JSON file')
  .action(async (o: { left: string; right: string; out: string; threshold: number; map?: string }) => {
    const { linkCsv } = await import('./modules/linking/bulk.js');
    await bulk((opts) => linkCsv(o.left, o.right, opts), o);
  });

const imports = program.command('import').description('Bring in other systems\' records.');
imports
  .command('police-uk')
  .description('Import data.police.uk street-level CSVs: anti-social behaviour rows become reports (idempotent).')
  .argument('<files...>', 'YYYY-MM-force-street.csv files')
  .option('--agency <name>', 'the police agency the reports come from (default: the first police agency)')
  .option('--keep-other', 'keep other crime types as context reports instead of skipping them')
  .action(async (files: string[], o: { agency?: string; keepOther?: boolean }) => {
    const { importPoliceUk, ImportError } = await import('./modules/imports/police-uk.js');
    const { SingleBar, Presets } = await import('cli-progress');
    const db = await openDb(config());
    await migrate(db);
    const agency = await db.query<{ id: string; name: string }>("select id, name from agencies where kind = 'police' and ($1::text is null or name = $1) order by created_at limit 1", [o.agency ?? null]);
    if (!agency.rows[0]) {
      console.error(o.agency ? `No police agency called '${o.agency}'.` : 'There is no police agency yet: create one (or load the demo area) first.');
      process.exit(2);
    }
    // SIGTERM lets the batch in hand commit, then stops: no half-imported batch.
    let stop = false;
    process.once('SIGTERM', () => (stop = true));
    process.once('SIGINT', () => (stop = true));
    try {
      for (const f of files) {
        const bar = new SingleBar({ stream: process.stderr, format: `${f} [{bar}] {value} rows`, hideCursor: true, noTTYOutput: true, notTTYSchedule: 1000 }, Presets.shades_classic);
        bar.start(0, 0);
        const started = Date.now();
        const r = await importPoliceUk(db, f, { agencyId: agency.rows[0].id, keepOther: o.keepOther, onProgress: (n) => { bar.setTotal(n); bar.update(n); }, shouldStop: () => stop });
        bar.stop();
        const secs = (Date.now() - started) / 1000;
        console.log(`${f}: ${r.rows} rows, ${r.imported} reports imported, ${r.alreadyImported} already imported, ${r.skippedOtherCrime} other crime skipped, ${r.batches} batches, ${Math.round(r.rows / Math.max(secs, 0.001))} rows/s${r.stopped ? ' (stopped early)' : ''}`);
        if (r.stopped) break;
      }
    } catch (err) {
      if (err instanceof ImportError) {
        console.error(err.message);
        await db.close();
        process.exit(2);
      }
      throw err;
    }
    await db.close();
  });

const jobsCommand = program.command('jobs').description('Scheduled reminders and cadences (the server also runs them every JOBS_INTERVAL_SECONDS).');
jobsCommand
  .command('run')
  .description('Run the registered jobs once now, for cron. Safe to run twice: a slot already run is skipped and tasks are never duplicated.')
  .option('--only <names>', 'comma-separated job names (see `convene jobs list`)')
  .option('--force', 'run even if the current slot has already run')
  .action(async (o: { only?: string; force?: boolean }) => {
    const { runJobs } = await import('./platform/jobs/runner.js');
    const cfg = config();
    const db = await openDb(cfg);
    await migrate(db);
    const { app, ctx } = await buildApp({ config: cfg, db, modules });
    let failed = false;
    try {
      const outcomes = await runJobs(ctx, { only: o.only?.split(',').map((n) => n.trim()).filter(Boolean), force: o.force });
      for (const r of outcomes) {
        failed ||= r.status === 'failed';
        const what = r.status === 'ran' ? JSON.stringify(r.result ?? {}) : r.status === 'failed' ? r.error : 'already run in this slot';
        console.log(`${r.job.padEnd(28)} ${r.status.padEnd(8)} ${String(r.ms).padStart(6)} ms  ${what}`);
      }
    } catch (err) {
      console.error(err instanceof Error ? err.message : err);
      failed = true;
    }
    await app.close();
    await db.close();
    if (failed) process.exit(1);
  });
jobsCommand
  .command('list')
  .description('List the registered jobs and how often each may run.')
  .action(async () => {
    const { registeredJobs } = await import('./platform/jobs/registry.js');
    const cfg = config();
    const db = await openDb(cfg);
    const { app, ctx } = await buildApp({ config: { ...cfg, LOG_LEVEL: 'warn' }, db, modules });
    for (const j of registeredJobs(ctx)) console.log(`${j.name.padEnd(28)} every ${String(j.everyMinutes).padStart(4)} min  ${j.description}`);
    await app.close();
    await db.close();
  });

program
  .command('backup <file>')
  .description('Back up the database to FILE: pg_dump (custom format) on a PostgreSQL server, the data directory as a tarball when embedded.')
  .action(async (file: string) => {
    const { backup } = await import('./platform/db/backup.js');
    const r = await backup(config(), file);
    console.log(`Backed up the ${r.kind === 'postgres' ? 'PostgreSQL' : 'embedded'} database to ${file} (${r.bytes} bytes).`);
  });
program
  .command('restore <file>')
  .description('Restore FILE made by `convene backup` (stop Convene first). On a server in one transaction; embedded, into DATA_DIR (--force replaces what is there).')
  .option('--force', 'replace an existing embedded database')
  .action(async (file: string, o: { force?: boolean }) => {
    const { restore } = await import('./platform/db/backup.js');
    await restore(config(), file, o);
    console.log(`Restored ${file}.`);
  });

const audit = program.command('audit').description('The tamper-evident audit log.');
audit
  .command('verify')
  .description('Check every link of the audit hash chain; exits 1 if any row was edited or removed.')
  .action(async () => {
    const db = await openDb(config());
    const r = await verifyAudit(db);
    await db.close();
    if (r.ok) console.log(`Audit log intact: ${r.checked} events verified.`);
    else {
      console.error(`Audit log TAMPERED at event ${r.firstBadId}: ${r.reason}. ${r.checked} events before it verified.`);
      process.exit(1);
    }
  });

function printLogins(logins: { email: string; password: string; role: string; agency: string }[]) {
  console.log('\nDemo sign-ins (password for all: see below):');
  for (const l of logins) console.log(`  ${l.role.padEnd(12)} ${l.email.padEnd(36)} ${l.agency}`);
  console.log(`  password: ${logins[0]?.password}\n`);
}

program.parseAsync(process.argv).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
