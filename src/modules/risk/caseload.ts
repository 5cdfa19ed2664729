import type { Queryable } from '../../platform/db/db.js';
import type { Params } from '../../platform/db/params.js';
import { RISK_LEVELS, type RiskLevel } from './rules/index.js';
import { levelsOnCases, levelsOnCasesByPersonSql, type CasesForm } from './store.js';

export type { CasesForm };

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

/** The same as SQL (`case_id` rows) over the cases `cases` selects, for a caller's own statement. */
export const openConcernCasesSql = (params: Params, cases: string) =>
  `select distinct case_id from safeguarding_concerns where case_id in (${cases}) and status = any(${params.add([...OPEN_CONCERN_STATUSES], 'text[]')})`;

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

/**
 * SQL of the cases (`case_id` rows), among those `cases` selects (one uuid column of the caller's
 * statement), with anyone on them whose latest level on either lens is `level` (for the top level:
 * the cases whose highest level it is, the team view's high-risk count). Two at the same moment:
 * the higher level counts, as a person's dual-lens view has it.
 * - `by_person` (a team's few thousand case-people): each person on the cases looked up by index.
 * - `by_assessment` (a whole area's cases): read from the assessments at that level outward, to
 *   their people and then their cases, so 100,000 case-people are never read. An assessment is the
 *   latest when none of its person's merge cluster on its lens is later.
 * The two give the same cases for the top level (a test holds them equal).
 */
export const casesAtLevelSql = (cases: string, level: RiskLevel, form: CasesForm) =>
  form === 'by_person'
    ? `select distinct x.case_id from (${levelsOnCasesByPersonSql(`in (${cases})`)}) x where x.level = ${levelLiteral(level)}`
    : `with merged as materialized (select id, merged_into from people where merged_into is not null),
   at_level as materialized (
     select distinct x.root from (
       select coalesce(m.merged_into, a.person_id) as root, a.lens, a.assessed_at
       from assessments a left join merged m on m.id = a.person_id
       where a.level = ${levelLiteral(level)} and a.lens in ('harm_faced', 'harm_posed')) x
     where not exists (select 1 from assessments b where b.person_id = x.root and b.lens = x.lens and b.assessed_at > x.assessed_at)
       and not exists (select 1 from merged mm join assessments b on b.person_id = mm.id
                       where mm.merged_into = x.root and b.lens = x.lens and b.assessed_at > x.assessed_at))
   select distinct cp.case_id from case_people cp
   where cp.person_id in (select root from at_level union all select m.id from merged m join at_level a on a.root = m.merged_into)
     and cp.case_id in (${cases})`;

// A level written into the statement (one of the known levels, never user text), so the index of
// high-level assessments (migration 0029) serves the plan kept for every call.
const levelLiteral = (level: RiskLevel) => {
  if (!RISK_LEVELS.includes(level)) throw new Error(`unknown risk level ${level}`);
  return `'${level}'`;
};
