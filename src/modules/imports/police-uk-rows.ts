import { createHash, hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse';

/** The exact header data.police.uk publishes for street-level files. */
export const HEADER = ['Crime ID', 'Month', 'Reported by', 'Falls within', 'Longitude', 'Latitude', 'Location', 'LSOA code', 'LSOA name', 'Crime type', 'Last outcome category', 'Context'];

export class ImportError extends Error {}

/** One row to import, with its re-import key. */
export interface Row {
  key: string;
  month: string;
  lat: number | null;
  lon: number | null;
  location: string;
  lsoaCode: string | null;
  lsoaName: string | null;
  crimeType: string;
}

/** Rows to import, and how far through the file they come (data rows read, other crime skipped). */
export interface RowBatch {
  rows: Row[];
  read: number;
  skippedOtherCrime: number;
}

/**
 * Reads a street-level file into batches of rows to import, checking it as it goes (header, columns,
 * month, position); a file that is not UTF-8 is refused before anything is read. Each row's key is a
 * hash of the file name, the row's text and which occurrence of that text it is, so importing the
 * same file again gives the same keys. The keys hash csv-parse's own record text: another parser
 * would key rows differently, and re-importing a file imported before the change would duplicate it.
 */
export async function* policeUkRows(path: string, o: { keepOther?: boolean; batchSize: number }): AsyncGenerator<RowBatch> {
  await checkUtf8(path);
  const file = basename(path);
  const seen = new Map<string, number>();
  let rows: Row[] = [];
  let line = 0;
  let read = 0;
  let skippedOtherCrime = 0;
  const parser = createReadStream(path).pipe(parse({ relax_column_count: false, bom: true, skip_empty_lines: true, raw: true }));
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      line++;
      const r = rec.record;
      if (line === 1) {
        if (r.join(',') !== HEADER.join(',')) throw new ImportError(`${path}: line 1: not a data.police.uk street-level file (expected the header ${HEADER.join(',')})`);
        continue;
      }
      read++;
      const crimeType = r[9];
      if (crimeType !== 'Anti-social behaviour' && !o.keepOther) {
        skippedOtherCrime++;
        continue;
      }
      if (!/^\d{4}-\d{2}$/.test(r[1])) throw new ImportError(`${path}: line ${line}: Month '${r[1]}' is not YYYY-MM`);
      const lon = r[4] ? Number(r[4]) : null;
      const lat = r[5] ? Number(r[5]) : null;
      if ((lon !== null && !Number.isFinite(lon)) || (lat !== null && !Number.isFinite(lat))) throw new ImportError(`${path}: line ${line}: longitude/latitude are not numbers`);
      // Identical rows are told apart by occurrence, counted by a digest of the row (its text, kept for a
      // whole file, held most of the import's memory). A digest shared by two different rows would only
      // number the second as a repeat: its key is still its own, and the same on every import.
      const raw = rec.raw.replace(/\r?\n$/, '');
      const digest = hash('sha1', raw, 'binary');
      const n = (seen.get(digest) ?? 0) + 1;
      seen.set(digest, n);
      rows.push({ key: createHash('sha256').update(`${file}\n${raw}\n${n}`).digest('hex'), month: r[1], lat, lon, location: r[6], lsoaCode: r[7] || null, lsoaName: r[8] || null, crimeType });
      if (rows.length >= o.batchSize) {
        yield { rows, read, skippedOtherCrime };
        rows = [];
      }
    }
  } catch (err) {
    if (err instanceof ImportError) throw err;
    const e = err as { lines?: number; message: string };
    throw new ImportError(`${path}: line ${e.lines ?? line}: ${e.message.replace(/^Invalid Record Length: /, 'wrong number of columns: ')}`);
  }
  yield { rows, read, skippedOtherCrime };
}

/**
 * Refuses a file that is not UTF-8 (or cannot be read) before any of it is imported, reading it a
 * chunk at a time: read whole, a file of a gigabyte sat in memory at once.
 */
async function checkUtf8(path: string): Promise<void> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode(); // a sequence cut off at the end
  } catch (err) {
    if (err instanceof TypeError) throw new ImportError(`${path}: the file is not UTF-8 text`);
    throw new ImportError(`${path}: the file cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
