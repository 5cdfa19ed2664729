import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * Cadences (how often a victim is updated, a practitioner supervised) are data with versions.
 * A period is whole days or whole calendar months, computed in UTC so the server's time zone and
 * the clocks changing never move a due date.
 */
export const Period = z.union([
  z.strictObject({ days: z.number().int().min(1).max(366) }),
  z.strictObject({ months: z.number().int().min(1).max(24) }),
]);
export type Period = z.infer<typeof Period>;

const DAY_MS = 86_400_000;

/** `from` plus the period; a month later keeps the day of the month, clamped (31 Jan + 1 month = 28/29 Feb). */
export function addPeriod(from: Date, p: Period): Date {
  if ('days' in p) return new Date(from.getTime() + p.days * DAY_MS);
  const target = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + p.months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(from.getUTCDate(), lastDay));
  target.setUTCHours(from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds());
  return target;
}

export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

/** 'every 7 days', 'every month', 'every 3 months'. */
export function describePeriod(p: Period): string {
  if ('days' in p) return p.days === 7 ? 'weekly' : p.days === 14 ? 'fortnightly' : `every ${p.days} days`;
  return p.months === 1 ? 'monthly' : `every ${p.months} months`;
}

/** A bad rule file stops start-up, naming the file and the path inside it. */
export class RuleDataError extends Error {}

/**
 * Reads and validates a versioned rule file. Shipped files are named `<id>.v<version>.json` and carry
 * the same `id` and `version` inside; a local file (set in config) only has to carry the right `id`.
 */
export function loadRuleFile<S extends z.ZodType<{ id: string; version: number }>>(schema: S, file: string | URL, id: string): z.infer<S> {
  const path = typeof file === 'string' ? file : fileURLToPath(file);
  const name = basename(path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new RuleDataError(`${name}: not readable JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new RuleDataError(`${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
  const data = parsed.data as z.infer<S>;
  if (data.id !== id) throw new RuleDataError(`${name}: id must be "${id}"`);
  const fromName = /\.v([1-9][0-9]*)\.json$/.exec(name);
  if (fromName && Number(fromName[1]) !== data.version) throw new RuleDataError(`${name}: version must be ${fromName[1]} to match the file name`);
  return data;
}
