import type { Queryable } from '../../platform/db/db.js';
import type { Category } from '../../platform/access/policy.js';
import type { ChronologyPart, ChronologyRow } from '../cases/chronology.js';

const iso = (d: Date | string) => new Date(d).toISOString();

/** Assessments, concerns, children's decisions and proportionality checks on the case's merged chronology. */
export const riskChronology: ChronologyPart[] = [
  {
    sql: `select x.assessed_at as at, x.agency_id, a.name as agency_name, x.id as ref_id, u.display_name as by_name,
            json_build_object('questionnaireId', x.questionnaire_id, 'version', x.questionnaire_version, 'level', x.level, 'lens', x.lens, 'person', p.display_name) as d
          from assessments x join people p on p.id = x.person_id join agencies a on a.id = x.agency_id left join users u on u.id = x.assessor_id where x.case_id = $1`,
    entries: (x: ChronologyRow<{ questionnaireId: string; version: number; level: string; lens: string; person: string }>) => [
      {
        at: iso(x.at),
        kind: 'assessment',
        agencyId: x.agency_id,
        agencyName: x.agency_name,
        title: `${x.d.questionnaireId.replace(/-/g, ' ')} (v${x.d.version}) for ${x.d.person}`,
        summary: x.d.lens === 'safeguarding' ? 'Safeguarding questions answered' : `${x.d.lens.replace('_', ' ')}: ${x.d.level}`,
        category: (x.d.lens === 'safeguarding' ? 'safeguarding' : 'risk') as Category,
        ref: { type: 'assessment', id: x.ref_id },
        by: x.by_name,
      },
    ],
  },
  {
    sql: `select s.created_at as at, s.raising_agency_id as agency_id, a.name as agency_name, s.id as ref_id, null as by_name,
            json_build_object('kind', s.kind, 'status', s.status, 'person', p.display_name, 'receiving', t.name) as d
          from safeguarding_concerns s join people p on p.id = s.person_id join agencies a on a.id = s.raising_agency_id join agencies t on t.id = s.to_agency_id where s.case_id = $1`,
    entries: (s: ChronologyRow<{ kind: string; status: string; person: string; receiving: string }>) => [
      {
        at: iso(s.at),
        kind: 'safeguarding_concern',
        agencyId: s.agency_id,
        agencyName: s.agency_name,
        title: `${s.d.kind === 'adult' ? 'Adult (Care Act s42)' : "Children's"} safeguarding concern about ${s.d.person} to ${s.d.receiving}`,
        summary: `Status: ${s.d.status}`,
        category: 'safeguarding',
        ref: { type: 'safeguarding_concern', id: s.ref_id },
      },
    ],
  },
  {
    sql: `select coalesce(d.recorded_at, d.created_at) as at, r.reporting_agency_id as agency_id, a.name as agency_name, d.id as ref_id, null as by_name,
            json_build_object('status', d.status, 'referralMade', d.referral_made, 'child', c.display_name) as d
          from children_decisions d join case_reports cr on cr.report_id = d.report_id join reports r on r.id = d.report_id
          join people c on c.id = d.child_person_id join agencies a on a.id = r.reporting_agency_id where cr.case_id = $1`,
    entries: (d: ChronologyRow<{ status: string; referralMade: boolean | null; child: string }>) => [
      {
        at: iso(d.at),
        kind: 'children_decision',
        agencyId: d.agency_id,
        agencyName: d.agency_name,
        title: `Children's safeguarding decision for ${d.d.child}`,
        summary: d.d.status === 'pending' ? 'Awaiting a recorded decision' : d.d.referralMade ? 'Decision recorded: referral made' : 'Decision recorded: no referral',
        category: 'children',
        ref: { type: 'children_decision', id: d.ref_id },
      },
    ],
  },
  {
    sql: `select r.recorded_at as at, r.agency_id, a.name as agency_name, r.id as ref_id, u.display_name as by_name, json_build_object('person', p.display_name) as d
          from proportionality_records r join people p on p.id = r.person_id join agencies a on a.id = r.agency_id left join users u on u.id = r.recorded_by where r.case_id = $1`,
    entries: (c: ChronologyRow<{ person: string }>) => [
      {
        at: iso(c.at),
        kind: 'proportionality_check',
        agencyId: c.agency_id,
        agencyName: c.agency_name,
        title: `Proportionality and capacity check for ${c.d.person}`,
        summary: 'Can they comply, support in place and equality considerations recorded',
        category: 'health',
        ref: { type: 'proportionality_record', id: c.ref_id },
        by: c.by_name,
      },
    ],
  },
];

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
