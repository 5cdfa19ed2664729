/**
 * npm run bench:linking [-- --only accuracy|throughput|latency] [--sizes 100000,1000000] [--latency-size 1000000]
 * Prints: accuracy (precision, recall, F1) on the shared FEBRL sets, unsupervised; dedupe throughput
 * on generated UK people; real-time match latency against an index of N people.
 */
import { readRecords } from '../../src/modules/linking/bulk.js';
import { estimateParams, linkRecords, PersonIndex } from '../../src/modules/linking/core/linker.js';
import { linkRecordsParallel } from '../../src/modules/linking/core/parallel.js';
import { generatePeople } from './generate.js';
import { arg } from '../args.js';

const only = arg('only', 'all');
const THRESHOLD = 0.9;
const rssMB = () => Math.round(process.resourceUsage().maxRSS / 1024);

function score(pairs: { left: string; right: string }[], same: (a: string, b: string) => boolean, truePairs: number) {
  const tp = pairs.filter((p) => same(p.left, p.right)).length;
  const precision = pairs.length ? tp / pairs.length : 0;
  const recall = truePairs ? tp / truePairs : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}
const f4 = (x: number) => x.toFixed(4);

if (only === 'all' || only === 'accuracy') {
  console.log(`\n## Accuracy: FEBRL dedupe, parameters estimated by EM from each file, threshold ${THRESHOLD}`);
  console.log('set       records  true pairs  compared  found   precision  recall  F1      target F1>=0.99');
  for (const f of ['febrl1', 'febrl2', 'febrl3']) {
    const recs = await readRecords(new URL(`../../../shared/data/linkage/${f}.csv`, import.meta.url).pathname);
    const groups = new Map<string, number>();
    for (const r of recs) groups.set(r.id.split('-')[1], (groups.get(r.id.split('-')[1]) ?? 0) + 1);
    let truePairs = 0;
    for (const c of groups.values()) truePairs += (c * (c - 1)) / 2;
    const res = linkRecords(recs, null, { threshold: THRESHOLD });
    const s = score(res.pairs, (a, b) => a.split('-')[1] === b.split('-')[1], truePairs);
    console.log(`${f.padEnd(9)} ${String(recs.length).padStart(7)}  ${String(truePairs).padStart(10)}  ${String(res.compared).padStart(8)}  ${String(res.pairs.length).padStart(5)}   ${f4(s.precision)}     ${f4(s.recall)}  ${f4(s.f1)}  ${s.f1 >= 0.99 ? 'met' : 'MISSED'}`);
  }
}

if (only === 'all' || only === 'throughput') {
  const sizes = arg('sizes', '100000').split(',').map(Number);
  console.log('\n## Throughput: dedupe of generated UK people (nicknames, typos, moves, twins, households), worker threads');
  for (const n of sizes) {
    const g = generatePeople(n, 7);
    const t0 = performance.now();
    const res = await linkRecordsParallel(g.records, null, { threshold: THRESHOLD });
    const secs = (performance.now() - t0) / 1000;
    const idx = new Map(g.records.map((r, i) => [r.id, i]));
    const counts = new Map<number, number>();
    for (const x of g.truth) counts.set(x, (counts.get(x) ?? 0) + 1);
    let truePairs = 0;
    for (const c of counts.values()) truePairs += (c * (c - 1)) / 2;
    const s = score(res.pairs, (a, b) => g.truth[idx.get(a)!] === g.truth[idx.get(b)!], truePairs);
    console.log(
      `${n} records: ${secs.toFixed(1)} s on ${res.threads} thread${res.threads > 1 ? 's' : ''}, ${Math.round(n / secs)} records/s, ${res.compared} pairs compared, ${res.pairs.length} pairs found, precision ${f4(s.precision)} recall ${f4(s.recall)} F1 ${f4(s.f1)}, peak RSS ${rssMB()} MiB` +
        (n >= 1_000_000 ? ` (targets: <= 60 s ${secs <= 60 ? 'met' : 'MISSED'}, <= 4096 MiB ${rssMB() <= 4096 ? 'met' : 'MISSED'})` : ''),
    );
  }
}

if (only === 'all' || only === 'latency') {
  const n = Number(arg('latency-size', '1000000'));
  console.log(`\n## Latency: one new record matched against ${n} indexed people`);
  const g = generatePeople(n + 2000, 21);
  const t0 = performance.now();
  const params = estimateParams(g.records.slice(0, 50_000));
  const idx = new PersonIndex(params);
  for (let i = 0; i < n; i++) idx.add(g.records[i]);
  console.log(`index built in ${((performance.now() - t0) / 1000).toFixed(1)} s, peak RSS ${rssMB()} MiB`);
  const times: number[] = [];
  for (let i = n; i < n + 2000; i++) {
    const s = performance.now();
    idx.match(g.records[i], { threshold: 0.5, limit: 10 });
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))].toFixed(3);
  console.log(`2000 matches: p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms (target p95 <= 10 ms: ${Number(pct(95)) <= 10 ? 'met' : 'MISSED'})`);
}
