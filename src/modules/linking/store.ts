import type { Queryable } from '../../platform/db/db.js';
import type { ReportFact } from './flags.js';

import type { LinkRecord } from './core/record.js';

/** What the matcher needs to know about a person: their current, most complete identifiers. */
export type PersonIdentifiers = LinkRecord;

const clean = (s: string | null | undefined) => (s && s.trim() ? s.trim() : undefined);

/** Splits "14 Elm Court" into house number and street, so a moved number does not mask a same street. */
export function splitAddress(line1: string | null | undefined): { houseNumber?: string; street?: string } {
  const l = clean(line1);
  if (!l) return {};
  const m = /^((?:flat|apartment|apt)\s+\w+,?\s+)?(\d+[a-z]?)\s+(.*)$/i.exec(l);
  if (!m) return { street: l };
  return { houseNumber: m[2], street: m[3] };
}

/** Identifiers for people (all live, unmerged people when ids is omitted), one row each, streamed in pages. */
export async function loadIdentifiers(q: Queryable, ids?: string[], afterId = '00000000-0000-0000-0000-000000000000', limit = 50_000): Promise<PersonIdentifiers[]> {
  const { rows } = await q.query<{
    id: string;
    given_name: string | null;
    family_name: string | null;
    date_of_birth: string | null;
    line1: string | null;
    town: string | null;
    postcode: string | null;
    phone: string | null;
    email: string | null;
  }>(
    `select p.id, n.given_name, n.family_name, p.date_of_birth, pl.line1, pl.town, pl.postcode, ph.value as phone, em.value as email
     from people p
     left join lateral (select given_name, family_name from person_names where person_id = p.id order by (kind = 'primary') desc, created_at desc limit 1) n on true
     left join lateral (select pl.line1, pl.town, pl.postcode from person_addresses pa join places pl on pl.id = pa.place_id
                        where pa.person_id = p.id and pa.valid_to is null order by pa.valid_from desc limit 1) pl on true
     left join lateral (select value from person_contacts where person_id = p.id and kind = 'phone' and valid_to is null order by valid_from desc limit 1) ph on true
     left join lateral (select value from person_contacts where person_id = p.id and kind = 'email' and valid_to is null order by valid_from desc limit 1) em on true
     where p.merged_into is null and ${ids ? 'p.id = any($1::uuid[])' : 'p.id > $1::uuid'}
     order by p.id limit $2`,
    [ids ?? afterId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    givenName: clean(r.given_name),
    surname: clean(r.family_name),
    dob: r.date_of_birth ?? undefined,
    ...splitAddress(r.line1),
    town: clean(r.town),
    postcode: clean(r.postcode),
    phone: clean(r.phone),
    email: clean(r.email),
  }));
}

/** Everyone treated as the same person as `id`: its merge cluster plus confirmed links and strong suggestions. */
export async function linkedCluster(q: Queryable, id: string, linkThreshold: number): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `with root as (select coalesce(merged_into, id) as id from people where id = $1),
     members as (select p.id from people p, root where p.id = root.id or p.merged_into = root.id),
     linked as (
       select case when s.person_id in (select id from members) then s.candidate_person_id else s.person_id end as id
       from link_suggestions s
       where (s.person_id in (select id from members) or s.candidate_person_id in (select id from members))
         and (s.status = 'confirmed' or (s.status = 'suggested' and s.probability >= $2)))
     select id from members union select id from linked`,
    [id, linkThreshold],
  );
  return rows.map((r) => r.id);
}

/** Reports naming anyone in the cluster in one of these roles. */
export async function reportsAbout(q: Queryable, personIds: string[], roles: string[]): Promise<ReportFact[]> {
  const { rows } = await q.query<{ id: string; received_at: Date; reporting_agency_id: string; channel: string }>(
    `select distinct r.id, r.received_at, r.reporting_agency_id, r.channel from report_people rp join reports r on r.id = rp.report_id
     where rp.person_id = any($1::uuid[]) and rp.role = any($2::text[])`,
    [personIds, roles],
  );
  return rows.map((r) => ({ reportId: r.id, receivedAt: new Date(r.received_at).toISOString(), agencyId: r.reporting_agency_id, channel: r.channel }));
}

export async function reportsAtPlace(q: Queryable, placeId: string): Promise<ReportFact[]> {
  const { rows } = await q.query<{ id: string; received_at: Date; reporting_agency_id: string; channel: string }>(
    'select id, received_at, reporting_agency_id, channel from reports where place_id = $1',
    [placeId],
  );
  return rows.map((r) => ({ reportId: r.id, receivedAt: new Date(r.received_at).toISOString(), agencyId: r.reporting_agency_id, channel: r.channel }));
}
