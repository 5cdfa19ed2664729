import type { Queryable } from '../../platform/db/db.js';
import { RISK_LEVELS, type RiskLevel } from './rules/index.js';
import { levelsOnCases } from './store.js';

/**
 * Safeguarding concern statuses that still count as open. A concern moves raised → acknowledged →
 * (enquiry →) outcome (see `NEXT` in concerns.ts); `outcome` is the final status, after which no move
 * is allowed, so a concern is open until the receiving agency records its outcome. `acknowledged` and
 * `enquiry` are still open: the receiver has the concern but has not concluded it.
 */
export const OPEN_CONCERN_STATUSES = ['raised', 'acknowledged', 'enquiry'] as const;

/**
 * `ctx.services.safeguardingCases.casesWithOpenConcerns` (for supervision caseloads): which of these
 * cases have at least one safeguarding concern (adult or child) not yet at its outcome. A yes/no per
 * case for the practitioner and their team leader; the concern itself stays behind its own access rules.
 */
export async function casesWithOpenConcerns(q: Queryable, caseIds: string[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const { rows } = await q.query<{ case_id: string }>(
    'select distinct case_id from safeguarding_concerns where case_id = any($1::uuid[]) and status = any($2::text[])',
    [caseIds, [...OPEN_CONCERN_STATUSES]],
  );
  return new Set(rows.map((r) => r.case_id));
}

/** From this many cases on, their levels are read from the assessments outward (see `levelsOnCases`). */
export const MANY_CASES = 500;

/**
 * `ctx.services.riskLevels.highestOnCases` (for supervision caseloads and the team view): per case,
 * the highest latest level on either lens of anyone on it; a case with no one assessed is absent.
 */
export async function highestOnCases(q: Queryable, caseIds: string[], many = MANY_CASES): Promise<Map<string, RiskLevel>> {
  const out = new Map<string, RiskLevel>();
  for (const r of await levelsOnCases(q, caseIds, caseIds.length >= many ? 'by_assessment' : 'by_person')) {
    const best = out.get(r.case_id);
    if (!best || RISK_LEVELS.indexOf(r.level) > RISK_LEVELS.indexOf(best)) out.set(r.case_id, r.level);
  }
  return out;
}
