import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/context.js';
import { forgetTokens } from '../../platform/auth/hook.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { invalidField, notFound } from '../../platform/errors.js';
import { Agency, AgencyInput, Area, AreaInput, Team, TeamInput, User, UserChange, UserInput } from './schema.js';
import * as store from './store.js';

const toUser = (u: store.UserRow) => ({
  id: u.id,
  agencyId: u.agency_id,
  teamId: u.team_id,
  email: u.email,
  displayName: u.display_name,
  role: u.role,
  locked: !!u.locked_until && new Date(u.locked_until) > new Date(),
  disabled: u.disabled,
});

/** Areas, agencies, teams and users: the directory every other module refers to. */
export function directoryRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/areas', { schema: { tags: ['directory'], summary: 'Areas and their ASB Case Review thresholds.', response: { 200: z.array(Area) } } }, async (req) => {
      req.access.user();
      return (await store.listAreas(ctx.db)).map((a) => ({ id: a.id, name: a.name, caseReviewReportCount: a.case_review_report_count, caseReviewWindowDays: a.case_review_window_days }));
    });
    app.post('/areas', { schema: { tags: ['directory'], summary: 'Create an area (administrators).', body: AreaInput, response: { 201: z.object({ id: z.string() }) } } }, async (req, reply) => {
      req.access.requireRole('admin');
      const id = await req.access.write(async (q, audit) => {
        const id = await store.insertArea(q, req.body);
        audit({ subjectType: 'area', subjectId: id, action: 'create', detail: req.body });
        return id;
      });
      return reply.code(201).send({ id });
    });
    app.patch(
      '/areas/:id',
      {
        schema: {
          tags: ['directory'],
          summary: 'Set an area\'s ASB Case Review threshold (administrators and team leaders).',
          params: z.object({ id: z.uuid() }),
          body: z.object({ caseReviewReportCount: z.number().int().min(1).max(50), caseReviewWindowDays: z.number().int().min(1).max(3660) }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        const a = req.access.requireRole('admin', 'team_leader');
        // A team leader sets their own area's threshold; another area's is not theirs to change.
        if (a.role !== 'admin' && req.params.id !== a.areaId) throw notFound('Area');
        await req.access.write(async (q, audit) => {
          const r = await q.query('update areas set case_review_report_count = $2, case_review_window_days = $3 where id = $1', [req.params.id, req.body.caseReviewReportCount, req.body.caseReviewWindowDays]);
          if (r.rowCount === 0) throw notFound('Area');
          audit({ subjectType: 'area', subjectId: req.params.id, action: 'update', detail: req.body });
        });
        return reply.code(204).send(null);
      },
    );
    app.get('/agencies', { schema: { tags: ['directory'], summary: 'All agencies.', response: { 200: z.array(Agency) } } }, async (req) => {
      req.access.user();
      return (await store.listAgencies(ctx.db)).map((a) => ({ id: a.id, areaId: a.area_id, name: a.name, kind: a.kind }));
    });
    app.post('/agencies', { schema: { tags: ['directory'], summary: 'Create an agency (administrators).', body: AgencyInput, response: { 201: z.object({ id: z.string() }) } } }, async (req, reply) => {
      req.access.requireRole('admin');
      const id = await req.access.write(async (q, audit) => {
        const id = await store.insertAgency(q, req.body);
        audit({ subjectType: 'agency', subjectId: id, action: 'create', detail: req.body });
        return id;
      });
      return reply.code(201).send({ id });
    });
    app.get('/teams', { schema: { tags: ['directory'], summary: 'Teams, optionally of one agency.', querystring: z.object({ agencyId: z.uuid().optional() }), response: { 200: z.array(Team) } } }, async (req) => {
      req.access.user();
      return (await store.listTeams(ctx.db, req.query.agencyId)).map((t) => ({ id: t.id, agencyId: t.agency_id, name: t.name }));
    });
    app.post('/teams', { schema: { tags: ['directory'], summary: 'Create a team (administrators).', body: TeamInput, response: { 201: z.object({ id: z.string() }) } } }, async (req, reply) => {
      req.access.requireRole('admin');
      const id = await req.access.write(async (q, audit) => {
        const id = await store.insertTeam(q, req.body);
        audit({ subjectType: 'team', subjectId: id, action: 'create', detail: req.body });
        return id;
      });
      return reply.code(201).send({ id });
    });
    app.get(
      '/users',
      {
        schema: {
          tags: ['directory'],
          summary: "Users: administrators see all; others see the users of their area's agencies (to assign actions and owners).",
          querystring: z.object({ agencyId: z.uuid().optional() }),
          response: { 200: z.array(User) },
        },
      },
      async (req) => {
        const a = req.access.user();
        // Anyone may need to name an owner in a partner agency, so names in the area are visible; lock state is for admins only.
        // Leavers (disabled) are listed for administrators only: nobody else should pick them as an owner.
        const rows = (await store.listUsers(ctx.db, req.query.agencyId)).filter((u) => a.role === 'admin' || (a.areaAgencyIds.includes(u.agency_id) && !u.disabled));
        return rows.map(toUser).map((u) => (a.role === 'admin' || (a.role === 'team_leader' && u.agencyId === a.agencyId) ? u : { ...u, locked: false }));
      },
    );
    app.patch('/users/:id', { schema: { tags: ['directory'], summary: "Change a member of staff's role or team, or disable a leaver (signed out everywhere, API tokens revoked) (administrators).", params: z.object({ id: z.uuid() }), body: UserChange, response: { 204: z.null() } } }, async (req, reply) => {
      const a = req.access.requireRole('admin');
      const b = req.body;
      if (b.disabled && req.params.id === a.userId) throw invalidField('body.disabled', 'you cannot disable your own account');
      await req.access.write(async (q, audit) => {
        const u = (await q.query<{ agency_id: string }>("select agency_id from users where id = $1 and role <> 'system' for update", [req.params.id])).rows[0];
        if (!u) throw notFound('User');
        if (b.teamId && (await q.query('select 1 from teams where id = $1 and agency_id = $2', [b.teamId, u.agency_id])).rowCount === 0) throw invalidField('body.teamId', "no such team in this person's agency");
        await q.query(
          `update users set disabled = coalesce($2, disabled), role = coalesce($3, role), team_id = case when $4 then $5::uuid else team_id end where id = $1`,
          [req.params.id, b.disabled ?? null, b.role ?? null, b.teamId !== undefined, b.teamId ?? null],
        );
        if (b.disabled) {
          await q.query('delete from sessions where user_id = $1', [req.params.id]);
          await q.query('update api_tokens set revoked_at = now() where user_id = $1 and revoked_at is null', [req.params.id]);
        }
        audit({ subjectType: 'user', subjectId: req.params.id, action: 'update', detail: b });
      });
      if (b.disabled) forgetTokens(ctx);
      return reply.code(204).send(null);
    });
    app.post('/users', { schema: { tags: ['directory'], summary: 'Create a user (administrators).', body: UserInput, response: { 201: z.object({ id: z.string() }) } } }, async (req, reply) => {
      req.access.requireRole('admin');
      const hash = await hashPassword(req.body.password, ctx.config.PASSWORD_HASH_COST);
      const id = await req.access.write(async (q, audit) => {
        const id = await store.insertUser(q, { ...req.body, passwordHash: hash });
        audit({ subjectType: 'user', subjectId: id, action: 'create', detail: { email: req.body.email, role: req.body.role, agencyId: req.body.agencyId } });
        return id;
      });
      return reply.code(201).send({ id });
    });
  };
}
