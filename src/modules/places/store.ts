import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../platform/db/db.js';
import { normalisePostcode, placeMatchKey } from './address.js';

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

/** Finds the place by UPRN or normalised address, creating it if new; fills in what the new report adds. */
export async function findOrCreatePlace(q: Queryable, p: PlaceInput): Promise<string | null> {
  const pc = p.postcode ? normalisePostcode(p.postcode) : null;
  const key = placeMatchKey({ ...p, postcode: pc?.postcode ?? null });
  if (key === 'unknown') return null;
  // A known place is found and has its gaps filled, or a new one is made: one statement.
  const { rows } = await q.query<{ id: string }>(
    `with found as (select id from places where match_key = $1 limit 1),
     filled as (
       update places set lat = coalesce(lat, $2), lon = coalesce(lon, $3), lsoa_code = coalesce(lsoa_code, $4), lsoa_name = coalesce(lsoa_name, $5), town = coalesce(town, $6)
       where id = (select id from found) and (lat is null or lsoa_code is null or town is null)
         and ($2::float8 is not null or $3::float8 is not null or $4::text is not null or $5::text is not null or $6::text is not null)),
     created as (
       insert into places (id, uprn, line1, line2, town, postcode, postcode_sector, lat, lon, lsoa_code, lsoa_name, match_key)
       select $7, $8, $9, $10, $6, $11, $12, $2, $3, $4, $5, $1 where not exists (select 1 from found)
       returning id)
     select coalesce((select id from found), (select id from created)) as id`,
    [key, p.lat ?? null, p.lon ?? null, p.lsoaCode ?? null, p.lsoaName ?? null, p.town ?? null, randomUUID(), p.uprn ?? null, p.line1 ?? p.text ?? null, p.line2 ?? null, pc?.postcode ?? null, pc?.sector ?? null],
  );
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

/** Places by postcode or address text, newest-reported first. */
export async function searchPlaces(q: Queryable, f: { postcode?: string; text?: string; limit: number; offset: number }) {
  const pc = f.postcode ? normalisePostcode(f.postcode) : null;
  const { rows } = await q.query<PlaceRow & { report_count: number; total: number }>(
    `select p.*, (select count(*)::int from reports r where r.place_id = p.id) as report_count, count(*) over ()::int as total
     from places p
     where ($1::text is null or p.postcode = $1 or p.postcode_sector = $1)
       and ($2::text is null or p.line1 % $2 or p.line1 ilike '%' || $2 || '%')
     order by report_count desc, p.line1
     limit $3 offset $4`,
    [pc?.postcode ?? f.postcode?.toUpperCase() ?? null, f.text ?? null, f.limit, f.offset],
  );
  return { total: rows[0]?.total ?? 0, items: rows.map((r) => ({ ...placeView(r), reportCount: r.report_count })) };
}
