import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/context.js';
import { Id } from '../../platform/validation.js';
import { TaskListQuery, TaskUpdate, TaskView } from './schema.js';
import { listTasks, updateTask } from './service.js';

export function taskRoutes(_ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['tasks'];
    app.get(
      '/tasks',
      {
        schema: {
          tags,
          summary: "My tasks (team leaders may ask for their team's with scope=team), soonest due first; filter by status, kind or overdue.",
          querystring: TaskListQuery,
          response: { 200: z.array(TaskView) },
        },
      },
      async (req) => listTasks(req.access, { scope: req.query.scope, status: req.query.status, kind: req.query.kind, overdue: req.query.overdue === 'true' }),
    );
    app.patch(
      '/tasks/:id',
      { schema: { tags, summary: 'Mark a task done or cancelled, with a note (its assignee, or a team leader of its team or agency).', params: Id, body: TaskUpdate, response: { 204: z.null() } } },
      async (req, reply) => {
        await updateTask(req.access, req.params.id, req.body);
        return reply.code(204).send(null);
      },
    );
  };
}
