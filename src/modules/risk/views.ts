import type { Queryable } from '../../platform/db/db.js';
import type { Category } from '../../platform/access/policy.js';
import type { ChronologyEntry } from '../cases/chronology.js';

/** Assessments, concerns, children's decisions and proportionality checks on the case's merged chronology. */
export async function riskChronology(q: Queryable, caseId: string): Promise<ChronologyEntry[]> {
  const [assessments, concerns, decisions, checks] = await Promise.all([
    q.query<{ id: string; assessed_at: Date; questionnaire_id: string; questionnaire_version: number; level: string; lens: string; person: string; agency_id: string; agency: string; by_name: string | null }>(
      `select x.id, x.assessed_at, x.questionnaire_id, x.questionnaire_version, x.level, x.lens, p.display_name as person, x.agency_id, a.name as agency, u.display_name as by_name
       from assessments x join people p on p.id = x.person_id join agencies a on a.id = x.agency_id left join users u on u.id = x.assessor_id where x.case_id = $1`,
      [caseId],
    ),
    q.query<{ id: string; created_at: Date; kind: string; status: string; person: string; raising_agency_id: string; agency: string; receiving: string }>(
      `select s.id, s.created_at, s.kind, s.status, p.display_name as person, s.raising_agency_id, a.name as agency, t.name as receiving
       from safeguarding_concerns s join people p on p.id = s.person_id join agencies a on a.id = s.raising_agency_id join agencies t on t.id = s.to_agency_id where s.case_id = $1`,
      [caseId],
    ),
    q.query<{ id: string; created_at: Date; recorded_at: Date | null; status: string; referral_made: boolean | null; child: string; agency_id: string; agency: string }>(
      `select d.id, d.created_at, d.recorded_at, d.status, d.referral_made, c.display_name as child, r.reporting_agency_id as agency_id, a.name as agency
       from children_decisions d join case_reports cr on cr.report_id = d.report_id join reports r on r.id = d.report_id
       join people c on c.id = d.child_person_id join agencies a on a.id = r.reporting_agency_id where cr.case_id = $1`,
      [caseId],
    ),
    q.query<{ id: string; recorded_at: Date; person: string; agency_id: string; agency: string; by_name: string | null }>(
      `select r.id, r.recorded_at, p.display_name as person, r.agency_id, a.name as agency, u.display_name as by_name
       from proportionality_records r join people p on p.id = r.person_id join agencies a on a.id = r.agency_id left join users u on u.id = r.recorded_by where r.case_id = $1`,
      [caseId],
    ),
  ]);
  return [
    ...assessments.rows.map((x) => ({
      at: new Date(x.assessed_at).toISOString(),
      kind: 'assessment',
      agencyId: x.agency_id,
      agencyName: x.agency,
      title: `${x.questionnaire_id.replace(/-/g, ' ')} (v${x.questionnaire_version}) for ${x.person}`,
      summary: x.lens === 'safeguarding' ? 'Safeguarding questions answered' : `${x.lens.replace('_', ' ')}: ${x.level}`,
      category: (x.lens === 'safeguarding' ? 'safeguarding' : 'risk') as Category,
      ref: { type: 'assessment', id: x.id },
      by: x.by_name,
    })),
    ...concerns.rows.map((s) => ({
      at: new Date(s.created_at).toISOString(),
      kind: 'safeguarding_concern',
      agencyId: s.raising_agency_id,
      agencyName: s.agency,
      title: `${s.kind === 'adult' ? 'Adult (Care Act s42)' : "Children's"} safeguarding concern about ${s.person} to ${s.receiving}`,
      summary: `Status: ${s.status}`,
      category: 'safeguarding' as const,
      ref: { type: 'safeguarding_concern', id: s.id },
    })),
    ...decisions.rows.map((d) => ({
      at: new Date(d.recorded_at ?? d.created_at).toISOString(),
      kind: 'children_decision',
      agencyId: d.agency_id,
      agencyName: d.agency,
      title: `Children's safeguarding decision for ${d.child}`,
      summary: d.status === 'pending' ? 'Awaiting a recorded decision' : d.referral_made ? 'Decision recorded: referral made' : 'Decision recorded: no referral',
      category: 'children' as const,
      ref: { type: 'children_decision', id: d.id },
    })),
    ...checks.rows.map((c) => ({
      at: new Date(c.recorded_at).toISOString(),
      kind: 'proportionality_check',
      agencyId: c.agency_id,
      agencyName: c.agency,
      title: `Proportionality and capacity check for ${c.person}`,
      summary: 'Can they comply, support in place and equality considerations recorded',
      category: 'health' as const,
      ref: { type: 'proportionality_record', id: c.id },
      by: c.by_name,
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
