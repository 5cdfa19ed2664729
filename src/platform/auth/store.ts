import type { Queryable } from '../db/db.js';
import type { Actor, Role } from '../access/policy.js';

interface ActorRow {
  user_id: string;
  agency_id: string;
  area_id: string;
  area_agency_ids: string[];
  other_areas: boolean;
  team_id: string | null;
  role: Role;
  display_name: string;
}

const AREA_AGENCIES = 'array(select x.id from agencies x where x.area_id = a.area_id) as area_agency_ids, exists (select 1 from areas x where x.id <> a.area_id) as other_areas';
const ACTOR_SELECT = `select u.id as user_id, u.agency_id, a.area_id, ${AREA_AGENCIES}, u.team_id, u.role, u.display_name
  from users u join agencies a on a.id = u.agency_id`;

export const toActor = (r: ActorRow): Actor => ({
  userId: r.user_id,
  agencyId: r.agency_id,
  areaId: r.area_id,
  areaAgencyIds: r.area_agency_ids,
  otherAreas: r.other_areas,
  teamId: r.team_id,
  role: r.role,
  displayName: r.display_name,
});

export interface SessionActor {
  actor: Actor;
  csrfToken: string;
  lastSeenAt: Date;
}

/** A live session: not past its absolute expiry, nor idle longer than allowed. */
export async function findSession(q: Queryable, sessionId: string, idleMinutes: number): Promise<SessionActor | null> {
  const { rows } = await q.query<ActorRow & { csrf_token: string; last_seen_at: Date }>(
    `select u.id as user_id, u.agency_id, a.area_id, ${AREA_AGENCIES}, u.team_id, u.role, u.display_name, s.csrf_token, s.last_seen_at
     from sessions s join users u on u.id = s.user_id join agencies a on a.id = u.agency_id
     where s.id = $1 and s.expires_at > now() and s.last_seen_at > now() - make_interval(mins => $2) and not u.disabled`,
    [sessionId, idleMinutes],
  );
  const r = rows[0];
  if (!r) return null;
  return { actor: toActor(r), csrfToken: r.csrf_token, lastSeenAt: new Date(r.last_seen_at) };
}

export async function findTokenActor(q: Queryable, tokenHash: string): Promise<Actor | null> {
  const { rows } = await q.query<ActorRow>(
    `${ACTOR_SELECT} join api_tokens t on t.user_id = u.id where t.token_hash = $1 and t.revoked_at is null and not u.disabled`,
    [tokenHash],
  );
  return rows[0] ? toActor(rows[0]) : null;
}

export async function findActor(q: Queryable, userId: string): Promise<Actor | null> {
  const { rows } = await q.query<ActorRow>(`${ACTOR_SELECT} where u.id = $1`, [userId]);
  return rows[0] ? toActor(rows[0]) : null;
}

export interface LoginUser {
  id: string;
  agency_id: string;
  password_hash: string | null;
  failed_logins: number;
  locked_until: Date | null;
  disabled: boolean;
}

export async function findLoginUser(q: Queryable, email: string): Promise<LoginUser | null> {
  const { rows } = await q.query<LoginUser>(
    'select id, agency_id, password_hash, failed_logins, locked_until, disabled from users where email = $1',
    [email.trim().toLowerCase()],
  );
  return rows[0] ?? null;
}
