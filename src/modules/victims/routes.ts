import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { areaFigures } from '../../platform/figures.js';
import type { AppContext } from '../../platform/http/context.js';
import { CaseVictim, Created, DueItem, DueQuery, ImpactInput, LevelInput, SupportOfferInput, SupportResponseInput, UpdateStatusView } from './schema.js';
import * as service from './service.js';

const Loose = z.looseObject({});

/** Victims heard, informed, protected: update cadence, support offered and taken up, their own words. */
export function victimRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const figures = areaFigures(ctx.config.INSIGHT_CACHE_SECONDS);
  return async (app) => {
    const tags = ['victims'];
    app.get(
      '/victims/due',
      {
        schema: {
          tags,
          summary: "Victims due an update on progress within `withinDays` on open cases the officer leads (yours, or a team member's for a team leader), soonest first.",
          querystring: DueQuery,
          response: { 200: z.array(DueItem) },
        },
      },
      async (req) => service.dueToUpdate(ctx, req.access, req.query),
    );
    app.get(
      '/victims/kpi',
      {
        schema: {
          tags,
          summary: "The area's victims (on cases open in the last year) with an offer of support recorded, and how many accepted or declined.",
          response: { 200: z.object({ victims: z.number(), withSupportOffer: z.number(), percentWithSupportOffer: z.number().nullable(), accepted: z.number(), declined: z.number(), asOf: z.string().describe('When they were counted (kept for INSIGHT_CACHE_SECONDS).') }) },
        },
      },
      async (req) => service.supportKpi(req.access, figures),
    );
    app.get(
      '/cases/:id/victims',
      { schema: { tags, summary: 'The victims on a case with their update cadence and when each is next due an update.', params: z.object({ id: z.uuid() }), response: { 200: z.array(Loose) } } },
      async (req) => service.caseVictims(ctx, req.access, req.params.id),
    );
    app.get(
      '/cases/:id/victims/:personId',
      {
        schema: {
          tags,
          summary: 'One victim on a case: update status, support offered and taken up, their account of the impact, whether they felt safer at each contact.',
          params: CaseVictim,
          response: { 200: Loose },
        },
      },
      async (req) => service.viewVictim(ctx, req.access, req.params.id, req.params.personId),
    );
    app.put(
      '/cases/:id/victims/:personId/level',
      {
        schema: {
          tags,
          summary: "Set the victim's level for the update cadence, with a reason (lead agency). A risk assessment's level applies if higher.",
          params: CaseVictim,
          body: LevelInput,
          response: { 200: UpdateStatusView },
        },
      },
      async (req) => service.setVictimLevel(ctx, req.access, req.params.id, req.params.personId, req.body),
    );
    app.post(
      '/cases/:id/victims/:personId/support-offers',
      { schema: { tags, summary: 'Record support offered to the victim: the service, the provider, and whether it was accepted or declined (with why).', params: CaseVictim, body: SupportOfferInput, response: { 201: Created } } },
      async (req, reply) => reply.code(201).send(await service.offerSupport(req.access, req.params.id, req.params.personId, req.body)),
    );
    app.patch(
      '/cases/:id/victims/:personId/support-offers/:offerId',
      {
        schema: {
          tags,
          summary: 'Record the victim accepting or declining support offered earlier (declining needs a reason).',
          params: CaseVictim.extend({ offerId: z.uuid() }),
          body: SupportResponseInput,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await service.respondToSupport(req.access, req.params.id, req.params.personId, req.params.offerId, req.body);
        return reply.code(204).send(null);
      },
    );
    app.post(
      '/cases/:id/victims/:personId/impact',
      { schema: { tags, summary: "Record the victim's own account of the impact on them, in their words.", params: CaseVictim, body: ImpactInput, response: { 201: Created } } },
      async (req, reply) => reply.code(201).send(await service.recordImpact(req.access, req.params.id, req.params.personId, req.body)),
    );
  };
}
