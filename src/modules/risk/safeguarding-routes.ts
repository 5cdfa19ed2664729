import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../platform/validation.js';
import { ChildrenDecisionInput, ChildrenDecisionQuery, ConcernInput, ConcernListQuery, ConcernUpdate } from './schema.js';
import { getConcern, listConcerns, raiseConcern, updateConcern } from './concerns.js';
import { listChildrenDecisions, recordChildrenDecision } from './prompts.js';

const Loose = z.looseObject({});

/** Safeguarding concerns (adult and child) tracked to an outcome, and children's decisions. */
export function safeguardingRoutes(): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['safeguarding'];
    app.post(
      '/safeguarding-concerns',
      {
        schema: {
          tags,
          summary: "Raise an adult (Care Act 2014 s42) or children's safeguarding concern to the area's social care agency, recording what was shared.",
          body: ConcernInput,
          response: { 201: z.object({ id: z.string(), toAgencyId: z.string(), toAgency: z.string(), status: z.literal('raised') }) },
        },
      },
      async (req, reply) => reply.code(201).send(await raiseConcern(req.access, req.body)),
    );
    app.get('/safeguarding-concerns', { schema: { tags, summary: 'Concerns your agency raised or received, with their status.', querystring: ConcernListQuery, response: { 200: z.array(Loose) } } }, async (req) =>
      listConcerns(req.access, req.query),
    );
    app.get('/safeguarding-concerns/:id', { schema: { tags, summary: 'One concern: reason, what was shared, status and outcome (raising and receiving agencies only).', params: Id, response: { 200: Loose } } }, async (req) =>
      getConcern(req.access, req.params.id),
    );
    app.patch(
      '/safeguarding-concerns/:id',
      { schema: { tags, summary: 'The receiving agency acknowledges, opens an enquiry, records the outcome.', params: Id, body: ConcernUpdate, response: { 204: z.null() } } },
      async (req, reply) => {
        await updateConcern(req.access, req.params.id, req.body);
        return reply.code(204).send(null);
      },
    );
    app.get(
      '/children-decisions',
      {
        schema: {
          tags,
          summary: "Children's safeguarding decisions (a child listed with a high-risk adult): pending ones must be recorded. caseId narrows to the reports on one case.",
          querystring: ChildrenDecisionQuery,
          response: { 200: z.array(Loose) },
        },
      },
      async (req) => listChildrenDecisions(req.access, req.query.status, req.query.caseId),
    );
    app.post(
      '/children-decisions/:id',
      { schema: { tags, summary: "Record the children's safeguarding decision and whether a referral was made.", params: Id, body: ChildrenDecisionInput, response: { 204: z.null() } } },
      async (req, reply) => {
        await recordChildrenDecision(req.access, req.params.id, req.body);
        return reply.code(204).send(null);
      },
    );
  };
}
