import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/errors.js';
import { Id, Paging, page, text } from '../../platform/validation.js';
import { viewReports } from '../reports/service.js';
import type { Access } from '../../platform/access/access.js';
import { getPlace, placeKnownTo, placeView, searchPlaces } from './store.js';

export function placeRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/places',
      {
        schema: {
          tags: ['places'],
          summary: "Places known to the user's area (its reports, or addresses its agencies recorded), by postcode (or sector) or address text, with how many of the area's reports each has; with neither, the places with the area's reports, most first.",
          querystring: Paging.extend({ postcode: z.string().trim().max(10).optional(), q: text(200).optional() }),
          response: { 200: z.object({ total: z.number(), page: z.number(), pageSize: z.number(), items: z.array(z.looseObject({})) }) },
        },
      },
      async (req) => {
        const actor = req.access.user();
        const res = await searchPlaces(ctx.db, { postcode: req.query.postcode, text: req.query.q, agencyIds: actor.areaAgencyIds, ...page(req.query) });
        return { ...res, page: req.query.page, pageSize: req.query.pageSize };
      },
    );
    app.get(
      '/places/:id',
      { schema: { tags: ['places'], summary: 'One place and the reports made about it (report content filtered by the access policy).', params: Id, querystring: Paging } },
      async (req) => {
        const actor = req.access.user();
        const p = await getPlace(ctx.db, req.params.id);
        // A place only another area knows of is not this area's to see.
        if (!p || !(await placeKnownTo(ctx.db, p.id, actor.areaAgencyIds))) throw notFound('Place');
        const reports = await searchPlaceReports(req.access, p.id, req.query);
        return { ...placeView(p), reports };
      },
    );
  };
}

/** The area's reports about the place, newest first (each then as the policy shows it). */
async function searchPlaceReports(access: Access, placeId: string, paging: { page: number; pageSize: number }) {
  const ids = await access.db.query<{ id: string }>(
    'select id from reports where place_id = $1 and reporting_agency_id = any($4::uuid[]) order by received_at desc limit $2 offset $3',
    [placeId, paging.pageSize, (paging.page - 1) * paging.pageSize, access.user().areaAgencyIds],
  );
  return viewReports(access, ids.rows.map((r) => r.id));
}
