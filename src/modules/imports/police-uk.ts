import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Db, Queryable } from '../../platform/db/db.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { placeMatchKey } from '../places/address.js';
import { referenceSql } from '../reports/store.js';
import { newId } from '../../platform/ids.js';
import { policeUkRows, type Row } from './police-uk-rows.js';
import { policeUkRowsInThread } from './rows-thread.js';

export { HEADER, ImportError } from './police-uk-rows.js';

/** Files this big are read on a thread of their own; starting one (0.3–0.45 s) costs more than reading a smaller file. */
export const THREAD_FROM_BYTES = 4 * 1024 * 1024;

/** Batches in the database at once (a third buys nothing on two cores). */
const WRITERS = 2;

export interface ImportOptions {
  agencyId: string;
  keepOther?: boolean;
  batchSize?: number;
  onProgress?: (rows: number) => void;
  /** Checked between batches: a stop request ends the import after the batch in hand commits. */
  shouldStop?: () => boolean;
}

export interface ImportResult {
  file: string;
  rows: number;
  imported: number;
  skippedOtherCrime: number;
  alreadyImported: number;
  batches: number;
  stopped: boolean;
}

/**
 * Imports one street-level CSV. ASB rows become reports (category police_recorded) located by
 * lat/lon and LSOA; each batch's reports and its audit event are one transaction, so a stop never
 * leaves half a batch (the places it found or made are kept: they are shared and reused); a stable
 * row hash (file name, row text, occurrence) makes re-imports idempotent, so a re-run after a failed batch
 * imports what is missing and nothing twice.
 */
export async function importPoliceUk(db: Db, path: string, opts: ImportOptions): Promise<ImportResult> {
  const file = basename(path);
  const result: ImportResult = { file, rows: 0, imported: 0, skippedOtherCrime: 0, alreadyImported: 0, batches: 0, stopped: false };
  // Batches are written two at a time, each in its own transaction (its reports and one audit
  // event: a stop never leaves half a batch), while the next ones are read (a big file's on another
  // thread). A batch's places are found or made first, one batch after another, so two batches
  // never create the same place.
  const inFlight = new Set<Promise<void>>();
  let placesDone: Promise<unknown> = Promise.resolve();
  let failure: unknown;
  let handed = 0;
  const settle = async () => {
    await Promise.allSettled([...inFlight]);
    if (failure) throw failure;
  };
  const flush = async (rows: Row[]) => {
    while (inFlight.size >= WRITERS) await Promise.race(inFlight);
    if (failure) throw failure;
    const batchNo = ++handed;
    const placeIds = placesDone.then(() => db.tx((q) => places(q, rows)));
    placesDone = placeIds.catch(() => undefined);
    const write = placeIds
      .then((ids) => writeBatch(db, rows, ids, batchNo, opts, result))
      .catch((err) => {
        failure ??= err;
      })
      .finally(() => inFlight.delete(write));
    inFlight.add(write);
  };
  try {
    const read = { keepOther: opts.keepOther, batchSize: opts.batchSize ?? 2000 };
    for await (const batch of sizeOf(path) >= THREAD_FROM_BYTES ? policeUkRowsInThread(path, read) : policeUkRows(path, read)) {
      result.rows = batch.read;
      result.skippedOtherCrime = batch.skippedOtherCrime;
      if (batch.rows.length) await flush(batch.rows);
      opts.onProgress?.(result.rows);
      if (opts.shouldStop?.()) {
        await settle();
        result.stopped = true;
        return result;
      }
    }
  } catch (err) {
    // Batches already handed to the database finish (whole) before the error is reported.
    await Promise.allSettled([...inFlight]);
    throw err;
  }
  await settle();
  return result;
}

/** The file's size (0 when it cannot be read: reading it then says why). */
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

async function writeBatch(db: Db, rows: Row[], placeIds: (string | null)[], batchNo: number, opts: ImportOptions, result: ImportResult) {
  await db.tx(async (q) => {
    // One statement per batch with a column per array: the same prepared shape whatever the batch size.
    const ins = await q.query(
      `insert into reports (id, reference, received_at, channel, reporting_agency_id, category_code, description, place_id, location_text, lat, lon, lsoa_code, import_key)
       select u.id, ${referenceSql('ASB', 'report_reference_seq')}, u.received_at, 'import', $1::uuid, 'police_recorded',
              u.description, u.place_id, u.location_text, u.lat, u.lon, u.lsoa_code, u.import_key
       from unnest($2::uuid[], $3::timestamptz[], $4::text[], $5::uuid[], $6::text[], $7::float8[], $8::float8[], $9::text[], $10::text[])
            as u(id, received_at, description, place_id, location_text, lat, lon, lsoa_code, import_key)
       on conflict (import_key) do nothing`,
      [
        opts.agencyId,
        rows.map(() => newId()),
        rows.map((r) => `${r.month}-01T00:00:00Z`),
        rows.map((r) => (r.crimeType === 'Anti-social behaviour' ? `Police-recorded anti-social behaviour, ${r.location}` : `Police-recorded ${r.crimeType}, ${r.location} (context)`)),
        placeIds,
        rows.map((r) => r.location),
        rows.map((r) => r.lat),
        rows.map((r) => r.lon),
        rows.map((r) => r.lsoaCode),
        rows.map((r) => r.key),
      ],
    );
    result.imported += ins.rowCount;
    result.alreadyImported += rows.length - ins.rowCount;
    result.batches++;
    await appendAudit(q, [{ actorUserId: null, actorAgencyId: opts.agencyId, purpose: 'case_management', subjectType: 'import', subjectId: result.file, action: 'import', detail: { batch: batchNo, rows: rows.length, imported: ins.rowCount } }]);
  });
}

/** Finds or creates the places of a batch in two statements (places are keyed by rounded position or text). */
async function places(q: Queryable, rows: Row[]): Promise<(string | null)[]> {
  const keys = rows.map((r) => (r.lat !== null && r.lon !== null ? placeMatchKey({ lat: r.lat, lon: r.lon }) : r.location ? placeMatchKey({ text: `${r.location} ${r.lsoaCode ?? ''}` }) : null));
  // Each key's first row (a map, not indexOf per key: a batch can hold thousands of new places).
  const firstRow = new Map<string, Row>();
  keys.forEach((k, i) => {
    if (k && !firstRow.has(k)) firstRow.set(k, rows[i]);
  });
  const unique = [...firstRow.keys()];
  const found = await q.query<{ id: string; match_key: string }>('select id, match_key from places where match_key = any($1::text[])', [unique]);
  const byKey = new Map(found.rows.map((r) => [r.match_key, r.id]));
  const missing = unique.filter((k) => !byKey.has(k));
  if (missing.length) {
    const first = missing.map((k) => firstRow.get(k)!);
    const ids = missing.map((k) => {
      const id = newId();
      byKey.set(k, id);
      return id;
    });
    await q.query(
      `insert into places (id, line1, lat, lon, lsoa_code, lsoa_name, match_key)
       select * from unnest($1::uuid[], $2::text[], $3::float8[], $4::float8[], $5::text[], $6::text[], $7::text[])`,
      [ids, first.map((r) => r.location), first.map((r) => r.lat), first.map((r) => r.lon), first.map((r) => r.lsoaCode), first.map((r) => r.lsoaName), missing],
    );
  }
  return keys.map((k) => (k ? byKey.get(k)! : null));
}
