import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/context.js';
import { Id, SEARCH_COUNT_CAP, SearchPage, text } from '../../platform/validation.js';
import { TEXT_SEARCH_COUNT_CAP } from './store.js';
import { CreatedReport, ReportInput, ReportSearchQuery } from './schema.js';
import { createReport, findReports, viewReport } from './service.js';
import type { ReportsToLink } from './followup.js';

const Category = z.object({ code: z.string(), parentCode: z.string().nullable(), label: z.string() });

export function reportRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // Marks of reports linked just before stopping are cleared before the database closes (and
    // reports still to be tried again are left to the job).
    app.addHook('onClose', async () => (ctx.services.reportsToLink as ReportsToLink | undefined)?.stop());
    app.post(
      '/reports',
      {
        schema: {
          tags: ['reports'],
          summary: 'Record a report (incident) from staff or an agency system. Returns links to earlier people and reports with evidence, and raised flags; when those could not be worked out just now (`linking: to_follow`) the report is stored and they follow.',
          body: ReportInput,
          response: { 201: CreatedReport },
        },
      },
      async (req, reply) => {
        req.access.requireRole('officer', 'team_leader', 'partner', 'system');
        return reply.code(201).send(await createReport(ctx, req.access, req.body));
      },
    );
    app.get('/reports/:id', { schema: { tags: ['reports'], summary: 'One report, filtered by the access policy, with where its linking stands (`done`; `in_progress` while intake links it; `to_follow` when that could not be done and it is to be linked later).', params: Id, response: { 200: z.looseObject({}) } } }, async (req) =>
      viewReport(req.access, req.params.id),
    );
    app.get(
      '/reports',
      {
        schema: {
          tags: ['reports'],
          summary: 'Search reports by reference, text, date range, postcode, category or agency; newest first, paginated.',
          querystring: ReportSearchQuery,
          response: { 200: SearchPage(`How many reports match, counted up to ${SEARCH_COUNT_CAP.toLocaleString('en-GB')} (${TEXT_SEARCH_COUNT_CAP.toLocaleString('en-GB')} when the text is searched).`) },
        },
      },
      async (req) => findReports(req.access, req.query),
    );
    app.get('/report-categories', { schema: { tags: ['reports'], summary: 'The ASB taxonomy.', response: { 200: z.array(Category) } } }, async (req) => {
      req.access.user();
      const r = await ctx.db.query<{ code: string; parent_code: string | null; label: string }>('select code, parent_code, label from report_categories where active order by parent_code nulls first, label');
      return r.rows.map((c) => ({ code: c.code, parentCode: c.parent_code, label: c.label }));
    });
    app.post(
      '/report-categories',
      {
        schema: {
          tags: ['reports'],
          summary: 'Add a category to the taxonomy (administrators).',
          body: z.object({ code: z.string().regex(/^[a-z_]{2,40}$/), parentCode: z.enum(['personal', 'nuisance', 'environmental']), label: text(100).pipe(z.string().min(1)) }),
          response: { 201: Category },
        },
      },
      async (req, reply) => {
        req.access.requireRole('admin');
        await req.access.write(async (q, audit) => {
          await q.query('insert into report_categories (code, parent_code, label) values ($1,$2,$3)', [req.body.code, req.body.parentCode, req.body.label]);
          audit({ subjectType: 'report_category', subjectId: req.body.code, action: 'create', detail: req.body });
        });
        return reply.code(201).send({ code: req.body.code, parentCode: req.body.parentCode, label: req.body.label });
      },
    );
  };
}
