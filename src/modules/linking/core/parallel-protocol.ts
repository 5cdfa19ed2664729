import type { Prepared } from './record.js';

/**
 * Records cross between threads as columns (one array of strings per field): the structured clone of
 * a few big arrays is quick, and it gives the receiver ordinary flat strings. (Values joined into one
 * string and split again would come back as slices of that string, which compare several times slower.)
 */
export type Columns = string[][];

/** The raw record fields sent to workers, in this order (the id stays on the main thread; the worker reads them in this order). */
export const RAW_FIELDS = ['givenName', 'surname', 'dob', 'houseNumber', 'street', 'town', 'postcode', 'phone', 'email', 'idNumber'] as const;

/** The prepared fields exchanged between threads, in this order (the id stays on the main thread). */
const PREPARED_FIELDS = ['given', 'surname', 'givenSx', 'surnameSx', 'dob', 'house', 'street', 'town', 'postcode', 'phone', 'email', 'idNumber'] as const;

/** The raw fields of records from..to-1, as columns. */
export function packRaw(recs: readonly Record<string, string | undefined>[], from: number, to: number): Columns {
  return RAW_FIELDS.map((f) => {
    const vals = new Array<string>(to - from);
    for (let i = from; i < to; i++) vals[i - from] = recs[i][f] ?? '';
    return vals;
  });
}

export function packPrepared(recs: Prepared[]): Columns {
  return PREPARED_FIELDS.map((f) => recs.map((r) => r[f]));
}

export function unpackPrepared(cols: Columns): Prepared[] {
  const n = cols[0].length;
  const out: Prepared[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = {
      id: '',
      given: cols[0][i],
      surname: cols[1][i],
      givenSx: cols[2][i],
      surnameSx: cols[3][i],
      dob: cols[4][i],
      house: cols[5][i],
      street: cols[6][i],
      town: cols[7][i],
      postcode: cols[8][i],
      phone: cols[9][i],
      email: cols[10][i],
      idNumber: cols[11][i],
    };
  }
  return out;
}

/** Messages to a worker. */
export type ToWorker =
  | { type: 'prepare'; fields: Columns; from: number; to: number; n: number }
  | { type: 'records'; n: number; parts: { from: number; packed: Columns }[] }
  | { type: 'compare'; nLeft: number | null; blocks: unknown; part: { offset: number; step: number }; random: number }
  | { type: 'score'; params: unknown; threshold: number };

/** Messages from a worker. */
export type FromWorker =
  | { type: 'prepared'; codes: Float64Array; packed: Columns }
  | { type: 'ready' }
  | { type: 'compared'; patterns: [string, number][]; random: [string, number][] | null; compared: number }
  | { type: 'scored'; left: Int32Array; right: Int32Array; probability: Float64Array }
  | { type: 'error'; message: string };
