import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/context.js';
import { Id } from '../../platform/validation.js';
import { caseload, teamOverview } from './caseload.js';
import { CaseloadView, PractitionerParams, SessionInput, SessionListQuery, SupervisionStatus } from './schema.js';
import { listSessions, recordSession, viewSession } from './service.js';

const Loose = z.looseObject({});

/** Practitioners supported: supervision and peer check-ins, caseloads; the practitioner and their team leader only. */
export function supervisionRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['supervision'];
    app.post(
      '/supervision/sessions',
      {
        schema: {
          tags,
          summary: 'Record a reflective supervision or peer check-in: cases discussed, wellbeing check, reflections, actions (the practitioner or their team leader).',
          body: SessionInput,
          response: { 201: z.object({ id: z.string() }) },
        },
      },
      async (req, reply) => reply.code(201).send(await recordSession(ctx, req.access, req.body)),
    );
    app.get(
      '/supervision/sessions',
      { schema: { tags, summary: "A practitioner's supervision records, newest first (yours unless practitionerId names someone in your team).", querystring: SessionListQuery, response: { 200: z.array(Loose) } } },
      async (req) => listSessions(req.access, req.query),
    );
    app.get('/supervision/sessions/:id', { schema: { tags, summary: 'One supervision record.', params: Id, response: { 200: Loose } } }, async (req) => viewSession(req.access, req.params.id));
    app.get(
      '/supervision/practitioners/:userId/caseload',
      {
        schema: {
          tags,
          summary: "A practitioner's caseload: open cases led, high-risk cases, cases with safeguarding concerns, overdue tasks and actions, supervision due.",
          params: PractitionerParams,
          response: { 200: CaseloadView },
        },
      },
      async (req) => caseload(ctx, req.access, req.params.userId),
    );
    app.get(
      '/supervision/team',
      {
        schema: {
          tags,
          summary: "Team leaders: each practitioner in the team with caseload figures, overdue items and when supervision is due.",
          response: {
            200: z.array(
              z.object({
                practitioner: CaseloadView.shape.practitioner,
                openCasesLed: z.number(),
                highRiskCases: z.number().nullable(),
                casesWithSafeguardingConcerns: z.number().nullable(),
                overdueItems: z.number(),
                supervision: SupervisionStatus,
              }),
            ),
          },
        },
      },
      async (req) => teamOverview(ctx, req.access),
    );
  };
}
