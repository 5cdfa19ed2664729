import type { Queryable } from '../../platform/db/db.js';
import type { Category, Purpose } from '../../platform/access/policy.js';
import type { PolicyFacts, PolicySource } from '../../platform/access/access.js';

/**
 * What the access policy needs about an actor, as one json expression (every request that shows
 * personal data needs it): the agreements in force for their agency (every party signed, started,
 * not ended) and the records their emergency access currently opens. Placeholders: agency, day,
 * user, moment. Routes fold it into a statement they make anyway (see Access.factsColumn).
 */
const factsSql = (agency: string, day: string, user: string, at: string) =>
  `json_build_object('agreements', coalesce((select json_agg(json_build_object('id', a.id, 'purposes', a.purposes,
         'parties', array(select agency_id from agreement_parties p where p.agreement_id = a.id),
         'categories', array(select category from agreement_categories c where c.agreement_id = a.id)))
       from sharing_agreements a
       where a.start_date <= ${day}::date and (a.end_date is null or a.end_date >= ${day}::date)
         and exists (select 1 from agreement_parties p where p.agreement_id = a.id and p.agency_id = ${agency}::uuid)
         and not exists (select 1 from agreement_parties p where p.agreement_id = a.id and p.signed_at is null)), '[]'::json),
     'grants', array(select x from break_glass_grants g, unnest(array[g.person_id, g.case_id]) x where g.user_id = ${user}::uuid and g.expires_at > ${at}::timestamptz and x is not null))`;

type RawFacts = { agreements: { id: string; purposes: string[]; parties: string[]; categories: string[] }[]; grants: string[] };
const factsOf = (r: RawFacts): PolicyFacts => ({
  agreements: r.agreements.map((a) => ({ id: a.id, partyAgencyIds: a.parties, categories: a.categories as Category[], purposes: a.purposes as Purpose[] })),
  grants: r.grants,
});

export async function policyFacts(q: Queryable, agencyId: string, userId: string, at: Date): Promise<PolicyFacts> {
  const { rows } = await q.query<{ facts: RawFacts }>(`select ${factsSql('$1', '$2', '$3', '$4')} as facts`, [agencyId, at.toISOString().slice(0, 10), userId, at]);
  return factsOf(rows[0].facts);
}

export const agreementSource = (q: Queryable): PolicySource => ({
  policyFacts: (agencyId, userId, at) => policyFacts(q, agencyId, userId, at),
  factsColumn: (agencyId, userId, at, first) => ({
    sql: factsSql(`$${first}`, `$${first + 1}`, `$${first + 2}`, `$${first + 3}`),
    params: [agencyId, at.toISOString().slice(0, 10), userId, at],
  }),
  factsFrom: (raw) => factsOf(raw as RawFacts),
});

/** Every column in the database that points at a person: the subject access export and retention read these. */
export async function personColumns(q: Queryable): Promise<{ table: string; column: string }[]> {
  // From the system catalogue: the information schema's views took 108 ms to say the same (1.6 ms here).
  const { rows } = await q.query<{ table_name: string; column_name: string }>(
    `select c.relname::text as table_name, a.attname::text as column_name
     from pg_constraint k
     join pg_class c on c.oid = k.conrelid
     join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
     join pg_attribute r on r.attrelid = k.confrelid and r.attnum = k.confkey[1]
     where k.contype = 'f' and k.confrelid = 'people'::regclass and r.attname = 'id' and cardinality(k.conkey) = 1
       and c.relnamespace = current_schema()::regnamespace
     order by 1, 2`,
  );
  return rows.map((r) => ({ table: r.table_name, column: r.column_name })).filter((c) => !(c.table === 'people' && c.column === 'merged_into'));
}
