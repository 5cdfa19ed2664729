/** Splits a full name into given and family parts: the last word is the family name. */
export function splitName(full: string): { givenName: string | null; familyName: string | null } {
  const parts = full.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { givenName: null, familyName: null };
  if (parts.length === 1) return { givenName: null, familyName: parts[0] };
  return { givenName: parts.slice(0, -1).join(' '), familyName: parts[parts.length - 1] };
}

export function displayName(given: string | null | undefined, family: string | null | undefined): string {
  return [given, family].filter((s) => s && s.trim()).join(' ').trim() || 'Unnamed person';
}

/** UK phone numbers compared digits-only with +44 folded to 0; emails lower-cased. */
export function normaliseContact(kind: 'phone' | 'email', value: string): string {
  if (kind === 'email') return value.trim().toLowerCase();
  let d = value.replace(/[^\d+]/g, '');
  if (d.startsWith('+44')) d = `0${d.slice(3)}`;
  else if (d.startsWith('0044')) d = `0${d.slice(4)}`;
  return d.replace(/\+/g, '');
}
