import { nicknameMatch } from './nicknames.js';
import type { Prepared } from './record.js';
import { editDistance, jaroWinkler } from './strings.js';

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

const SAME_SOUND = ['ck', 'sz', 'iy', 'jg', 'fp'];

/** Soundex keeps the first letter as written; Catherine and Kathryn differ only there. */
function soundsAlike(a: string, b: string, sxA: string, sxB: string): boolean {
  if (!sxA || !sxB || sxA.slice(1) !== sxB.slice(1) || sxA.slice(1) === '000') return false;
  const pair = [a[0], b[0]].sort().join('');
  return SAME_SOUND.includes(pair);
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
  if (a.slice(0, 4) === b.slice(0, 4) && a.slice(4, 6) === b.slice(6, 8) && a.slice(6, 8) === b.slice(4, 6)) return 2;
  let diff = 0;
  let first = -1;
  for (let i = 0; i < 8; i++) {
    if (a[i] !== b[i]) {
      diff++;
      if (first < 0) first = i;
    }
  }
  if (diff === 1) return 2;
  if (diff === 2 && a[first] === b[first + 1] && a[first + 1] === b[first]) return 2;
  if (a.slice(0, 4) === b.slice(0, 4)) return 3;
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
  if (editDistance(a, b, 1) <= 1 || (a.length > 3 && b.length > 3 && a.slice(0, -2) === b.slice(0, -2))) return 2;
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
  out[9] = !a.idNumber || !b.idNumber ? 0 : a.idNumber === b.idNumber ? 1 : editDistance(a.idNumber, b.idNumber, 1) <= 1 ? 2 : 3;
  return out;
}

/** The field values a term-frequency adjustment looks up, for exact agreements on these fields. */
export const TF_FIELDS: Partial<Record<Field, keyof Prepared>> = { given: 'given', surname: 'surname', postcode: 'postcode', town: 'town', street: 'street' };
