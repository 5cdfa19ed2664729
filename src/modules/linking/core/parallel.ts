import { availableParallelism } from 'node:os';
import type { TransferListItem, Worker } from 'node:worker_threads';
import { startThread } from '../../../platform/threads/threads.js';
import { buildBlocks, keyCodes } from './blocking.js';
import { comparePairs, linkRecords, mergePatterns, pairsById, patternsOf, randomPairCount, scorePairs, termFrequencies, type LabelledPair, type LinkResult } from './linker.js';
import { estimate, type LinkParams } from './model.js';
import { packPrepared, packRaw, unpackPrepared, type FromWorker, type ToWorker } from './parallel-protocol.js';
import { MAX_BLOCK, prepare, type LinkRecord, type Prepared } from './record.js';

/** Below this many records the threads cost more to start than they save: one thread does it all. */
export const PARALLEL_MIN_RECORDS = 20_000;

/** One worker thread with a promise per reply. */
class LinkWorker {
  private readonly worker: Worker;
  private waiting: { resolve: (m: FromWorker) => void; reject: (e: Error) => void } | null = null;
  private failed: Error | null = null;

  constructor() {
    this.worker = startThread(new URL('./parallel-worker.ts', import.meta.url));
    this.worker.on('message', (m: FromWorker) => {
      const w = this.waiting;
      this.waiting = null;
      if (!w) return;
      if (m.type === 'error') w.reject(new Error(`linkage worker failed: ${m.message}`));
      else w.resolve(m);
    });
    const fail = (err: Error) => {
      this.failed = err;
      this.waiting?.reject(err);
      this.waiting = null;
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`linkage worker exited with code ${code}`));
    });
  }

  /** Sends a message and waits for the worker's answer. */
  ask<T extends FromWorker['type']>(msg: ToWorker, expect: T, transfer: TransferListItem[] = []): Promise<Extract<FromWorker, { type: T }>> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.waiting = {
        resolve: (m) => (m.type === expect ? resolve(m as Extract<FromWorker, { type: T }>) : reject(new Error(`linkage worker answered ${m.type}, expected ${expect}`))),
        reject,
      };
      this.worker.postMessage(msg, transfer);
    });
  }

  terminate() {
    return this.worker.terminate();
  }
}

export interface ParallelOptions {
  threshold: number;
  params?: LinkParams;
  /** Threads taking part, this one included (default: the cores available). 1 runs on this thread alone. */
  threads?: number;
  /** Fewer records than this run on this thread (default PARALLEL_MIN_RECORDS). */
  minRecords?: number;
  onProgress?: (phase: string, done: number, total: number) => void;
}

/**
 * Bulk linkage on several threads (this one and `threads - 1` workers), giving the same pairs and
 * parameters as `linkRecords`:
 * 1. each thread prepares a slice of the records and hashes their blocking keys; the prepared slices
 *    are exchanged, so every thread holds every prepared record;
 * 2. this thread sorts the key codes into blocks (in shared memory, one copy for all);
 * 3. each thread compares the blocked pairs of every T-th record, counting comparison patterns
 *    (the first worker also samples random pairs for u);
 * 4. this thread estimates the parameters by EM from all the patterns;
 * 5. each thread scores its pairs and keeps those at or above the threshold.
 */
export async function linkRecordsParallel(leftRecs: LinkRecord[], rightRecs: LinkRecord[] | null, opts: ParallelOptions): Promise<LinkResult & { threads: number }> {
  const n = leftRecs.length + (rightRecs?.length ?? 0);
  const T = Math.min(opts.threads ?? availableParallelism(), Math.max(1, Math.floor(n / 1000)));
  if (T < 2 || n < (opts.minRecords ?? PARALLEL_MIN_RECORDS)) return { ...linkRecords(leftRecs, rightRecs, opts), threads: 1 };
  const all = rightRecs ? [...leftRecs, ...rightRecs] : leftRecs;
  const nLeft = rightRecs ? leftRecs.length : null;
  const progress = opts.onProgress ?? (() => {});
  // Workers start loading at once (they take a moment to boot), while this thread packs their slices.
  const workers = Array.from({ length: T - 1 }, () => new LinkWorker());
  try {
    // 1. Prepare and hash, a contiguous slice each: slice 0 here, slice w+1 on worker w.
    const bounds = Array.from({ length: T + 1 }, (_, t) => Math.round((t * n) / T));
    progress('prepare', 0, n);
    const asked = workers.map((wk, w) => wk.ask({ type: 'prepare', fields: packRaw(all as never, bounds[w + 1], bounds[w + 2]), from: bounds[w + 1], to: bounds[w + 2], n }, 'prepared'));
    const recs: Prepared[] = new Array(n);
    for (let i = 0; i < bounds[1]; i++) recs[i] = prepare(all[i]);
    const ownCodes = keyCodes(recs.slice(0, bounds[1]), 0, n);
    const prepared = await Promise.all(asked);
    progress('prepare', n, n);
    // Every thread needs every prepared record: workers unpack the others' slices while this one blocks.
    const parts = [{ from: 0, packed: packPrepared(recs.slice(0, bounds[1])) }, ...prepared.map((p, w) => ({ from: bounds[w + 1], packed: p.packed }))];
    const ready = Promise.all(workers.map((wk, w) => wk.ask({ type: 'records', n, parts: parts.filter((_, x) => x !== w + 1) }, 'ready')));
    prepared.forEach((p, w) => {
      const slice = unpackPrepared(p.packed);
      for (let r = 0; r < slice.length; r++) recs[bounds[w + 1] + r] = slice[r];
    });
    for (let i = 0; i < n; i++) recs[i].id = all[i].id;
    // 2. Blocks from every slice's key codes.
    const codes = new Float64Array(ownCodes.length + prepared.reduce((s, p) => s + p.codes.length, 0));
    codes.set(ownCodes);
    let at = ownCodes.length;
    for (const p of prepared) {
      codes.set(p.codes, at);
      at += p.codes.length;
    }
    prepared.length = 0;
    const blocks = buildBlocks(codes, n, MAX_BLOCK, true);
    await ready;
    // 3. Compare, every T-th left record each (this thread takes offset 0, after posting the workers theirs).
    progress('compare', 0, n);
    // The first worker also samples the random pairs (for u), while this thread counts term frequencies.
    const random = opts.params ? 0 : randomPairCount(nLeft ?? n);
    const compared = workers.map((wk, w) => wk.ask({ type: 'compare', nLeft, blocks, part: { offset: w + 1, step: T }, random: w === 0 ? random : 0 }, 'compared'));
    const ps = comparePairs(recs, nLeft, blocks, { offset: 0, step: T });
    const patterns = patternsOf(ps);
    const tf = termFrequencies(recs);
    const others = await Promise.all(compared);
    progress('compare', n, n);
    // 4. EM over all the patterns.
    for (const c of others) mergePatterns(patterns, new Map(c.patterns));
    const params = opts.params ?? estimate(patterns, new Map(others[0].random ?? []));
    const count = ps.count + others.reduce((s, c) => s + c.compared, 0);
    // 5. Score.
    const found = workers.map((wk) => wk.ask({ type: 'score', params: params, threshold: opts.threshold }, 'scored'));
    const own = scorePairs(recs, ps, params, tf, opts.threshold);
    const all2 = [own, ...(await Promise.all(found))];
    progress('score', count, count);
    return { pairs: pairsById(all, all2), params, compared: count, threads: T };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * `estimateParams` on a worker thread, for callers that must keep their event loop free (the API server
 * re-estimating from its people and staff decisions). Same result as calling it here.
 */
export function estimateParamsOffThread(records: LinkRecord[], opts: { labelled?: LabelledPair[] } = {}): Promise<LinkParams> {
  return new Promise((resolve, reject) => {
    const worker = startThread(new URL('./estimate-worker.ts', import.meta.url), { records, labelled: opts.labelled });
    let settled = false;
    worker.once('message', (m: { params?: LinkParams; error?: string }) => {
      settled = true;
      if (m.params) resolve(m.params);
      else reject(new Error(`parameter estimate failed: ${m.error}`));
      void worker.terminate();
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`parameter estimate worker exited with code ${code}`));
    });
  });
}
