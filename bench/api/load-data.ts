/**
 * Loads a large, realistic area straight into the database with set-based SQL (one statement per
 * table): places with repeat hotspots, people with shared surnames and households, reports that
 * return to the same victims, places and perpetrators, and cases over some of them, with the
 * people on cases assessed (victims for the harm they face, alleged perpetrators for the harm they
 * pose; most at standard, some medium, a few high, some assessed twice), open safeguarding
 * concerns on a few cases, case conferences on some, and every officer's supervision over a year.
 */
import type { Db } from '../../src/platform/db/db.js';
import { latestQuestionnaire, loadAllQuestionnaires, RISK_LEVELS, scoreAssessment, type RiskLevel } from '../../src/modules/risk/rules/index.js';
import { answersScoring, NO_HISTORY } from '../../src/modules/risk/rules/test-support.js';
import { GIVEN_NAMES, SURNAME_HEADS, SURNAME_TAILS, weightedSurnames } from './names.js';

const STREETS = ['Mill Lane', 'Canal Row', 'Elm Court', 'Station Road', 'Church Street', 'Park Avenue', 'Victoria Road', 'Queens Drive', 'Northgate', 'Riverside Walk', 'Hope Street', 'Bridge Street', 'Albert Terrace', 'Market Place', 'Cromwell Road'];
const CATEGORIES = ['harassment', 'intimidation', 'verbal_abuse', 'noise', 'drug_related', 'alcohol_related', 'rowdy_behaviour', 'vehicle_nuisance', 'neighbour_dispute', 'criminal_damage', 'fly_tipping', 'graffiti'];
const DESCRIPTIONS = [
  'Loud music and shouting late at night from the flat above',
  'Group gathering on the stairwell, drinking and intimidating residents',
  'Neighbour shouting abuse and banging on the door',
  'Cars revving and racing on the estate road after midnight',
  'Suspected drug dealing from the address, visitors at all hours',
  'Rubbish dumped in the communal garden again',
  'Graffiti on the shop shutters and bus shelter',
  'Threats made to the victim on the landing, victim frightened to go out',
];

const arr = (xs: string[]) => `(array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}])`;

export interface Loaded {
  reports: number;
  people: number;
  places: number;
  cases: number;
  seconds: number;
}

/** Loads `n` reports (and n/3 people, n/10 places, n/40 cases) for the agencies given. */
export async function loadArea(db: Db, n: number, ids: { areaId: string; agencies: string[]; officerId: string; agencyForCases: string }, log = console.log): Promise<Loaded> {
  const t0 = performance.now();
  const common = weightedSurnames();
  const people = Math.max(10, Math.floor(n / 3));
  const places = Math.max(10, Math.floor(n / 10));
  const cases = Math.max(1, Math.floor(n / 40));
  const officers = Math.max(1, Math.ceil(cases / 40));
  const step = async (label: string, sql: string) => {
    const s = performance.now();
    await db.exec(sql);
    log(`  ${label} in ${((performance.now() - s) / 1000).toFixed(1)} s`);
  };
  await step(
    `${places} places`,
    `create temp table b_places as select i, gen_random_uuid() as id from generate_series(1, ${places}) i;
     insert into places (id, line1, town, postcode, postcode_sector, lat, lon, lsoa_code, lsoa_name, match_key)
     select id, ((i % 200) + 1) || ' ' || (${arr(STREETS)})[1 + (i / 200) % ${STREETS.length}], 'Riverside',
       'M' || (1 + i % 9) || ' ' || (1 + (i / 9) % 9) || chr(65 + i % 26) || chr(65 + (i / 26) % 26),
       'M' || (1 + i % 9) || ' ' || (1 + (i / 9) % 9), 53.4 + (i % 1000) / 10000.0, -2.3 + (i % 997) / 10000.0,
       'E0100' || lpad((i % 1800)::text, 4, '0'), 'Riverside ' || lpad((i % 1800)::text, 4, '0'), 'bench:' || i
     from b_places;`,
  );
  await step(
    `${people} people`,
    `create temp table b_people as select i, gen_random_uuid() as id,
       (${arr(GIVEN_NAMES)})[1 + ((i::bigint * 2654435761) % 1000003) % ${GIVEN_NAMES.length}] as given,
       case when i % 2 = 0 then (${arr(common)})[1 + ((i::bigint * 40503) % 999983) % ${common.length}]
            else (${arr(SURNAME_HEADS)})[1 + ((i::bigint * 97) % 1000033) % ${SURNAME_HEADS.length}] || (${arr(SURNAME_TAILS)})[1 + ((i::bigint * 7907) % 1000037) % ${SURNAME_TAILS.length}] end as family,
       date '1940-01-01' + ((i * 37) % 25000) as dob, ${arr(ids.agencies)}[1 + i % ${ids.agencies.length}]::uuid as agency
     from generate_series(1, ${people}) i;
     insert into people (id, owner_agency_id, display_name, date_of_birth) select id, agency, given || ' ' || family, dob from b_people;
     insert into person_names (id, person_id, given_name, family_name, full_name, given_code, family_code, source_agency_id)
       select gen_random_uuid(), id, given, family, lower(given || ' ' || family), dmetaphone(given), dmetaphone(family), agency from b_people;
     insert into person_birth_dates (person_id, date_of_birth, source_agency_id) select id, dob, agency from b_people;
     insert into person_addresses (id, person_id, place_id, source_agency_id)
       select gen_random_uuid(), p.id, pl.id, p.agency from b_people p join b_places pl on pl.i = 1 + (p.i / 2) % ${places};`,
  );
  // Repeat patterns: a fifth of reports come back to the same 2% of places and people.
  await step(
    `${n} reports`,
    `create temp table b_reports as select i, gen_random_uuid() as id,
       case when i % 5 = 0 then 1 + (i::bigint * 31) % greatest(1, ${places} / 50) else 1 + (i::bigint * 7919) % ${places} end as place_i,
       case when i % 5 = 0 then 1 + (i::bigint * 17) % greatest(1, ${people} / 50) else 1 + (i::bigint * 104729) % ${people} end as victim_i,
       1 + (i::bigint * 15485863) % ${people} as perp_i
     from generate_series(1, ${n}) i;
     insert into reports (id, reference, received_at, channel, reporting_agency_id, category_code, description, place_id, lat, lon, lsoa_code)
       select r.id, 'BENCH-' || lpad(r.i::text, 8, '0'), now() - ((r.i % 730) || ' days')::interval - ((r.i % 86400) || ' seconds')::interval,
         (array['phone','police_system','housing_system','online','email'])[1 + r.i % 5], ${arr(ids.agencies)}[1 + r.i % ${ids.agencies.length}]::uuid,
         (${arr(CATEGORIES)})[1 + r.i % ${CATEGORIES.length}], (${arr(DESCRIPTIONS)})[1 + r.i % ${DESCRIPTIONS.length}] || ' (' || r.i || ')',
         pl.id, 53.4 + (r.place_i % 1000) / 10000.0, -2.3 + (r.place_i % 997) / 10000.0, 'E0100' || lpad((r.place_i % 1800)::text, 4, '0')
       from b_reports r join b_places pl on pl.i = r.place_i;
     insert into report_people (report_id, person_id, role) select r.id, p.id, 'victim' from b_reports r join b_people p on p.i = r.victim_i where r.i % 10 < 7;
     insert into report_people (report_id, person_id, role) select r.id, p.id, 'alleged_perpetrator' from b_reports r join b_people p on p.i = r.perp_i where r.i % 10 < 3 and r.perp_i <> r.victim_i;`,
  );
  await step(
    `${cases} cases`,
    // A caseload of about 40 cases per officer: the benchmark's officer leads one caseload, colleagues the rest.
    // Officers work in teams of twelve, as a neighbourhood team would; the benchmark's officer is in
    // the first (the demo team leader's) with eleven of them.
    `create temp table b_officers as select i, case when i = 0 then '${ids.officerId}'::uuid else gen_random_uuid() end as id from generate_series(0, ${officers - 1}) i;
     create temp table b_teams as select t, case when t = 0 then (select team_id from users where id = '${ids.officerId}') else gen_random_uuid() end as id
       from generate_series(0, ${Math.floor((officers - 1) / 12)}) t;
     insert into teams (id, agency_id, name) select tm.id, u.agency_id, 'Neighbourhood team ' || tm.t from b_teams tm join users u on u.id = '${ids.officerId}' where tm.t > 0;
     insert into users (id, agency_id, team_id, email, display_name, role)
       select o.id, u.agency_id, tm.id, 'bench.officer.' || o.i || '@council.demo', 'Officer ' || o.i, 'officer'
       from b_officers o join users u on u.id = '${ids.officerId}' join b_teams tm on tm.t = o.i / 12 where o.i > 0;
     create temp table b_cases as select i, gen_random_uuid() as id from generate_series(1, ${cases}) i;
     insert into cases (id, reference, title, case_type, area_id, lead_agency_id, lead_officer_id, opened_at, created_by)
       select c.id, 'BCASE-' || lpad(c.i::text, 7, '0'), 'Case ' || c.i, 'asb', '${ids.areaId}', '${ids.agencyForCases}', o.id, now() - ((c.i % 365) || ' days')::interval, '${ids.officerId}'
       from b_cases c join b_officers o on o.i = c.i % ${officers};
     insert into case_agencies (case_id, agency_id, role) select id, '${ids.agencyForCases}', 'lead' from b_cases;
     insert into case_reports (case_id, report_id) select c.id, r.id from b_reports r join b_cases c on c.i = (r.i - 1) / 4 + 1 where r.i <= ${cases} * 4;
     insert into case_people (case_id, person_id, role) select distinct cr.case_id, rp.person_id, rp.role from case_reports cr join report_people rp on rp.report_id = cr.report_id
       join b_cases c on c.id = cr.case_id;
     insert into case_notes (id, case_id, agency_id, author_id, body) select gen_random_uuid(), id, '${ids.agencyForCases}', '${ids.officerId}', 'Visited the victim; agreed a support plan.' from b_cases;`,
  );
  await step('assessments and safeguarding concerns', assessmentsSql(ids));
  const made = (await db.query<{ n: number }>('select count(*)::int as n from assessments')).rows[0].n;
  if (made < cases) throw new Error(`only ${made} assessments were loaded for ${cases} cases`);
  await step('case conferences and supervision', meetingsAndSupervisionSql(ids));
  await db.exec('drop table b_places, b_people, b_reports, b_cases, b_officers, b_teams');
  // Vacuumed as well as analysed: a loaded area is measured as autovacuum would leave it (index-only
  // scans need the visibility map), not straight out of one bulk insert.
  await step('vacuum and analyse', 'vacuum analyze');
  // The load's writes are flushed before measuring, so a first run does not pay for the checkpoint.
  if (db.kind === 'postgres') await step('checkpoint', 'checkpoint');
  return { reports: n, people, places, cases, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Each person on a case assessed on their lens, by the case's lead officer, within the last six months (70 % standard, 22 %
 * medium, 8 % high; a fifth assessed again later, the later one counting), with answers that score
 * what they say by the shipped questionnaires; and on 3 % of cases an open safeguarding concern
 * about someone on it (another 2 % concluded).
 */
function assessmentsSql(ids: { agencies: string[]; officerId: string; agencyForCases: string }) {
  const defs = loadAllQuestionnaires();
  const sample = (questionnaireId: string, level: RiskLevel) => {
    const def = latestQuestionnaire(defs, questionnaireId)!;
    const answers = answersScoring(def, level === 'standard' ? 0 : def.thresholds[level]);
    const s = scoreAssessment(def, answers, NO_HISTORY);
    if (s.level !== level) throw new Error(`${questionnaireId}: answers for ${level} scored ${s.level}`);
    const text = (v: string) => `'${v.replace(/'/g, "''")}'::text`;
    const json = (v: unknown) => `${text(JSON.stringify(v))}::jsonb`;
    return `(${text(questionnaireId)}, ${def.version}, ${text(def.lens)}, ${text(level)}, ${json(answers)}, ${s.rawScore}, ${json(s.reasons)}, ${json(s.triggeredBy)})`;
  };
  const samples = [
    ...RISK_LEVELS.map((l) => sample('asb-victim-risk', l).replace('(', "('victim', ")),
    ...RISK_LEVELS.map((l) => sample('harm-to-others', l).replace('(', "('alleged_perpetrator', ")),
  ];
  return `create temp table b_samples (role, questionnaire_id, questionnaire_version, lens, level, answers, raw_score, reasons, triggered_by) as values ${samples.join(',\n')};
     create temp table b_assessed as
       select row_number() over () as i, cp.case_id, cp.person_id, cp.role from (select distinct on (person_id, role) case_id, person_id, role from case_people
         where role in ('victim', 'alleged_perpetrator') order by person_id, role, case_id) cp;
     insert into assessments (id, person_id, case_id, questionnaire_id, questionnaire_version, lens, answers, raw_score, persistence_score, total_score, level,
       level_without_persistence, reasons, triggered_by, persistence_rule, linked_reports, assessed_at, review_due, assessor_id, agency_id)
     select gen_random_uuid(), a.person_id, a.case_id, s.questionnaire_id, s.questionnaire_version, s.lens, s.answers, s.raw_score, 0, s.raw_score, s.level,
       s.level, s.reasons, s.triggered_by, null, 1, at.t, at.t + interval '90 days', c.lead_officer_id, '${ids.agencyForCases}'
     from b_assessed a join cases c on c.id = a.case_id
     cross join lateral (select x from generate_series(0, case when a.i % 5 = 0 then 1 else 0 end) x) again
     cross join lateral (select now() - ((a.i % 180) + 10 - again.x * 7 || ' days')::interval as t,
                                case when (a.i * 7 + again.x * 3) % 100 < 70 then 'standard' when (a.i * 7 + again.x * 3) % 100 < 92 then 'medium' else 'high' end as level) at
     join b_samples s on s.role = a.role and s.level = at.level;
     insert into safeguarding_concerns (id, kind, person_id, case_id, raised_by, raising_agency_id, to_agency_id, reason, what_shared, status, outcome)
     select gen_random_uuid(), 'adult', cp.person_id, c.id, '${ids.officerId}', '${ids.agencyForCases}', '${ids.agencies[0]}',
       'Care and support needs; repeat targeting', 'Risk assessment and case history',
       (array['raised', 'acknowledged', 'enquiry', 'outcome', 'outcome'])[1 + (c.i / 20) % 5], case when (c.i / 20) % 5 >= 3 then 'Section 42 enquiry: support put in place' end
     from b_cases c cross join lateral (select person_id from case_people where case_id = c.id order by role = 'victim' desc, person_id limit 1) cp
     where c.i % 20 = 0;
     drop table b_samples, b_assessed;`;
}

/**
 * Case conferences on a tenth of cases (held about two months ago, with the partners invited, the
 * lead agency's view and two decisions), one more still to come on a fiftieth; and every officer's
 * reflective supervision every six weeks over the past year, each talking through two of their cases.
 */
function meetingsAndSupervisionSql(ids: { agencies: string[]; officerId: string; agencyForCases: string }) {
  const partners = ids.agencies.map((a) => `'${a}'::uuid`).join(', ');
  return `create temp table b_meetings as
       select gen_random_uuid() as id, c.id as case_id, cs.lead_officer_id, held.x as held, c.i
       from b_cases c join cases cs on cs.id = c.id cross join lateral (select true as x where c.i % 10 = 0 union all select false where c.i % 50 = 0) held;
     insert into meetings (id, case_id, kind, title, scheduled_at, location, status, chair_user_id, minutes, held_at, created_by)
       select id, case_id, 'case_conference', 'Case conference', case when held then now() - ((50 + i % 20) || ' days')::interval else now() + ((1 + i % 28) || ' days')::interval end,
         'Riverside Civic Centre', case when held then 'held' else 'scheduled' end, lead_officer_id,
         case when held then 'Partners shared their views; support plan agreed.' end, case when held then now() - ((50 + i % 20) || ' days')::interval end, lead_officer_id
       from b_meetings;
     insert into meeting_invitees (meeting_id, agency_id, user_id, attended)
       select m.id, a.agency_id, null, case when m.held then true end from b_meetings m cross join unnest(array[${partners}]) a(agency_id);
     insert into meeting_views (meeting_id, agency_id, author_id, view, concerns, recommendation)
       select id, '${ids.agencyForCases}', lead_officer_id, 'Reports continue; the victim is worn down.', 'Escalating behaviour at night', 'Support first, then an acceptable behaviour contract'
       from b_meetings where held;
     insert into meeting_decisions (id, meeting_id, decision, rationale, recorded_by)
       select gen_random_uuid(), m.id, d.decision, 'Agreed by the partners present', m.lead_officer_id
       from b_meetings m cross join (values ('Offer tenancy support'), ('Review in six weeks')) d(decision) where m.held;
     create temp table b_sessions as
       select gen_random_uuid() as id, o.id as practitioner_id, u.agency_id, s.k, o.i
       from b_officers o join users u on u.id = o.id cross join generate_series(1, 8) s(k);
     insert into supervision_sessions (id, kind, held_on, practitioner_id, supervisor_id, agency_id, wellbeing_score, workload_manageable, distressing_exposure, support_agreed, reflections, recorded_by)
       select s.id, 'reflective_supervision', current_date - (s.k * 42 - 30 + s.i % 14)::int, s.practitioner_id, l.id, s.agency_id, 1 + (s.i + s.k) % 5,
         (array['yes', 'no', 'unsure'])[1 + (s.i + s.k) % 3], (s.i + s.k) % 4 = 0, 'Protected time for case notes', 'Talked through the hardest case.', l.id
       from b_sessions s left join lateral (select id from users where team_id = (select team_id from users where id = s.practitioner_id) and role = 'team_leader' limit 1) l on true;
     insert into supervision_cases (session_id, case_id, note)
       select s.id, c.id, 'Discussed the support plan' from b_sessions s
       cross join lateral (select id from cases where lead_officer_id = s.practitioner_id order by opened_at desc offset (s.k % 4) limit 2) c;
     drop table b_meetings, b_sessions;`;
}
