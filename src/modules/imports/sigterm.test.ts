/**
 * SIGTERM in the middle of `convene import police-uk`: the batch in hand commits, nothing after it
 * starts, so the database holds exactly the whole batches the audit log records; running the
 * import again completes it without duplicates. A real process, on the embedded database.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPglite } from '../../platform/db/pglite.js';
import { policeUkCsv } from './generate.js';
import { scratchDir } from '../../../test/support/scratch.js';

describe('SIGTERM mid-import', () => {
  it('leaves only whole batches, and a second run completes the file with nothing twice', async () => {
    const dir = scratchDir('convene-sigterm-');
    const env = { ...process.env, DATA_DIR: join(dir, 'data'), DATABASE_URL: '', LOG_LEVEL: 'warn' };
    expect(spawnSync(process.execPath, ['bin/convene.js', 'seed'], { env }).status).toBe(0);
    const csv = policeUkCsv(120_000, 9);
    const asb = csv.split('\n').filter((l) => l.includes(',Anti-social behaviour,')).length;
    const file = join(dir, '2026-09-riverside-street.csv');
    writeFileSync(file, csv);

    const child = spawn(process.execPath, ['bin/convene.js', 'import', 'police-uk', file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    // Wait until the progress bar shows rows going in, then stop it.
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        if (/\] [1-9]\d{3,} rows/.test(d.toString())) resolve();
      });
    });
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(out).toMatch(/stopped early/);

    const db = await openPglite(join(dir, 'data', 'pglite'), { template: false });
    const stored = (await db.query<{ n: number }>("select count(*)::int as n from reports where channel = 'import'")).rows[0].n;
    const batches = (await db.query<{ n: number; imported: number }>("select count(*)::int as n, coalesce(sum((detail->>'imported')::int), 0)::int as imported from audit_events where action = 'import'")).rows[0];
    await db.close();
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(asb);
    // Every stored report belongs to a batch the audit log says committed: no half batch.
    expect(stored).toBe(batches.imported);

    const again = spawnSync(process.execPath, ['bin/convene.js', 'import', 'police-uk', file], { env, encoding: 'utf8' });
    expect(again.status, again.stderr).toBe(0);
    const db2 = await openPglite(join(dir, 'data', 'pglite'), { template: false });
    const total = (await db2.query<{ n: number; distinct: number }>("select count(*)::int as n, count(distinct import_key)::int as distinct from reports where channel = 'import'")).rows[0];
    await db2.close();
    expect(total).toEqual({ n: asb, distinct: asb });
  }, 180_000);
});
