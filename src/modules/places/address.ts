import { isValid, toNormalised, toSector, toOutcode } from 'postcode';

/** UK postcode check and formatting ('sw1a1aa' → 'SW1A 1AA'); null when it is not a valid postcode. */
export function normalisePostcode(raw: string): { postcode: string; sector: string; outcode: string } | null {
  const trimmed = raw.trim();
  if (!isValid(trimmed)) return null;
  return { postcode: toNormalised(trimmed)!, sector: toSector(trimmed)!, outcode: toOutcode(trimmed)! };
}

/** Lower-case, punctuation-free, single-spaced: "Flat 2, 14 High St." and "flat 2 14 high st" are one place. */
export function normaliseAddressText(s: string | null | undefined): string {
  return (s ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\b(street)\b/g, 'st')
    .replace(/\b(road)\b/g, 'rd')
    .replace(/\b(avenue)\b/g, 'ave')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The key two addresses share when they are the same dwelling. */
export function placeMatchKey(p: { uprn?: string | null; line1?: string | null; postcode?: string | null; lat?: number | null; lon?: number | null; text?: string | null }): string {
  if (p.uprn) return `uprn:${p.uprn}`;
  const line = normaliseAddressText(p.line1 ?? p.text);
  if (line || p.postcode) return `addr:${line}|${(p.postcode ?? '').replace(/\s/g, '').toUpperCase()}`;
  if (p.lat != null && p.lon != null) return `geo:${p.lat.toFixed(4)},${p.lon.toFixed(4)}`;
  return 'unknown';
}
