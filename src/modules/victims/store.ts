import type { Queryable } from '../../platform/db/db.js';
import type { Level } from './cadence.js';
import { newId } from '../../platform/ids.js';

/** A victim on an open case, with what the cadence needs: the last progress update and any level the officer set. */
export interface VictimRow {
  case_id: string;
  reference: string;
  title: string;
  opened_at: Date;
  lead_officer_id: string | null;
  lead_officer: string | null;
  lead_agency_id: string;
  person_id: string;
  display_name: string;
  level_set: Level | null;
  last_update_at: Date | null;
  /** The latest harm-faced assessment's level across the person's merge cluster (null without the risk module). */
  assessed_level: Level | null;
}

/**
 * Victims on cases not yet closed, one row per case and surviving person (merges followed): filtered by
 * lead officer(s), one case, or area. Contacts count whichever merged record they were logged against.
 * `assessedLevel` is the risk module's SQL for a person's latest harm-faced level, read in the same
 * statement (a list or the hourly job over every victim then costs one read, not one per victim).
 */
export async function victimsOnOpenCases(
  q: Queryable,
  f: { officerIds?: string[]; caseId?: string; areaId?: string; includeClosed?: boolean },
  assessedLevel: (person: string) => string | null = () => null,
): Promise<VictimRow[]> {
  const { rows } = await q.query<VictimRow>(
    `select distinct on (c.id, root.id) c.id as case_id, c.reference, c.title, c.opened_at, c.lead_officer_id, u.display_name as lead_officer, c.lead_agency_id,
       root.id as person_id, root.display_name, vp.level as level_set, ${assessedLevel('root.id') ?? 'null::text'} as assessed_level,
       (select max(ct.contacted_at) from contacts ct join people m on m.id = ct.person_id
         where ct.case_id = c.id and coalesce(m.merged_into, m.id) = root.id and ct.updated_on_progress) as last_update_at
     from cases c join case_people cp on cp.case_id = c.id and cp.role = 'victim'
       join people p on p.id = cp.person_id join people root on root.id = coalesce(p.merged_into, p.id)
       left join users u on u.id = c.lead_officer_id
       left join victim_profiles vp on vp.case_id = c.id and vp.person_id = root.id
     where ($4::boolean or c.status <> 'closed') and ($1::uuid[] is null or c.lead_officer_id = any($1::uuid[]))
       and ($2::uuid is null or c.id = $2) and ($3::uuid is null or c.area_id = $3)
     order by c.id, root.id`,
    [f.officerIds ?? null, f.caseId ?? null, f.areaId ?? null, f.includeClosed ?? false],
  );
  return rows;
}

/** Whether this person (the surviving record, `resolvePerson` first) is a victim on the case. */
export async function isVictimOnCase(q: Queryable, caseId: string, rootPersonId: string): Promise<boolean> {
  const r = await q.query(
    "select 1 from case_people cp join people p on p.id = cp.person_id where cp.case_id = $1 and cp.role = 'victim' and coalesce(p.merged_into, p.id) = $2 limit 1",
    [caseId, rootPersonId],
  );
  return r.rowCount > 0;
}

export async function setLevel(q: Queryable, v: { caseId: string; personId: string; level: Level; reason: string; userId: string; agencyId: string }) {
  await q.query(
    `insert into victim_profiles (case_id, person_id, level, level_reason, level_set_by, level_set_at, agency_id) values ($1,$2,$3,$4,$5,now(),$6)
     on conflict (case_id, person_id) do update set level = excluded.level, level_reason = excluded.level_reason, level_set_by = excluded.level_set_by,
       level_set_at = excluded.level_set_at, agency_id = excluded.agency_id`,
    [v.caseId, v.personId, v.level, v.reason, v.userId, v.agencyId],
  );
}

export async function profile(q: Queryable, caseId: string, personId: string) {
  const r = await q.query<{ level: Level | null; level_reason: string | null; level_set_at: Date | null; set_by: string | null; agency_id: string }>(
    `select vp.level, vp.level_reason, vp.level_set_at, u.display_name as set_by, vp.agency_id from victim_profiles vp left join users u on u.id = vp.level_set_by
     where vp.case_id = $1 and vp.person_id = $2`,
    [caseId, personId],
  );
  return r.rows[0] ?? null;
}

export async function insertOffer(
  q: Queryable,
  o: { caseId: string; personId: string; agencyId: string; userId: string; service: string; provider?: string; offeredAt: string; status: string; reason?: string },
): Promise<string> {
  const id = newId();
  await q.query(
    `insert into victim_support_offers (id, case_id, person_id, agency_id, offered_by, offered_at, service, provider, status, reason, responded_at)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10, case when $9 = 'offered' then null else $6::timestamptz end)`,
    [id, o.caseId, o.personId, o.agencyId, o.userId, o.offeredAt, o.service, o.provider ?? null, o.status, o.reason ?? null],
  );
  return id;
}

export async function respondToOffer(q: Queryable, caseId: string, personId: string, offerId: string, r: { status: string; reason?: string; respondedAt?: string }) {
  const res = await q.query<{ agency_id: string }>(
    `update victim_support_offers set status = $4, reason = coalesce($5, reason), responded_at = coalesce($6::timestamptz, now())
     where id = $3 and case_id = $1 and person_id = $2 returning agency_id`,
    [caseId, personId, offerId, r.status, r.reason ?? null, r.respondedAt ?? null],
  );
  return res.rows[0] ?? null;
}

export async function offersFor(q: Queryable, caseId: string, personId: string) {
  const r = await q.query<{ id: string; agency_id: string; agency_name: string; offered_by: string | null; offered_at: Date; service: string; provider: string | null; status: string; reason: string | null; responded_at: Date | null }>(
    `select o.id, o.agency_id, a.name as agency_name, u.display_name as offered_by, o.offered_at, o.service, o.provider, o.status, o.reason, o.responded_at
     from victim_support_offers o join agencies a on a.id = o.agency_id left join users u on u.id = o.offered_by
     where o.case_id = $1 and o.person_id = $2 order by o.offered_at`,
    [caseId, personId],
  );
  return r.rows;
}

export async function insertImpact(q: Queryable, s: { caseId: string; personId: string; agencyId: string; userId: string; how: string; inTheirWords: string; recordedAt: string }): Promise<string> {
  const id = newId();
  await q.query(
    'insert into victim_impact_statements (id, case_id, person_id, agency_id, recorded_by, recorded_at, how, in_their_words) values ($1,$2,$3,$4,$5,$6,$7,$8)',
    [id, s.caseId, s.personId, s.agencyId, s.userId, s.recordedAt, s.how, s.inTheirWords],
  );
  return id;
}

export async function impactFor(q: Queryable, caseId: string, personId: string) {
  const r = await q.query<{ id: string; agency_id: string; agency_name: string; recorded_by: string | null; recorded_at: Date; how: string; in_their_words: string }>(
    `select s.id, s.agency_id, a.name as agency_name, u.display_name as recorded_by, s.recorded_at, s.how, s.in_their_words
     from victim_impact_statements s join agencies a on a.id = s.agency_id left join users u on u.id = s.recorded_by
     where s.case_id = $1 and s.person_id = $2 order by s.recorded_at`,
    [caseId, personId],
  );
  return r.rows;
}

/** The victim's contacts on this case (any merged record): when, how, whether updated, whether they feel safer. */
export async function contactsFor(q: Queryable, caseId: string, personId: string) {
  const r = await q.query<{ id: string; agency_id: string; agency_name: string; contacted_at: Date; method: string; updated_on_progress: boolean; feels_safer: string | null }>(
    `select ct.id, ct.agency_id, a.name as agency_name, ct.contacted_at, ct.method, ct.updated_on_progress, ct.feels_safer
     from contacts ct join agencies a on a.id = ct.agency_id join people m on m.id = ct.person_id
     where ct.case_id = $1 and coalesce(m.merged_into, m.id) = $2 order by ct.contacted_at`,
    [caseId, personId],
  );
  return r.rows;
}

/**
 * The KPI: victims on cases open in the last year (now open, or closed within it) and how many have an
 * offer of support recorded, accepted or declined. Counts only; people are counted once per area.
 */
export async function supportKpi(q: Queryable, areaId: string) {
  const r = await q.query<{ victims: number; with_offer: number; accepted: number; declined: number }>(
    // Only merged people are joined, to find who they became: joining everyone hashed every person (195 → 58 ms at a million reports).
    `with v as (
       select distinct coalesce(m.merged_into, cp.person_id) as person_id from cases c join case_people cp on cp.case_id = c.id and cp.role = 'victim'
         left join (select id, merged_into from people where merged_into is not null) m on m.id = cp.person_id
       where c.area_id = $1 and (c.status <> 'closed' or c.closed_at >= now() - interval '365 days')),
     o as (select distinct coalesce(p.merged_into, p.id) as person_id, o.status from victim_support_offers o join people p on p.id = o.person_id join cases c on c.id = o.case_id where c.area_id = $1)
     select (select count(*)::int from v) as victims,
       (select count(*)::int from v where person_id in (select person_id from o)) as with_offer,
       (select count(*)::int from v where person_id in (select person_id from o where status = 'accepted')) as accepted,
       (select count(*)::int from v where person_id in (select person_id from o where status = 'declined')) as declined`,
    [areaId],
  );
  return r.rows[0];
}

