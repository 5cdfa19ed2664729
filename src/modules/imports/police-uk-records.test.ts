/**
 * The importer reads most lines itself and leaves quoted records to csv-parse; the rows' keys hash
 * each record's text, so the records and their text must be csv-parse's, whatever the file holds.
 */
import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../../../test/support/scratch.js';
import { HEADER, ImportError, records } from './police-uk-rows.js';

const dir = scratchDir('convene-records-', 'file');
let n = 0;
const file = (content: string) => {
  const p = join(dir, `f${++n}.csv`);
  writeFileSync(p, content);
  return p;
};

/** What csv-parse alone makes of a file: each record and its text without the line ending. */
async function byCsvParse(path: string) {
  const out = [];
  const parser = createReadStream(path).pipe(parse({ bom: true, skip_empty_lines: true, raw: true, relax_column_count: true }));
  for await (const rec of parser as AsyncIterable<{ record: string[]; raw: string }>) out.push({ record: rec.record, raw: rec.raw.replace(/\r?\n$/, '') });
  return out;
}
async function byImporter(path: string, how: 'either' | 'split' = 'either') {
  const out = [];
  for await (const { record, raw } of await records(path, how)) out.push({ record, raw });
  return out;
}

const quote = (f: string) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f);
// Fields from characters that matter to CSV, each quoted at random or where it must be (a lone \r
// may be left bare, as some files have it); an empty field quoted is "".
const field = fc.tuple(fc.string({ unit: fc.constantFrom('a', 'é', ' ', ',', '"', '\n', '\r\n', '\r', '1', '-', '.'), maxLength: 8 }), fc.boolean());
const csvFile = fc.record({
  rows: fc.array(fc.array(field, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 30 }),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  blankAfter: fc.array(fc.nat(30), { maxLength: 3 }),
  finalNewline: fc.boolean(),
});

describe('reading a street-level file', () => {
  it('gives the records and record text csv-parse gives (or refuses the file as csv-parse does), read either way, for any mix of quotes, commas, line breaks, blank lines and a BOM', async () => {
    await fc.assert(
      fc.asyncProperty(csvFile, async ({ rows, crlf, bom, blankAfter, finalNewline }) => {
        const eol = crlf ? '\r\n' : '\n';
        const lines = rows.map((r) => r.map(([f, q]) => (q || /[",\n]/.test(f) ? quote(f) : f)).join(','));
        for (const i of blankAfter.sort((a, b) => b - a)) if (i < lines.length) lines.splice(i + 1, 0, '');
        const p = file(`${bom ? '\uFEFF' : ''}${lines.join(eol)}${finalNewline ? eol : ''}`);
        // The same records, or both refuse the file.
        const outcome = (read: Promise<unknown>) => read.then((records) => ({ records }), () => 'refused');
        const expected = await outcome(byCsvParse(p));
        expect(await outcome(byImporter(p))).toEqual(expected);
        // Files with many quotes are read by csv-parse throughout: the split reading is held to it too.
        expect(await outcome(byImporter(p, 'split'))).toEqual(expected);
      }),
      { seed: 20261204, numRuns: 300 },
    );
  });

  it('reads a file whose lines end in a lone carriage return as csv-parse does', async () => {
    const p = file(`${HEADER.join(',')}\r,2026-10,R,R,-2.2,53.5,"On or near X, Y",E01,R 1,Anti-social behaviour,,\r`);
    expect(await byImporter(p)).toEqual(await byCsvParse(p));
    expect((await byImporter(p))[1].record[6]).toBe('On or near X, Y');
  });

  it('counts lines as the file has them, blank ones and those inside quotes included', async () => {
    const p = file(`a,b\n\n"x\ny",z\nc,d\n`);
    const lines = [];
    for await (const r of await records(p, 'split')) lines.push(r.line);
    expect(lines).toEqual([1, 3, 5]);
  });

  it.each(['split', 'either'] as const)('refuses a quote that is never closed, and a stray quote, naming the line (read %s way)', async (how) => {
    const open = file(`${HEADER.join(',')}\n,2026-10,"R,R\n`);
    await expect(byImporter(open, how)).rejects.toThrow(ImportError);
    await expect(byImporter(open, how)).rejects.toThrow(how === 'split' ? `${open}: line 2: a quoted field is not closed` : /line 2: Quote Not Closed/);
    const stray = file(`${HEADER.join(',')}\nab"c"d,2026-10\n`);
    await expect(byImporter(stray, how)).rejects.toThrow(ImportError);
    await expect(byImporter(stray, how)).rejects.toThrow(/line 2: Invalid Opening Quote/);
  });

  it('reads a file with quotes in a few lines (split) and one with quotes in many (csv-parse throughout) as csv-parse does', async () => {
    const plain = `${HEADER.join(',')}\n${',2026-10,R,R,-2.2,53.5,On or near X,E01,R 1,Anti-social behaviour,,\n'.repeat(20)}`;
    const few = file(plain.replace('On or near X', '"On or near X, Y"'));
    const many = file(plain.replaceAll('On or near X', '"On or near X, Y"'));
    for (const p of [few, many]) expect(await byImporter(p)).toEqual(await byCsvParse(p));
  });
});
