import type { Queryable } from '../../platform/db/db.js';
import type { Params } from '../../platform/db/params.js';
import { policyFactsSelect, type FactsColumn } from '../../platform/access/access.js';
import type { RecordScope } from '../../platform/access/policy.js';
import { findOrCreatePlace, placeView, type PlaceRow } from '../places/store.js';
import { displayName, normaliseContact, splitName } from './names.js';
import type { PersonInput } from './schema.js';
import { newId } from '../../platform/ids.js';
import { countedUpTo, SEARCH_COUNT_CAP } from '../../platform/validation.js';

function namesOf(p: PersonInput): { given: string | null; family: string | null } {
  if (p.givenName || p.familyName) return { given: p.givenName ?? null, family: p.familyName ?? null };
  if (p.name) {
    const s = splitName(p.name);
    return { given: s.givenName, family: s.familyName };
  }
  return { given: null, family: null };
}

async function addName(q: Queryable, personId: string, given: string | null, family: string | null, kind: string, agencyId: string) {
  const full = displayName(given, family).toLowerCase();
  const exists = await q.query('select 1 from person_names where person_id = $1 and full_name = $2', [personId, full]);
  if (exists.rowCount > 0) return;
  await q.query(
    `insert into person_names (id, person_id, given_name, family_name, full_name, given_code, family_code, kind, source_agency_id)
     values ($1,$2,$3,$4,$5, dmetaphone(coalesce($3,'')), dmetaphone(coalesce($4,'')), $6, $7)`,
    [newId(), personId, given, family, full, kind, agencyId],
  );
}

/** Adds what a report says about a person (names, date of birth, contacts, address) without losing earlier values. */
export async function addIdentifiers(q: Queryable, personId: string, p: PersonInput, agencyId: string): Promise<void> {
  const { given, family } = namesOf(p);
  if (given || family) await addName(q, personId, given, family, 'alias', agencyId);
  for (const alias of p.aliases ?? []) {
    const s = splitName(alias);
    await addName(q, personId, s.givenName, s.familyName, 'alias', agencyId);
  }
  if (p.dateOfBirth) {
    await q.query('insert into person_birth_dates (person_id, date_of_birth, source_agency_id) values ($1,$2,$3) on conflict do nothing', [personId, p.dateOfBirth, agencyId]);
    await q.query('update people set date_of_birth = coalesce(date_of_birth, $2) where id = $1', [personId, p.dateOfBirth]);
  }
  for (const kind of ['phone', 'email'] as const) {
    const value = p[kind];
    if (!value) continue;
    const norm = normaliseContact(kind, value);
    const seen = await q.query('select 1 from person_contacts where person_id = $1 and normalised = $2 and valid_to is null', [personId, norm]);
    if (seen.rowCount === 0) await q.query('insert into person_contacts (id, person_id, kind, value, normalised, source_agency_id) values ($1,$2,$3,$4,$5,$6)', [newId(), personId, kind, value, norm, agencyId]);
  }
  if (p.address) {
    const placeId = await findOrCreatePlace(q, p.address);
    if (placeId) {
      const seen = await q.query('select 1 from person_addresses where person_id = $1 and place_id = $2 and valid_to is null', [personId, placeId]);
      if (seen.rowCount === 0) await q.query('insert into person_addresses (id, person_id, place_id, source_agency_id) values ($1,$2,$3,$4)', [newId(), personId, placeId, agencyId]);
    }
  }
}

/** What of a new person's description goes in with the record itself; the rest is added after (see addIdentifiers). */
export const hasFurtherIdentifiers = (p: PersonInput) => !!(p.aliases?.length || p.phone || p.email || p.address);

/**
 * New person records from a report's descriptions of them, for the front of a statement: the
 * record, its primary name and its date of birth (`new_person`, `new_person_name`,
 * `new_person_birth`), written only when `when` (SQL) holds. One set of arrays whatever the number
 * of people, so the statement's text stays the same. Foreign keys are checked at the statement's
 * end, so later parts may refer to the new people. Aliases, contacts and addresses are added after
 * with addIdentifiers.
 */
export function newPeopleCtes(s: Params, people: { id: string; input: PersonInput }[], agencyId: string, when = 'true'): string {
  const rows = people.map(({ id, input }) => {
    const { given, family } = namesOf(input);
    const named = !!(given || family);
    return {
      id,
      display: named ? displayName(given, family) : input.phone || input.email ? 'Unnamed person (contact given)' : 'Unnamed person',
      dob: input.dateOfBirth ?? null,
      gender: input.gender ?? null,
      nameId: named ? newId() : null,
      given,
      family,
      full: displayName(given, family).toLowerCase(),
    };
  });
  const agency = s.add(agencyId, 'uuid');
  const col = <K extends keyof (typeof rows)[number]>(k: K, type: string) => s.add(rows.map((r) => r[k]), `${type}[]`);
  return `new_person_rows as (
       select * from unnest(${col('id', 'uuid')}, ${col('display', 'text')}, ${col('dob', 'date')}, ${col('gender', 'text')}, ${col('nameId', 'uuid')}, ${col('given', 'text')}, ${col('family', 'text')}, ${col('full', 'text')})
         as u(id, display_name, date_of_birth, gender, name_id, given_name, family_name, full_name)
       where ${when}),
     new_person as (
       insert into people (id, owner_agency_id, display_name, date_of_birth, gender)
       select id, ${agency}, display_name, date_of_birth, gender from new_person_rows returning id),
     new_person_name as (
       insert into person_names (id, person_id, given_name, family_name, full_name, given_code, family_code, kind, source_agency_id)
       select name_id, id, given_name, family_name, full_name, dmetaphone(coalesce(given_name, '')), dmetaphone(coalesce(family_name, '')), 'primary', ${agency}
       from new_person_rows where name_id is not null),
     new_person_birth as (
       insert into person_birth_dates (person_id, date_of_birth, source_agency_id)
       select id, date_of_birth, ${agency} from new_person_rows where date_of_birth is not null)`;
}

/** Follows merges to the surviving record. */
export async function resolvePerson(q: Queryable, id: string): Promise<string | null> {
  let current = id;
  for (let i = 0; i < 10; i++) {
    const r = await q.query<{ merged_into: string | null }>('select merged_into from people where id = $1', [current]);
    if (!r.rows[0]) return null;
    if (!r.rows[0].merged_into) return current;
    current = r.rows[0].merged_into;
  }
  return current;
}

/**
 * SQL for the ids of a person and every record merged into them, given the person's id as a
 * parameter ('$1') or a column ('cp.person_id'): `x.person_id in <this>`, or `= any(array<this>)`
 * to look the list up by index. Two index lookups, where `$1 in (p.id, p.merged_into)` on a join
 * let a reused plan scan the whole joined table.
 */
export const mergeCluster = (id: string) => `(select ${id}::uuid union all select id from people where merged_into = ${id}::uuid)`;

/**
 * SQL columns with the access policy's facts about the person row `a`: who recorded them (the
 * owning agency and every agency with a report naming them) and which cases and case agencies
 * they are on, each over the person and every record merged into them. For the select list of a
 * statement that shows people, so their scopes come with them (read with `scopeOf`).
 */
export function personScopeColumns(a: string) {
  // One subquery per person: the merge cluster is worked out once, as an array each list reads by
  // index (`= any(…)`), and the person's cases are read once for both the cases and their agencies
  // (`offset 0` keeps the planner from copying each array into every place that reads it).
  return `${a}.restricted as scope_restricted,
    (select json_build_object('owners', array_prepend(${a}.owner_agency_id, array(select distinct rp.reporting_agency_id from report_people rp where rp.person_id = any(cluster.ids))),
              'caseIds', cases.ids,
              'caseAgencies', array(select ca.agency_id from case_agencies ca where ca.case_id = any(cases.ids)))
     from (select array${mergeCluster(`${a}.id`)} as ids offset 0) cluster
     cross join lateral (select array(select cp.case_id from case_people cp where cp.person_id = any(cluster.ids)) as ids offset 0) cases) as scope_sets`;
}

export interface ScopeColumns {
  scope_restricted: boolean;
  scope_sets: { owners: string[]; caseIds: string[]; caseAgencies: string[] };
}

const distinct = (ids: string[]) => [...new Set(ids)];
export const scopeOf = (personId: string, r: ScopeColumns): RecordScope => ({
  ownerAgencyIds: distinct(r.scope_sets.owners),
  caseIds: distinct(r.scope_sets.caseIds),
  caseAgencyIds: distinct(r.scope_sets.caseAgencies),
  personId,
  restricted: r.scope_restricted,
});

/** Who recorded these people and which agencies share cases about them: the input to the access policy. */
export async function personScopes(q: Queryable, ids: string[]): Promise<Map<string, RecordScope>> {
  return new Map([...(await namedScopes(q, ids))].map(([id, { scope }]) => [id, scope]));
}

/** These people's display names with their policy scopes, in one statement (for lists that show people by name). */
export async function namedScopes(q: Queryable, ids: string[]): Promise<Map<string, { displayName: string; scope: RecordScope }>> {
  const out = new Map<string, { displayName: string; scope: RecordScope }>();
  if (ids.length === 0) return out;
  const { rows } = await q.query<{ id: string; display_name: string } & ScopeColumns>(`select p.id, p.display_name, ${personScopeColumns('p')} from people p where p.id = any($1::uuid[])`, [ids]);
  for (const r of rows) out.set(r.id, { displayName: r.display_name, scope: scopeOf(r.id, r) });
  return out;
}

export interface PersonRecord extends Record<string, unknown> {
  id: string;
  displayName: string;
  isChild: boolean;
  restricted: boolean;
  dateOfBirth: string | null;
  gender: string | null;
  names: { givenName: string | null; familyName: string | null; kind: string }[];
  birthDates: string[];
  contacts: { kind: string; value: string; current: boolean }[];
  addresses: (ReturnType<typeof placeView> & { current: boolean; since: string })[];
  roles: { role: string; reportId: string; reportReference: string; receivedAt: string; agencyId: string }[];
  cases: { caseId: string; reference: string; role: string; status: string }[];
  households: { id: string; name: string; relationship: string | null }[];
}

/** The record and every record merged into it. */
export async function clusterOf(q: Queryable, id: string): Promise<string[]> {
  const r = await q.query<{ id: string }>('select id from people where id = $1 or merged_into = $1', [id]);
  return r.rows.map((x) => x.id);
}

/** Everything held about one person, unfiltered: only services call this, and they filter it. */
export async function loadPerson(q: Queryable, id: string): Promise<PersonRecord | null> {
  const p = await q.query<{ id: string; display_name: string; date_of_birth: string | null; gender: string | null; restricted: boolean }>(
    'select id, display_name, date_of_birth, gender, restricted from people where id = $1',
    [id],
  );
  const row = p.rows[0];
  if (!row) return null;
  // A merged record's details belong to the person it was merged into.
  const ids = await clusterOf(q, id);
  const [names, dobs, contacts, addresses, roles, cases, households] = await Promise.all([
    q.query<{ given_name: string | null; family_name: string | null; kind: string }>('select given_name, family_name, kind from person_names where person_id = any($1::uuid[]) order by created_at', [ids]),
    q.query<{ date_of_birth: string }>('select date_of_birth from person_birth_dates where person_id = any($1::uuid[]) order by created_at', [ids]),
    q.query<{ kind: string; value: string; valid_to: Date | null }>('select kind, value, valid_to from person_contacts where person_id = any($1::uuid[]) order by valid_from', [ids]),
    q.query<PlaceRow & { valid_from: Date; valid_to: Date | null }>(
      'select pl.*, pa.valid_from, pa.valid_to from person_addresses pa join places pl on pl.id = pa.place_id where pa.person_id = any($1::uuid[]) order by pa.valid_from',
      [ids],
    ),
    q.query<{ role: string; report_id: string; reference: string; received_at: Date; reporting_agency_id: string }>(
      `select rp.role, r.id as report_id, r.reference, r.received_at, r.reporting_agency_id
       from report_people rp join reports r on r.id = rp.report_id where rp.person_id = any($1::uuid[]) order by r.received_at`,
      [ids],
    ),
    q.query<{ case_id: string; reference: string; role: string; status: string }>(
      'select c.id as case_id, c.reference, cp.role, c.status from case_people cp join cases c on c.id = cp.case_id where cp.person_id = any($1::uuid[]) order by c.opened_at',
      [ids],
    ),
    q.query<{ id: string; name: string; relationship: string | null }>(
      'select h.id, h.name, hm.relationship from household_members hm join households h on h.id = hm.household_id where hm.person_id = any($1::uuid[])',
      [ids],
    ),
  ]);
  return {
    id: row.id,
    displayName: row.display_name,
    isChild: roles.rows.some((r) => r.role === 'child') || cases.rows.some((c) => c.role === 'child'),
    restricted: row.restricted,
    dateOfBirth: row.date_of_birth,
    gender: row.gender,
    names: names.rows.map((n) => ({ givenName: n.given_name, familyName: n.family_name, kind: n.kind })),
    birthDates: dobs.rows.map((d) => d.date_of_birth),
    contacts: contacts.rows.map((c) => ({ kind: c.kind, value: c.value, current: !c.valid_to })),
    addresses: addresses.rows.map((a) => ({ ...placeView(a), current: !a.valid_to, since: new Date(a.valid_from).toISOString() })),
    roles: roles.rows.map((r) => ({ role: r.role, reportId: r.report_id, reportReference: r.reference, receivedAt: new Date(r.received_at).toISOString(), agencyId: r.reporting_agency_id })),
    cases: cases.rows.map((c) => ({ caseId: c.case_id, reference: c.reference, role: c.role, status: c.status })),
    households: households.rows,
  };
}

// The searched name's sound codes ($2 given, $3 family) as sub-selects: worked out once per search,
// not once per name compared (a reused plan does not fold its parameters).
const SOUNDS_FAMILY = `(select dmetaphone(coalesce($3, '')))`;
const SOUNDS_GIVEN = '(select dmetaphone($2))';

/**
 * How well a person's names answer a search ($1 the whole text, $2 given, $3 family): the best of
 * trigram similarity and 0.75 for sounding like both parts. Both search paths rank by this
 * (with the sound codes worked out once: under search-only load PostgreSQL spent 0.91–0.94 ms a search
 * instead of 1.04–1.26).
 */
const nameScore = (alias: string) => `max(greatest(similarity(${alias}.full_name, lower($1)),
                  case when ${alias}.family_code = ${SOUNDS_FAMILY} and ($2::text is null or ${alias}.given_code = ${SOUNDS_GIVEN}) then 0.75 else 0 end))`;

/** A name search looks at no more than this many candidate names per way of matching (looks like, sounds like). */
export const SEARCH_CANDIDATES = 500;

/**
 * Fuzzy name search: trigram similarity or matching "sounds like" codes on both name parts.
 * A name alone is looked up part by part (see searchByName); with a date of birth or postcode the
 * people holding it are found first and only their names are scored; with neither, everyone is
 * listed by name (counted up to `countCap`).
 */
export async function searchPeople(
  q: Queryable,
  f: { q?: string; dateOfBirth?: string; postcode?: string | null; limit: number; offset: number; facts?: FactsColumn | null; areaAgencyIds?: string[] | null },
  countCap = SEARCH_COUNT_CAP,
) {
  const s = f.q ? splitName(f.q) : { givenName: null, familyName: null };
  if (f.q && !f.dateOfBirth && !f.postcode) return searchByName(q, f.q, s, f);
  const facts = policyFactsSelect(f.facts);
  const area = inArea(f.areaAgencyIds, SEARCH_FACTS_FROM + facts.params.length);
  const params = [f.q ?? null, s.givenName, s.familyName, f.dateOfBirth ?? null, f.postcode ?? null, f.limit, f.offset, ...facts.params, ...area.params];
  if (!f.dateOfBirth && !f.postcode) {
    // Everyone, by name: read in name order from its index, counted up to the cap.
    const { rows } = await q.query<SearchRow>(
      `select s.id, s.display_name, 0::float8 as score, n.total, ${personScopeColumns('r')}${facts.sql}
       from (select count(*)::int as total from (select 1 from people p where p.merged_into is null${area.sql('p.id')} limit ${countCap + 1}) m) n
       join lateral (select p.id, p.display_name from people p
                     where p.merged_into is null${area.sql('p.id')} and $1::text is null and $2::text is null and $3::text is null and $4::date is null and $5::text is null
                     order by p.display_name, p.id limit $6 offset $7) s on true
       join people r on r.id = s.id
       order by s.display_name, s.id`,
      params,
    );
    const res = searchResult(rows);
    return { ...res, ...countedUpTo(res.total, countCap) };
  }
  // The people with that date of birth (theirs, or one also recorded for them), or else an address
  // at that postcode, are few: they are found by index first, and only their names are scored.
  const candidates = f.dateOfBirth
    ? 'select p.id from people p where p.date_of_birth = $4 union select b.person_id from person_birth_dates b where b.date_of_birth = $4'
    : 'select pa.person_id as id from places pl join person_addresses pa on pa.place_id = pl.id where pl.postcode = $5';
  const { rows } = await q.query<SearchRow>(
    `select s.*, ${personScopeColumns('r')}${facts.sql} from (
     with cand as materialized (${candidates}),
     hits as (
       select n.person_id,
              ${nameScore('n')} as score
       from person_names n
       where n.person_id in (select id from cand) and $1::text is not null
         and (n.full_name % lower($1)
          or (n.family_code = ${SOUNDS_FAMILY} and ($2::text is null or n.given_code = ${SOUNDS_GIVEN} or similarity(coalesce(n.given_name, ''), $2) > 0.3)))
       group by n.person_id
     )
     select p.id, p.display_name, coalesce(h.score, 0)::float8 as score, count(*) over ()::int as total
     from people p
     ${f.q ? 'join' : 'left join'} hits h on h.person_id = p.id
     where p.id in (select id from cand) and p.merged_into is null${area.sql('p.id')}
       and ($4::date is null or p.date_of_birth = $4 or exists (select 1 from person_birth_dates b where b.person_id = p.id and b.date_of_birth = $4))
       and ($5::text is null or exists (select 1 from person_addresses pa join places pl on pl.id = pa.place_id where pa.person_id = p.id and pl.postcode = $5))
     order by score desc, p.display_name, p.id
     limit $6 offset $7) s join people r on r.id = s.id
     order by s.score desc, s.display_name, s.id`,
    params,
  );
  return searchResult(rows);
}

// A page of results carries each person's policy scope (read after the page is chosen), and the
// access policy's facts when asked for (every row the same; no rows, nothing to filter).
type SearchRow = { id: string; display_name: string; score: number; total: number; policy_facts?: unknown } & ScopeColumns;
// Both search statements take seven parameters: the facts' placeholders are numbered from 8, the area's after them.
export const SEARCH_FACTS_FROM = 8;

/**
 * The search's condition that a person (an id expression) is held in the area: recorded by, named
 * on a report of, or on a case with one of its agencies (the person's policy scope, so counts and
 * pages are the area's; the policy still decides each result). None when there is one area only:
 * the statement is then the same as before areas were kept apart, at no cost.
 */
function inArea(agencyIds: string[] | null | undefined, at: number) {
  if (!agencyIds) return { sql: (_id: string) => '', params: [] as unknown[] };
  const a = `$${at}::uuid[]`;
  return {
    sql: (id: string) => ` and (exists (select 1 from people x where x.id = ${id} and x.owner_agency_id = any(${a}))
      or exists (select 1 from report_people rp where rp.person_id in ${mergeCluster(id)} and rp.reporting_agency_id = any(${a}))
      or exists (select 1 from case_people cp join case_agencies ca on ca.case_id = cp.case_id where cp.person_id in ${mergeCluster(id)} and ca.agency_id = any(${a})))`,
    params: [agencyIds] as unknown[],
  };
}
const searchResult = (rows: SearchRow[]) => ({
  facts: rows[0]?.policy_facts,
  total: rows[0]?.total ?? 0,
  items: rows.map((r) => ({ id: r.id, displayName: r.display_name, score: Math.round(r.score * 100) / 100, scope: scopeOf(r.id, r) })),
  totalExact: true,
});

async function searchByName(q: Queryable, text: string, s: { givenName: string | null; familyName: string | null }, f: { limit: number; offset: number; facts?: FactsColumn | null; areaAgencyIds?: string[] | null }) {
  const facts = policyFactsSelect(f.facts);
  const area = inArea(f.areaAgencyIds, SEARCH_FACTS_FROM + facts.params.length);
  // Candidates: names that look like each part (trigram on the distinct names), then the people
  // holding that pair of names; names that sound like both parts; and, for a single word, people
  // with a given name like it. Each branch is capped, so a common name costs no more than a rare one.
  // The similar names are worked out first, as arrays (`= any((select …)::text[])`), so person_names
  // is reached by its index instead of scanned; two words and one word are different statements, so
  // each reused plan uses the index on both parts or on the family name. One statement, scopes included.
  const two = s.givenName !== null;
  const similar = (word: string) => `(select array(select term from name_terms where term % lower(${word}) order by similarity(term, lower(${word})) desc, term limit 12) as t)`;
  const { rows } = await q.query<SearchRow>(
    `with fam as materialized ${similar('$7')},
     ${two ? `giv as materialized ${similar('$2')},` : ''}
     cand as (
       (select n.person_id, n.full_name, n.given_code, n.family_code from ${
         two
           ? // Each pair of similar names is one probe of the (family, given) index: a bitmap of
             // either part alone reads thousands of rows for a common given name.
             `unnest((select t from fam)::text[]) f(t) cross join unnest((select t from giv)::text[]) g(t)
        join person_names n on lower(n.family_name) = f.t and lower(n.given_name) = g.t`
           : 'person_names n where lower(n.family_name) = any((select t from fam)::text[])'
       } limit $6)
       union all
       (select n.person_id, n.full_name, n.given_code, n.family_code from person_names n
        where n.family_code = dmetaphone(coalesce($3, '')) ${two ? 'and n.given_code = dmetaphone($2)' : ''} limit $6)
       ${two ? '' : `union all
       (select n.person_id, n.full_name, n.given_code, n.family_code from person_names n
        where lower(n.given_name) = any((select t from fam)::text[]) limit $6)`}
     ), hits as (
       select x.person_id, ${nameScore('x')} as score, min(x.full_name) as name
       from cand x group by x.person_id
     ), page as (
       -- Names of a merged record count for the record it was merged into. Merged records are
       -- few and indexed apart, so a candidate costs no read of its person; people are read
       -- for the page alone. Equal scores go in order of the names that matched (a person's
       -- first, alphabetically, when several did).
       select best.id, best.score::float8 as score, best.name, count(*) over ()::int as total
       from (select coalesce((select m.merged_into from people m where m.id = h.person_id and m.merged_into is not null), h.person_id) as id,
                    max(h.score) as score, min(h.name) as name
             from hits h group by 1) best
       where true${area.sql('best.id')}
       order by best.score desc, best.name, best.id
       limit $4 offset $5
     )
     select s.id, r.display_name, s.score, s.total, ${personScopeColumns('r')}${facts.sql} from page s join people r on r.id = s.id
     order by s.score desc, s.name, s.id`,
    [text, s.givenName, s.familyName, f.limit, f.offset, SEARCH_CANDIDATES, s.familyName ?? '', ...facts.params, ...area.params],
  );
  return searchResult(rows);
}
