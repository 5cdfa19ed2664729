import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { conflict } from '../../platform/errors.js';
import type { AppContext } from '../../platform/http/context.js';
import { Id, Paging, page } from '../../platform/validation.js';
import { personScopes } from '../people/store.js';
import { LINKING_RULES } from './flags.js';
import { decide, reestimateParams, undoMerge, type LinkingServices } from './service.js';
import { listParams, suggestionQueue } from './store.js';

/** Suggestions for staff to decide, merges and their undoing, and the people and places past a threshold. */
export function linkingRoutes(ctx: AppContext, linking: LinkingServices): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['linking'];
    app.get(
      '/link-suggestions',
      {
        schema: {
          tags,
          summary: 'Candidate links awaiting a decision, strongest first, with the evidence for each (names shown as the access policy allows).',
          querystring: Paging.extend({ status: z.enum(['suggested', 'confirmed', 'rejected']).default('suggested'), reportId: z.uuid().optional() }),
        },
      },
      async (req) => {
        req.access.requireRole('officer', 'team_leader', 'partner');
        const { total, totalExact, rows } = await suggestionQueue(ctx.db, { status: req.query.status, reportId: req.query.reportId, ...page(req.query) });
        const scopes = await personScopes(ctx.db, rows.flatMap((r) => [r.person_id, r.candidate_person_id]));
        const items = [];
        for (const r of rows) {
          // A suggestion is only useful to someone who may see both sides.
          const [a, b] = await Promise.all([req.access.allows(scopes.get(r.person_id)!, 'identity'), req.access.allows(scopes.get(r.candidate_person_id)!, 'identity')]);
          if (a !== 'allow' || b !== 'allow') continue;
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
          summary: "People and places past the area's ASB Case Review threshold or the repeat thresholds, without an open case.",
          querystring: z.object({ kind: z.enum(['people', 'places']).default('people') }),
        },
      },
      async (req) => {
        const actor = req.access.requireRole('officer', 'team_leader');
        const area = (await ctx.db.query<{ n: number; days: number }>('select case_review_report_count as n, case_review_window_days as days from areas where id = $1', [actor.areaId])).rows[0];
        if (req.query.kind === 'places') {
          const { rows } = await ctx.db.query<{ id: string; line1: string | null; postcode: string | null; lsoa_code: string | null; reports: number; agencies: number }>(
            `select pl.id, pl.line1, pl.postcode, pl.lsoa_code, count(*)::int as reports, count(distinct r.reporting_agency_id)::int as agencies
             from reports r join places pl on pl.id = r.place_id
             where r.received_at >= now() - make_interval(days => $1)
               and not exists (select 1 from case_reports cr join cases c on c.id = cr.case_id where cr.place_id = pl.id and c.status <> 'closed')
             group by pl.id having count(*) >= $2 order by reports desc, pl.id limit 100`,
            [Math.max(area.days, LINKING_RULES.repeatLocation.windowDays), Math.min(area.n, LINKING_RULES.repeatLocation.minReports)],
          );
          return { threshold: { reports: area.n, windowDays: area.days }, items: rows.map((r) => ({ placeId: r.id, line1: r.line1, postcode: r.postcode, lsoaCode: r.lsoa_code, reports: r.reports, agencies: r.agencies, caseReviewEligible: r.reports >= area.n })) };
        }
        const { rows } = await ctx.db.query<{ id: string; display_name: string; reports: number; agencies: number }>(
          `select coalesce(p.merged_into, p.id) as id, min(p.display_name) as display_name, count(distinct r.id)::int as reports, count(distinct r.reporting_agency_id)::int as agencies
           from report_people rp join people p on p.id = rp.person_id join reports r on r.id = rp.report_id
           where rp.role = 'victim' and r.received_at >= now() - make_interval(days => $1)
             and not exists (select 1 from case_people cp join cases c on c.id = cp.case_id join people m on m.id = cp.person_id
                             where coalesce(m.merged_into, m.id) = coalesce(p.merged_into, p.id) and c.status <> 'closed')
           group by coalesce(p.merged_into, p.id) having count(distinct r.id) >= $2 order by reports desc limit 100`,
          [area.days, area.n],
        );
        const scopes = await personScopes(ctx.db, rows.map((r) => r.id));
        const items = [];
        for (const r of rows) {
          const { value } = await req.access.filter(scopes.get(r.id)!, { personId: r.id, displayName: r.display_name, reports: r.reports, agencies: r.agencies }, { displayName: 'minimal_identity' });
          items.push({ ...value, caseReviewEligible: true });
        }
        await req.access.auditRead([{ subjectType: 'threshold_list', subjectId: null, action: 'list', fields: ['displayName'], detail: { people: rows.map((r) => r.id) } }]);
        return { threshold: { reports: area.n, windowDays: area.days }, items };
      },
    );
  };
}
