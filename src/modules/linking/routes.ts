import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { conflict } from '../../platform/errors.js';
import type { AppContext } from '../../platform/http/context.js';
import { Id, Paging, page } from '../../platform/validation.js';
import { namedScopes, personScopes } from '../people/store.js';
import { LINKING_RULES } from './flags.js';
import { decide, reestimateParams, seesWhoTheyAre, undoMerge, type LinkingServices } from './service.js';
import { listParams, suggestionQueue } from './store.js';
import { placeReports, placeThreads, placesToList, victimThreads, victimsToList } from './thresholds.js';
import { areaFigures } from '../../platform/figures.js';

/** How many victims or places a threshold list shows. */
const LISTED = 100;

/** Suggestions for staff to decide, merges and their undoing, and the people and places past a threshold. */
export function linkingRoutes(ctx: AppContext, linking: LinkingServices): FastifyPluginAsyncZod {
  // The threshold lists' counts are kept a minute per area, as the dashboard's are (see thresholds.ts).
  const figures = areaFigures(ctx.config.INSIGHT_CACHE_SECONDS);
  return async (app) => {
    const tags = ['linking'];
    app.get(
      '/link-suggestions',
      {
        schema: {
          tags,
          summary: 'Candidate links awaiting a decision, strongest first, with the evidence for each (names shown as the access policy allows).',
          querystring: Paging.extend({ status: z.enum(['suggested', 'confirmed', 'rejected']).default('suggested'), reportId: z.uuid().optional(), personId: z.uuid().optional().describe('Only suggestions with this person (or a record merged into them) on either side.') }),
        },
      },
      async (req) => {
        const actor = req.access.requireRole('officer', 'team_leader', 'partner');
        const { total, totalExact, rows } = await suggestionQueue(ctx.db, { status: req.query.status, reportId: req.query.reportId, personId: req.query.personId, areaAgencyIds: actor.otherAreas ? actor.areaAgencyIds : null, ...page(req.query) });
        const scopes = await personScopes(ctx.db, rows.flatMap((r) => [r.person_id, r.candidate_person_id]));
        const items = [];
        for (const r of rows) {
          if (!(await seesWhoTheyAre(req.access, [r.person_id, r.candidate_person_id], scopes))) continue;
          items.push({ id: r.id, reportId: r.report_id, reportReference: r.reference, personId: r.person_id, personName: r.a, candidatePersonId: r.candidate_person_id, candidateName: r.b, probability: r.probability, evidence: r.evidence, status: r.status, createdAt: new Date(r.created_at).toISOString() });
        }
        if (items.length) await req.access.auditRead([{ subjectType: 'link_suggestion', subjectId: null, action: 'list', fields: ['identity'], detail: { suggestions: items.map((i) => i.id) } }]);
        return { total, totalExact, page: req.query.page, pageSize: req.query.pageSize, items };
      },
    );
    for (const decision of ['confirm', 'reject'] as const) {
      app.post(
        `/link-suggestions/:id/${decision}`,
        {
          schema: {
            tags,
            summary: decision === 'confirm' ? 'Confirm a link: the two records become one person (undoable).' : 'Reject a link: the two records are different people.',
            params: Id,
            response: { 200: z.object({ mergeId: z.string().nullable(), survivorId: z.string().nullable(), mergedId: z.string().nullable() }) },
          },
        },
        async (req) => decide(ctx, await linking.whenBuilt(), req.access, req.params.id, decision),
      );
    }
    app.post(
      '/merges/:id/undo',
      { schema: { tags, summary: 'Undo a merge: the merged record stands alone again.', params: Id, response: { 200: z.object({ survivorId: z.string(), restoredId: z.string() }) } } },
      async (req) => undoMerge(await linking.whenBuilt(), req.access, req.params.id),
    );
    const Feedback = z.object({ confirmed: z.number().int(), rejected: z.number().int() }).nullable();
    app.get(
      '/linking/parameters',
      {
        schema: {
          tags,
          summary: 'Linkage parameter versions, newest first: when estimated, from how many people, and how many staff decisions (confirmed / rejected links) they learnt from.',
          response: {
            200: z.object({
              live: z.string(),
              items: z.array(z.object({ version: z.string(), estimatedAt: z.string(), recordCount: z.number().int(), pairs: z.number().nullable(), feedback: Feedback, live: z.boolean() })),
            }),
          },
        },
      },
      async (req) => {
        req.access.requireRole('admin', 'team_leader', 'officer', 'dpo');
        const live = (await linking.whenBuilt()).paramsVersion;
        const items = (await listParams(ctx.db)).map((p) => ({ ...p, feedback: p.feedback ? { confirmed: p.feedback.confirmed, rejected: p.feedback.rejected } : null, live: p.version === live }));
        return { live, items };
      },
    );
    app.post(
      '/linking/parameters/reestimate',
      {
        schema: {
          tags,
          summary: 'Re-estimate the linkage parameters now, with the confirmed and rejected links as labels; the new version goes live at once.',
          response: { 200: z.object({ version: z.string(), estimatedAt: z.string(), recordCount: z.number().int(), confirmed: z.number().int(), rejected: z.number().int() }) },
        },
      },
      async (req) => {
        req.access.requireRole('admin', 'team_leader');
        const r = await reestimateParams(ctx, req.access);
        if (r.status === 'too_few_people') throw conflict(`Too few people on file to estimate parameters (${r.people}; at least ${r.needed} are needed).`, { people: r.people, needed: r.needed });
        if (r.status !== 'estimated') throw new Error('unreachable: a forced re-estimate always estimates');
        return { version: r.version, estimatedAt: r.estimatedAt, recordCount: r.recordCount, confirmed: r.confirmed, rejected: r.rejected };
      },
    );
    app.get(
      '/thresholds',
      {
        schema: {
          tags,
          summary: "Victims past the area's ASB Case Review threshold (their reports counted over linked records, as intake counts them) and places past it or the repeat-location threshold, with no open case. Each with the reports in the Case Review window it is made of (to open a case from). Counts are kept INSIGHT_CACHE_SECONDS per area (asOf); open cases are checked on every request.",
          querystring: z.object({ kind: z.enum(['people', 'places']).default('people') }),
        },
      },
      async (req) => {
        const actor = req.access.requireRole('officer', 'team_leader');
        const area = (await ctx.db.query<{ n: number; days: number }>('select case_review_report_count as n, case_review_window_days as days from areas where id = $1', [actor.areaId])).rows[0];
        const threshold = { reports: area.n, windowDays: area.days };
        if (req.query.kind === 'places') {
          // Places past the Case Review threshold or the repeat-location one; eligibility by the Case Review window alone.
          const rule = { days: Math.max(area.days, LINKING_RULES.repeatLocation.windowDays), reports: Math.min(area.n, LINKING_RULES.repeatLocation.minReports), caseReviewDays: area.days };
          const kept = await figures(`threshold-places:${actor.areaId}:${rule.days}:${rule.reports}`, async () => ({ places: await placeThreads(ctx.db, actor.areaId, rule) }));
          const places = await placesToList(ctx.db, kept.places, LISTED);
          const reports = await placeReports(ctx.db, places.map((p) => p.placeId), area.days, actor.areaAgencyIds);
          return { threshold, asOf: kept.asOf, items: places.map((p) => ({ ...p, caseReviewEligible: p.caseReviewReports >= area.n, reportIds: reports.get(p.placeId)! })) };
        }
        const rule = { days: area.days, reports: area.n, linkThreshold: LINKING_RULES.linkThreshold };
        const kept = await figures(`threshold-victims:${actor.areaId}:${rule.days}:${rule.reports}`, async () => ({ victims: await victimThreads(ctx.db, actor.areaId, rule) }));
        const victims = await victimsToList(ctx.db, kept.victims, LISTED);
        const named = await namedScopes(ctx.db, victims.map((v) => v.personId));
        const items = [];
        for (const v of victims) {
          const { displayName, scope } = named.get(v.personId)!;
          const { value } = await req.access.filter(scope, { personId: v.personId, displayName, reports: v.reports, agencies: v.agencies, linkedRecords: v.linked.length }, { displayName: 'minimal_identity' });
          // The reports the count is made of, to open a case from (report references and dates are open within the area; their content follows the policy).
          items.push({ ...value, caseReviewEligible: true, reportIds: v.reportIds });
        }
        await req.access.auditRead([{ subjectType: 'threshold_list', subjectId: null, action: 'list', fields: ['displayName'], detail: { people: victims.map((v) => v.personId) } }]);
        return { threshold, asOf: kept.asOf, items };
      },
    );
  };
}
