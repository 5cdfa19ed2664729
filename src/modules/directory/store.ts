import type { Queryable } from '../../platform/db/db.js';
import { newId } from '../../platform/ids.js';

export interface AreaRow { id: string; name: string; case_review_report_count: number; case_review_window_days: number }
export interface AgencyRow { id: string; area_id: string; name: string; kind: string }
export interface TeamRow { id: string; agency_id: string; name: string }
export interface UserRow { id: string; agency_id: string; team_id: string | null; email: string; display_name: string; role: string; locked_until: Date | null; disabled: boolean }

export async function insertArea(q: Queryable, a: { name: string; caseReviewReportCount: number; caseReviewWindowDays: number }): Promise<string> {
  const id = newId();
  await q.query('insert into areas (id, name, case_review_report_count, case_review_window_days) values ($1,$2,$3,$4)', [id, a.name, a.caseReviewReportCount, a.caseReviewWindowDays]);
  return id;
}
export async function insertAgency(q: Queryable, a: { areaId: string; name: string; kind: string }): Promise<string> {
  const id = newId();
  await q.query('insert into agencies (id, area_id, name, kind) values ($1,$2,$3,$4)', [id, a.areaId, a.name, a.kind]);
  return id;
}
export async function insertTeam(q: Queryable, t: { agencyId: string; name: string }): Promise<string> {
  const id = newId();
  await q.query('insert into teams (id, agency_id, name) values ($1,$2,$3)', [id, t.agencyId, t.name]);
  return id;
}
export async function insertUser(
  q: Queryable,
  u: { agencyId: string; teamId?: string | null; email: string; displayName: string; role: string; passwordHash: string | null },
): Promise<string> {
  const id = newId();
  await q.query('insert into users (id, agency_id, team_id, email, display_name, role, password_hash) values ($1,$2,$3,$4,$5,$6,$7)', [
    id,
    u.agencyId,
    u.teamId ?? null,
    u.email,
    u.displayName,
    u.role,
    u.passwordHash,
  ]);
  return id;
}

export const listAreas = (q: Queryable) => q.query<AreaRow>('select * from areas order by name').then((r) => r.rows);
export const getArea = (q: Queryable, id: string) => q.query<AreaRow>('select * from areas where id = $1', [id]).then((r) => r.rows[0] ?? null);
export const listAgencies = (q: Queryable) => q.query<AgencyRow>('select id, area_id, name, kind from agencies order by name').then((r) => r.rows);
export const listTeams = (q: Queryable, agencyId?: string) =>
  q.query<TeamRow>('select * from teams where ($1::uuid is null or agency_id = $1) order by name', [agencyId ?? null]).then((r) => r.rows);
export const listUsers = (q: Queryable, agencyId?: string) =>
  q
    .query<UserRow>('select id, agency_id, team_id, email, display_name, role, locked_until, disabled from users where role <> $2 and ($1::uuid is null or agency_id = $1) order by display_name', [agencyId ?? null, 'system'])
    .then((r) => r.rows);
export const getAgency = (q: Queryable, id: string) => q.query<AgencyRow>('select id, area_id, name, kind from agencies where id = $1', [id]).then((r) => r.rows[0] ?? null);
