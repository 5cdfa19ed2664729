import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/errors.js';
import { Id } from '../../platform/validation.js';
import type { Access } from '../../platform/access/access.js';
import { clusterOf, resolvePerson } from '../people/store.js';
import { knownPerson, personSeen } from '../people/service.js';
import { PersonControls } from './schema.js';
import { personColumns } from './store.js';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Everything held about a person: every row of every table with a column pointing at them (found
 * from the database's own foreign keys, so a new table is included without anyone remembering to),
 * plus the reports and cases those rows point at.
 */
export async function subjectAccessExport(ctx: AppContext, personId: string) {
  const ids = await clusterOf(ctx.db, personId);
  const tables: Record<string, Record<string, unknown>[]> = {};
  tables.people = (await ctx.db.query('select * from people where id = any($1::uuid[])', [ids])).rows;
  // Each table is read on its own connection (together they took most of the export's time one after another).
  const columns = await personColumns(ctx.db);
  const found = await Promise.all(columns.map(({ table, column }) => ctx.db.query(`select * from "${table}" where "${column}" = any($1::uuid[])`, [ids])));
  columns.forEach(({ table }, i) => {
    if (found[i].rows.length) (tables[table] ??= []).push(...found[i].rows);
  });
  const reportIds = [...new Set((tables.report_people ?? []).map((r) => r.report_id as string))];
  if (reportIds.length) tables.reports = (await ctx.db.query('select * from reports where id = any($1::uuid[])', [reportIds])).rows;
  const caseIds = [...new Set((tables.case_people ?? []).map((r) => r.case_id as string))];
  if (caseIds.length) tables.cases = (await ctx.db.query('select id, reference, title, case_type, status, outcome, opened_at, closed_at from cases where id = any($1::uuid[])', [caseIds])).rows;
  for (const t of Object.values(tables)) for (const r of t) for (const [k, v] of Object.entries(r)) if (v instanceof Uint8Array) r[k] = `[${v.length} bytes]`;
  return { personId, recordIds: ids, generatedAt: new Date().toISOString(), tables };
}

function exportHtml(x: Awaited<ReturnType<typeof subjectAccessExport>>): string {
  const sections = Object.entries(x.tables)
    .map(([name, rows]) => {
      const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
      return `<h2>${esc(name.replace(/_/g, ' '))} (${rows.length})</h2><table><thead><tr>${cols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${rows
        .map((r) => `<tr>${cols.map((c) => `<td>${esc(typeof r[c] === 'object' && r[c] !== null && !(r[c] instanceof Date) ? JSON.stringify(r[c]) : r[c] instanceof Date ? (r[c] as Date).toISOString() : r[c])}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
    })
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Subject access export</title><style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b}table{border-collapse:collapse;margin-bottom:2rem;font-size:.85rem}td,th{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#eee}</style></head><body><h1>Everything Convene holds about this person</h1><p>Generated ${esc(x.generatedAt)} for records ${esc(x.recordIds.join(', '))}.</p>${sections}</body></html>`;
}

/**
 * The person's current record, for the DPO's tools: a person held only in another area is that
 * area's DPO's to answer for, so is not found here.
 */
async function personForDpo(access: Access, rawId: string): Promise<string> {
  access.requireRole('dpo');
  const id = await knownPerson(access, rawId);
  if (!id) throw notFound('Person');
  return id;
}

/** The data protection officer's tools. */
export function dpoRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['dpo'];
    app.get('/dpo/people/:id/access-log', { schema: { tags, summary: 'Who read or changed this person\'s record, when, for what purpose — including emergency access and searches that showed them.', params: Id } }, async (req) => {
      req.access.requireRole('dpo');
      // A record erased since is still looked for in the log by its id; one held only in another area is not found.
      const current = await resolvePerson(ctx.db, req.params.id);
      if (current && !(await personSeen(req.access, current))) throw notFound('Person');
      const id = current ?? req.params.id;
      const ids = await clusterOf(ctx.db, id);
      const { rows } = await ctx.db.query<{ id: number; at: Date; actor: string | null; agency: string | null; purpose: string; subject_type: string; action: string; fields: string[]; detail: Record<string, unknown> }>(
        `select e.id, e.at, u.display_name as actor, a.name as agency, e.purpose, e.subject_type, e.action, e.fields, e.detail
         from audit_events e left join users u on u.id = e.actor_user_id left join agencies a on a.id = e.actor_agency_id
         where (e.subject_type = 'person' and e.subject_id = any($1::text[])) or (e.detail <> '{}'::jsonb and audit_mentions(e.detail) && $1::text[])
         order by e.id desc limit 500`,
        [ids],
      );
      await req.access.auditRead([{ purpose: 'audit', subjectType: 'person', subjectId: id, action: 'read_access_log', fields: ['audit'] }]);
      return rows.map((r) => ({ at: new Date(r.at).toISOString(), actor: r.actor, agency: r.agency, purpose: r.purpose, subjectType: r.subject_type, action: r.action, fields: r.fields, reason: (r.detail?.reason as string | undefined) ?? null }));
    });
    app.get(
      '/dpo/people/:id/export',
      { schema: { tags, summary: 'Subject access export of everything held about a person, as JSON or readable HTML.', params: Id, querystring: z.object({ format: z.enum(['json', 'html']).default('json') }) } },
      async (req, reply) => {
        const id = await personForDpo(req.access, req.params.id);
        const x = await subjectAccessExport(ctx, id);
        await req.access.auditRead([{ purpose: 'subject_access', subjectType: 'person', subjectId: id, action: 'subject_access_export', fields: Object.keys(x.tables) }]);
        if (req.query.format === 'html') return reply.type('text/html; charset=utf-8').send(exportHtml(x));
        return x;
      },
    );
    app.patch('/dpo/people/:id', { schema: { tags, summary: 'Restrict processing (UK GDPR Art. 18) or record a rectification note.', params: Id, body: PersonControls, response: { 204: z.null() } } }, async (req, reply) => {
      await personForDpo(req.access, req.params.id);
      await req.access.write(async (q, audit) => {
        const r = await q.query('update people set restricted = coalesce($2, restricted), rectification_note = coalesce($3, rectification_note) where id = $1', [req.params.id, req.body.restricted ?? null, req.body.rectificationNote ?? null]);
        if (r.rowCount === 0) throw notFound('Person');
        audit({ purpose: 'audit', subjectType: 'person', subjectId: req.params.id, action: 'dpo_controls', detail: req.body });
      });
      return reply.code(204).send(null);
    });
    app.get('/dpo/retention/dry-run', { schema: { tags, summary: "What the retention rules would delete now in the DPO's area (nothing is deleted)." } }, async (req) => {
      const dpo = req.access.requireRole('dpo');
      const rules = (await ctx.db.query<{ category: string; keep_months: number; basis: string }>('select * from retention_rules order by category')).rows;
      const months = (c: string) => rules.find((r) => r.category === c)?.keep_months ?? 72;
      const [reports, cases] = await Promise.all([
        ctx.db.query<{ n: number }>(
          `select count(*)::int as n from reports r where r.received_at < now() - make_interval(months => $1) and r.reporting_agency_id = any($2::uuid[])
           and not exists (select 1 from case_reports cr join cases c on c.id = cr.case_id where cr.report_id = r.id and (c.status <> 'closed' or c.closed_at > now() - make_interval(months => $1)))`,
          [months('asb_history'), dpo.areaAgencyIds],
        ),
        ctx.db.query<{ n: number }>("select count(*)::int as n from cases where status = 'closed' and closed_at < now() - make_interval(months => $1) and area_id = $2", [months('case_notes'), dpo.areaId]),
      ]);
      return { rules: rules.map((r) => ({ category: r.category, keepMonths: r.keep_months, basis: r.basis })), wouldDelete: { reportsNotOnLiveCases: reports.rows[0].n, closedCases: cases.rows[0].n }, deleted: 0 };
    });
  };
}
