import { hash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';

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
 * same file again gives the same keys. The text is the record's as csv-parse gives it (`records`),
 * as it was when the importer read every line with csv-parse: other text would key rows differently,
 * and re-importing a file imported before would duplicate it.
 */
export async function* policeUkRows(path: string, o: { keepOther?: boolean; batchSize: number }): AsyncGenerator<RowBatch> {
  await checkUtf8(path);
  const file = basename(path);
  const seen = new Map<string, number>();
  let rows: Row[] = [];
  let first = true;
  let read = 0;
  let skippedOtherCrime = 0;
  for await (const { record: r, raw, line } of await records(path)) {
    if (first) {
      first = false;
      if (r.join(',') !== HEADER.join(',')) throw new ImportError(`${path}: line 1: not a data.police.uk street-level file (expected the header ${HEADER.join(',')})`);
      continue;
    }
    if (r.length !== HEADER.length) throw new ImportError(`${path}: line ${line}: wrong number of columns: expect ${HEADER.length}, got ${r.length}`);
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
    const digest = hash('sha1', raw, 'binary');
    const n = (seen.get(digest) ?? 0) + 1;
    seen.set(digest, n);
    rows.push({ key: hash('sha256', `${file}\n${raw}\n${n}`, 'hex'), month: r[1], lat, lon, location: r[6], lsoaCode: r[7] || null, lsoaName: r[8] || null, crimeType });
    if (rows.length >= o.batchSize) {
      yield { rows, read, skippedOtherCrime };
      rows = [];
    }
  }
  yield { rows, read, skippedOtherCrime };
}

/**
 * A record of the file: its fields, its text as csv-parse gives it (see `records`) and the line of the
 * file it starts on (for a file read by csv-parse throughout, its number among the records).
 */
interface RawRecord {
  record: string[];
  raw: string;
  line: number;
}

/**
 * The file's records, each with the text the rows' keys hash: csv-parse's `raw` less a final \n,
 * as the importer took it when csv-parse read every line, so files imported before are recognised.
 * That text keeps the \r of a \r\n line ending and starts with any blank lines skipped before it
 * (each as its \n, or its \r). A line without a quote character is split at its commas: the same
 * fields csv-parse gives it, for a fraction of the cost (csv-parse was about 60 % of reading a file);
 * a record with quotes, which may run over several lines, is parsed by csv-parse on its own. That
 * costs more than csv-parse reading on (17 µs a record against 11), so a file with quotes in more than
 * one line in eight of its first megabyte is read by csv-parse throughout, as is one with a lone
 * carriage return there. The property test in police-uk-records.test.ts holds both ways to
 * csv-parse's records on files of every shape (`how` chooses one, for the test).
 */
export async function records(path: string, how: 'either' | 'split' = 'either'): Promise<AsyncIterable<RawRecord>> {
  const head = await firstChunk(path);
  // A \r that ends the first megabyte read may have its \n in the next; one that ends the file does not.
  const whole = Buffer.byteLength(head) >= statSync(path).size;
  if (/\r(?!\n)/.test(whole ? head : head.replace(/\r$/, ''))) return parsedRecords(path);
  if (how === 'either' && quotedShare(head) > 1 / 8) return parsedRecords(path);
  return splitRecords(path, firstLineEnding(head) === '\r\n');
}

/** The share of the text's lines with a quote character in them. */
function quotedShare(text: string): number {
  let lines = 0;
  let quoted = 0;
  let q = text.indexOf('"');
  for (let from = 0; from < text.length; lines++) {
    const nl = text.indexOf('\n', from);
    const end = nl === -1 ? text.length : nl;
    if (q !== -1 && q < end) {
      quoted++;
      q = text.indexOf('"', end);
    }
    from = end + 1;
  }
  return lines ? quoted / lines : 0;
}

/** The first line break outside quotes, which csv-parse takes for all of them. */
function firstLineEnding(text: string): '\n' | '\r\n' {
  let open = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) open = !open;
    else if (c === 10 && !open) return i > 0 && text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
  }
  return '\n';
}

async function* splitRecords(path: string, crlf: boolean): AsyncGenerator<RawRecord> {
  let carry = '';
  let physical = 0;
  // A record left to csv-parse: its lines so far (with their line breaks), the line it starts on,
  // and whether a quoted field is open.
  let held = '';
  let heldLine = 0;
  let open = false;
  // csv-parse's text of a record starts with the blank lines skipped before it: each as its \n, or
  // with \r\n endings as its \r. Keys hash that text, so it is kept.
  let skipped = '';
  const take = function* (text: string): Generator<RawRecord> {
    physical++;
    // With \r\n endings (csv-parse takes the first line's), a line without its \r goes on into the next.
    const ended = !crlf || text.endsWith('\r');
    if (!held && ended && !text.includes('"')) {
      // csv-parse's record text keeps the \r of a \r\n ending (not the \n); its fields do not.
      const fields = crlf ? text.slice(0, -1) : text;
      if (!fields) skipped += crlf ? text : '\n';
      else {
        yield { record: fields.split(','), raw: skipped + text, line: physical };
        skipped = '';
      }
      return;
    }
    if (!held) heldLine = physical;
    held += text;
    if (oddQuotes(text)) open = !open;
    if (open || !ended) {
      if (held.length > MAX_HELD) throw new ImportError(`${path}: line ${heldLine}: a record runs on for over a megabyte (a quote not closed, or lines that do not end as the first one does)`);
      held += '\n';
      return;
    }
    const raw = held;
    held = '';
    yield { record: parseHeld(path, crlf ? raw.slice(0, -1) : raw, crlf, heldLine), raw: skipped + raw, line: heldLine };
    skipped = '';
  };
  let start = true;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    let text = carry + (chunk as string);
    if (start && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    start = false;
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      yield* take(text.slice(from, nl));
      from = nl + 1;
    }
    carry = text.slice(from);
  }
  // The last line, with no line break after it: its record ends with the file.
  if (carry) {
    physical++;
    if (!held) heldLine = physical;
    held += carry;
    if (oddQuotes(carry)) open = !open;
  } else if (held) held = held.slice(0, -1);
  if (open) throw new ImportError(`${path}: line ${heldLine}: a quoted field is not closed`);
  if (held) yield { record: held.includes('"') || crlf ? parseHeld(path, held, crlf, heldLine) : held.split(','), raw: skipped + held, line: heldLine };
}

/** Whether the text has an odd number of quote characters: a quoted field opens (or closes) in it and stays so. */
function oddQuotes(text: string): boolean {
  let odd = false;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) odd = !odd;
  return odd;
}

/** A record held this long has lost its closing quote (or its line endings): it is refused rather than read to the end of the file. */
const MAX_HELD = 1 << 20;

function parseHeld(path: string, text: string, crlf: boolean, line: number): string[] {
  try {
    const out = parseSync(text, { relax_column_count: true, record_delimiter: crlf ? '\r\n' : '\n' }) as string[][];
    if (out.length === 1) return out[0];
  } catch (err) {
    throw new ImportError(`${path}: line ${line}: ${(err as Error).message.replace(/ (at|on) line \d+/g, '')}`);
  }
  throw new ImportError(`${path}: line ${line}: not one record`);
}

/** csv-parse over the whole file (its own line endings). */
async function* parsedRecords(path: string): AsyncGenerator<RawRecord> {
  // Records are numbered, not lines: csv-parse's count of lines (its `info`) cost a third more.
  let line = 0;
  const parser = createReadStream(path).pipe(parse({ bom: true, skip_empty_lines: true, raw: true, relax_column_count: true }));
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      line++;
      yield { record: rec.record, raw: rec.raw.replace(/\r?\n$/, ''), line };
    }
  } catch (err) {
    const e = err as { lines?: number; message: string };
    throw new ImportError(`${path}: line ${e.lines ?? line}: ${e.message}`);
  }
}

/** The first megabyte of the file as text (enough to see its line endings). */
async function firstChunk(path: string): Promise<string> {
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) return chunk as string;
  return '';
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
