import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { policeUkCsv } from './generate.js';
import { statSync } from 'node:fs';
import { HEADER, ImportError, importPoliceUk, THREAD_FROM_BYTES } from './police-uk.js';
import { policeUkRows } from './police-uk-rows.js';
import { scratchDir } from '../../../test/support/scratch.js';

let t: TestApp;
const dir = scratchDir('convene-police-', 'file');
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const count = async (sql: string) => (await t.db.query<{ n: number }>(sql)).rows[0].n;

describe('police.uk import', () => {
  it('imports the ASB rows as located reports, idempotently, in whole batches', async () => {
    const csv = policeUkCsv(1000, 3);
    const asb = csv.split('\n').filter((l) => l.includes(',Anti-social behaviour,')).length;
    const p = file('2026-09-riverside-street.csv', csv);
    const first = await importPoliceUk(t.db, p, { agencyId: t.dir.agencies.police, batchSize: 300 });
    expect(first).toMatchObject({ rows: 1000, imported: asb, skippedOtherCrime: 1000 - asb, alreadyImported: 0 });
    const again = await importPoliceUk(t.db, p, { agencyId: t.dir.agencies.police, batchSize: 300 });
    expect(again).toMatchObject({ imported: 0, alreadyImported: asb });
    expect(await count("select count(*)::int as n from reports where channel = 'import'")).toBe(asb);
    expect(await count("select count(*)::int as n from reports where channel = 'import' and (place_id is null or lsoa_code is null)")).toBe(0);
    // Reports appear in the hotspots.
    const hot = (await t.as('leader@council.demo', { url: '/api/v1/insight/hotspots?by=lsoa&days=365' })).json();
    expect(hot.areas.length).toBeGreaterThan(0);
    // One audit event per batch.
    expect(await count("select count(*)::int as n from audit_events where action = 'import'")).toBe(first.batches + again.batches);
  });

  it('keeps other crime as context when asked, and counts identical rows separately', async () => {
    const line = ',2026-10,Riverside Police,Riverside Police,-2.2,53.5,On or near Mill Lane,E01014400,Riverside 001A,Anti-social behaviour,,';
    const p = file('2026-10-riverside-street.csv', `${HEADER.join(',')}\n${line}\n${line}\nabc,2026-10,Riverside Police,Riverside Police,-2.2,53.5,On or near Mill Lane,E01014400,Riverside 001A,Burglary,Under investigation,\n`);
    const r = await importPoliceUk(t.db, p, { agencyId: t.dir.agencies.police, keepOther: true });
    expect(r).toMatchObject({ rows: 3, imported: 3, skippedOtherCrime: 0 });
  });

  it('keys each row by the file name, its text and which occurrence of that text it is, as files imported before were keyed', async () => {
    const line = ',2026-11,Riverside Police,Riverside Police,-2.2,53.5,On or near Mill Lane,E01014400,Riverside 001A,Anti-social behaviour,,';
    const other = line.replace('Mill Lane', 'Canal Street');
    const name = '2026-11-riverside-street.csv';
    const p = file(name, `${HEADER.join(',')}\n${line}\n${other}\n${line}\n`);
    const keys = [];
    for await (const b of policeUkRows(p, { batchSize: 10 })) keys.push(...b.rows.map((r) => r.key));
    const key = (text: string, n: number) => createHash('sha256').update(`${name}\n${text}\n${n}`).digest('hex');
    expect(keys).toEqual([key(line, 1), key(other, 1), key(line, 2)]);
  });

  it.each([
    ['wrong header', 'a,b,c\n1,2,3\n', /line 1: not a data.police.uk street-level file/],
    ['ragged row', `${HEADER.join(',')}\n,2026-10,x\n`, /line 2: wrong number of columns/],
    ['bad month', `${HEADER.join(',')}\n,October,R,R,-2.2,53.5,On or near X,E01,R 1,Anti-social behaviour,,\n`, /line 2: Month 'October'/],
    ['not UTF-8', Buffer.from([0xff, 0xfe, 0x41]), /not UTF-8/],
    // Past the first megabyte read, and so past the first batches: still refused before any is written.
    ['not UTF-8 near the end', Buffer.concat([Buffer.from(policeUkCsv(12_000, 13, '2026-05')), Buffer.from([0xff, 0x0a])]), /not UTF-8/],
    ['a character cut off at the end', Buffer.concat([Buffer.from(`${HEADER.join(',')}\n`), Buffer.from([0xc3])]), /not UTF-8/],
  ])('refuses %s with the line number and writes nothing', async (name, content, msg) => {
    const before = await count('select count(*)::int as n from reports');
    await expect(importPoliceUk(t.db, file(`${name}.csv`, content), { agencyId: t.dir.agencies.police })).rejects.toThrow(ImportError);
    await expect(importPoliceUk(t.db, file(`${name}.csv`, content), { agencyId: t.dir.agencies.police })).rejects.toThrow(msg);
    expect(await count('select count(*)::int as n from reports')).toBe(before);
  });

  it('refuses a file that is not there, saying so', async () => {
    const missing = join(dir, 'no-such-file.csv');
    await expect(importPoliceUk(t.db, missing, { agencyId: t.dir.agencies.police })).rejects.toThrow(new ImportError(`${missing}: the file cannot be read (ENOENT)`));
  });

  it('takes a character split between two reads of the file as the one character it is', async () => {
    const head = Buffer.from(`${HEADER.join(',')}\n`);
    const before = ',2026-04,Riverside Police,Riverside Police,-2.2,53.5,On or near ';
    const after = ' Street,E01014400,Riverside 001A,Anti-social behaviour,,\n';
    // The é's first byte is the last of the first megabyte read, its second the first of the next.
    const pad = 'x'.repeat((1 << 20) - 1 - head.length - before.length);
    const p = file('2026-04-riverside-street.csv', Buffer.concat([head, Buffer.from(`${before}${pad}é${after}`)]));
    const r = await importPoliceUk(t.db, p, { agencyId: t.dir.agencies.police });
    expect(r).toMatchObject({ rows: 1, imported: 1 });
    expect(await count(`select count(*)::int as n from reports where location_text = 'On or near ${pad}é Street'`)).toBe(1);
  });

  it('reads a big file on a thread of its own: its rows go in, and a bad row is reported with its line number', async () => {
    const csv = policeUkCsv(40_000, 11, '2026-07');
    const asb = csv.split('\n').filter((l) => l.includes(',Anti-social behaviour,')).length;
    const good = file('2026-07-riverside-street.csv', csv);
    expect(statSync(good).size).toBeGreaterThanOrEqual(THREAD_FROM_BYTES);
    const r = await importPoliceUk(t.db, good, { agencyId: t.dir.agencies.police, batchSize: 5000 });
    expect(r).toMatchObject({ rows: 40_000, imported: asb, skippedOtherCrime: 40_000 - asb });
    expect(await count("select count(*)::int as n from reports where received_at = '2026-07-01T00:00:00Z'")).toBe(asb);

    const bad = file('2026-06-riverside-street.csv', `${policeUkCsv(40_000, 12, '2026-06')},June,R,R,-2.2,53.5,On or near X,E01,R 1,Anti-social behaviour,,\n`);
    const err = await importPoliceUk(t.db, bad, { agencyId: t.dir.agencies.police, batchSize: 5000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as Error).message).toBe(`${bad}: line 40002: Month 'June' is not YYYY-MM`);
  });

  it('stops between batches when asked, leaving only whole batches', async () => {
    const p = file('2026-08-riverside-street.csv', policeUkCsv(3000, 9, '2026-08'));
    let calls = 0;
    const r = await importPoliceUk(t.db, p, { agencyId: t.dir.agencies.police, batchSize: 200, shouldStop: () => ++calls >= 2 });
    expect(r.stopped).toBe(true);
    expect(r.batches).toBe(2);
    expect(await count("select count(*)::int as n from reports where received_at = '2026-08-01T00:00:00Z'")).toBe(400);
  });
});
