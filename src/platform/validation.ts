import { z } from 'zod';

/** A calendar date, not in the future and not before 1900 (dates of birth, due dates use other rules). */
export const pastDate = (field: string) =>
  z.iso
    .date()
    .refine((d) => d <= new Date().toISOString().slice(0, 10), `${field} cannot be in the future`)
    .refine((d) => d >= '1900-01-01', `${field} is before 1900`);

/** A moment that has happened: allows five minutes of clock drift between agencies' systems. */
export const pastDateTime = (field: string) =>
  z.iso
    .datetime({ offset: true })
    .refine((d) => new Date(d).getTime() <= Date.now() + 5 * 60_000, `${field} cannot be in the future`)
    .refine((d) => new Date(d).getTime() >= Date.UTC(1990, 0, 1), `${field} is implausibly old`);

export const Paging = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const page = (p: { page: number; pageSize: number }) => ({ limit: p.pageSize, offset: (p.page - 1) * p.pageSize });

/** A search's matches are counted exactly up to this many; past it the total says "at least this many". */
export const SEARCH_COUNT_CAP = 10_000;

/** The total a search reports for `counted` matches (counted up to `cap` + 1), and whether it is all of them. */
export const countedUpTo = (counted: number, cap: number) => ({ total: Math.min(counted, cap), totalExact: counted <= cap });

/**
 * A page read beside its capped count (`select page.*, n.total from (count …) n left join lateral (page) on true`):
 * every row carries the count, and an empty page comes back as one row of nulls with it.
 */
export const countedPage = <T extends { total: number; id: string | null }>(rows: T[], cap: number) => ({
  ...countedUpTo(rows[0]?.total ?? 0, cap),
  rows: rows.filter((r): r is T & { id: string } => r.id !== null),
});

/** A page of search results: how many match (`what` says how they are counted), whether that is all of them, and the page. */
export const SearchPage = (what: string) =>
  z.object({
    total: z.number().describe(what),
    totalExact: z.boolean().describe('False when more match than `total` says.'),
    page: z.number(),
    pageSize: z.number(),
    items: z.array(z.looseObject({})),
  });

export const Id = z.object({ id: z.uuid() });

/** Free text that must not carry NUL bytes (PostgreSQL rejects them) and is kept to a sane size. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

/**
 * Where a parsed request part (query, params, body) holds a NUL character, in a value or a key,
 * as a field path under `root` ('body.people.0.name'); null when it holds none. PostgreSQL's text
 * and jsonb refuse NUL, and no Convene field needs one.
 */
export function nulPath(value: unknown, root: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? root : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    const path = `${root}.${key}`;
    if (key.includes('\u0000')) return path;
    const found = nulPath(inner, path);
    if (found) return found;
  }
  return null;
}
