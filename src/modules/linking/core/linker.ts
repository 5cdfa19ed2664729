import { compare, FIELDS } from './compare.js';
import { estimate, probability, score, TermFrequencies, type Evidence, type LinkParams } from './model.js';
import { blockingKeys, prepare, type LinkRecord, type Prepared } from './record.js';

/** Blocks bigger than this are too common to say anything (a shared birth date in a big city): skipped. */
export const MAX_BLOCK = 400;

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
      if (!b || b.length > MAX_BLOCK) continue;
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

/** Candidate pairs of a dedupe: each record against later records sharing a block key. */
function blockIndex(recs: Prepared[]): Map<string, number[]> {
  const blocks = new Map<string, number[]>();
  recs.forEach((p, i) => {
    for (const k of blockingKeys(p)) {
      let b = blocks.get(k);
      if (!b) blocks.set(k, (b = []));
      b.push(i);
    }
  });
  return blocks;
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

/** Compares every blocked pair once (within one set, or left against right), keeping each pair's levels. */
export function comparePairs(left: Prepared[], right: Prepared[] | null, onProgress?: (done: number, total: number) => void): PairSet {
  const target = right ?? left;
  const blocks = blockIndex(target);
  const ps: PairSet = { left: new Int32Array(1 << 16), right: new Int32Array(1 << 16), levels: new Uint8Array((1 << 16) * FIELDS.length), count: 0 };
  const seen = new Int32Array(target.length).fill(-1);
  const lv = new Uint8Array(FIELDS.length);
  for (let i = 0; i < left.length; i++) {
    const p = left[i];
    for (const k of blockingKeys(p)) {
      const b = blocks.get(k);
      if (!b || b.length > MAX_BLOCK) continue;
      for (const j of b) {
        if ((!right && j <= i) || seen[j] === i) continue;
        seen[j] = i;
        compare(p, target[j], lv);
        pushPair(ps, i, j, lv);
      }
    }
    if (onProgress && (i & 4095) === 0) onProgress(i, left.length);
  }
  onProgress?.(left.length, left.length);
  return ps;
}

/** Comparison patterns of random pairs: the u-probabilities (almost all random pairs are non-matches). */
function randomPatterns(left: Prepared[], right: Prepared[], n: number, seed = 42): Map<string, number> {
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

function patternsOf(ps: PairSet): Map<string, number> {
  const out = new Map<string, number>();
  const F = FIELDS.length;
  for (let i = 0; i < ps.count; i++) {
    const key = ps.levels.subarray(i * F, i * F + F).join(',');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

export interface LinkResult {
  pairs: { left: string; right: string; probability: number }[];
  params: LinkParams;
  compared: number;
}

/**
 * Bulk linkage: block, compare, estimate parameters by EM from these very pairs (unsupervised),
 * score with term frequencies, and keep pairs at or above the threshold.
 */
export function linkRecords(leftRecs: LinkRecord[], rightRecs: LinkRecord[] | null, opts: { threshold: number; params?: LinkParams; onProgress?: (phase: string, done: number, total: number) => void }): LinkResult {
  const left = leftRecs.map(prepare);
  const right = rightRecs ? rightRecs.map(prepare) : null;
  const ps = comparePairs(left, right, (d, t) => opts.onProgress?.('compare', d, t));
  const params = opts.params ?? estimate(patternsOf(ps), randomPatterns(left, right ?? left, Math.min(200_000, 20 * left.length)));
  const tf = new TermFrequencies();
  for (const p of left) tf.add(p);
  if (right) for (const p of right) tf.add(p);
  const pairs: LinkResult['pairs'] = [];
  const F = FIELDS.length;
  const target = right ?? left;
  for (let i = 0; i < ps.count; i++) {
    const a = left[ps.left[i]];
    const w = score(params, ps.levels.subarray(i * F, i * F + F), a, tf);
    const prob = probability(w);
    if (prob >= opts.threshold) pairs.push({ left: a.id, right: target[ps.right[i]].id, probability: prob });
  }
  opts.onProgress?.('score', ps.count, ps.count);
  return { pairs, params, compared: ps.count };
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

/** Estimates parameters from a set of records (used at start-up for the real-time index). */
export function estimateParams(recs: LinkRecord[]): LinkParams {
  const prepared = recs.map(prepare);
  const ps = comparePairs(prepared, null);
  return estimate(patternsOf(ps), randomPatterns(prepared, prepared, Math.min(200_000, 20 * prepared.length + 1000)));
}
