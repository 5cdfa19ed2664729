import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/context.js';
import { Id } from '../../platform/validation.js';
import { BreachInput, CaseOutcomeInput, ComplianceInput, InterventionInput, InterventionUpdate, RequirementParams, RequirementUpdate } from './schema.js';
import { recordBreach, recordCompliance, recordIntervention, setCaseOutcome, updateIntervention, updateRequirement } from './service.js';
import { caseInterventions, viewCaseOutcome } from './views.js';
import { approachesInsight } from './insight.js';

const Loose = z.looseObject({});
const Created = z.object({ id: z.string() });

export function interventionRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['interventions'];
    app.post(
      '/cases/:id/interventions',
      {
        schema: {
          tags,
          summary: 'Record a support referral, a mediation (with its safety screening) or an enforcement step with positive requirements. Enforcement above a warning passes the proportionality gate: 409 lists what is missing.',
          params: Id,
          body: InterventionInput,
          response: {
            201: z.object({
              id: z.string(), kind: z.string(), type: z.string(), status: z.string(), positiveRequirementIds: z.array(z.string()),
              screening: z.object({ advice: z.string(), reasons: z.array(z.string()) }).optional(),
            }),
          },
        },
      },
      async (req, reply) => reply.code(201).send(await recordIntervention(ctx, req.access, req.params.id, req.body)),
    );
    app.get('/cases/:id/interventions', { schema: { tags, summary: "The case's interventions with requirements, compliance checks, breaches and screenings, filtered by the access policy.", params: Id, response: { 200: z.array(Loose) } } }, async (req) =>
      caseInterventions(req.access, req.params.id),
    );
    app.patch(
      '/interventions/:id',
      { schema: { tags, summary: 'Status, end date and outcome (behaviour stopped, reduced or continued).', params: Id, body: InterventionUpdate, response: { 204: z.null() } } },
      async (req, reply) => {
        await updateIntervention(req.access, req.params.id, req.body);
        return reply.code(204).send(null);
      },
    );
    app.patch(
      '/interventions/:id/requirements/:requirementId',
      { schema: { tags, summary: 'Mark a positive requirement completed or not met.', params: RequirementParams, body: RequirementUpdate, response: { 204: z.null() } } },
      async (req, reply) => {
        await updateRequirement(req.access, req.params.id, req.params.requirementId, req.body.status);
        return reply.code(204).send(null);
      },
    );
    app.post('/interventions/:id/compliance-checks', { schema: { tags, summary: 'Record a compliance check of the order or of one positive requirement.', params: Id, body: ComplianceInput, response: { 201: Created } } }, async (req, reply) =>
      reply.code(201).send(await recordCompliance(req.access, req.params.id, req.body)),
    );
    app.post(
      '/interventions/:id/breaches',
      { schema: { tags, summary: 'Log a breach and the action taken; the case lead gets a task to review support before escalating.', params: Id, body: BreachInput, response: { 201: z.object({ id: z.string(), taskId: z.string() }) } } },
      async (req, reply) => reply.code(201).send(await recordBreach(req.access, req.params.id, req.body)),
    );
    app.put('/cases/:id/outcome', { schema: { tags, summary: "The case's behaviour outcome: stopped, reduced or continued (lead agency).", params: Id, body: CaseOutcomeInput, response: { 204: z.null() } } }, async (req, reply) => {
      await setCaseOutcome(req.access, req.params.id, req.body);
      return reply.code(204).send(null);
    });
    app.get('/cases/:id/outcome', { schema: { tags, summary: "The case's behaviour outcome, if recorded.", params: Id, response: { 200: Loose } } }, async (req) => viewCaseOutcome(req.access, req.params.id));
    app.get(
      '/insight/approaches',
      { schema: { tags: ['insight'], summary: 'Outcomes of support-led, enforcement-led and blended approaches, where mental health needs were recorded and where not (counts only).', response: { 200: Loose } } },
      async (req) => approachesInsight(ctx, req.access),
    );
  };
}
