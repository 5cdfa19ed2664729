import { z } from 'zod';
import { Period, addDays, addPeriod, describePeriod, loadRuleFile } from '../../platform/jobs/cadence.js';

/** Pure rules of the victim update cadence: no database, no HTTP. */

export const LEVELS = ['standard', 'medium', 'high'] as const;
export type Level = (typeof LEVELS)[number];

/**
 * `ctx.services.riskLevels`: the victim's latest level on the harm-they-face lens (null when never
 * assessed), as a SQL expression over a person column, read with the victims themselves. The risk
 * module implements it; without it every victim is at the cadence's default level.
 */
export interface RiskLevels {
  harmFacedSql(person: string): string;
}

export const UpdateCadence = z.strictObject({
  id: z.literal('update-cadence'),
  version: z.number().int().min(1),
  description: z.string().optional(),
  every: z.strictObject({ high: Period, medium: Period, standard: Period }),
  /** The "update the victim" task appears this many days before the update is due. */
  remindDaysAhead: z.number().int().min(0).max(30),
  defaultLevel: z.enum(LEVELS),
});
export type UpdateCadence = z.infer<typeof UpdateCadence>;

export const SHIPPED_CADENCE = new URL('./update-cadence.v1.json', import.meta.url);

/** The cadence in force: a local file (VICTIM_UPDATE_CADENCE_FILE) or the shipped version. */
export function loadUpdateCadence(file: string | URL = SHIPPED_CADENCE): UpdateCadence {
  return loadRuleFile(UpdateCadence, file, 'update-cadence');
}

const RANK: Record<Level, number> = { standard: 1, medium: 2, high: 3 };

export type LevelSource = 'assessment' | 'officer' | 'default';

/**
 * The level that sets the cadence: the higher of the latest assessment and the level the officer set,
 * so neither can quietly lower the other (an under-informed high-risk victim is the worse mistake).
 * With neither, the cadence's default.
 */
export function effectiveLevel(assessed: Level | null, setByOfficer: Level | null, fallback: Level): { level: Level; source: LevelSource } {
  if (assessed && setByOfficer) return RANK[setByOfficer] > RANK[assessed] ? { level: setByOfficer, source: 'officer' } : { level: assessed, source: 'assessment' };
  if (assessed) return { level: assessed, source: 'assessment' };
  if (setByOfficer) return { level: setByOfficer, source: 'officer' };
  return { level: fallback, source: 'default' };
}

/** When the victim is next due an update: the last contact that updated them on progress (or the case opening) plus the cadence. */
export function nextUpdateDue(anchor: { lastUpdateAt: Date | null; caseOpenedAt: Date }, level: Level, cadence: UpdateCadence): Date {
  return addPeriod(anchor.lastUpdateAt ?? anchor.caseOpenedAt, cadence.every[level]);
}

export type UpdateState = 'not_due' | 'due_soon' | 'overdue';

/** Overdue once past the due moment; due soon within `remindDaysAhead` days of it. */
export function updateState(due: Date, now: Date, remindDaysAhead: number): UpdateState {
  if (now.getTime() > due.getTime()) return 'overdue';
  if (now.getTime() >= addDays(due, -remindDaysAhead).getTime()) return 'due_soon';
  return 'not_due';
}

export function describeCadence(level: Level, cadence: UpdateCadence): string {
  return describePeriod(cadence.every[level]);
}
