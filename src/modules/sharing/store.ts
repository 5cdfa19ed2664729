import type { Queryable } from '../../platform/db/db.js';
import type { ActiveAgreement, Category, Purpose } from '../../platform/access/policy.js';
import type { PolicySource } from '../../platform/access/access.js';

/**
 * What the access policy needs about an actor, in one round trip (every request that shows personal
 * data asks): the agreements in force for their agency (every party signed, started, not ended) and
 * the records their emergency access currently opens.
 */
export async function policyFacts(q: Queryable, agencyId: string, userId: string, at: Date): Promise<{ agreements: ActiveAgreement[]; grants: string[] }> {
  const { rows } = await q.query<{ agreements: { id: string; purposes: string[]; parties: string[]; categories: string[] }[]; grants: string[] }>(
    `select coalesce((select json_agg(json_build_object('id', a.id, 'purposes', a.purposes,
         'parties', array(select agency_id from agreement_parties p where p.agreement_id = a.id),
         'categories', array(select category from agreement_categories c where c.agreement_id = a.id)))
       from sharing_agreements a
       where a.start_date <= $2::date and (a.end_date is null or a.end_date >= $2::date)
         and exists (select 1 from agreement_parties p where p.agreement_id = a.id and p.agency_id = $1)
         and not exists (select 1 from agreement_parties p where p.agreement_id = a.id and p.signed_at is null)), '[]'::json) as agreements,
       array(select x from break_glass_grants g, unnest(array[g.person_id, g.case_id]) x where g.user_id = $3 and g.expires_at > $4 and x is not null) as grants`,
    [agencyId, at.toISOString().slice(0, 10), userId, at],
  );
  const r = rows[0];
  return {
    agreements: r.agreements.map((a) => ({ id: a.id, partyAgencyIds: a.parties, categories: a.categories as Category[], purposes: a.purposes as Purpose[] })),
    grants: r.grants,
  };
}

export const agreementSource = (q: Queryable): PolicySource => ({
  policyFacts: (agencyId, userId, at) => policyFacts(q, agencyId, userId, at),
});

/** Every column in the database that points at a person: the subject access export and retention read these. */
export async function personColumns(q: Queryable): Promise<{ table: string; column: string }[]> {
  const { rows } = await q.query<{ table_name: string; column_name: string }>(
    `select kcu.table_name, kcu.column_name
     from information_schema.table_constraints tc
     join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
     join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
     where tc.constraint_type = 'FOREIGN KEY' and ccu.table_name = 'people' and ccu.column_name = 'id' and tc.table_schema = current_schema()
     order by 1, 2`,
  );
  return rows.map((r) => ({ table: r.table_name, column: r.column_name })).filter((c) => !(c.table === 'people' && c.column === 'merged_into'));
}
