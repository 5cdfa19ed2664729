import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Queryable } from '../../platform/db/db.js';
import type { AppContext } from '../../platform/http/context.js';
import { areaFigures } from '../../platform/figures.js';

/** Optional figures other modules contribute (risk, victims); absent modules simply leave them out. */
export type InsightSource = (q: Queryable, areaId: string) => Promise<Record<string, unknown>>;

export function insightSources(ctx: AppContext): InsightSource[] {
  return ((ctx.services.insightSources as InsightSource[] | undefined) ??= []);
}

const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Area-level figures for team leaders and partners: counts, never people. Purpose: statistics.
 */
export function insightRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const figures = areaFigures(ctx.config.INSIGHT_CACHE_SECONDS);
  return async (app) => {
    const tags = ['insight'];
    app.get('/insight/dashboard', { schema: { tags, summary: 'Open cases, repeat victims, Case Review, time to first contact and what other modules add (risk, victims supported).' } }, async (req) => {
      const actor = req.access.requireRole('officer', 'team_leader', 'partner', 'dpo');
      return figures(`dashboard:${actor.areaId}`, () => dashboard(actor.areaId));
    });
    async function dashboard(areaId: string) {
      const q = ctx.db;
      // Every count at once, other modules' too: the area's figures are as slow as the slowest, not their sum.
      const others = Promise.all(insightSources(ctx).map((source) => source(q, areaId)));
      others.catch(() => undefined); // awaited below, after the module's own
      const [byStatus, byType, repeatVictims, firstContact, outcomes, reportsByMonth, byAgency] = await Promise.all([
        q.query<{ status: string; n: number }>('select status, count(*)::int as n from cases where area_id = $1 group by status', [areaId]),
        q.query<{ case_type: string; n: number }>("select case_type, count(*)::int as n from cases where area_id = $1 and status <> 'closed' group by case_type", [areaId]),
        q.query<{ n: number }>(
          // Only merged people are joined, to find who they became: joining everyone hashed every person (0.83 → 0.69 s at a million reports).
          `select count(*)::int as n from (select coalesce(m.merged_into, rp.person_id) from report_people rp join reports r on r.id = rp.report_id
           left join (select id, merged_into from people where merged_into is not null) m on m.id = rp.person_id
           where rp.role = 'victim' and r.reporting_agency_id in (select id from agencies where area_id = $1) and r.received_at >= now() - interval '365 days'
           group by 1 having count(distinct r.id) >= 2) x`,
          [areaId],
        ),
        q.query<{ hours: number }>(
          `select extract(epoch from (min(ct.contacted_at) - c.opened_at)) / 3600 as hours from cases c join contacts ct on ct.case_id = c.id
           where c.area_id = $1 group by c.id, c.opened_at`,
          [areaId],
        ),
        q.query<{ outcome: string; n: number }>("select coalesce(outcome, 'not recorded') as outcome, count(*)::int as n from cases where area_id = $1 and status = 'closed' group by 1 order by 2 desc limit 10", [areaId]),
        q.query<{ month: string; n: number }>(
          // Each month counted between its bounds, from the agency and date index alone: finding each of a million reports' month took most of the time (186 → 96 ms).
          `select to_char(m, 'YYYY-MM') as month, n from (
             select m, (select count(*)::int from reports r where r.reporting_agency_id in (select id from agencies where area_id = $1)
                        and r.received_at >= m and r.received_at < m + interval '1 month') as n
             from generate_series(date_trunc('month', now()) - interval '11 months', date_trunc('month', now()), interval '1 month') m) x
           where n > 0 order by m`,
          [areaId],
        ),
        q.query<{ agency: string; n: number }>(
          `select a.name as agency, x.n from (select reporting_agency_id, count(*)::int as n from reports
           where reporting_agency_id in (select id from agencies where area_id = $1) and received_at >= now() - interval '365 days' group by 1) x
           join agencies a on a.id = x.reporting_agency_id order by 2 desc, 1`,
          [areaId],
        ),
      ]);
      const extra: Record<string, unknown> = Object.assign({}, ...(await others));
      const hours = firstContact.rows.map((r) => Number(r.hours)).filter((h) => Number.isFinite(h) && h >= 0);
      return {
        casesByStatus: Object.fromEntries(byStatus.rows.map((r) => [r.status, r.n])),
        openCasesByType: Object.fromEntries(byType.rows.map((r) => [r.case_type, r.n])),
        repeatVictimsLast12Months: repeatVictims.rows[0]?.n ?? 0,
        medianHoursToFirstContact: median(hours),
        closedCaseOutcomes: outcomes.rows,
        reportsByMonth: reportsByMonth.rows,
        reportsByAgencyLast12Months: byAgency.rows,
        ...extra,
      };
    }
    app.get(
      '/insight/hotspots',
      {
        schema: {
          tags,
          summary: 'Reports by LSOA or postcode sector over a window, with the change on the window before (no map tiles needed).',
          querystring: z.object({ by: z.enum(['lsoa', 'sector']).default('lsoa'), days: z.coerce.number().int().min(7).max(1095).default(90) }),
        },
      },
      async (req) => {
        const actor = req.access.requireRole('officer', 'team_leader', 'partner', 'dpo');
        const { by, days } = req.query;
        return figures(`hotspots:${actor.areaId}:${by}:${days}`, () => hotspots(actor.areaId, by, days));
      },
    );
    async function hotspots(areaId: string, by: 'lsoa' | 'sector', days: number) {
      const key = by === 'lsoa' ? 'coalesce(r.lsoa_code, pl.lsoa_code)' : 'pl.postcode_sector';
      const { rows } = await ctx.db.query<{ area: string; label: string | null; current: number; previous: number }>(
        `select ${key} as area, max(pl.lsoa_name) as label,
           count(*) filter (where r.received_at >= now() - make_interval(days => $2))::int as current,
           count(*) filter (where r.received_at < now() - make_interval(days => $2))::int as previous
         from reports r left join places pl on pl.id = r.place_id join agencies a on a.id = r.reporting_agency_id
         where a.area_id = $1 and r.received_at >= now() - make_interval(days => $2 * 2) and ${key} is not null
         group by 1 order by current desc limit 200`,
        [areaId, days],
      );
      return { by, days, areas: rows.map((r) => ({ area: r.area, label: r.label, reports: r.current, previous: r.previous, change: r.current - r.previous })) };
    }
  };
}
