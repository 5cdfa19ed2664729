import { normName, soundexOfLetters } from './strings.js';

/** A person record as any source gives it; every field but id may be missing. */
export interface LinkRecord {
  id: string;
  givenName?: string;
  surname?: string;
  dob?: string; // YYYY-MM-DD or YYYYMMDD
  houseNumber?: string;
  street?: string;
  town?: string;
  postcode?: string;
  phone?: string;
  email?: string;
  idNumber?: string;
}

/** The record normalised once, so comparisons never re-normalise. */
export interface Prepared {
  id: string;
  given: string;
  surname: string;
  givenSx: string;
  surnameSx: string;
  dob: string; // YYYYMMDD or ''
  house: string;
  street: string;
  town: string;
  postcode: string; // upper case, no spaces
  phone: string;
  email: string;
  idNumber: string;
}

function digits(s: string | undefined): string {
  if (!s) return '';
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) out += s[i];
  }
  return out;
}

/** Lower-case words of letters and digits, single spaces between (ASCII without regular expressions: runs per record). */
function words(s: string | undefined): string {
  if (!s) return '';
  let out = '';
  let space = false;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 128) return s.toLowerCase().replace(/[^a-z0-9 ]/g, ' ').replace(/\s+/g, ' ').trim();
    if (c >= 65 && c <= 90) c += 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (space && out) out += ' ';
      space = false;
      out += String.fromCharCode(c);
    } else space = true;
  }
  return out;
}

export function normPhone(s: string | undefined): string {
  // '+44 (0)7700…' writes the trunk zero as well as the country code: drop it.
  let d = s ? s.replace(/\(0\)/g, '').replace(/[^\d+]/g, '') : '';
  if (d.startsWith('+44')) d = `0${d.slice(3)}`;
  else if (d.startsWith('0044')) d = `0${d.slice(4)}`;
  return d.replace(/\+/g, '');
}

export function normDob(s: string | undefined): string {
  const d = digits(s);
  return d.length === 8 ? d : '';
}

export function prepare(r: LinkRecord): Prepared {
  const given = normName(r.givenName);
  const surname = normName(r.surname);
  return {
    id: r.id,
    given,
    surname,
    givenSx: soundexOfLetters(given),
    surnameSx: soundexOfLetters(surname),
    dob: normDob(r.dob),
    house: words(r.houseNumber).replace(/\s/g, ''),
    street: words(r.street),
    town: words(r.town),
    postcode: r.postcode ? r.postcode.toUpperCase().replace(/[^A-Z0-9]/g, '') : '',
    phone: normPhone(r.phone),
    email: r.email ? r.email.replace(/[\u0000-\u001f]/g, '').trim().toLowerCase() : '',
    idNumber: digits(r.idNumber),
  };
}

/** The date of birth with day and month in order (YYYY + smaller + larger): a day/month swap gives the same key. */
export function dobUnordered(dob: string): string {
  if (!dob) return '';
  const m = dob.slice(4, 6);
  const d = dob.slice(6, 8);
  return dob.slice(0, 4) + (m < d ? m + d : d + m);
}

/** A block this big says too little to be worth comparing everyone in it (a shared birth date in a big city): skipped. */
export const MAX_BLOCK = 400;
/**
 * Weak keys (names alone, a birth date alone, half a short ID number) identify no one once many records
 * share them: their blocks are compared only up to this size, that is only for values rare in the data.
 */
export const MAX_WEAK_BLOCK = 10;

/** Weak keys start with `w` (the letter after it says which), so their cap is known from the key itself. */
export const blockCap = (key: string) => (key.charCodeAt(0) === 119 /* w */ ? MAX_WEAK_BLOCK : MAX_BLOCK);

/**
 * Blocking keys: records sharing any key are compared. Several keys, each robust to the common errors
 * (typos that keep the sound of a name, nicknames, swapped given and family names, day and month swapped,
 * moves, missing values, a mistyped digit), so one error cannot hide a match; each specific enough that a
 * block stays small. (Street, house number and town without the postcode is not such a key: where the
 * street names are few and the postcodes independent of them, it pairs up many strangers, whose
 * agreement on three address fields then pulls EM's match class towards "same address".)
 * - `n`  both names' sound codes (either order) and the birth year;
 * - `nd` one name's sound code and the birth date, day and month unordered (one key per name: a nickname
 *        or a new surname leaves the other);
 * - `ph` postcode and house number (the address); `gp` given-name prefix and postcode;
 * - `t`, `e` phone and email; `i`, `ia`, `ib` ID number, and its first and second halves (one mistyped
 *        digit leaves one half whole; weak when a half has fewer than five digits);
 * - weak keys, in blocks of at most MAX_WEAK_BLOCK: `wn` both names' sound codes alone (rare names),
 *        `wd` the birth date alone (rare dates: small data sets).
 */
export function blockingKeys(p: Prepared): string[] {
  const keys: string[] = [];
  const year = p.dob.slice(0, 4);
  const names = p.givenSx && p.surnameSx ? (p.givenSx < p.surnameSx ? p.givenSx + p.surnameSx : p.surnameSx + p.givenSx) : '';
  if (names && year) keys.push(`n:${names}${year}`);
  if (p.dob) {
    const d = dobUnordered(p.dob);
    if (p.surnameSx) keys.push(`nd:${p.surnameSx}${d}`);
    if (p.givenSx && p.givenSx !== p.surnameSx) keys.push(`nd:${p.givenSx}${d}`);
  }
  if (p.postcode && p.house) keys.push(`ph:${p.postcode}|${p.house}`);
  if (p.given && p.postcode) keys.push(`gp:${p.given.slice(0, 2)}${p.postcode}`);
  if (p.phone.length >= 7) keys.push(`t:${p.phone}`);
  if (p.email) keys.push(`e:${p.email}`);
  if (p.idNumber) {
    keys.push(`i:${p.idNumber}`);
    if (p.idNumber.length >= 6) {
      // A half of fewer than five digits takes too few values to be a strong key.
      const half = Math.ceil(p.idNumber.length / 2);
      const weak = p.idNumber.length - half < 5 ? 'w' : '';
      keys.push(`${weak}ia:${p.idNumber.slice(0, half)}`, `${weak}ib:${p.idNumber.slice(half)}`);
    }
  }
  if (names) keys.push(`wn:${names}`);
  if (p.dob) keys.push(`wd:${p.dob}`);
  return keys;
}
