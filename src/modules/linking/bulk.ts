import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import type { LinkResult } from './core/linker.js';
import { linkRecordsParallel } from './core/parallel.js';
import type { LinkRecord } from './core/record.js';

/** A CSV the linker cannot use: the message names the problem and the line. */
export class CsvInputError extends Error {}

export type Mapping = Partial<Record<keyof LinkRecord | 'address2', string>>;

/** FEBRL column names work with no mapping. */
export const FEBRL_MAPPING: Mapping = {
  id: 'rec_id',
  givenName: 'given_name',
  surname: 'surname',
  houseNumber: 'street_number',
  street: 'address_1',
  town: 'suburb',
  postcode: 'postcode',
  dob: 'date_of_birth',
  idNumber: 'soc_sec_id',
};

/** Reads a mapping given as `field=column,...` or as a JSON file path. */
export function parseMapping(spec: string | undefined): Mapping | undefined {
  if (!spec) return undefined;
  if (spec.trim().endsWith('.json')) return JSON.parse(readFileSync(spec, 'utf8')) as Mapping;
  return Object.fromEntries(spec.split(',').map((kv) => kv.split('=').map((s) => s.trim()))) as Mapping;
}

/** Reads person records from a CSV, checking encoding, header and row shape, with line numbers in errors. */
export async function readRecords(path: string, mapping?: Mapping): Promise<LinkRecord[]> {
  const bytes = readFileSync(path);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const text = bytes.toString('latin1');
    const bad = bytes.findIndex((b, i) => b >= 0x80 && !isUtf8At(bytes, i));
    const line = text.slice(0, Math.max(bad, 0)).split('\n').length;
    throw new CsvInputError(`${path}: line ${line}: the file is not UTF-8 text (save it as UTF-8 and try again)`);
  }
  if (bytes.length === 0) throw new CsvInputError(`${path}: the file is empty`);
  const records: LinkRecord[] = [];
  const parser = createReadStream(path).pipe(parse({ trim: true, relax_column_count: false, skip_empty_lines: true, bom: true }));
  let header: string[] | null = null;
  let cols: [keyof LinkRecord, number][] = [];
  try {
    for await (const row of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = row;
        const map = mapping ?? FEBRL_MAPPING;
        const idCol = map.id ?? 'id';
        if (!header.includes(idCol)) throw new CsvInputError(`${path}: line 1: no '${idCol}' column (columns: ${header.join(', ')}); give a mapping such as --map id=person_ref,givenName=forename`);
        cols = Object.entries(map)
          .filter(([, c]) => c && header!.includes(c))
          .map(([f, c]) => [f as keyof LinkRecord, header!.indexOf(c!)]);
        continue;
      }
      const rec: LinkRecord = { id: '' };
      for (const [f, i] of cols) if (row[i]) (rec as unknown as Record<string, string>)[f] = row[i];
      if (!rec.id) throw new CsvInputError(`${path}: line ${records.length + 2}: the id is empty`);
      records.push(rec);
    }
  } catch (err) {
    if (err instanceof CsvInputError) throw err;
    const e = err as { lines?: number; message: string };
    throw new CsvInputError(`${path}: line ${e.lines ?? '?'}: ${e.message.replace(/^Invalid Record Length: /, 'wrong number of columns: ')}`);
  }
  if (!header) throw new CsvInputError(`${path}: the file is empty`);
  return records;
}

function isUtf8At(b: Buffer, i: number): boolean {
  // A continuation byte is valid if a lead byte before it says so; good enough to find the first bad one.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(Math.max(0, i - 3), i + 4));
    return true;
  } catch {
    return false;
  }
}

export interface BulkOptions {
  out: string;
  threshold: number;
  mapping?: Mapping;
  onProgress?: (phase: string, done: number, total: number) => void;
}

function writePairs(out: string, res: LinkResult): Promise<void> {
  return new Promise((resolve, reject) => {
    const w = createWriteStream(out);
    w.on('error', reject);
    w.write('left_id,right_id,probability\n');
    for (let i = 0; i < res.pairs.length; i += 10_000) {
      w.write(stringify(res.pairs.slice(i, i + 10_000).map((p) => [p.left, p.right, p.probability.toFixed(6)])));
    }
    w.end(resolve);
  });
}

/** `convene dedupe`: pairs of records in one file that describe the same person. */
export async function dedupeCsv(input: string, opts: BulkOptions) {
  const recs = await readRecords(input, opts.mapping);
  const res = await linkRecordsParallel(recs, null, { threshold: opts.threshold, onProgress: opts.onProgress });
  await writePairs(opts.out, res);
  return { records: recs.length, compared: res.compared, pairs: res.pairs.length, params: res.params.version };
}

/** `convene link`: pairs across two files that describe the same person. */
export async function linkCsv(left: string, right: string, opts: BulkOptions) {
  const [l, r] = await Promise.all([readRecords(left, opts.mapping), readRecords(right, opts.mapping)]);
  const res = await linkRecordsParallel(l, r, { threshold: opts.threshold, onProgress: opts.onProgress });
  await writePairs(opts.out, res);
  return { records: l.length + r.length, compared: res.compared, pairs: res.pairs.length, params: res.params.version };
}
