/** String similarity and phonetic codes used by the comparators: small, allocation-light, hand-tuned for speed. */

// Scratch flags reused by every call (comparisons run millions of times; no allocation per call).
let aFlags = new Uint8Array(64);
let bFlags = new Uint8Array(64);

/** Jaro–Winkler similarity in [0, 1]; 1 means identical. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (la > aFlags.length || lb > bFlags.length) {
    aFlags = new Uint8Array(Math.max(la, lb) * 2);
    bFlags = new Uint8Array(Math.max(la, lb) * 2);
  }
  const aMatch = aFlags;
  const bMatch = bFlags;
  aMatch.fill(0, 0, la);
  bMatch.fill(0, 0, lb);
  const range = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - range);
    const hi = Math.min(i + range + 1, lb);
    const c = a.charCodeAt(i);
    for (let j = lo; j < hi; j++) {
      if (!bMatch[j] && b.charCodeAt(j) === c) {
        aMatch[i] = 1;
        bMatch[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (!aMatch[i]) continue;
    while (!bMatch[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) t++;
    k++;
  }
  const jaro = (matches / la + matches / lb + (matches - t / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** True when the strings differ by at most one insertion, deletion or substitution (editDistance ≤ 1, without allocating). */
export function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (la > lb) return withinOneEdit(b, a);
  if (lb - la > 1) return false;
  let i = 0;
  while (i < la && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === la) return true;
  // First difference at i: substitution (same length) or insertion into a (b one longer).
  if (la === lb) {
    for (let k = i + 1; k < la; k++) if (a.charCodeAt(k) !== b.charCodeAt(k)) return false;
    return true;
  }
  for (let k = i; k < la; k++) if (a.charCodeAt(k) !== b.charCodeAt(k + 1)) return false;
  return true;
}

/** Levenshtein distance capped at `max` (returns max+1 beyond it), for short identifiers. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

const SOUNDEX: Record<string, string> = { b: '1', f: '1', p: '1', v: '1', c: '2', g: '2', j: '2', k: '2', q: '2', s: '2', x: '2', z: '2', d: '3', t: '3', l: '4', m: '5', n: '5', r: '6' };

/** American Soundex: "Smith" and "Smyth" both give S530. */
export function soundex(name: string): string {
  return soundexOfLetters(normName(name));
}

/** Soundex of a name already reduced to lower-case letters (as `normName` gives it). */
export function soundexOfLetters(s: string): string {
  if (!s) return '';
  let out = s[0].toUpperCase();
  let last = SOUNDEX[s[0]] ?? '';
  for (let i = 1; i < s.length && out.length < 4; i++) {
    const ch = s[i];
    const code = SOUNDEX[ch] ?? '';
    if (code && code !== last) out += code;
    if (ch !== 'h' && ch !== 'w') last = code;
  }
  return out.padEnd(4, '0');
}

/** Lower-case letters only: case, spaces, hyphens and apostrophes do not make two names different. */
export function normName(s: string | undefined): string {
  if (!s) return '';
  // ASCII fast path (no regular expression, no copy when already clean); other text as before.
  let clean = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) return s.toLowerCase().replace(/[^a-z]/g, '');
    if (c < 97 || c > 122) clean = false;
  }
  if (clean) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) out += s[i];
    else if (c >= 65 && c <= 90) out += String.fromCharCode(c + 32);
  }
  return out;
}
