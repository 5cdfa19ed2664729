import type { LinkRecord } from '../../src/modules/linking/core/record.js';

/**
 * Realistic UK person records with known truth: skewed surname frequencies, nicknames, typos,
 * transposed dates, moved addresses, changed phones, twins (same surname, birth date and address,
 * different given name: different people) and households sharing a surname and address.
 */
/** Common UK surnames with their relative frequency (the API benchmark's area uses them too). */
export const SURNAMES = [
  ['smith', 120], ['jones', 90], ['williams', 70], ['taylor', 60], ['brown', 60], ['davies', 50], ['evans', 45], ['wilson', 40], ['thomas', 40],
  ['johnson', 38], ['roberts', 36], ['robinson', 30], ['thompson', 30], ['wright', 30], ['walker', 28], ['white', 28], ['edwards', 26], ['hughes', 26],
  ['green', 25], ['hall', 25], ['lewis', 24], ['harris', 24], ['clarke', 23], ['patel', 23], ['jackson', 22], ['wood', 22], ['turner', 21],
  ['martin', 21], ['cooper', 20], ['hill', 20], ['ward', 20], ['morris', 19], ['moore', 19], ['clark', 19], ['lee', 18], ['king', 18], ['baker', 18],
  ['harrison', 17], ['morgan', 17], ['allen', 17], ['james', 16], ['scott', 16], ['phillips', 16], ['watson', 15], ['davis', 15], ['parker', 15],
  ['price', 14], ['bennett', 14], ['young', 14], ['griffiths', 13], ['mitchell', 13], ['kelly', 13], ['cook', 13], ['carter', 13], ['richardson', 12],
  ['bailey', 12], ['collins', 12], ['bell', 12], ['shaw', 12], ['murphy', 12], ['miller', 11], ['cox', 11], ['richards', 11], ['khan', 11], ['marshall', 10],
  ['anderson', 10], ['simpson', 10], ['ellis', 10], ['adams', 10], ['singh', 10], ['begum', 10], ['wilkinson', 9], ['foster', 9], ['chapman', 9],
  ['powell', 9], ['webb', 9], ['rogers', 9], ['gray', 9], ['mason', 9], ['ali', 9], ['hunt', 8], ['hussain', 8], ['campbell', 8], ['matthews', 8],
  ['owen', 8], ['palmer', 8], ['holmes', 8], ['mills', 8], ['barnes', 8], ['knight', 8], ['lloyd', 8], ['butler', 8], ['russell', 8], ['barker', 7],
  ['fisher', 7], ['stevens', 7], ['jenkins', 7], ['murray', 7], ['dixon', 7], ['harvey', 7], ['okafor', 2], ['nowak', 2], ['kowalski', 2], ['featherstonehaugh', 1],
  ['abernethy', 1], ['oyelaran', 1], ['quirke', 1], ['tremayne', 1], ['llewellyn', 1], ['fairbairn', 1], ['macleod', 2], ['ogunleye', 1], ['zielinski', 1],
] as const;
const GIVEN = ['oliver', 'george', 'harry', 'jack', 'jacob', 'noah', 'charlie', 'thomas', 'oscar', 'william', 'james', 'henry', 'leo', 'alfie', 'joshua', 'freddie', 'archie', 'ethan', 'isaac', 'alexander', 'joseph', 'edward', 'samuel', 'max', 'daniel', 'mohammed', 'olivia', 'amelia', 'isla', 'ava', 'emily', 'isabella', 'mia', 'poppy', 'ella', 'lily', 'sophie', 'grace', 'evie', 'sophia', 'ruby', 'chloe', 'jessica', 'charlotte', 'margaret', 'elizabeth', 'catherine', 'robert', 'richard', 'michael', 'christopher', 'stephen', 'susan', 'patricia', 'jennifer', 'rebecca', 'deborah', 'anthony', 'kenneth', 'aisha', 'zara', 'priya', 'connor', 'megan'];
const NICK: Record<string, string> = { william: 'bill', robert: 'bob', richard: 'rick', james: 'jim', thomas: 'tom', michael: 'mike', christopher: 'chris', elizabeth: 'liz', margaret: 'peggy', catherine: 'cathy', jennifer: 'jen', rebecca: 'becky', susan: 'sue', patricia: 'pat', stephen: 'steve', anthony: 'tony', daniel: 'dan', samuel: 'sam', joseph: 'joe', edward: 'ed', alexander: 'alex', deborah: 'debbie', kenneth: 'ken', henry: 'harry', jessica: 'jess' };
const STREETS = ['high street', 'station road', 'main street', 'park road', 'church road', 'church street', 'london road', 'victoria road', 'green lane', 'manor road', 'church lane', 'park avenue', 'the avenue', 'the crescent', 'queens road', 'new road', 'grange road', 'kings road', 'north street', 'mill lane', 'canal street', 'elm court', 'albion terrace', 'chapel walk', 'marsh lane', 'school lane', 'springfield road', 'york road', 'west street', 'alexandra road'];
const TOWNS = ['manchester', 'salford', 'stockport', 'oldham', 'rochdale', 'bolton', 'bury', 'wigan', 'leeds', 'bradford', 'sheffield', 'liverpool', 'birmingham', 'coventry', 'leicester', 'nottingham', 'derby', 'bristol', 'cardiff', 'swansea', 'newcastle', 'sunderland', 'hull', 'york', 'preston'];
const AREAS = ['M', 'SK', 'OL', 'BL', 'WN', 'LS', 'BD', 'S', 'L', 'B', 'CV', 'LE', 'NG', 'DE', 'BS', 'CF', 'SA', 'NE', 'SR', 'HU', 'YO', 'PR'];

export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Generated {
  records: LinkRecord[];
  /** The true person each record describes. */
  truth: Int32Array;
}

/** `n` records of which about `dupRate` are extra records of people already generated. */
export function generatePeople(n: number, seed = 7, dupRate = 0.3): Generated {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const cum: number[] = [];
  let tot = 0;
  for (const [, w] of SURNAMES) cum.push((tot += w));
  const surname = () => {
    const x = r() * tot;
    let lo = 0;
    while (cum[lo] < x) lo++;
    // A long tail of rarer names: add a suffix-free variant pool by combining with a number-free syllable.
    return r() < 0.35 ? SURNAMES[lo][0] + pick(['', 'son', 'ley', 'ton', 'field', 'worth', 'by']) : SURNAMES[lo][0];
  };
  const typo = (s: string) => {
    if (s.length < 3) return s;
    const i = 1 + Math.floor(r() * (s.length - 2));
    const k = r();
    if (k < 0.3) return s.slice(0, i) + s.slice(i + 1);
    if (k < 0.6) return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
    if (k < 0.8) return s.slice(0, i) + String.fromCharCode(97 + Math.floor(r() * 26)) + s.slice(i + 1);
    return s.slice(0, i) + s[i] + s.slice(i);
  };
  const postcode = () => `${pick(AREAS)}${1 + Math.floor(r() * 30)} ${Math.floor(r() * 10)}${String.fromCharCode(65 + Math.floor(r() * 26))}${String.fromCharCode(65 + Math.floor(r() * 26))}`;
  const address = () => ({ houseNumber: String(1 + Math.floor(r() * 200)), street: pick(STREETS), town: pick(TOWNS), postcode: postcode() });
  const dob = () => `${1930 + Math.floor(r() * 80)}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
  const phone = () => `07${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;

  const people: LinkRecord[] = [];
  const records: LinkRecord[] = [];
  const truth = new Int32Array(n);
  const originals = Math.round(n * (1 - dupRate));
  while (people.length < originals) {
    const base = { id: '', givenName: pick(GIVEN), surname: surname(), dob: dob(), ...address(), phone: r() < 0.6 ? phone() : undefined, email: undefined as string | undefined };
    if (r() < 0.3) base.email = `${base.givenName}.${base.surname}${Math.floor(r() * 100)}@example.org`;
    people.push(base);
    const k = r();
    if (k < 0.01 && people.length < originals) people.push({ ...base, givenName: pick(GIVEN), phone: undefined, email: undefined }); // twin
    else if (k < 0.08 && people.length < originals) people.push({ ...base, givenName: pick(GIVEN), dob: dob(), phone: undefined, email: undefined }); // household member
  }
  for (let i = 0; i < originals; i++) {
    records.push({ ...people[i], id: `p${i}-0` });
    truth[i] = i;
  }
  for (let i = originals; i < n; i++) {
    const who = Math.floor(r() * originals);
    const p = { ...people[who], id: `p${who}-${i}` };
    // Each duplicate carries one to three of the errors real reports carry.
    const errors = 1 + Math.floor(r() * 3);
    for (let e = 0; e < errors; e++) {
      const k = r();
      if (k < 0.2) p.givenName = NICK[p.givenName!] ?? typo(p.givenName!);
      else if (k < 0.35) p.surname = typo(p.surname!);
      else if (k < 0.45 && p.dob) p.dob = `${p.dob.slice(0, 5)}${p.dob.slice(8, 10)}-${p.dob.slice(5, 7)}`;
      else if (k < 0.55) Object.assign(p, address()); // moved
      else if (k < 0.65) p.phone = r() < 0.5 ? phone() : undefined;
      else if (k < 0.72) [p.givenName, p.surname] = [p.surname, p.givenName];
      else if (k < 0.82) p.dob = undefined;
      else if (k < 0.9) p.postcode = undefined;
      else p.email = undefined;
    }
    records.push(p);
    truth[i] = who;
  }
  return { records, truth };
}
