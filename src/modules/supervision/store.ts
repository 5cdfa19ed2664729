import type { Queryable } from '../../platform/db/db.js';
import { Params } from '../../platform/db/params.js';
import type { SessionKind } from './rules.js';
import { newId } from '../../platform/ids.js';

export interface PractitionerRow {
  id: string;
  display_name: string;
  role: string;
  team_id: string | null;
  agency_id: string;
  created_at: Date;
}

export async function practitioner(q: Queryable, userId: string): Promise<PractitionerRow | null> {
  const r = await q.query<PractitionerRow>("select id, display_name, role, team_id, agency_id, created_at from users where id = $1 and role <> 'system'", [userId]);
  return r.rows[0] ?? null;
}

/** Active practitioners in a team in the supervised roles. */
export async function teamPractitioners(q: Queryable, teamId: string, roles: string[]): Promise<PractitionerRow[]> {
  const r = await q.query<PractitionerRow>(
    'select id, display_name, role, team_id, agency_id, created_at from users where team_id = $1 and role = any($2::text[]) and not disabled order by display_name',
    [teamId, roles],
  );
  return r.rows;
}

export async function insertSession(
  q: Queryable,
  s: { kind: SessionKind; heldOn: string; practitionerId: string; supervisorId: string | null; agencyId: string; score: number; manageable: string; distressing: boolean; supportAgreed?: string; reflections?: string; recordedBy: string },
): Promise<string> {
  const id = newId();
  await q.query(
    `insert into supervision_sessions (id, kind, held_on, practitioner_id, supervisor_id, agency_id, wellbeing_score, workload_manageable, distressing_exposure, support_agreed, reflections, recorded_by)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
    [id, s.kind, s.heldOn, s.practitionerId, s.supervisorId, s.agencyId, s.score, s.manageable, s.distressing, s.supportAgreed ?? null, s.reflections ?? null, s.recordedBy],
  );
  return id;
}

export async function addCaseDiscussed(q: Queryable, sessionId: string, caseId: string, note?: string) {
  await q.query('insert into supervision_cases (session_id, case_id, note) values ($1,$2,$3) on conflict do nothing', [sessionId, caseId, note ?? null]);
}

/** The case, if the practitioner's agency is a party to it (what may be discussed in their supervision). */
export async function caseForPractitioner(q: Queryable, caseId: string, agencyId: string): Promise<boolean> {
  const r = await q.query('select 1 from case_agencies where case_id = $1 and agency_id = $2', [caseId, agencyId]);
  return r.rowCount > 0;
}

export interface SessionRow {
  id: string;
  kind: SessionKind;
  held_on: string;
  practitioner_id: string;
  practitioner: string;
  supervisor_id: string | null;
  supervisor: string | null;
  wellbeing_score: number;
  workload_manageable: string;
  distressing_exposure: boolean;
  support_agreed: string | null;
  reflections: string | null;
  recorded_by: string | null;
  created_at: Date;
  cases: { caseId: string; reference: string; title: string; note: string | null }[];
}

const SESSION_SELECT = `select s.id, s.kind, s.held_on, s.practitioner_id, pu.display_name as practitioner, s.supervisor_id, su.display_name as supervisor,
    s.wellbeing_score, s.workload_manageable, s.distressing_exposure, s.support_agreed, s.reflections, ru.display_name as recorded_by, s.created_at,
    coalesce((select json_agg(json_build_object('caseId', c.id, 'reference', c.reference, 'title', c.title, 'note', sc.note) order by c.reference)
              from supervision_cases sc join cases c on c.id = sc.case_id where sc.session_id = s.id), '[]'::json) as cases
  from supervision_sessions s join users pu on pu.id = s.practitioner_id left join users su on su.id = s.supervisor_id left join users ru on ru.id = s.recorded_by`;

export async function sessionsFor(q: Queryable, practitionerId: string, kind?: string): Promise<SessionRow[]> {
  const r = await q.query<SessionRow>(`${SESSION_SELECT} where s.practitioner_id = $1 and ($2::text is null or s.kind = $2) order by s.held_on desc, s.created_at desc limit 200`, [practitionerId, kind ?? null]);
  return r.rows;
}

export async function session(q: Queryable, id: string): Promise<SessionRow | null> {
  const r = await q.query<SessionRow>(`${SESSION_SELECT} where s.id = $1`, [id]);
  return r.rows[0] ?? null;
}

/** Each practitioner's last session of the kinds that restart the clock, and last check-in of any kind. */
export async function lastSessions(q: Queryable, userIds: string[], counting: string[]): Promise<Map<string, { lastCounting: string | null; lastCheckIn: string | null }>> {
  const r = await q.query<{ user_id: string; last_counting: string | null; last_check_in: string | null }>(
    `select u.id as user_id,
       (select max(held_on) from supervision_sessions s where s.practitioner_id = u.id and s.kind = any($2::text[]))::text as last_counting,
       (select max(held_on) from supervision_sessions s where s.practitioner_id = u.id and s.kind = 'peer_check_in')::text as last_check_in
     from users u where u.id = any($1::uuid[])`,
    [userIds, counting],
  );
  return new Map(r.rows.map((x) => [x.user_id, { lastCounting: x.last_counting, lastCheckIn: x.last_check_in }]));
}

/** Everyone the cadence covers, with their team leader (who arranges supervision) and last counting session. */
export async function supervisedPractitioners(q: Queryable, roles: string[], counting: string[]) {
  const r = await q.query<{ id: string; display_name: string; team_id: string; agency_id: string; created_at: Date; leader_id: string | null; last_counting: string | null }>(
    `select u.id, u.display_name, u.team_id, u.agency_id, u.created_at,
       (select l.id from users l where l.team_id = u.team_id and l.role = 'team_leader' and not l.disabled and l.id <> u.id order by l.created_at, l.id limit 1) as leader_id,
       (select max(held_on) from supervision_sessions s where s.practitioner_id = u.id and s.kind = any($2::text[]))::text as last_counting
     from users u where u.role = any($1::text[]) and u.team_id is not null and not u.disabled order by u.id`,
    [roles, counting],
  );
  return r.rows;
}

/** Open cases the practitioner leads. */
export async function casesLed(q: Queryable, userId: string) {
  const r = await q.query<{ id: string; reference: string; title: string; status: string; opened_at: Date }>(
    `select c.id, c.reference, c.title, c.status, c.opened_at
     from cases c where c.lead_officer_id = $1 and c.status <> 'closed' order by c.opened_at, c.id`,
    [userId],
  );
  return r.rows;
}

/**
 * Per practitioner, the open cases they lead and how many of them are high risk or have an open
 * safeguarding concern (each part a service's SQL of `case_id` rows over the cases a select names),
 * in one statement: a whole team's 25,000 case ids sent to two statements and back cost more than
 * counting them. The parts' few cases are found first and the cases counted once, each checked
 * against them by hash. A part left out (its service absent) counts nothing.
 */
export async function caseFiguresOf(q: Queryable, userIds: string[], parts: { highRisk?: CasesSql; concerns?: CasesSql }) {
  const params = new Params();
  const ids = params.add(userIds, 'uuid[]');
  const open = `c.lead_officer_id = any(${ids}) and c.status <> 'closed'`;
  const led = `select c.id from cases c where ${open}`;
  const ctes = [
    `high as materialized (${parts.highRisk ? parts.highRisk(params, led) : 'select null::uuid as case_id where false'})`,
    `concerned as materialized (${parts.concerns ? parts.concerns(params, led) : 'select null::uuid as case_id where false'})`,
  ];
  const r = await q.query<{ user_id: string; open: number; high: number; concerns: number }>(
    `with ${ctes.join(',\n')}
     select c.lead_officer_id as user_id, count(*)::int as open,
            (count(*) filter (where c.id in (select case_id from high)))::int as high,
            (count(*) filter (where c.id in (select case_id from concerned)))::int as concerns
     from cases c where ${open}
     group by 1`,
    params.values,
  );
  return new Map(r.rows.map((x) => [x.user_id, x]));
}

/** SQL over the cases a select names (one uuid column), given by another module's service. */
type CasesSql = (params: Params, cases: string) => string;

/** How many open case actions each of these practitioners owns past their due date. */
export async function overdueCaseActionCounts(q: Queryable, userIds: string[], today: string): Promise<Map<string, number>> {
  const r = await q.query<{ user_id: string; n: number }>(
    "select owner_user_id as user_id, count(*)::int as n from case_actions where owner_user_id = any($1::uuid[]) and status = 'open' and due_date < $2::date group by 1",
    [userIds, today],
  );
  return new Map(r.rows.map((x) => [x.user_id, x.n]));
}

/** Open case actions the practitioner owns that are past their due date. */
export async function overdueCaseActions(q: Queryable, userId: string, today: string) {
  const r = await q.query<{ id: string; description: string; due_date: string; case_id: string; reference: string }>(
    `select x.id, x.description, x.due_date, x.case_id, c.reference from case_actions x join cases c on c.id = x.case_id
     where x.owner_user_id = $1 and x.status = 'open' and x.due_date < $2::date order by x.due_date limit 200`,
    [userId, today],
  );
  return r.rows;
}
