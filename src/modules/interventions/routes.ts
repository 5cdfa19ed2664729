import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/context.js';
import { Id } from '../../platform/validation.js';
import { BreachInput, ComplianceInput, InterventionInput, InterventionUpdate } from './schema.js';
import { caseInterventions, recordBreach, recordCompliance, recordIntervention, updateIntervention } from './service.js';

export function interventionRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['interventions'];
    app.post(
      '/cases/:id/interventions',
      { schema: { tags, summary: 'Record a support referral, a mediation (with its safety screening) or an enforcement step (proportionality gate: 409 names what is missing).', params: Id, body: InterventionInput } },
      async (req, reply) => reply.code(201).send(await recordIntervention(ctx, req.access, req.params.id, req.body)),
    );
    app.get('/cases/:id/interventions', { schema: { tags, summary: "The case's interventions with requirements, compliance and breaches.", params: Id } }, async (req) => caseInterventions(req.access, req.params.id));
    app.patch('/interventions/:id', { schema: { tags, summary: 'Status and outcome (behaviour stopped, reduced or continued).', params: Id, body: InterventionUpdate, response: { 204: z.null() } } }, async (req, reply) => {
      await updateIntervention(req.access, req.params.id, req.body);
      return reply.code(204).send(null);
    });
    app.post('/interventions/:id/compliance-checks', { schema: { tags, summary: 'Record a compliance check (of the order or one positive requirement).', params: Id, body: ComplianceInput } }, async (req, reply) =>
      reply.code(201).send(await recordCompliance(req.access, req.params.id, req.body)),
    );
    app.post('/interventions/:id/breaches', { schema: { tags, summary: 'Log a breach and the action taken.', params: Id, body: BreachInput } }, async (req, reply) =>
      reply.code(201).send(await recordBreach(req.access, req.params.id, req.body)),
    );
    app.get('/insight/approaches', { schema: { tags: ['insight'], summary: 'Outcomes of support-led and enforcement-led approaches, overall and where mental health needs were recorded.' } }, async (req) => {
      const a = req.access.requireRole('officer', 'team_leader', 'partner', 'dpo');
      const { rows } = await ctx.db.query<{ approach: string; mental_health: boolean; outcome: string | null; n: number }>(
        `select case when i.kind = 'enforcement' then 'enforcement_led' else 'support_led' end as approach,
           exists (select 1 from assessments x where x.person_id = i.person_id and x.answers->'mental_health'->>'value' = 'yes') as mental_health,
           i.outcome, count(*)::int as n
         from interventions i join cases c on c.id = i.case_id where c.area_id = $1 group by 1, 2, 3`,
        [a.areaId],
      );
      const table: Record<string, Record<string, Record<string, number>>> = {};
      for (const r of rows) {
        const group = r.mental_health ? 'mental_health_needs_recorded' : 'no_mental_health_needs_recorded';
        ((table[group] ??= {})[r.approach] ??= {})[r.outcome ?? 'open'] = r.n;
      }
      return table;
    });
  };
}
