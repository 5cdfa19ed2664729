import type { Queryable } from '../../platform/db/db.js';
import { Params } from '../../platform/db/params.js';
import { normalisePostcode, placeMatchKey } from './address.js';
import { newId } from '../../platform/ids.js';

export interface PlaceInput {
  line1?: string | null;
  line2?: string | null;
  town?: string | null;
  postcode?: string | null;
  uprn?: string | null;
  lat?: number | null;
  lon?: number | null;
  lsoaCode?: string | null;
  lsoaName?: string | null;
  text?: string | null;
}

export interface PlaceRow {
  id: string;
  uprn: string | null;
  line1: string | null;
  line2: string | null;
  town: string | null;
  postcode: string | null;
  postcode_sector: string | null;
  lat: number | null;
  lon: number | null;
  lsoa_code: string | null;
  lsoa_name: string | null;
}

/**
 * The SQL that finds the place by UPRN or normalised address and fills in what the new input adds,
 * or makes it when new: CTEs (`place_found`, `place_filled`, `place_created`) for the front of a
 * statement, and `id`, an expression for the place's id after them. Writes only when `when` (SQL)
 * holds. Null when the input names no place.
 */
export function placeCtes(s: Params, p: PlaceInput, when = 'true'): { ctes: string; id: string } | null {
  const pc = p.postcode ? normalisePostcode(p.postcode) : null;
  const key = placeMatchKey({ ...p, postcode: pc?.postcode ?? null });
  if (key === 'unknown') return null;
  const [k, lat, lon, lsoa, lsoaName, town] = [s.add(key), s.add(p.lat ?? null, 'float8'), s.add(p.lon ?? null, 'float8'), s.add(p.lsoaCode ?? null, 'text'), s.add(p.lsoaName ?? null, 'text'), s.add(p.town ?? null, 'text')];
  return {
    ctes: `place_found as (select id from places where match_key = ${k} limit 1),
     place_filled as (
       update places set lat = coalesce(lat, ${lat}), lon = coalesce(lon, ${lon}), lsoa_code = coalesce(lsoa_code, ${lsoa}), lsoa_name = coalesce(lsoa_name, ${lsoaName}), town = coalesce(town, ${town})
       where id = (select id from place_found) and (lat is null or lsoa_code is null or town is null)
         and (${lat} is not null or ${lon} is not null or ${lsoa} is not null or ${lsoaName} is not null or ${town} is not null) and ${when}),
     place_created as (
       insert into places (id, uprn, line1, line2, town, postcode, postcode_sector, lat, lon, lsoa_code, lsoa_name, match_key)
       select ${s.add(newId())}, ${s.add(p.uprn ?? null)}, ${s.add(p.line1 ?? p.text ?? null)}, ${s.add(p.line2 ?? null)}, ${town}, ${s.add(pc?.postcode ?? null)}, ${s.add(pc?.sector ?? null)}, ${lat}, ${lon}, ${lsoa}, ${lsoaName}, ${k}
       where not exists (select 1 from place_found) and ${when}
       returning id)`,
    id: 'coalesce((select id from place_found), (select id from place_created))',
  };
}

/** Finds the place by UPRN or normalised address, creating it if new; fills in what the new report adds. One statement. */
export async function findOrCreatePlace(q: Queryable, p: PlaceInput): Promise<string | null> {
  const s = new Params();
  const place = placeCtes(s, p);
  if (!place) return null;
  const { rows } = await q.query<{ id: string }>(`with ${place.ctes} select ${place.id} as id`, s.values);
  return rows[0].id;
}

export const getPlace = (q: Queryable, id: string) => q.query<PlaceRow>('select * from places where id = $1', [id]).then((r) => r.rows[0] ?? null);

export function placeView(p: PlaceRow) {
  return {
    id: p.id,
    uprn: p.uprn,
    line1: p.line1,
    line2: p.line2,
    town: p.town,
    postcode: p.postcode,
    postcodeSector: p.postcode_sector,
    lat: p.lat,
    lon: p.lon,
    lsoaCode: p.lsoa_code,
    lsoaName: p.lsoa_name,
  };
}

/**
 * Places known to an area (`agencyIds`, its agencies): a report by one of them was made about it, or
 * one of them recorded someone's address there. By postcode or address text, most reports first,
 * counting the area's reports; with neither, the places with the area's reports.
 */
export async function searchPlaces(q: Queryable, f: { postcode?: string; text?: string; agencyIds: string[]; limit: number; offset: number }) {
  const pc = f.postcode ? normalisePostcode(f.postcode) : null;
  if (!f.postcode && !f.text) {
    // With no filter, the area's places with reports, most first, counted from the reports: testing
    // every place for the area took 1.4 s at 100,000 places and a million reports (0.22 s this way).
    const { rows } = await q.query<PlaceRow & { report_count: number; total: number }>(
      `select p.*, c.n as report_count, count(*) over ()::int as total
       from (select place_id, count(*)::int as n from reports where place_id is not null and reporting_agency_id = any($3::uuid[]) group by place_id) c
       join places p on p.id = c.place_id
       order by c.n desc, p.line1 limit $1 offset $2`,
      [f.limit, f.offset, f.agencyIds],
    );
    return { total: rows[0]?.total ?? 0, items: rows.map((r) => ({ ...placeView(r), reportCount: r.report_count })) };
  }
  const { rows } = await q.query<PlaceRow & { report_count: number; total: number }>(
    `select p.*, (select count(*)::int from reports r where r.place_id = p.id and r.reporting_agency_id = any($5::uuid[])) as report_count, count(*) over ()::int as total
     from places p
     where ($1::text is null or p.postcode = $1 or p.postcode_sector = $1)
       and ($2::text is null or p.line1 % $2 or p.line1 ilike '%' || $2 || '%')
       and ${placeInArea('p.id', '$5')}
     order by report_count desc, p.line1
     limit $3 offset $4`,
    [pc?.postcode ?? f.postcode?.toUpperCase() ?? null, f.text ?? null, f.limit, f.offset, f.agencyIds],
  );
  return { total: rows[0]?.total ?? 0, items: rows.map((r) => ({ ...placeView(r), reportCount: r.report_count })) };
}

/** SQL: is the place (an id expression) known to the agencies in `agencies` (a uuid[] placeholder)? See searchPlaces. */
export const placeInArea = (place: string, agencies: string) =>
  `(exists (select 1 from reports r where r.place_id = ${place} and r.reporting_agency_id = any(${agencies}::uuid[]))
    or exists (select 1 from person_addresses pa where pa.place_id = ${place} and pa.source_agency_id = any(${agencies}::uuid[])))`;

/** Is the place known to these agencies (see searchPlaces)? */
export async function placeKnownTo(q: Queryable, placeId: string, agencyIds: string[]): Promise<boolean> {
  const { rows } = await q.query<{ known: boolean }>(`select ${placeInArea('$1::uuid', '$2')} as known`, [placeId, agencyIds]);
  return rows[0].known;
}
