import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/context.js';
import { invalidField, notFound } from '../../platform/errors.js';
import { Id } from '../../platform/validation.js';
import { findQuestionnaire, latestQuestionnaire, latestRule, type RiskData } from './rules/index.js';
import { AssessmentInput, OverdueQuery, ProportionalityCheckQuery, ProportionalityInput, QuestionnaireParams, QuestionnaireVersionParams } from './schema.js';
import { createAssessment, getAssessment, personRisk } from './service.js';
import { listProportionality, proportionalityStatus, recordProportionality } from './proportionality.js';
import { overdueReviews } from './reviews.js';
import { resolvePerson } from '../people/store.js';
import { caseFor } from '../cases/service.js';

const Loose = z.looseObject({});
const LooseList = z.array(Loose);
const Level = z.enum(['standard', 'medium', 'high']);
const Missing = z.array(z.object({ code: z.string(), message: z.string() }));

export function riskRoutes(ctx: AppContext, data: RiskData): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['risk'];
    app.get('/questionnaires', { schema: { tags, summary: 'Every questionnaire version: questions, answer types, guidance, legal notes, scores and thresholds.', response: { 200: LooseList } } }, async (req) => {
      req.access.user();
      return data.questionnaires;
    });
    app.get('/questionnaires/:id', { schema: { tags, summary: 'The latest version of one questionnaire (what new assessments use).', params: QuestionnaireParams, response: { 200: Loose } } }, async (req) => {
      req.access.user();
      const def = latestQuestionnaire(data.questionnaires, req.params.id);
      if (!def) throw notFound('Questionnaire');
      return def;
    });
    app.get('/questionnaires/:id/:version', { schema: { tags, summary: 'One questionnaire version (old versions stay readable).', params: QuestionnaireVersionParams, response: { 200: Loose } } }, async (req) => {
      req.access.user();
      const def = findQuestionnaire(data.questionnaires, req.params.id, req.params.version);
      if (!def) throw notFound('Questionnaire');
      return def;
    });
    app.get('/risk-rules', { schema: { tags, summary: 'The rules in force: persistence points, review cadence by level, the enforcement ladder and its proportionality gate.', response: { 200: Loose } } }, async (req) => {
      req.access.user();
      return { persistence: latestRule(data.persistenceRules), reviewCadence: latestRule(data.reviewCadences), enforcementLadder: latestRule(data.enforcementLadders) };
    });

    app.post(
      '/assessments',
      {
        schema: {
          tags,
          summary: 'Record an assessment: answers checked against the questionnaire, scored with persistence (linked reports, months), review date set by level; a "yes" to a safeguarding question creates a task.',
          body: AssessmentInput,
          response: {
            201: z.looseObject({
              id: z.string(), personId: z.string(), questionnaireId: z.string(), questionnaireVersion: z.number(), lens: z.string(), level: Level, levelWithoutPersistence: Level,
              rawScore: z.number(), persistenceScore: z.number(), totalScore: z.number(), linkedReports: z.number(), reviewDue: z.string(),
              tasks: z.array(z.object({ id: z.string(), kind: z.string(), title: z.string() })),
            }),
          },
        },
      },
      async (req, reply) => reply.code(201).send(await createAssessment(data, req.access, req.body)),
    );
    app.get('/assessments/:id', { schema: { tags, summary: 'One assessment with its answers, filtered question by question (risk, health, safeguarding).', params: Id, response: { 200: Loose } } }, async (req) =>
      getAssessment(data, req.access, req.params.id),
    );
    app.get('/people/:id/risk', { schema: { tags, summary: 'Both lenses now, side by side, and their history over time (for a chart); filtered and audited.', params: Id, response: { 200: Loose } } }, async (req) =>
      personRisk(req.access, req.params.id),
    );
    app.get(
      '/reviews/overdue',
      { schema: { tags, summary: "Risk reviews past their date: a team leader's team, or an officer's own cases and assessments.", querystring: OverdueQuery, response: { 200: LooseList } } },
      async (req) => overdueReviews(req.access, req.query.teamId),
    );

    app.post(
      '/proportionality',
      {
        schema: {
          tags,
          summary: 'Record a proportionality and capacity check for a person on a case: can they comply, what support is in place, equality considerations.',
          body: ProportionalityInput,
          response: { 201: z.object({ id: z.string(), personId: z.string(), caseId: z.string(), recordedAt: z.string() }) },
        },
      },
      async (req, reply) => reply.code(201).send(await recordProportionality(req.access, req.body)),
    );
    app.get('/cases/:id/proportionality', { schema: { tags, summary: "The case's proportionality and capacity checks, filtered by the access policy.", params: Id, response: { 200: LooseList } } }, async (req) =>
      listProportionality(req.access, req.params.id),
    );
    app.get(
      '/cases/:id/proportionality/check',
      {
        schema: {
          tags,
          summary: 'Would the proportionality gate let this enforcement step be recorded for this person now? Lists what is missing.',
          params: Id,
          querystring: ProportionalityCheckQuery,
          response: { 200: z.object({ allowed: z.boolean(), missing: Missing, step: z.looseObject({}).nullable() }) },
        },
      },
      async (req) => {
        await caseFor(req.access, req.params.id, 'read');
        const personId = await resolvePerson(ctx.db, req.query.personId);
        if (!personId) throw invalidField('querystring.personId', 'no such person');
        if (!latestRule(data.enforcementLadders)!.steps.some((s) => s.type === req.query.type)) throw invalidField('querystring.type', 'not a step on the enforcement ladder');
        const r = await proportionalityStatus(data, ctx.db, personId, req.params.id, req.query.type);
        await req.access.auditRead([{ subjectType: 'person', subjectId: personId, action: 'read_proportionality_status', fields: ['proportionality_status'], detail: { caseId: req.params.id, type: req.query.type } }]);
        return { allowed: r.allowed, missing: r.missing, step: r.step ?? null };
      },
    );
  };
}
