import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/context.js';
import { forbidden, notFound, Problem } from '../../platform/errors.js';
import { Id, text } from '../../platform/validation.js';

export function taskRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['tasks'];
    app.get(
      '/tasks',
      {
        schema: {
          tags,
          summary: "My open tasks (team leaders may ask for their team's), soonest due first.",
          querystring: z.object({ scope: z.enum(['mine', 'team']).default('mine'), status: z.enum(['open', 'done', 'cancelled']).default('open') }),
        },
      },
      async (req) => {
        const a = req.access.user();
        if (req.query.scope === 'team' && a.role !== 'team_leader') throw forbidden('Only team leaders see their team\'s tasks.');
        const { rows } = await ctx.db.query<{ id: string; kind: string; title: string; detail: unknown; case_id: string | null; person_id: string | null; due_at: Date | null; status: string; assignee: string | null; reference: string | null }>(
          `select t.id, t.kind, t.title, t.detail, t.case_id, t.person_id, t.due_at, t.status, u.display_name as assignee, c.reference
           from tasks t left join users u on u.id = t.assignee_user_id left join cases c on c.id = t.case_id
           where t.status = $1 and (case when $2 = 'team' then u.team_id = $3 else t.assignee_user_id = $4 end)
           order by t.due_at nulls last, t.created_at limit 200`,
          [req.query.status, req.query.scope, a.teamId, a.userId],
        );
        return rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, detail: r.detail, caseId: r.case_id, caseReference: r.reference, personId: r.person_id, dueAt: r.due_at ? new Date(r.due_at).toISOString() : null, status: r.status, assignee: r.assignee, overdue: !!r.due_at && new Date(r.due_at) < new Date() }));
      },
    );
    app.patch(
      '/tasks/:id',
      { schema: { tags, summary: 'Complete or cancel a task, with a note.', params: Id, body: z.object({ status: z.enum(['done', 'cancelled']), note: text(2000).optional() }), response: { 204: z.null() } } },
      async (req, reply) => {
        const a = req.access.user();
        await req.access.write(async (q, audit) => {
          const t = await q.query<{ assignee_user_id: string | null; agency_id: string | null; status: string }>('select assignee_user_id, agency_id, status from tasks where id = $1 for update', [req.params.id]);
          const row = t.rows[0];
          if (!row) throw notFound('Task');
          const mayAct = row.assignee_user_id === a.userId || (a.role === 'team_leader' && row.agency_id === a.agencyId);
          if (!mayAct) throw forbidden('Only the person it is assigned to, or a team leader of that agency, may close a task.');
          if (row.status !== 'open') throw new Problem(409, `This task is already ${row.status}.`);
          await q.query('update tasks set status = $2, done_at = now(), done_by = $3, done_note = $4 where id = $1', [req.params.id, req.body.status, a.userId, req.body.note ?? null]);
          audit({ subjectType: 'task', subjectId: req.params.id, action: req.body.status });
        });
        return reply.code(204).send(null);
      },
    );
  };
}
