import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePeople } from '../../../../bench/linking/generate.js';
import { CsvInputError, readRecords } from '../bulk.js';
import { compare, dobLevel, FIELDS, LEVELS, nameLevel } from './compare.js';
import { clusters, estimateParams, linkRecords, PersonIndex } from './linker.js';
import { initialParams } from './model.js';
import { nicknameMatch } from './nicknames.js';
import { normPhone, prepare } from './record.js';
import { editDistance, jaroWinkler, soundex } from './strings.js';
import { scratchDir } from '../../../../test/support/scratch.js';

describe('string comparators', () => {
  it.each([
    ['martha', 'marhta', 0.961],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.813],
    ['smith', 'smith', 1],
    ['abc', 'xyz', 0],
  ])('jaroWinkler(%s, %s) ≈ %f', (a, b, v) => expect(jaroWinkler(a, b)).toBeCloseTo(v, 2));
  it.each([
    ['Smith', 'S530'],
    ['Smyth', 'S530'],
    ['Robert', 'R163'],
    ['Rupert', 'R163'],
    ['Ashcraft', 'A261'],
    ['Tymczak', 'T522'],
  ])('soundex(%s) = %s', (n, code) => expect(soundex(n)).toBe(code));
  it.each([
    ['kitten', 'sitting', 3, 3],
    ['kitten', 'sitten', 2, 1],
    ['abc', 'abc', 2, 0],
    ['abcdef', 'a', 2, 3],
  ])('editDistance(%s, %s)', (a, b, max, d) => expect(editDistance(a, b, max)).toBe(d));
  it.each([
    ['bill', 'william', true],
    ['peggy', 'margaret', true],
    ['jon', 'john', true],
    ['bill', 'robert', false],
  ])('nickname %s ~ %s: %s', (a, b, v) => expect(nicknameMatch(a, b)).toBe(v));
});

describe('field comparators', () => {
  const lv = (a: string, b: string, given = false) => LEVELS.given[nameLevel(a, b, soundex(a), soundex(b), given)];
  it.each([
    ['smith', 'smith', false, 'exact'],
    ['smith', 'smiht', false, 'close'],
    ['bill', 'william', true, 'close'],
    ['smith', 'smyth', false, 'similar'],
    ['catherine', 'kathryn', true, 'similar'],
    ['smith', 'jones', false, 'different'],
    ['', 'jones', false, 'missing'],
  ])('name %s vs %s → %s', (a, b, given, level) => expect(lv(a, b, given)).toBe(level));
  it.each([
    ['19710509', '19710509', 'exact'],
    ['19710509', '19710905', 'transposed'],
    ['19710509', '19710508', 'transposed'],
    ['19710509', '17910509', 'transposed'],
    ['19710509', '19711231', 'same_year'],
    ['19710509', '19800509', 'different'],
    ['', '19800509', 'missing'],
  ])('date of birth %s vs %s → %s', (a, b, level) => expect(LEVELS.dob[dobLevel(a, b)]).toBe(level));
  it('normalises phones and compares swapped names, postcodes and emails', () => {
    expect(normPhone('+44 (0)7700 900123')).toBe('07700900123');
    const a = prepare({ id: 'a', givenName: 'Smith', surname: 'John', postcode: 'M1 1AE', email: 'J@X.org', phone: '+44 7700 900123' });
    const b = prepare({ id: 'b', givenName: 'John', surname: 'Smith', postcode: 'm11ae', email: 'j@x.org', phone: '07700900123' });
    const out = compare(a, b, new Uint8Array(FIELDS.length));
    const named = Object.fromEntries(FIELDS.map((f, i) => [f, LEVELS[f][out[i]]]));
    expect(named).toMatchObject({ given: 'exact', surname: 'exact', postcode: 'exact', email: 'exact', phone: 'exact', dob: 'missing' });
    const c = prepare({ id: 'c', postcode: 'M1 1AF' });
    expect(LEVELS.postcode[compare(a, c, new Uint8Array(FIELDS.length))[6]]).toBe('close');
  });
});

describe('EM estimation', () => {
  it('converges on a small generated set with agreement likelier among matches', () => {
    const g = generatePeople(3000, 11);
    const p = estimateParams(g.records);
    expect(p.iterations).toBeLessThan(100);
    expect(p.prior).toBeGreaterThan(0);
    expect(p.prior).toBeLessThan(1);
    for (const f of FIELDS.filter((x) => x !== 'idNumber')) expect(p.m[f][1], f).toBeGreaterThan(p.u[f][1]);
    for (const f of ['given', 'surname', 'dob'] as const) expect(p.m[f][LEVELS[f].length - 1], f).toBeLessThan(p.u[f][LEVELS[f].length - 1]);
    // Re-estimating on the same data gives the same answer (stable fixed point).
    const again = estimateParams(g.records);
    expect(again.prior).toBeCloseTo(p.prior, 6);
  });
});

describe('index and dedupe', () => {
  it('adds, matches with evidence and removes records', () => {
    const idx = new PersonIndex(initialParams());
    idx.add({ id: '1', givenName: 'Margaret', surname: 'Doyle', dob: '1958-04-11', postcode: 'M1 1AE' });
    idx.add({ id: '2', givenName: 'Kyle', surname: 'Benson', dob: '1999-09-02', postcode: 'M1 1AE' });
    const hits = idx.match({ id: 'new', givenName: 'Peggy', surname: 'Doyle', dob: '1958-11-04', postcode: 'M1 1AE' }, { threshold: 0.5, limit: 5 });
    expect(hits.map((h) => h.id)).toEqual(['1']);
    expect(hits[0].evidence.find((e) => e.field === 'dob')?.level).toBe('transposed');
    idx.remove('1');
    expect(idx.match({ id: 'new', givenName: 'Peggy', surname: 'Doyle', dob: '1958-11-04' }, { threshold: 0.5, limit: 5 })).toEqual([]);
    expect(idx.size).toBe(1);
  });
  it('reaches F1 ≥ 0.99 on febrl1 unsupervised and clusters by connected components', async () => {
    const recs = await readRecords(new URL('../../../../../shared/data/linkage/febrl1.csv', import.meta.url).pathname);
    const res = linkRecords(recs, null, { threshold: 0.9 });
    const same = (a: string, b: string) => a.split('-')[1] === b.split('-')[1];
    const tp = res.pairs.filter((p) => same(p.left, p.right)).length;
    const precision = tp / res.pairs.length;
    const recall = tp / 500;
    expect((2 * precision * recall) / (precision + recall)).toBeGreaterThanOrEqual(0.99);
    const c = clusters(recs.map((r) => r.id), res.pairs);
    expect(new Set(c.values()).size).toBeGreaterThanOrEqual(495);
  });
});

describe('bad CSV', () => {
  const dir = scratchDir('convene-csv-', 'file');
  const file = (name: string, content: string | Buffer) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  it.each([
    ['missing id column', 'given_name,surname\nann,lee\n', /line 1: no 'rec_id' column/],
    ['ragged row', 'rec_id,given_name\nr1,ann\nr2,bob,extra\n', /line 3: wrong number of columns/],
    ['not UTF-8', Buffer.from([0x72, 0x65, 0x63, 0x5f, 0x69, 0x64, 0x0a, 0xff, 0xfe, 0x0a]), /line 2: the file is not UTF-8/],
    ['empty', '', /the file is empty/],
    ['empty id', 'rec_id,given_name\n,ann\n', /line 2: the id is empty/],
  ])('%s', async (_n, content, msg) => {
    await expect(readRecords(file(`${_n}.csv`, content))).rejects.toThrow(CsvInputError);
    await expect(readRecords(file(`${_n}.csv`, content))).rejects.toThrow(msg);
  });
});
