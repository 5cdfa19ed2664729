import { describe, expect, it } from 'vitest';
import { generatePeople } from '../../../../bench/linking/generate.js';
import { buildBlocks, hash32, keyCodes } from './blocking.js';
import { estimateParams, linkRecords } from './linker.js';
import type { LinkParams } from './model.js';
import { estimateParamsOffThread, linkRecordsParallel } from './parallel.js';
import { blockingKeys, dobUnordered, MAX_BLOCK, prepare } from './record.js';

const fit = (p: LinkParams) => ({ ...p, version: '', estimatedAt: '' });

describe('bulk linkage on worker threads', () => {
  const g = generatePeople(6000, 3);
  it.each([
    ['dedupe', null],
    ['link', 3000],
  ] as const)('%s gives the same pairs and parameters as one thread', async (_kind, split) => {
    const left = split ? g.records.slice(0, split) : g.records;
    const right = split ? g.records.slice(split) : null;
    const one = linkRecords(left, right, { threshold: 0.9 });
    const phases: string[] = [];
    const two = await linkRecordsParallel(left, right, { threshold: 0.9, threads: 2, minRecords: 0, onProgress: (p) => phases.push(p) });
    expect(two.threads).toBe(2);
    expect(two.compared).toBe(one.compared);
    expect(two.pairs).toEqual(one.pairs);
    expect(fit(two.params)).toEqual(fit(one.params));
    expect(new Set(phases)).toEqual(new Set(['prepare', 'compare', 'score']));
    if (split) expect(two.pairs.every((p) => left.some((l) => l.id === p.left) && right!.some((r) => r.id === p.right))).toBe(true);
  }, 60_000);

  it('estimates parameters (with staff labels) on a worker thread as on this one', async () => {
    const recs = g.records.slice(0, 3000);
    const labelled = [{ left: recs[0], right: recs[1], match: false }];
    expect(fit(await estimateParamsOffThread(recs, { labelled }))).toEqual(fit(estimateParams(recs, { labelled })));
  }, 60_000);

  it('runs small inputs on this thread', async () => {
    const r = await linkRecordsParallel(g.records.slice(0, 500), null, { threshold: 0.9 });
    expect(r.threads).toBe(1);
  });
});

describe('blocking', () => {
  it('forms each block from the records sharing a key, within the size caps', () => {
    const recs = generatePeople(3000, 5).records.map(prepare);
    const blocks = buildBlocks(keyCodes(recs, 0, recs.length), recs.length, MAX_BLOCK);
    // Every pair of records sharing a (capped-in) key shares a block.
    const byKey = new Map<string, number[]>();
    recs.forEach((p, i) => blockingKeys(p).forEach((k) => byKey.set(k, [...(byKey.get(k) ?? []), i])));
    const together = (i: number, j: number) => {
      for (let x = blocks.recStart[i]; x < blocks.recStart[i + 1]; x++) {
        const b = blocks.recBlocks[x];
        for (let y = blocks.start[b]; y < blocks.start[b + 1]; y++) if (blocks.members[y] === j) return true;
      }
      return false;
    };
    let checked = 0;
    for (const [k, ids] of byKey) {
      if (ids.length < 2 || ids.length > (k.startsWith('w') ? 10 : MAX_BLOCK)) continue;
      expect(together(ids[0], ids[ids.length - 1]), k).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });
  it.each([
    ['19710509', '19710905', true],
    ['19710509', '19710509', true],
    ['19710509', '19710510', false],
  ])('birth date %s and %s share the unordered key: %s', (a, b, same) => expect(dobUnordered(a) === dobUnordered(b)).toBe(same));
  it('hashes keys to 32 bits', () => {
    expect(hash32('')).toBe(0x811c9dc5);
    expect(hash32('a')).toBe(0xe40c292c);
  });
});
