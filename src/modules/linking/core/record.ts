import { normName, soundex } from './strings.js';

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

const digits = (s: string | undefined) => (s ? s.replace(/\D/g, '') : '');
const words = (s: string | undefined) => (s ? s.toLowerCase().replace(/[^a-z0-9 ]/g, ' ').replace(/\s+/g, ' ').trim() : '');

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
    givenSx: given ? soundex(given) : '',
    surnameSx: surname ? soundex(surname) : '',
    dob: normDob(r.dob),
    house: words(r.houseNumber).replace(/\s/g, ''),
    street: words(r.street),
    town: words(r.town),
    postcode: r.postcode ? r.postcode.toUpperCase().replace(/[^A-Z0-9]/g, '') : '',
    phone: normPhone(r.phone),
    email: r.email ? r.email.trim().toLowerCase() : '',
    idNumber: digits(r.idNumber),
  };
}

/** Blocking keys: records sharing any key are compared. Several keys so one typo cannot hide a match. */
export function blockingKeys(p: Prepared): string[] {
  const keys: string[] = [];
  const year = p.dob.slice(0, 4);
  if (p.surnameSx && year) keys.push(`sy:${p.surnameSx}${year}`);
  if (p.givenSx && p.surnameSx) keys.push(`gs:${p.givenSx < p.surnameSx ? p.givenSx + p.surnameSx : p.surnameSx + p.givenSx}`);
  if (p.postcode && p.house) keys.push(`ph:${p.postcode}|${p.house}`);
  if (p.given && p.postcode) keys.push(`gp:${p.given.slice(0, 2)}${p.postcode}`);
  if (p.dob) keys.push(`d:${p.dob}`);
  if (p.phone.length >= 7) keys.push(`t:${p.phone}`);
  if (p.email) keys.push(`e:${p.email}`);
  if (p.idNumber) keys.push(`i:${p.idNumber}`);
  if (p.street && p.house) keys.push(`sh:${p.street}|${p.house}`);
  return keys;
}
