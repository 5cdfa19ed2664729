import type { Access } from '../../platform/access/access.js';
import { invalidField } from '../../platform/errors.js';

/**
 * An agency a request names (a case partner, a meeting invitee): one of the actor's area's. Another
 * area's is "no such agency": areas are partnerships of their own, and a case shares only within one.
 */
export function areaAgency(access: Access, agencyId: string, path: string): void {
  if (!access.user().areaAgencyIds.includes(agencyId)) throw invalidField(path, 'no such agency');
}

/** A member of staff a request names (a lead officer, an action's owner, a chair): working for an agency of the actor's area. */
export async function areaStaff(access: Access, userId: string, path: string): Promise<{ agency_id: string; display_name: string }> {
  const r = await access.db.query<{ agency_id: string; display_name: string }>("select agency_id, display_name from users where id = $1 and role <> 'system' and not disabled", [userId]);
  const u = r.rows[0];
  if (!u || !access.user().areaAgencyIds.includes(u.agency_id)) throw invalidField(path, 'no such user');
  return u;
}
