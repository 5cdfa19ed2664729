import { nicknameMatch } from './nicknames.js';
import type { Prepared } from './record.js';
import { jaroWinkler, withinOneEdit } from './strings.js';

/**
 * Each field compares to an agreement level: 0 = missing on either side (no evidence either way),
 * 1 = exact, then weaker agreements, the last level = disagree.
 */
export const FIELDS = ['given', 'surname', 'dob', 'house', 'street', 'town', 'postcode', 'phone', 'email', 'idNumber'] as const;
export type Field = (typeof FIELDS)[number];

export const LEVELS: Record<Field, readonly string[]> = {
  given: ['missing', 'exact', 'close', 'similar', 'different'],
  surname: ['missing', 'exact', 'close', 'similar', 'different'],
  dob: ['missing', 'exact', 'transposed', 'same_year', 'different'],
  house: ['missing', 'exact', 'different'],
  street: ['missing', 'exact', 'close', 'different'],
  town: ['missing', 'exact', 'close', 'different'],
  postcode: ['missing', 'exact', 'close', 'different'],
  phone: ['missing', 'exact', 'different'],
  email: ['missing', 'exact', 'different'],
  idNumber: ['missing', 'exact', 'close', 'different'],
};

/** First letters that sound alike (c/k, s/z, i/y, j/g, f/p), as ordered char-code pairs. */
const SAME_SOUND = new Set(['ck', 'sz', 'iy', 'gj', 'fp'].map((p) => p.charCodeAt(0) * 256 + p.charCodeAt(1)));

/** Soundex keeps the first letter as written; Catherine and Kathryn differ only there. (No allocation: runs per pair.) */
function soundsAlike(a: string, b: string, sxA: string, sxB: string): boolean {
  if (sxA.length !== 4 || sxB.length !== 4) return false;
  for (let i = 1; i < 4; i++) if (sxA.charCodeAt(i) !== sxB.charCodeAt(i)) return false;
  if (sxA.charCodeAt(1) === 48 && sxA.charCodeAt(2) === 48 && sxA.charCodeAt(3) === 48) return false; // '000'
  const x = a.charCodeAt(0);
  const y = b.charCodeAt(0);
  return SAME_SOUND.has(x < y ? x * 256 + y : y * 256 + x);
}

/** Do a and b agree on characters from..to-1? */
function sameRange(a: string, b: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

/** Name agreement: exact, close (typo or known nickname), similar (sounds alike), different. */
export function nameLevel(a: string, b: string, sxA: string, sxB: string, given: boolean): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  const jw = jaroWinkler(a, b);
  if (jw >= 0.94 || (given && nicknameMatch(a, b))) return 2;
  if (jw >= 0.85 || (sxA && sxA === sxB) || soundsAlike(a, b, sxA, sxB) || (a.length > 3 && b.length > 3 && (a.startsWith(b) || b.startsWith(a)))) return 3;
  return 4;
}

/** Dates of birth: exact, a slip (day/month swapped or one digit wrong or two swapped), same year, different. */
export function dobLevel(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  const sameYear = sameRange(a, b, 0, 4);
  if (sameYear && a.charCodeAt(4) === b.charCodeAt(6) && a.charCodeAt(5) === b.charCodeAt(7) && a.charCodeAt(6) === b.charCodeAt(4) && a.charCodeAt(7) === b.charCodeAt(5)) return 2;
  let diff = 0;
  let first = -1;
  for (let i = 0; i < 8; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) {
      diff++;
      if (first < 0) first = i;
    }
  }
  if (diff === 1) return 2;
  if (diff === 2 && a.charCodeAt(first) === b.charCodeAt(first + 1) && a.charCodeAt(first + 1) === b.charCodeAt(first)) return 2;
  if (sameYear) return 3;
  return 4;
}

function textLevel(a: string, b: string, close: number): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  return jaroWinkler(a, b) >= close ? 2 : 3;
}

/** UK postcodes: close when one character differs or the sector agrees (same street block). */
function postcodeLevel(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  if (withinOneEdit(a, b) || (a.length > 3 && a.length === b.length && sameRange(a, b, 0, a.length - 2))) return 2;
  return 3;
}

const exactLevel = (a: string, b: string) => (!a || !b ? 0 : a === b ? 1 : 2);

/**
 * Compares two prepared records into a level per field (written into `out`). Names are tried both
 * ways round, because given and family names are often swapped in records.
 */
export function compare(a: Prepared, b: Prepared, out: Uint8Array): Uint8Array {
  let g = nameLevel(a.given, b.given, a.givenSx, b.givenSx, true);
  let s = nameLevel(a.surname, b.surname, a.surnameSx, b.surnameSx, false);
  if (g + s > 4 || g === 0 || s === 0) {
    const g2 = nameLevel(a.given, b.surname, a.givenSx, b.surnameSx, true);
    const s2 = nameLevel(a.surname, b.given, a.surnameSx, b.givenSx, true);
    if (g2 && s2 && g2 + s2 < (g || 5) + (s || 5)) {
      g = g2;
      s = s2;
    }
  }
  out[0] = g;
  out[1] = s;
  out[2] = dobLevel(a.dob, b.dob);
  out[3] = exactLevel(a.house, b.house);
  out[4] = textLevel(a.street, b.street, 0.9);
  out[5] = textLevel(a.town, b.town, 0.9);
  out[6] = postcodeLevel(a.postcode, b.postcode);
  out[7] = exactLevel(a.phone, b.phone);
  out[8] = exactLevel(a.email, b.email);
  out[9] = !a.idNumber || !b.idNumber ? 0 : a.idNumber === b.idNumber ? 1 : withinOneEdit(a.idNumber, b.idNumber) ? 2 : 3;
  return out;
}

/** The field values a term-frequency adjustment looks up, for exact agreements on these fields. */
export const TF_FIELDS: Partial<Record<Field, keyof Prepared>> = { given: 'given', surname: 'surname', postcode: 'postcode', town: 'town', street: 'street' };
