import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from './platform/config.js';
import { openDb, migrate } from './platform/db/index.js';
import { verifyAudit } from './platform/audit/audit.js';
import { startServer, stopOnSignals } from './platform/server.js';
import { buildApp } from './platform/http/app.js';
import { modules } from './modules/index.js';
import { isSeeded, seedDemo } from './seed/demo.js';

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
    const server = await startServer(cfg, modules, async (ctx) => {
      if (opts.seedIfEmpty && !(await isSeeded(ctx.db))) {
        const t0 = Date.now();
        const demo = await seedDemo(ctx);
        printLogins(demo.logins);
        console.log(`Demo area loaded in ${Date.now() - t0} ms.`);
      }
    });
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
    const demo = await seedDemo(ctx);
    printLogins(demo.logins);
    await app.close();
    await db.close();
  });

program
  .command('prepare')
  .description('Build the embedded database template (run by npm install) so a first start is fast.')
  .action(async () => {
    const { writePgliteTemplate } = await import('./platform/db/pglite.js');
    const path = await writePgliteTemplate(migrate);
    console.log(`Embedded database template written to ${path}`);
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
