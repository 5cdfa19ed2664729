import type { Queryable } from '../../platform/db/db.js';
import type { Params } from '../../platform/db/params.js';
import type { Lens, RiskLevel } from './rules/index.js';
import { linkedClusterSql, linkedHistoryColumn } from '../linking/store.js';
import { mergeCluster } from '../people/store.js';

/** One stored assessment: the answers, the questionnaire version they used and what they scored. */
export interface AssessmentRow {
  id: string;
  person_id: string;
  case_id: string | null;
  questionnaire_id: string;
  questionnaire_version: number;
  lens: Lens;
  answers: Record<string, { value: unknown; reason?: string }>;
  raw_score: number;
  persistence_score: number;
  total_score: number;
  level: RiskLevel;
  level_without_persistence: RiskLevel;
  reasons: string[];
  linked_reports: number;
  persistence_rule: string | null;
  assessed_at: Date;
  review_due: Date;
  assessor_id: string | null;
  agency_id: string;
}

export type NewAssessment = Omit<AssessmentRow, 'assessed_at' | 'review_due'> & { assessed_at: string; review_due: Date; triggered_by: string[] };

/** The new assessment as a CTE (`assessment`, returning its id) for the front of its write. */
export function assessmentCte(s: Params, a: NewAssessment): string {
  const values = [
    a.id, a.person_id, a.case_id, a.questionnaire_id, a.questionnaire_version, a.lens, JSON.stringify(a.answers), a.raw_score, a.persistence_score, a.total_score, a.level,
    a.level_without_persistence, JSON.stringify(a.reasons), JSON.stringify(a.triggered_by), a.persistence_rule, a.linked_reports, a.assessed_at, a.review_due, a.assessor_id, a.agency_id,
  ];
  return `assessment as (
       insert into assessments (id, person_id, case_id, questionnaire_id, questionnaire_version, lens, answers, raw_score, persistence_score, total_score, level,
         level_without_persistence, reasons, triggered_by, persistence_rule, linked_reports, assessed_at, review_due, assessor_id, agency_id)
       values (${values.map((v) => s.add(v)).join(', ')})
       returning id)`;
}

/** The person's open early and scheduled reviews, marked done by a fresh assessment (`reviews_answered`). */
export function reviewsAnsweredCte(s: Params, personId: string, userId: string, note: string): string {
  const person = s.add(personId);
  return `reviews_answered as (
       update tasks set status = 'done', done_at = now(), done_by = ${s.add(userId)}, done_note = ${s.add(note)}
       where person_id in ${mergeCluster(person)} and kind in ('early_review', 'risk_review') and status = 'open' returning id)`;
}

export async function assessmentById(q: Queryable, id: string): Promise<AssessmentRow | null> {
  const r = await q.query<AssessmentRow>('select * from assessments where id = $1', [id]);
  return r.rows[0] ?? null;
}

/** Every assessment of the person and anyone merged into them, oldest first. */
export async function assessmentsOf(q: Queryable, personId: string): Promise<AssessmentRow[]> {
  const { rows } = await q.query<AssessmentRow>(
    `select a.* from assessments a where a.person_id in ${mergeCluster('$1')} order by a.assessed_at, a.id`,
    [personId],
  );
  return rows;
}

// Newest first; of two made at the same moment, the higher level counts.
const latestFirst = (alias: string) => `${alias}.assessed_at desc, case ${alias}.level when 'high' then 3 when 'medium' then 2 else 1 end desc`;
const LATEST_FIRST = `order by ${latestFirst('a')}`;

/** The latest level on one lens for a person (and anyone merged into them), as a SQL expression over the person placeholder `p`. */
export const latestLevelSql = (p: string, lens: 'harm_faced' | 'harm_posed') =>
  `(select a.level from assessments a where a.person_id in ${mergeCluster(p)} and a.lens = '${lens === 'harm_faced' ? 'harm_faced' : 'harm_posed'}' ${LATEST_FIRST} limit 1)`;

/** The latest assessment on one lens (or of one questionnaire), across the person's merge cluster. */
export async function latestAssessment(q: Queryable, personId: string, by: { lens?: Lens; questionnaireId?: string }): Promise<AssessmentRow | null> {
  const r = await q.query<AssessmentRow>(
    `select a.* from assessments a
     where a.person_id in ${mergeCluster('$1')} and ($2::text is null or a.lens = $2) and ($3::text is null or a.questionnaire_id = $3)
     ${LATEST_FIRST} limit 1`,
    [personId, by.lens ?? null, by.questionnaireId ?? null],
  );
  return r.rows[0] ?? null;
}

// Is the person ($2, or anyone merged into them) on the case ($1)?
const ON_CASE = `exists (select 1 from case_people cp where cp.case_id = $1 and cp.person_id in ${mergeCluster('$2')})`;

/**
 * What an assessment on a case reads with the case's own statement ($1 the case): whether the
 * person is on it (`person_on_case`, the test above) and the reports about them and anyone linked
 * to them (`linked_history`, for persistence).
 */
export const assessmentCaseColumns = (personId: string, linkThreshold: number) => ({
  sql: `${ON_CASE} as person_on_case, ${linkedHistoryColumn('$2', '$3')} as linked_history`,
  params: [personId, linkThreshold],
});

/** Is the person (or anyone merged into them) on the case? */
export async function personOnCase(q: Queryable, caseId: string, personId: string): Promise<boolean> {
  const r = await q.query<{ on_case: boolean }>(`select ${ON_CASE} as on_case`, [caseId, personId]);
  return r.rows[0].on_case;
}

/** The people on a case with their roles (merged records shown under the surviving id). */
export async function casePeople(q: Queryable, caseId: string): Promise<{ person_id: string; display_name: string; roles: string[] }[]> {
  const { rows } = await q.query<{ person_id: string; display_name: string; roles: string[] }>(
    `select coalesce(m.merged_into, m.id) as person_id, min(p.display_name) as display_name, array_agg(distinct cp.role) as roles
     from case_people cp join people m on m.id = cp.person_id join people p on p.id = coalesce(m.merged_into, m.id)
     where cp.case_id = $1 group by 1 order by 2`,
    [caseId],
  );
  return rows;
}

// Each member's latest per lens by the (person, lens, date) index: a plain join let the reused
// plan scan every assessment. `members` gives (id, root) pairs, and with `forEach` a third column
// of that name: the latest are then worked out for each of its values apart.
const latestLevelsOf = (members: string, forEach?: string) => {
  const key = forEach ? `m.${forEach}, ` : '';
  return `with members as (${members})
   select distinct on (${key}m.root, a.lens) a.*, ${key}m.root
   from members m
   cross join (values ('harm_faced'), ('harm_posed')) l(lens)
   cross join lateral (select * from assessments a where a.person_id = m.id and a.lens = l.lens ${LATEST_FIRST} limit 1) a
   order by ${key}m.root, a.lens, ${latestFirst('a')}`;
};

/** Latest harm-faced and harm-posed assessment of each of these people (and records merged into them). */
export async function latestLevels(q: Queryable, personIds: string[]): Promise<(AssessmentRow & { root: string })[]> {
  if (personIds.length === 0) return [];
  const { rows } = await q.query<AssessmentRow & { root: string }>(
    latestLevelsOf(`select id, coalesce(merged_into, id) as root from people where id = any($1::uuid[])
                    union select id, merged_into from people where merged_into = any($1::uuid[])`),
    [personIds],
  );
  return rows;
}

/** How a statement finds risk on many cases: from their people, or from the assessments outward. */
export type CasesForm = 'by_person' | 'by_assessment';

/**
 * Per case, the latest level on each lens of each person on it (merged records shown under, and
 * their assessments counted for, the record they were merged into): `case_id`, `level` rows.
 * Few cases: each person's latest by the (person, lens, date) index. Many: probing every person
 * cost 0.44 s for a 625-practitioner team's 80,000 people, so every assessment's latest is taken
 * instead (what the assessments cost, not the people) and joined to the cases' people by hash.
 * Both give the same rows (a test holds them equal).
 */
export async function levelsOnCases(q: Queryable, caseIds: string[], form: CasesForm): Promise<{ case_id: string; level: RiskLevel }[]> {
  if (caseIds.length === 0) return [];
  const sql =
    form === 'by_person'
      ? levelsOnCasesByPersonSql('= any($1::uuid[])')
      : // The case ids through a sub-select: in sight, tens of thousands of them took 25 ms to plan.
        `with merged as materialized (select id, merged_into from people where merged_into is not null),
         latest as (
           select distinct on (x.root, x.lens) x.root, x.level
           from (select coalesce(m.merged_into, a.person_id) as root, a.lens, a.level, a.assessed_at
                 from assessments a left join merged m on m.id = a.person_id
                 where a.lens in ('harm_faced', 'harm_posed')) x
           order by x.root, x.lens, ${latestFirst('x')})
         select distinct cp.case_id, l.level
         from case_people cp left join merged m on m.id = cp.person_id
         join latest l on l.root = coalesce(m.merged_into, cp.person_id)
         where cp.case_id = any((select $1::uuid[])::uuid[])`;
  return (await q.query<{ case_id: string; level: RiskLevel }>(sql, [caseIds])).rows;
}

/**
 * levelsOnCases' few-cases form as SQL (`case_id`, `level` rows), for the cases whose id meets
 * `condition` (SQL after `case_id`): each person on them looked up by the (person, lens, date) index.
 */
export const levelsOnCasesByPersonSql = (condition: string) =>
  `with on_case as materialized (
     select distinct cp.case_id, coalesce(p.merged_into, p.id) as root
     from case_people cp join people p on p.id = cp.person_id where cp.case_id ${condition})
   select oc.case_id, l.level from on_case oc
   join (${latestLevelsOf(`select root as id, root from on_case union select m.id, m.merged_into from people m where m.merged_into in (select root from on_case)`)}) l on l.root = oc.root`;

/**
 * The same for everyone linked to each of these people (linking's cluster): one statement however
 * many people a report names; `person` says whose cluster a row belongs to.
 */
export async function latestLevelsOfLinked(q: Queryable, personIds: string[], linkThreshold: number): Promise<(AssessmentRow & { root: string; person: string })[]> {
  if (personIds.length === 0) return [];
  const { rows } = await q.query<AssessmentRow & { root: string; person: string }>(
    // Each person's linked cluster is worked out once, as an array both index lookups read. The
    // people are read through a sub-select: with the list in sight the planner planned every call
    // afresh (0.7 ms a plan, against 0.15 ms to run).
    latestLevelsOf(
      `with linked as materialized (select x.person, array(${linkedClusterSql('x.person', '$2')}) as ids from unnest((select $1::uuid[])) x(person))
       select l.person, p.id, coalesce(p.merged_into, p.id) as root from linked l join people p on p.id = any(l.ids)
       union select l.person, p.id, p.merged_into from linked l join people p on p.merged_into = any(l.ids)`,
      'person',
    ),
    [personIds, linkThreshold],
  );
  return rows;
}

/** Question ids whose "yes" records a need (ids are kept stable across questionnaire versions). */
export const NEED_QUESTIONS = {
  mental_health: ['mental_health'],
  substance_use: ['substance_use', 'alcohol_drugs'],
  care_and_support: ['care_support_needs', 'learning_disability_autism'],
} as const;
export type Need = keyof typeof NEED_QUESTIONS;

/** Which needs have ever been recorded (a "yes") in any assessment of each person. */
export async function recordedNeeds(q: Queryable, personIds: string[]): Promise<Map<string, Set<Need>>> {
  const out = new Map<string, Set<Need>>();
  if (personIds.length === 0) return out;
  const questions = Object.values(NEED_QUESTIONS).flat();
  const { rows } = await q.query<{ root: string; question: string }>(
    `select distinct coalesce(p.merged_into, p.id) as root, k.key as question
     from assessments a join people p on p.id = a.person_id cross join lateral jsonb_each(a.answers) k
     where (p.id = any($1::uuid[]) or p.merged_into = any($1::uuid[])) and k.key = any($2::text[]) and k.value->>'value' = 'yes'`,
    [personIds, questions],
  );
  for (const r of rows) {
    const set = out.get(r.root) ?? new Set<Need>();
    for (const [need, ids] of Object.entries(NEED_QUESTIONS)) if ((ids as readonly string[]).includes(r.question)) set.add(need as Need);
    out.set(r.root, set);
  }
  return out;
}

export interface ProportionalityRow {
  id: string;
  person_id: string;
  case_id: string;
  can_comply: string;
  support_in_place: string;
  equality_considerations: string;
  recorded_by: string | null;
  recorded_by_name: string | null;
  agency_id: string;
  agency_name: string;
  recorded_at: Date;
}

const PROPORTIONALITY_SELECT = `select r.*, u.display_name as recorded_by_name, a.name as agency_name
  from proportionality_records r join agencies a on a.id = r.agency_id left join users u on u.id = r.recorded_by`;

/** The person's latest proportionality and capacity record on this case. */
export async function latestProportionality(q: Queryable, personId: string, caseId: string): Promise<ProportionalityRow | null> {
  const r = await q.query<ProportionalityRow>(
    `${PROPORTIONALITY_SELECT} where r.case_id = $2 and r.person_id in ${mergeCluster('$1')} order by r.recorded_at desc limit 1`,
    [personId, caseId],
  );
  return r.rows[0] ?? null;
}

export async function caseProportionality(q: Queryable, caseId: string): Promise<ProportionalityRow[]> {
  const r = await q.query<ProportionalityRow>(`${PROPORTIONALITY_SELECT} where r.case_id = $1 order by r.recorded_at desc`, [caseId]);
  return r.rows;
}
