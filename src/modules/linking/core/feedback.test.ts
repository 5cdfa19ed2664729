import { describe, expect, it } from 'vitest';
import { generatePeople } from '../../../../bench/linking/generate.js';
import { compare, FIELDS, LEVELS } from './compare.js';
import { estimateParams, type LabelledPair } from './linker.js';
import { estimate, score, type LinkParams } from './model.js';
import { prepare, type LinkRecord } from './record.js';

/** Staff decisions feed back into the parameters: semi-supervised EM with labelled pairs clamped. */
const g = generatePeople(3000, 11);
const recs = g.records;
const unlabelled = estimateParams(recs);

/** Pairs of different people agreeing on surname, date of birth and postcode (twins, by the generator's truth). */
function twins(): LabelledPair[] {
  const byKey = new Map<string, number[]>();
  recs.forEach((r, i) => {
    const k = `${r.surname}|${r.dob}|${r.postcode}`;
    byKey.set(k, [...(byKey.get(k) ?? []), i]);
  });
  const out: LabelledPair[] = [];
  for (const ids of byKey.values())
    for (let a = 0; a < ids.length; a++)
      for (let b = a + 1; b < ids.length; b++) if (g.truth[ids[a]] !== g.truth[ids[b]]) out.push({ left: recs[ids[a]], right: recs[ids[b]], match: false });
  return out;
}

/** The same person again with a new phone number (confirmed by staff although the phone disagrees). */
function changedPhones(n: number): LabelledPair[] {
  const out: LabelledPair[] = [];
  for (let i = 0; i < recs.length && out.length < n; i++) {
    const r = recs[i];
    if (r.phone) out.push({ left: r, right: { ...r, id: `${r.id}-again`, phone: `07999${String(i).padStart(6, '0')}` }, match: true });
  }
  return out;
}

const lv = new Uint8Array(FIELDS.length);
const weightOf = (p: LinkParams, pair: { left: LinkRecord; right: LinkRecord }) => {
  const a = prepare(pair.left);
  return score(p, compare(a, prepare(pair.right), lv), a, null);
};
const levelWeight = (p: LinkParams, field: (typeof FIELDS)[number], level: string) => {
  const l = LEVELS[field].indexOf(level);
  return Math.log2(p.m[field][l] / p.u[field][l]);
};

describe('semi-supervised EM (staff decisions clamp the posterior)', () => {
  it('converges with labels, records the decisions used and gets a feedback version', () => {
    const labelled = [...twins(), ...changedPhones(20)];
    const p = estimateParams(recs, { labelled });
    expect(p.iterations).toBeLessThan(100);
    expect(p.prior).toBeGreaterThan(0);
    expect(p.prior).toBeLessThan(1);
    expect(p.feedback).toEqual({ confirmed: 20, rejected: twins().length });
    expect(p.version).toMatch(/^emfb-\d{17}-\d+-c20-r\d+$/);
    expect(p.version).not.toBe(unlabelled.version);
    expect(unlabelled.feedback).toBeUndefined();
    for (const f of FIELDS.filter((x) => x !== 'idNumber')) expect(p.m[f][1], f).toBeGreaterThan(p.u[f][1]);
    // A fixed point: the same data and labels give the same answer.
    expect(estimateParams(recs, { labelled }).prior).toBeCloseTo(p.prior, 6);
  });

  it.each([
    {
      name: 'rejected twins (same surname, birth date and address, another given name)',
      labels: twins,
      direction: 'lower' as const,
      level: ['given', 'different'] as const,
    },
    {
      name: 'confirmed pairs whose phone changed',
      labels: () => changedPhones(40),
      direction: 'higher' as const,
      level: ['phone', 'different'] as const,
    },
  ])('$name make such pairs score $direction than the unlabelled estimate', ({ labels, direction, level }) => {
    const labelled = labels();
    expect(labelled.length).toBeGreaterThan(5);
    const p = estimateParams(recs, { labelled });
    const sign = direction === 'higher' ? 1 : -1;
    for (const pair of labelled) expect(sign * (weightOf(p, pair) - weightOf(unlabelled, pair))).toBeGreaterThan(0);
    // The field level the decisions disagree on moves the same way: a changed phone counts less against a
    // match once staff confirmed such pairs; a different given name counts more against once twins are rejected.
    expect(sign * (levelWeight(p, level[0], level[1]) - levelWeight(unlabelled, level[0], level[1]))).toBeGreaterThan(0);
  });

  it.each([
    ['no labels', new Map(), 'em-'],
    ['an empty label set', new Map([['1,1,1,1,1,1,1,0,0,0', { match: 0, nonMatch: 0 }]]), 'emfb-'],
  ])('estimate with %s keeps the unlabelled fit', (_n, labelled, prefix) => {
    const patterns = new Map([
      ['1,1,1,1,1,1,1,0,0,0', 50],
      ['4,4,4,2,3,3,3,0,0,0', 5000],
      ['1,4,4,2,3,3,3,0,0,0', 300],
    ]);
    const u = new Map([['4,4,4,2,3,3,3,0,0,0', 10_000]]);
    const base = estimate(patterns, u);
    const p = estimate(patterns, u, prefix === 'em-' ? {} : { labelled });
    expect(p.version.startsWith(prefix)).toBe(true);
    expect(p.prior).toBeCloseTo(base.prior, 12);
  });
});
