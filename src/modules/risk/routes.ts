import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/context.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { Id } from '../../platform/validation.js';
import { personScopes } from '../people/store.js';
import { findQuestionnaire, type RiskData } from './rules/index.js';
import { AssessmentInput, ChildrenDecisionInput, ConcernInput, ConcernUpdate, ProportionalityInput } from './schema.js';
import { answersCategory, createAssessment, personRisk, recordProportionality } from './service.js';
import { listConcerns, raiseConcern, recordChildrenDecision, updateConcern } from './safeguarding.js';

export function riskRoutes(ctx: AppContext, data: RiskData): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['risk'];
    app.get('/questionnaires', { schema: { tags, summary: 'Every questionnaire version, with questions, guidance, legal notes, scores and thresholds.' } }, async (req) => {
      req.access.user();
      return data.questionnaires;
    });
    app.get(
      '/questionnaires/:id/:version',
      { schema: { tags, summary: 'One questionnaire version (old versions stay readable).', params: z.object({ id: z.string().max(60), version: z.coerce.number().int().min(1) }) } },
      async (req) => {
        req.access.user();
        const def = findQuestionnaire(data.questionnaires, req.params.id, req.params.version);
        if (!def) throw notFound('Questionnaire');
        return def;
      },
    );
    app.post('/assessments', { schema: { tags, summary: 'Record an assessment: scored with persistence (linked reports, months), review date set by level.', body: AssessmentInput } }, async (req, reply) =>
      reply.code(201).send(await createAssessment(data, req.access, req.body)),
    );
    app.get('/assessments/:id', { schema: { tags, summary: 'One assessment with its answers, filtered by the access policy.', params: Id } }, async (req) => {
      req.access.user();
      const r = await ctx.db.query<{ id: string; person_id: string; case_id: string | null; questionnaire_id: string; questionnaire_version: number; lens: string; answers: unknown; level: string; total_score: number; persistence_score: number; reasons: unknown; assessed_at: Date; review_due: Date; agency_id: string }>(
        'select * from assessments where id = $1',
        [req.params.id],
      );
      const a = r.rows[0];
      if (!a) throw notFound('Assessment');
      const scope = (await personScopes(ctx.db, [a.person_id])).get(a.person_id)!;
      const { value, disclosed } = await req.access.filter(
        { ...scope, ownerAgencyIds: [a.agency_id] },
        { id: a.id, personId: a.person_id, caseId: a.case_id, questionnaireId: a.questionnaire_id, questionnaireVersion: a.questionnaire_version, lens: a.lens, assessedAt: new Date(a.assessed_at).toISOString(), reviewDue: new Date(a.review_due).toISOString(), level: a.level, totalScore: a.total_score, persistenceScore: a.persistence_score, reasons: a.reasons, answers: a.answers },
        { level: 'risk', totalScore: 'risk', persistenceScore: 'risk', reasons: 'risk', answers: answersCategory(a.questionnaire_id) },
      );
      await req.access.auditRead([{ subjectType: 'assessment', subjectId: a.id, action: 'read', fields: disclosed }]);
      return { ...value, questionnaire: findQuestionnaire(data.questionnaires, a.questionnaire_id, a.questionnaire_version)?.title ?? null };
    });
    app.get('/people/:id/risk', { schema: { tags, summary: 'Both lenses now and their history over time (for a chart).', params: Id } }, async (req) => personRisk(req.access, req.params.id));
    app.get(
      '/reviews/overdue',
      { schema: { tags, summary: "Assessments past their review date: a team leader's team, or an officer's own cases.", querystring: z.object({ teamId: z.uuid().optional() }) } },
      async (req) => {
        const a = req.access.requireRole('officer', 'team_leader');
        const teamId = req.query.teamId ?? a.teamId;
        if (req.query.teamId && (a.role !== 'team_leader' || req.query.teamId !== a.teamId)) throw forbidden('Team leaders see their own team.');
        const { rows } = await ctx.db.query<{ id: string; person_id: string; display_name: string; lens: string; level: string; review_due: Date; case_id: string | null; reference: string | null; officer: string | null }>(
          `select distinct on (x.person_id, x.lens) x.id, x.person_id, p.display_name, x.lens, x.level, x.review_due, x.case_id, c.reference, u.display_name as officer
           from assessments x join people p on p.id = x.person_id left join cases c on c.id = x.case_id left join users u on u.id = c.lead_officer_id
           where x.lens <> 'safeguarding' and (c.id is null or c.status <> 'closed')
             and (case when $1 = 'team_leader' then u.team_id = $2 else c.lead_officer_id = $3 end)
           order by x.person_id, x.lens, x.assessed_at desc`,
          [a.role, teamId, a.userId],
        );
        const overdue = rows.filter((r) => new Date(r.review_due) < new Date());
        await req.access.auditRead([{ subjectType: 'review_list', subjectId: null, action: 'list', fields: overdue.length ? ['displayName', 'risk'] : [], detail: { people: overdue.map((r) => r.person_id) } }]);
        return overdue
          .sort((x, y) => new Date(x.review_due).getTime() - new Date(y.review_due).getTime())
          .map((r) => ({ assessmentId: r.id, personId: r.person_id, person: r.display_name, lens: r.lens, level: r.level, reviewDue: new Date(r.review_due).toISOString(), caseId: r.case_id, caseReference: r.reference, leadOfficer: r.officer, daysOverdue: Math.floor((Date.now() - new Date(r.review_due).getTime()) / 86_400_000) }));
      },
    );
    app.post('/proportionality', { schema: { tags, summary: 'Record a proportionality and capacity check (can they comply, support in place, equality considerations).', body: ProportionalityInput } }, async (req, reply) =>
      reply.code(201).send(await recordProportionality(req.access, req.body)),
    );
    app.post('/safeguarding-concerns', { schema: { tags: ['safeguarding'], summary: "Raise an adult (Care Act s42) or children's safeguarding concern to the area's social care agency.", body: ConcernInput } }, async (req, reply) =>
      reply.code(201).send(await raiseConcern(req.access, req.body)),
    );
    app.get('/safeguarding-concerns', { schema: { tags: ['safeguarding'], summary: 'Concerns your agency raised or received, with their status.' } }, async (req) => listConcerns(req.access));
    app.patch(
      '/safeguarding-concerns/:id',
      { schema: { tags: ['safeguarding'], summary: 'The receiving agency acknowledges, opens an enquiry, records the outcome.', params: Id, body: ConcernUpdate, response: { 204: z.null() } } },
      async (req, reply) => {
        await updateConcern(req.access, req.params.id, req.body);
        return reply.code(204).send(null);
      },
    );
    app.get('/children-decisions', { schema: { tags: ['safeguarding'], summary: "Children's safeguarding decisions awaiting a record (a child listed with a high-risk adult)." } }, async (req) => {
      const a = req.access.requireRole('officer', 'team_leader', 'partner');
      const { rows } = await ctx.db.query<{ id: string; report_id: string; reference: string; child: string; created_at: Date }>(
        `select d.id, d.report_id, r.reference, p.display_name as child, d.created_at from children_decisions d join reports r on r.id = d.report_id join people p on p.id = d.child_person_id
         where d.status = 'pending' and r.reporting_agency_id = $1 order by d.created_at`,
        [a.agencyId],
      );
      await req.access.auditRead([{ subjectType: 'children_decision', subjectId: null, action: 'list', fields: rows.length ? ['children'] : [] }]);
      return rows.map((r) => ({ id: r.id, reportId: r.report_id, reportReference: r.reference, child: r.child, promptedAt: new Date(r.created_at).toISOString() }));
    });
    app.post(
      '/children-decisions/:id',
      { schema: { tags: ['safeguarding'], summary: "Record the children's safeguarding decision and whether a referral was made.", params: Id, body: ChildrenDecisionInput, response: { 204: z.null() } } },
      async (req, reply) => {
        await recordChildrenDecision(req.access, req.params.id, req.body);
        return reply.code(204).send(null);
      },
    );
  };
}
