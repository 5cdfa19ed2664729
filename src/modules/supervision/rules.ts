import { z } from 'zod';
import type { Actor } from '../../platform/access/policy.js';
import type { Queryable } from '../../platform/db/db.js';
import type { Params } from '../../platform/db/params.js';
import { Period, addDays, addPeriod, loadRuleFile } from '../../platform/jobs/cadence.js';

/** Pure rules of practitioner supervision: who may see whose records, and when supervision is due. */

export const SESSION_KINDS = ['reflective_supervision', 'peer_check_in'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export const SupervisionCadence = z.strictObject({
  id: z.literal('supervision-cadence'),
  version: z.number().int().min(1),
  description: z.string().optional(),
  every: Period,
  /** Roles supervised through Convene (their team leader gets the reminders). */
  roles: z.array(z.enum(['officer', 'team_leader', 'partner'])).min(1),
  remindDaysAhead: z.number().int().min(0).max(60),
  /** Which kinds of session restart the clock. */
  countsTowardCadence: z.array(z.enum(SESSION_KINDS)).min(1),
});
export type SupervisionCadence = z.infer<typeof SupervisionCadence>;

export const SHIPPED_SUPERVISION_CADENCE = new URL('./supervision-cadence.v1.json', import.meta.url);

/** The cadence in force: a local file (SUPERVISION_CADENCE_FILE) or the shipped version. */
export function loadSupervisionCadence(file: string | URL = SHIPPED_SUPERVISION_CADENCE): SupervisionCadence {
  return loadRuleFile(SupervisionCadence, file, 'supervision-cadence');
}

/**
 * Supervision records and caseloads are the practitioner's and their team leader's only: the
 * practitioner themselves, or a team leader of the same team. Nobody else, whatever their role.
 */
export function maySeePractitioner(actor: Pick<Actor, 'userId' | 'role' | 'teamId'>, practitioner: { id: string; teamId: string | null }): boolean {
  if (actor.userId === practitioner.id) return true;
  return actor.role === 'team_leader' && !!actor.teamId && actor.teamId === practitioner.teamId;
}

export type SupervisionState = 'not_due' | 'due_soon' | 'overdue';

/** A 'YYYY-MM-DD' session date as the start of that day, UTC. */
export const dayStart = (date: string) => new Date(`${date}T00:00:00.000Z`);

/**
 * When supervision is next due: the last session that counts plus the cadence, or (never supervised
 * here) from when the practitioner joined. Overdue once past it; due soon within the reminder window.
 */
export function supervisionDue(last: string | null, joined: Date, cadence: SupervisionCadence, now: Date): { due: Date; state: SupervisionState } {
  const due = addPeriod(last ? dayStart(last) : joined, cadence.every);
  const state: SupervisionState = now > due ? 'overdue' : now >= addDays(due, -cadence.remindDaysAhead) ? 'due_soon' : 'not_due';
  return { due, state };
}

/** `ctx.services.riskLevels` as the caseload reads it: each case's highest level, for all the cases at once. */
export interface CaseloadRiskLevels {
  /** Per case, the highest latest level on either lens of anyone on it (absent: no one assessed). */
  highestOnCases(q: Queryable, caseIds: string[]): Promise<Map<string, 'standard' | 'medium' | 'high'>>;
  /**
   * SQL of the cases (`case_id` rows), among those `cases` selects, with anyone whose latest level is
   * `level`: the team view's one statement. `by_person` for a team's few thousand case-people,
   * `by_assessment` for a whole area's (from the assessments at that level outward).
   */
  casesAtLevelSql(cases: string, level: 'standard' | 'medium' | 'high', form: 'by_person' | 'by_assessment'): string;
}

/**
 * `ctx.services.safeguardingCases` (optional; the safeguarding module may provide it): which of these
 * cases have a safeguarding concern raised and not yet concluded.
 */
export interface SafeguardingCases {
  casesWithOpenConcerns(q: Queryable, caseIds: string[]): Promise<Set<string>>;
  /** The same as SQL (`case_id` rows) over the cases `cases` selects, for the team view's one statement. */
  openConcernCasesSql(params: Params, cases: string): string;
}
