import type { Queryable } from '../../platform/db/db.js';
import type { ChronologyEntry } from '../cases/chronology.js';

/** Assessments, concerns and children's decisions on the case's merged chronology. */
export async function riskChronology(q: Queryable, caseId: string): Promise<ChronologyEntry[]> {
  const [assessments, concerns] = await Promise.all([
    q.query<{ id: string; assessed_at: Date; questionnaire_id: string; level: string; lens: string; person: string; agency_id: string; agency: string }>(
      `select x.id, x.assessed_at, x.questionnaire_id, x.level, x.lens, p.display_name as person, x.agency_id, a.name as agency
       from assessments x join people p on p.id = x.person_id join agencies a on a.id = x.agency_id where x.case_id = $1`,
      [caseId],
    ),
    q.query<{ id: string; created_at: Date; kind: string; status: string; person: string; raising_agency_id: string; agency: string; receiving: string }>(
      `select s.id, s.created_at, s.kind, s.status, p.display_name as person, s.raising_agency_id, a.name as agency, t.name as receiving
       from safeguarding_concerns s join people p on p.id = s.person_id join agencies a on a.id = s.raising_agency_id join agencies t on t.id = s.to_agency_id where s.case_id = $1`,
      [caseId],
    ),
  ]);
  return [
    ...assessments.rows.map((x) => ({
      at: new Date(x.assessed_at).toISOString(),
      kind: 'assessment',
      agencyId: x.agency_id,
      agencyName: x.agency,
      title: `${x.questionnaire_id.replace(/-/g, ' ')} for ${x.person}`,
      summary: `${x.lens.replace('_', ' ')}: ${x.level}`,
      category: 'risk' as const,
      ref: { type: 'assessment', id: x.id },
    })),
    ...concerns.rows.map((s) => ({
      at: new Date(s.created_at).toISOString(),
      kind: 'safeguarding_concern',
      agencyId: s.raising_agency_id,
      agencyName: s.agency,
      title: `${s.kind === 'adult' ? 'Adult' : "Children's"} safeguarding concern about ${s.person} to ${s.receiving}`,
      summary: `Status: ${s.status}`,
      category: 'safeguarding' as const,
      ref: { type: 'safeguarding_concern', id: s.id },
    })),
  ];
}

/** Dashboard figures: open cases by the highest current level of anyone on them, and overdue reviews. */
export async function riskInsight(q: Queryable, areaId: string) {
  const levels = await q.query<{ level: string | null; n: number }>(
    `with latest as (select distinct on (person_id, lens) person_id, level from assessments where lens <> 'safeguarding' order by person_id, lens, assessed_at desc),
     per_case as (select c.id, max(case l.level when 'high' then 3 when 'medium' then 2 when 'standard' then 1 end) as r
       from cases c left join case_people cp on cp.case_id = c.id left join latest l on l.person_id = cp.person_id
       where c.area_id = $1 and c.status <> 'closed' group by c.id)
     select case r when 3 then 'high' when 2 then 'medium' when 1 then 'standard' else 'not_assessed' end as level, count(*)::int as n from per_case group by 1`,
    [areaId],
  );
  const overdue = await q.query<{ n: number }>(
    `select count(*)::int as n from (select distinct on (person_id, lens) review_due from assessments x join agencies a on a.id = x.agency_id
       where a.area_id = $1 and lens <> 'safeguarding' order by person_id, lens, assessed_at desc) l where review_due < now()`,
    [areaId],
  );
  const concerns = await q.query<{ status: string; n: number }>(
    'select s.status, count(*)::int as n from safeguarding_concerns s join agencies a on a.id = s.raising_agency_id where a.area_id = $1 group by 1',
    [areaId],
  );
  return {
    openCasesByRisk: Object.fromEntries(levels.rows.map((r) => [r.level, r.n])),
    overdueReviews: overdue.rows[0]?.n ?? 0,
    safeguardingConcernsByStatus: Object.fromEntries(concerns.rows.map((r) => [r.status, r.n])),
  };
}
