import { compare, FIELDS } from './compare.js';
import { estimate, probability, score, TermFrequencies, type Evidence, type LabelledPatterns, type LinkParams } from './model.js';
import { buildBlocks, keyCodes, type Blocks } from './blocking.js';
import { blockCap, blockingKeys, MAX_BLOCK, prepare, type LinkRecord, type Prepared } from './record.js';

export { MAX_BLOCK } from './record.js';

export interface Candidate {
  id: string;
  probability: number;
  weight: number;
  evidence: Evidence[];
}

/**
 * The incremental in-memory index for real-time matching: records are blocked on several keys;
 * a new record is compared only with those sharing a key, scored with the current parameters.
 */
export class PersonIndex {
  private recs: (Prepared | null)[] = [];
  private byId = new Map<string, number>();
  private blocks = new Map<string, number[]>();
  private seen = new Int32Array(1024);
  private epoch = 0;
  private levels = new Uint8Array(FIELDS.length);
  readonly tf = new TermFrequencies();

  constructor(public params: LinkParams) {}

  get size(): number {
    return this.byId.size;
  }

  add(r: LinkRecord): void {
    if (this.byId.has(r.id)) this.remove(r.id);
    const p = prepare(r);
    const n = this.recs.length;
    this.recs.push(p);
    this.byId.set(r.id, n);
    this.tf.add(p);
    for (const k of blockingKeys(p)) {
      let b = this.blocks.get(k);
      if (!b) this.blocks.set(k, (b = []));
      b.push(n);
    }
  }

  remove(id: string): void {
    const n = this.byId.get(id);
    if (n === undefined) return;
    const p = this.recs[n]!;
    this.tf.add(p, -1);
    for (const k of blockingKeys(p)) {
      const b = this.blocks.get(k);
      if (!b) continue;
      const i = b.indexOf(n);
      if (i >= 0) b.splice(i, 1);
      if (b.length === 0) this.blocks.delete(k);
    }
    this.recs[n] = null;
    this.byId.delete(id);
  }

  /** Everyone sharing a blocking key with the record, strongest first, above the threshold. */
  match(r: LinkRecord, opts: { threshold: number; limit: number }): Candidate[] {
    const p = prepare(r);
    if (this.seen.length < this.recs.length) {
      const grown = new Int32Array(Math.max(this.recs.length * 2, 1024));
      grown.set(this.seen);
      this.seen = grown;
    }
    const epoch = ++this.epoch;
    const out: Candidate[] = [];
    for (const k of blockingKeys(p)) {
      const b = this.blocks.get(k);
      if (!b || b.length > blockCap(k)) continue;
      for (const j of b) {
        if (this.seen[j] === epoch) continue;
        this.seen[j] = epoch;
        const q = this.recs[j];
        if (!q || q.id === p.id) continue;
        compare(p, q, this.levels);
        const w = score(this.params, this.levels, p, this.tf);
        const prob = probability(w);
        if (prob < opts.threshold) continue;
        const evidence: Evidence[] = [];
        score(this.params, this.levels, p, this.tf, evidence);
        out.push({ id: q.id, probability: prob, weight: Math.round(w * 100) / 100, evidence });
      }
    }
    return out.sort((a, b) => b.weight - a.weight).slice(0, opts.limit);
  }
}

export interface PairSet {
  left: Int32Array;
  right: Int32Array;
  levels: Uint8Array;
  count: number;
}

function pushPair(ps: PairSet, i: number, j: number, lv: Uint8Array) {
  if (ps.count === ps.left.length) {
    const cap = ps.count * 2;
    const l = new Int32Array(cap);
    l.set(ps.left);
    const r = new Int32Array(cap);
    r.set(ps.right);
    const v = new Uint8Array(cap * FIELDS.length);
    v.set(ps.levels);
    ps.left = l;
    ps.right = r;
    ps.levels = v;
  }
  ps.left[ps.count] = i;
  ps.right[ps.count] = j;
  ps.levels.set(lv, ps.count * FIELDS.length);
  ps.count++;
}

/** Blocks over all records: for a link, the left records come first (indices 0..nLeft-1), then the right. */
export function blockAll(recs: Prepared[], shared = false): Blocks {
  return buildBlocks(keyCodes(recs, 0, recs.length), recs.length, MAX_BLOCK, shared);
}

/**
 * Compares every blocked pair once, keeping each pair's levels: within one set (`nLeft` null: i < j),
 * or left (0..nLeft-1) against right (nLeft..). Only left records i with i % step === offset are taken
 * here, so worker threads can share the work.
 */
export function comparePairs(recs: Prepared[], nLeft: number | null, blocks: Blocks, part: { offset: number; step: number } = { offset: 0, step: 1 }, onProgress?: (done: number, total: number) => void): PairSet {
  const ps: PairSet = { left: new Int32Array(1 << 16), right: new Int32Array(1 << 16), levels: new Uint8Array((1 << 16) * FIELDS.length), count: 0 };
  const { members, start, recStart, recBlocks } = blocks;
  const seen = new Int32Array(recs.length).fill(-1);
  const lv = new Uint8Array(FIELDS.length);
  const last = nLeft ?? recs.length;
  for (let i = part.offset; i < last; i += part.step) {
    const p = recs[i];
    for (let x = recStart[i]; x < recStart[i + 1]; x++) {
      const b = recBlocks[x];
      for (let y = start[b]; y < start[b + 1]; y++) {
        const j = members[y];
        if ((nLeft === null ? j <= i : j < nLeft) || seen[j] === i) continue;
        seen[j] = i;
        compare(p, recs[j], lv);
        pushPair(ps, i, j, lv);
      }
    }
    if (onProgress && (i & 8191) === part.offset) onProgress(i, last);
  }
  onProgress?.(last, last);
  return ps;
}

/** Comparison patterns of random pairs: the u-probabilities (almost all random pairs are non-matches). */
export function randomPatterns(left: Prepared[], right: Prepared[], n: number, seed = 42): Map<string, number> {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const out = new Map<string, number>();
  const lv = new Uint8Array(FIELDS.length);
  for (let k = 0; k < n; k++) {
    const a = left[Math.floor(rnd() * left.length)];
    const b = right[Math.floor(rnd() * right.length)];
    if (a === b) continue;
    const key = compare(a, b, lv).join(',');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** How many random pairs estimate u. */
export const randomPairCount = (left: number) => Math.min(200_000, 20 * left);

/** Comparison patterns of the blocked pairs, counted (`skip` leaves some pairs out). */
export function patternsOf(ps: PairSet, skip?: (left: number, right: number) => boolean): Map<string, number> {
  // Counted by a numeric code first (levels are below 8: three bits a field), so no string per pair.
  const codes = new Map<number, number>();
  const F = FIELDS.length;
  const lv = ps.levels;
  for (let i = 0; i < ps.count; i++) {
    if (skip?.(ps.left[i], ps.right[i])) continue;
    let code = 0;
    for (let f = 0; f < F; f++) code = code * 8 + lv[i * F + f];
    codes.set(code, (codes.get(code) ?? 0) + 1);
  }
  const out = new Map<string, number>();
  const levels = new Array<number>(F);
  for (const [code, n] of codes) {
    let c = code;
    for (let f = F - 1; f >= 0; f--) {
      levels[f] = c % 8;
      c = Math.floor(c / 8);
    }
    out.set(levels.join(','), n);
  }
  return out;
}

/** Adds pattern counts into `into`. */
export function mergePatterns(into: Map<string, number>, from: Map<string, number>): Map<string, number> {
  for (const [k, n] of from) into.set(k, (into.get(k) ?? 0) + n);
  return into;
}

/** Term frequencies over every record of the linkage. */
export function termFrequencies(recs: Prepared[]): TermFrequencies {
  const tf = new TermFrequencies();
  for (const p of recs) tf.add(p);
  return tf;
}

/** The pairs scoring at or above the threshold, as indices and probabilities. */
export function scorePairs(recs: Prepared[], ps: PairSet, params: LinkParams, tf: TermFrequencies, threshold: number): { left: Int32Array; right: Int32Array; probability: Float64Array } {
  const F = FIELDS.length;
  const keep: number[] = [];
  const probs: number[] = [];
  for (let i = 0; i < ps.count; i++) {
    const a = recs[ps.left[i]];
    const prob = probability(score(params, ps.levels, a, tf, undefined, i * F));
    if (prob >= threshold) {
      keep.push(i);
      probs.push(prob);
    }
  }
  const left = new Int32Array(keep.length);
  const right = new Int32Array(keep.length);
  keep.forEach((k, x) => {
    left[x] = ps.left[k];
    right[x] = ps.right[k];
  });
  return { left, right, probability: Float64Array.from(probs) };
}

export interface LinkResult {
  pairs: { left: string; right: string; probability: number }[];
  params: LinkParams;
  compared: number;
}

/** Found pairs as ids, in a stable order (by left record, then right), whatever thread found them. */
export function pairsById(recs: { id: string }[], found: { left: Int32Array; right: Int32Array; probability: Float64Array }[]): LinkResult['pairs'] {
  const all: [number, number, number][] = [];
  for (const f of found) for (let x = 0; x < f.left.length; x++) all.push([f.left[x], f.right[x], f.probability[x]]);
  all.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return all.map(([l, r, p]) => ({ left: recs[l].id, right: recs[r].id, probability: p }));
}

/**
 * Bulk linkage: block, compare, estimate parameters by EM from these very pairs (unsupervised),
 * score with term frequencies, and keep pairs at or above the threshold. One thread; see
 * `linkRecordsParallel` (./parallel.ts) for worker threads, which gives the same pairs.
 */
export function linkRecords(leftRecs: LinkRecord[], rightRecs: LinkRecord[] | null, opts: { threshold: number; params?: LinkParams; onProgress?: (phase: string, done: number, total: number) => void }): LinkResult {
  const recs = rightRecs ? [...leftRecs, ...rightRecs].map(prepare) : leftRecs.map(prepare);
  const nLeft = rightRecs ? leftRecs.length : null;
  const blocks = blockAll(recs);
  const ps = comparePairs(recs, nLeft, blocks, undefined, (d, t) => opts.onProgress?.('compare', d, t));
  const left = nLeft === null ? recs : recs.slice(0, nLeft);
  const right = nLeft === null ? recs : recs.slice(nLeft);
  const params = opts.params ?? estimate(patternsOf(ps), randomPatterns(left, right, randomPairCount(left.length)));
  const found = scorePairs(recs, ps, params, termFrequencies(recs), opts.threshold);
  opts.onProgress?.('score', ps.count, ps.count);
  return { pairs: pairsById(recs, [found]), params, compared: ps.count };
}

/** Connected components of the pairs above the threshold: each cluster is one person. */
export function clusters(ids: string[], pairs: { left: string; right: string }[]): Map<string, string> {
  const parent = new Map<string, string>(ids.map((i) => [i, i]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let c = x;
    while (parent.get(c) !== r) {
      const n = parent.get(c)!;
      parent.set(c, r);
      c = n;
    }
    return r;
  };
  for (const p of pairs) {
    const a = find(p.left);
    const b = find(p.right);
    if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
  }
  const out = new Map<string, string>();
  for (const i of ids) out.set(i, find(i));
  return out;
}

/** A pair of records staff decided: `match` true when they confirmed the link, false when they rejected it. */
export interface LabelledPair {
  left: LinkRecord;
  right: LinkRecord;
  match: boolean;
}

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/**
 * Estimates parameters from a set of records (used at start-up for the real-time index). With
 * `labelled` pairs (staff decisions) the EM is semi-supervised: those pairs' posteriors are clamped
 * to their labels, and a labelled pair that is also a blocked pair of `recs` counts once, as labelled.
 */
export function estimateParams(recs: LinkRecord[], opts: { labelled?: LabelledPair[] } = {}): LinkParams {
  const prepared = recs.map(prepare);
  const ps = comparePairs(prepared, null, blockAll(prepared));
  let patterns: Map<string, number>;
  let labelled: LabelledPatterns | undefined;
  if (opts.labelled) {
    const decided = new Set(opts.labelled.map((l) => pairKey(l.left.id, l.right.id)));
    patterns = patternsOf(ps, (i, j) => decided.has(pairKey(prepared[i].id, prepared[j].id)));
    labelled = new Map();
    const lv = new Uint8Array(FIELDS.length);
    const seen = new Set<string>();
    for (const l of opts.labelled) {
      // One decision per pair (the latest wins upstream); a record decided against itself says nothing.
      const k = pairKey(l.left.id, l.right.id);
      if (l.left.id === l.right.id || seen.has(k)) continue;
      seen.add(k);
      const key = compare(prepare(l.left), prepare(l.right), lv).join(',');
      const c = labelled.get(key) ?? { match: 0, nonMatch: 0 };
      if (l.match) c.match++;
      else c.nonMatch++;
      labelled.set(key, c);
    }
  } else patterns = patternsOf(ps);
  return estimate(patterns, randomPatterns(prepared, prepared, Math.min(200_000, 20 * prepared.length + 1000)), { labelled });
}
