import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/context.js';
import { Problem, invalidField, notFound } from '../../platform/errors.js';
import { Id, text } from '../../platform/validation.js';
import { knownPerson } from '../people/service.js';
import { AgreementInput, BreakGlassInput } from './schema.js';
import { newId } from '../../platform/ids.js';
import { areaAgency } from '../directory/service.js';

/** SQL: the alert is about a user of the agencies in `agencies` (a uuid[] placeholder): a DPO sees their own area's. */
const alertInArea = (agencies: string) => `(detail->>'userId')::uuid in (select u.id from users u where u.agency_id = any(${agencies}::uuid[]))`;

/** Information sharing agreements and emergency access. */
export function sharingRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['sharing'];
    app.post('/sharing-agreements', { schema: { tags, summary: 'Draft an information sharing agreement; it shares nothing until every party has signed and it has started.', body: AgreementInput } }, async (req, reply) => {
      const a = req.access.requireRole('team_leader', 'dpo', 'admin');
      const b = req.body;
      for (const [i, id] of b.partyAgencyIds.entries()) {
        if ((await ctx.db.query('select 1 from agencies where id = $1', [id])).rowCount === 0) throw invalidField(`body.partyAgencyIds.${i}`, 'no such agency');
        // Agreements are made within an area (its policy never shares across areas); administrators set up any.
        if (a.role !== 'admin') areaAgency(req.access, id, `body.partyAgencyIds.${i}`);
      }
      const id = await req.access.write(async (q, audit) => {
        const id = newId();
        await q.query('insert into sharing_agreements (id, title, purposes, start_date, review_date, end_date, created_by) values ($1,$2,$3,$4,$5,$6,$7)', [id, b.title, b.purposes, b.startDate, b.reviewDate, b.endDate ?? null, a.userId]);
        for (const p of new Set(b.partyAgencyIds)) await q.query('insert into agreement_parties (agreement_id, agency_id) values ($1,$2)', [id, p]);
        for (const c of b.categories)
          await q.query('insert into agreement_categories (agreement_id, category, lawful_basis, special_category_condition, statutory_gateway) values ($1,$2,$3,$4,$5)', [id, c.category, c.lawfulBasis, c.specialCategoryCondition ?? null, c.statutoryGateway ?? null]);
        audit({ subjectType: 'sharing_agreement', subjectId: id, action: 'create', detail: b });
        return id;
      });
      return reply.code(201).send({ id });
    });
    app.get('/sharing-agreements', { schema: { tags, summary: "Agreements, their parties, categories with lawful bases, and whether each is in force (the area's; administrators see all)." } }, async (req) => {
      const actor = req.access.user();
      const { rows } = await ctx.db.query<{ id: string; title: string; purposes: string[]; start_date: string; review_date: string; end_date: string | null; parties: { agencyId: string; name: string; signedAt: string | null; signatory: string | null }[]; categories: unknown[] }>(
        `select a.*, 
           (select json_agg(json_build_object('agencyId', p.agency_id, 'name', g.name, 'signedAt', p.signed_at, 'signatory', p.signatory_name)) from agreement_parties p join agencies g on g.id = p.agency_id where p.agreement_id = a.id) as parties,
           (select json_agg(json_build_object('category', c.category, 'lawfulBasis', c.lawful_basis, 'specialCategoryCondition', c.special_category_condition, 'statutoryGateway', c.statutory_gateway)) from agreement_categories c where c.agreement_id = a.id) as categories
         from sharing_agreements a
         where $1::uuid[] is null or exists (select 1 from agreement_parties p where p.agreement_id = a.id and p.agency_id = any($1::uuid[]))
         order by a.created_at desc`,
        [actor.role === 'admin' ? null : actor.areaAgencyIds],
      );
      const today = new Date().toISOString().slice(0, 10);
      return rows.map((r) => {
        const signed = r.parties.every((p) => p.signedAt);
        const state = !signed ? 'awaiting_signatures' : r.start_date > today ? 'not_started' : r.end_date && r.end_date < today ? 'ended' : 'in_force';
        return { id: r.id, title: r.title, purposes: r.purposes, startDate: r.start_date, reviewDate: r.review_date, endDate: r.end_date, parties: r.parties, categories: r.categories, state, reviewOverdue: r.review_date < today };
      });
    });
    app.post(
      '/sharing-agreements/:id/sign',
      { schema: { tags, summary: "Sign for your agency (team leaders and the DPO).", params: Id, body: z.object({ signatoryName: text(200).pipe(z.string().min(1)) }), response: { 204: z.null() } } },
      async (req, reply) => {
        const a = req.access.requireRole('team_leader', 'dpo');
        await req.access.write(async (q, audit) => {
          const r = await q.query('update agreement_parties set signed_at = now(), signed_by = $3, signatory_name = $4 where agreement_id = $1 and agency_id = $2 and signed_at is null', [req.params.id, a.agencyId, a.userId, req.body.signatoryName]);
          if (r.rowCount === 0) throw notFound('Unsigned party place for your agency on this agreement');
          audit({ subjectType: 'sharing_agreement', subjectId: req.params.id, action: 'sign', detail: { agencyId: a.agencyId } });
        });
        return reply.code(204).send(null);
      },
    );
    app.post(
      '/break-glass',
      { schema: { tags, summary: 'Emergency access to one person or case for a limited time, with a written reason; the DPO is alerted.', body: BreakGlassInput } },
      async (req, reply) => {
        const a = req.access.requireRole('officer', 'team_leader', 'partner');
        // Emergency access opens records in the user's own area only.
        const personId = req.body.personId ? await knownPerson(req.access, req.body.personId) : null;
        if (req.body.personId && !personId) throw invalidField('body.personId', 'no such person');
        if (req.body.caseId && (await ctx.db.query('select 1 from cases where id = $1 and area_id = $2', [req.body.caseId, a.areaId])).rowCount === 0) throw invalidField('body.caseId', 'no such case');
        const minutes = ctx.config.BREAK_GLASS_MINUTES;
        const out = await req.access.write(async (q, audit) => {
          const id = newId();
          const expires = new Date(Date.now() + minutes * 60_000);
          await q.query('insert into break_glass_grants (id, user_id, person_id, case_id, reason, expires_at) values ($1,$2,$3,$4,$5,$6)', [id, a.userId, personId, req.body.caseId ?? null, req.body.reason, expires]);
          await q.query('insert into dpo_alerts (id, kind, detail) values ($1, $2, $3)', [newId(), 'break_glass', JSON.stringify({ grantId: id, userId: a.userId, user: a.displayName, personId, caseId: req.body.caseId ?? null, reason: req.body.reason, expiresAt: expires.toISOString() })]);
          audit({ subjectType: personId ? 'person' : 'case', subjectId: personId ?? req.body.caseId!, action: 'break_glass', detail: { grantId: id, reason: req.body.reason, minutes } });
          return { id, expiresAt: expires.toISOString() };
        });
        return reply.code(201).send(out);
      },
    );
    app.get('/dpo/alerts', { schema: { tags: ['dpo'], summary: "Alerts for the data protection officer (emergency access by staff of the DPO's area)." } }, async (req) => {
      const dpo = req.access.requireRole('dpo');
      const { rows } = await ctx.db.query<{ id: string; kind: string; detail: unknown; created_at: Date; acknowledged_at: Date | null }>(
        `select * from dpo_alerts where ${alertInArea('$1')} order by created_at desc limit 200`,
        [dpo.areaAgencyIds],
      );
      return rows.map((r) => ({ id: r.id, kind: r.kind, detail: r.detail, createdAt: new Date(r.created_at).toISOString(), acknowledged: !!r.acknowledged_at }));
    });
    app.post('/dpo/alerts/:id/acknowledge', { schema: { tags: ['dpo'], summary: 'Acknowledge an alert after review.', params: Id, response: { 204: z.null() } } }, async (req, reply) => {
      const a = req.access.requireRole('dpo');
      await req.access.write(async (q, audit) => {
        const r = await q.query(
          `update dpo_alerts set acknowledged_by = $2, acknowledged_at = now()
           where id = $1 and acknowledged_at is null and ${alertInArea('$3')}`,
          [req.params.id, a.userId, a.areaAgencyIds],
        );
        if (r.rowCount === 0) throw new Problem(409, 'No unacknowledged alert with that id.');
        audit({ subjectType: 'dpo_alert', subjectId: req.params.id, action: 'acknowledge' });
      });
      return reply.code(204).send(null);
    });
  };
}
