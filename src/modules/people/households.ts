import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from '../../platform/access/access.js';
import { Problem, invalidField, notFound } from '../../platform/errors.js';
import type { AppContext } from '../../platform/http/context.js';
import { Id, text } from '../../platform/validation.js';
import { knownPerson, peopleSeen } from './service.js';
import { newId } from '../../platform/ids.js';

const Member = z.object({ personId: z.uuid(), relationship: text(100).optional() });
const HouseholdInput = z.object({ name: text(200).pipe(z.string().min(1)), placeId: z.uuid().optional(), members: z.array(Member).min(1).max(30) });

async function checkMembers(access: Access, members: z.infer<typeof Member>[], base: string) {
  const out: { personId: string; relationship: string | null }[] = [];
  for (const [i, m] of members.entries()) {
    const id = await knownPerson(access, m.personId);
    if (!id) throw invalidField(`${base}.${i}.personId`, 'no such person');
    out.push({ personId: id, relationship: m.relationship ?? null });
  }
  return out;
}

/** Households: people who live together, so a risk to one is seen as a risk to the household. */
export function householdRoutes(_ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/households', { schema: { tags: ['people'], summary: 'Record a household and its members.', body: HouseholdInput, response: { 201: z.object({ id: z.string() }) } } }, async (req, reply) => {
      req.access.requireRole('officer', 'team_leader', 'partner');
      const members = await checkMembers(req.access, req.body.members, 'body.members');
      if (req.body.placeId) {
        const p = await req.access.db.query('select 1 from places where id = $1', [req.body.placeId]);
        if (p.rowCount === 0) throw invalidField('body.placeId', 'no such place');
      }
      const id = await req.access.write(async (q, audit) => {
        const id = newId();
        await q.query('insert into households (id, place_id, name) values ($1,$2,$3)', [id, req.body.placeId ?? null, req.body.name]);
        for (const m of members) await q.query('insert into household_members (household_id, person_id, relationship) values ($1,$2,$3) on conflict do nothing', [id, m.personId, m.relationship]);
        audit({ subjectType: 'household', subjectId: id, action: 'create', detail: { members: members.map((m) => m.personId) } });
        return id;
      });
      return reply.code(201).send({ id });
    });
    app.post(
      '/households/:id/members',
      { schema: { tags: ['people'], summary: 'Add a member to a household.', params: Id, body: Member, response: { 204: z.null() } } },
      async (req, reply) => {
        req.access.requireRole('officer', 'team_leader', 'partner');
        const [m] = await checkMembers(req.access, [req.body], 'body');
        // A household is known to whoever knows one of its members: another area's is not found.
        const members = await req.access.db.query<{ person_id: string }>('select person_id from household_members where household_id = $1', [req.params.id]);
        if ((await peopleSeen(req.access, members.rows.map((r) => r.person_id))).length === 0) throw notFound('Household');
        await req.access.write(async (q, audit) => {
          const h = await q.query('select 1 from households where id = $1', [req.params.id]);
          if (h.rowCount === 0) throw notFound('Household');
          const r = await q.query('insert into household_members (household_id, person_id, relationship) values ($1,$2,$3) on conflict do nothing', [req.params.id, m.personId, m.relationship]);
          if (r.rowCount === 0) throw new Problem(409, 'That person is already a member of this household.');
          audit({ subjectType: 'household', subjectId: req.params.id, action: 'add_member', detail: { personId: m.personId } });
        });
        return reply.code(204).send(null);
      },
    );
  };
}
