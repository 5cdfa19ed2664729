import { FIELDS, LEVELS, TF_FIELDS, type Field } from './compare.js';
import type { Prepared } from './record.js';

/**
 * Fellegi–Sunter parameters: for each field and agreement level, m = P(level | same person) and
 * u = P(level | different people); `prior` = P(same person) among compared pairs. Level 0 (missing)
 * carries no weight. Estimated from the data (EM), stored with a version.
 */
export interface LinkParams {
  version: string;
  estimatedAt: string;
  prior: number;
  m: Record<Field, number[]>;
  u: Record<Field, number[]>;
  iterations: number;
  pairs: number;
  /**
   * Staff decisions the estimate learnt from (semi-supervised EM): how many confirmed links and
   * rejected ones; absent when the parameters were estimated from the data alone.
   */
  feedback?: { confirmed: number; rejected: number; decidedThrough?: string | null };
}

/** Comparison patterns of pairs staff decided, counted by label: `match` confirmed, `nonMatch` rejected. */
export type LabelledPatterns = Map<string, { match: number; nonMatch: number }>;

// The fields counted, listed once rather than on every add (it runs for every record the index holds).
const TF_ENTRIES = Object.entries(TF_FIELDS) as [string, keyof Prepared][];

/** Term frequencies: how common each value is, so agreeing on "smith" counts less than on "featherstonehaugh". */
export class TermFrequencies {
  private counts = new Map<string, Map<string, number>>(TF_ENTRIES.map(([field]) => [field, new Map<string, number>()]));
  total = 0;

  add(p: Prepared, sign = 1) {
    this.total += sign;
    for (const [field, key] of TF_ENTRIES) {
      const v = p[key];
      if (!v) continue;
      const m = this.counts.get(field)!;
      m.set(v, (m.get(v) ?? 0) + sign);
    }
  }

  /** Share of records with this value (at least one record's worth). */
  freq(field: string, value: string): number {
    const n = this.counts.get(field)?.get(value) ?? 0;
    return Math.max(n, 1) / Math.max(this.total, 1);
  }
}

export interface Evidence {
  field: Field;
  level: string;
  weight: number;
}

const log2 = Math.log2;
export const TF_MIN_RECORDS = 1000;

/**
 * Match weight (log2 odds) of a comparison vector and its evidence. For exact agreement on a
 * frequency-tracked field the u-probability is the value's own frequency.
 */
export function score(params: LinkParams, levels: Uint8Array, a: Prepared, tf: TermFrequencies | null, evidence?: Evidence[], offset = 0): number {
  let w = log2(params.prior / (1 - params.prior));
  for (let f = 0; f < FIELDS.length; f++) {
    const lv = levels[offset + f];
    if (lv === 0) continue;
    const field = FIELDS[f];
    const m = params.m[field][lv];
    let u = params.u[field][lv];
    // Term frequencies only once there are enough records for a value's share to mean something.
    const tfKey = lv === 1 && tf && tf.total >= TF_MIN_RECORDS ? TF_FIELDS[field] : undefined;
    if (tfKey) u = Math.min(Math.max(tf!.freq(field, a[tfKey] as string), 1e-7), 0.5);
    const fw = log2(m / u);
    w += fw;
    if (evidence) evidence.push({ field, level: LEVELS[field][lv], weight: Math.round(fw * 100) / 100 });
  }
  return w;
}

export const probability = (w: number) => 1 / (1 + 2 ** -w);

/** Starting values: agreement far likelier among matches; EM moves them to what the data says. */
export function initialParams(): LinkParams {
  const m = {} as Record<Field, number[]>;
  const u = {} as Record<Field, number[]>;
  for (const f of FIELDS) {
    const n = LEVELS[f].length;
    const mm = [0, 0.85];
    const uu = [0, 0.02];
    for (let l = 2; l < n - 1; l++) {
      mm.push(0.1 / (n - 3));
      uu.push(0.05 / (n - 3));
    }
    mm.push(0.05);
    uu.push(0.93);
    m[f] = mm;
    u[f] = uu;
  }
  return { version: 'initial', estimatedAt: new Date(0).toISOString(), prior: 0.1, m, u, iterations: 0, pairs: 0 };
}

/**
 * Expectation–maximisation over comparison patterns (identical vectors are counted once, so
 * millions of pairs cost only as many distinct patterns). u is estimated from random pairs and
 * held fixed, as is usual: random pairs are almost all non-matches.
 *
 * With `labelled` (pairs staff confirmed or rejected) the EM is semi-supervised: a labelled pair's
 * posterior is clamped to its label (confirmed 1, rejected 0) in every E-step, so decisions pull m,
 * u and the prior towards what staff saw, while unlabelled pairs are estimated as before.
 */
export function estimate(
  patterns: Map<string, number>,
  uPatterns: Map<string, number>,
  opts: { maxIterations?: number; tolerance?: number; labelled?: LabelledPatterns } = {},
): LinkParams {
  const p = initialParams();
  // A labelled pattern's posterior is clamped (semi-supervised EM): `fixed` is its known match mass.
  // In key order, so the sums (and so the estimate) do not depend on which thread saw which pattern first.
  const decoded: { lv: number[]; n: number; fixed: number | null }[] = [...patterns]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, n]) => ({ lv: k.split(',').map(Number), n, fixed: null }));
  let confirmed = 0;
  let rejected = 0;
  for (const [k, c] of opts.labelled ?? []) {
    const n = c.match + c.nonMatch;
    if (n <= 0) continue;
    decoded.push({ lv: k.split(',').map(Number), n, fixed: c.match });
    confirmed += c.match;
    rejected += c.nonMatch;
  }
  const total = decoded.reduce((s, d) => s + d.n, 0);
  // u from random pairs, with add-one smoothing so no level has zero probability.
  for (let f = 0; f < FIELDS.length; f++) {
    const field = FIELDS[f];
    const counts = new Array(LEVELS[field].length).fill(1);
    counts[0] = 0;
    for (const [k, n] of uPatterns) {
      const lv = Number(k.split(',')[f]);
      if (lv > 0) counts[lv] += n;
    }
    const sum = counts.reduce((a, b) => a + b, 0);
    p.u[field] = counts.map((c) => c / sum);
  }
  const uRandom = FIELDS.map((f) => [...p.u[f]]);
  const maxIt = opts.maxIterations ?? 100;
  const tol = opts.tolerance ?? 1e-6;
  let it = 0;
  for (; it < maxIt; it++) {
    const mCounts = FIELDS.map((f) => new Array(LEVELS[f].length).fill(0.01));
    const uCounts = FIELDS.map((f) => new Array(LEVELS[f].length).fill(0.01));
    let matchMass = 0;
    for (const d of decoded) {
      if (d.fixed !== null) {
        // Staff decided these pairs: the E-step takes their label, not the model's guess.
        matchMass += d.fixed;
        for (let f = 0; f < FIELDS.length; f++)
          if (d.lv[f] > 0) {
            mCounts[f][d.lv[f]] += d.fixed;
            uCounts[f][d.lv[f]] += d.n - d.fixed;
          }
        continue;
      }
      let lm = Math.log(p.prior);
      let lu = Math.log(1 - p.prior);
      for (let f = 0; f < FIELDS.length; f++) {
        const lv = d.lv[f];
        if (lv === 0) continue;
        lm += Math.log(p.m[FIELDS[f]][lv]);
        lu += Math.log(p.u[FIELDS[f]][lv]);
      }
      const g = 1 / (1 + Math.exp(lu - lm));
      const wgt = g * d.n;
      matchMass += wgt;
      for (let f = 0; f < FIELDS.length; f++)
        if (d.lv[f] > 0) {
          mCounts[f][d.lv[f]] += wgt;
          uCounts[f][d.lv[f]] += d.n - wgt;
        }
    }
    let change = 0;
    const prior = Math.min(Math.max(matchMass / total, 1e-6), 0.999);
    change = Math.max(change, Math.abs(prior - p.prior));
    p.prior = prior;
    for (let f = 0; f < FIELDS.length; f++) {
      const c = mCounts[f];
      c[0] = 0;
      const sum = c.reduce((a: number, b: number) => a + b, 0);
      const next = c.map((x: number) => x / sum);
      for (let l = 1; l < next.length; l++) change = Math.max(change, Math.abs(next[l] - p.m[FIELDS[f]][l]));
      p.m[FIELDS[f]] = next;
      // u is re-estimated from the blocked non-matches (they share a block key, so they are not random),
      // anchored by the random-pair estimate so a field never blocked on keeps its population value.
      const uc = uCounts[f];
      uc[0] = 0;
      const usum = uc.reduce((a: number, b: number) => a + b, 0);
      p.u[FIELDS[f]] = uc.map((x: number, l: number) => (l === 0 ? 0 : 0.5 * (x / usum) + 0.5 * uRandom[f][l]));
    }
    if (change < tol) break;
  }
  p.iterations = it + 1;
  p.pairs = total;
  p.estimatedAt = new Date().toISOString();
  if (opts.labelled) {
    // Semi-supervised estimates carry the decisions they used, and a version that says so (to the millisecond,
    // so two re-estimates in one second do not collide).
    p.feedback = { confirmed, rejected };
    p.version = `emfb-${p.estimatedAt.slice(0, 23).replace(/[-:T.]/g, '')}-${total}-c${confirmed}-r${rejected}`;
  } else p.version = `em-${p.estimatedAt.slice(0, 19).replace(/[-:T]/g, '')}-${total}`;
  return p;
}
