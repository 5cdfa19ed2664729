import { blockCap, blockingKeys, MAX_WEAK_BLOCK, type Prepared } from './record.js';

/**
 * Blocks of a bulk linkage in flat typed arrays (no map of millions of string keys): each record's
 * blocking keys are hashed, packed with the record's index into one number, and sorted, so a block is a
 * run of equal hashes. Only blocks of two or more records and within their key's size cap are kept.
 * The arrays can sit in SharedArrayBuffers, so worker threads read one copy.
 *
 * Two different keys hashing alike merge their blocks: that costs a few extra comparisons (every pair is
 * still compared field by field), never a missed pair, unless the merge pushes a block over its cap,
 * which with 2^31 hash values and blocks of at most hundreds is vanishingly rare.
 */
export interface Blocks {
  /** Records blocked (indices 0..n-1). */
  n: number;
  /** Record indices, block after block, ascending within a block. */
  members: Int32Array;
  /** Block b's members are members[start[b]..start[b+1]). */
  start: Int32Array;
  /** Record i is in blocks recBlocks[recStart[i]..recStart[i+1]). */
  recStart: Int32Array;
  recBlocks: Int32Array;
}

/** FNV-1a, 32 bits. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Bits for a record index, so the hash (with its cap class bit) and the index share one exact double (53 bits). */
export function indexBits(n: number): number {
  const bits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  if (bits > 26) throw new Error(`Too many records to block at once (${n}); at most ${2 ** 26 - 1}.`);
  return bits;
}

/**
 * Packed (hash, record) numbers for the records `recs`, which are records offset..offset+recs.length-1
 * of n: the top bit of the hash part says which size cap the key has (weak keys: MAX_WEAK_BLOCK).
 * Returns a Float64Array ready to merge with other parts' and sort.
 */
export function keyCodes(recs: Prepared[], offset: number, n: number): Float64Array {
  const bits = indexBits(n);
  const hashBits = 53 - bits - 1; // one bit for the cap class
  const shift = 2 ** bits;
  const hashMod = 2 ** Math.min(32, hashBits);
  const classBit = 2 ** hashBits;
  let out = new Float64Array(Math.max(16, recs.length * 12));
  let k = 0;
  for (let r = 0; r < recs.length; r++) {
    const i = offset + r;
    for (const key of blockingKeys(recs[r])) {
      if (k === out.length) {
        const grown = new Float64Array(out.length * 2);
        grown.set(out);
        out = grown;
      }
      const h = (hash32(key) % hashMod) + (blockCap(key) === MAX_WEAK_BLOCK ? classBit : 0);
      out[k++] = h * shift + i;
    }
  }
  return out.slice(0, k);
}

/** Allocates an Int32Array on shared memory when asked (for worker threads), else ordinary memory. */
function ints(length: number, shared: boolean): Int32Array {
  return shared ? new Int32Array(new SharedArrayBuffer(Math.max(1, length) * 4)) : new Int32Array(length);
}

/** Builds the blocks from packed key codes (all records' codes, in any order; sorted here in place). */
export function buildBlocks(codes: Float64Array, n: number, maxBlock: number, shared = false): Blocks {
  codes.sort();
  const bits = indexBits(n);
  const shift = 2 ** bits;
  const hashBits = 53 - bits - 1;
  const classBit = 2 ** hashBits;
  // Runs of equal key hash that make a block worth comparing (two or more, not over the cap).
  const eachKeptBlock = (fn: (s: number, e: number, h: number) => void) => {
    for (let s = 0; s < codes.length; ) {
      const h = Math.floor(codes[s] / shift);
      let e = s + 1;
      while (e < codes.length && Math.floor(codes[e] / shift) === h) e++;
      const cap = h >= classBit ? MAX_WEAK_BLOCK : maxBlock;
      if (e - s >= 2 && e - s <= cap) fn(s, e, h);
      s = e;
    }
  };
  // First pass: count kept blocks and their members; second: fill them.
  let blocks = 0;
  let kept = 0;
  eachKeptBlock((s, e) => {
    blocks++;
    kept += e - s;
  });
  const members = ints(kept, shared);
  const start = ints(blocks + 1, shared);
  const perRec = new Int32Array(n + 1);
  let b = 0;
  let m = 0;
  eachKeptBlock((s, e, h) => {
    start[b++] = m;
    for (let x = s; x < e; x++) {
      const i = codes[x] - h * shift;
      members[m++] = i;
      perRec[i]++;
    }
  });
  start[b] = m;
  const recStart = ints(n + 1, shared);
  for (let i = 0; i < n; i++) recStart[i + 1] = recStart[i] + perRec[i];
  const recBlocks = ints(recStart[n], shared);
  const fill = perRec; // reused as a cursor
  for (let i = 0; i < n; i++) fill[i] = recStart[i];
  for (let bb = 0; bb < blocks; bb++) for (let x = start[bb]; x < start[bb + 1]; x++) recBlocks[fill[members[x]]++] = bb;
  return { n, members, start, recStart, recBlocks };
}
