import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/context.js';
import { Problem, notFound } from '../../platform/errors.js';
import { hashSecret, newSecret } from '../../platform/auth/tokens.js';
import { text } from '../../platform/validation.js';
import { createReport } from '../reports/service.js';
import info from './portal.v1.json' with { type: 'json' };

const PublicReport = z
  .object({
    kind: z.enum(['asb', 'safety_worry']),
    category: z.string().regex(/^[a-z_]{2,40}$/).default('rowdy_behaviour'),
    whatHappened: text(10_000).pipe(z.string().min(10, 'tell us a little more about what happened (at least 10 characters)')),
    whenItHappened: z.iso.datetime({ offset: true }).optional(),
    where: z.object({ address: text(300).optional(), postcode: z.string().trim().max(10).optional(), description: text(500).optional() }).refine((w) => w.address || w.postcode || w.description, 'say where it happened'),
    anonymous: z.boolean().default(false),
    you: z.object({ name: text(200).optional(), phone: z.string().trim().regex(/^[\d +()-]{6,20}$/, 'must be a phone number').optional(), email: z.string().trim().email().max(254).optional() }).optional(),
    aboutSomeone: z.object({ name: text(200).optional(), description: text(1000).optional() }).optional(),
    worriedAboutSafety: z.boolean().default(false),
  })
  .refine((r) => !r.anonymous || !r.you?.name, { message: 'leave your name out if you want to stay anonymous', path: ['you', 'name'] });

const STAGES = { received: 'We have your report', assessing: 'An officer is looking at your report', case_open: 'An officer is working on this with other services', closed: 'This case has been closed' } as const;

/** The resident portal: report without an account, then follow progress with a private token. */
export function portalRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['portal'];
    const limit = (ip: string) => {
      const wait = ctx.limits.publicPortal.hit(`portal:${ip}`);
      if (wait > 0) throw new Problem(429, `Too many requests from this address. Try again in ${wait} seconds.`, undefined, {}, 'rate-limited');
    };
    app.get('/public/info', { config: { public: true }, schema: { tags, summary: 'Safeguarding signposting: 999 in an emergency and the local contacts.' } }, async () => info);
    app.post(
      '/public/reports',
      { config: { public: true }, schema: { tags, summary: 'A resident reports ASB or a worry about someone\'s safety; returns a reference and a private status token.', body: PublicReport } },
      async (req, reply) => {
        limit(req.ip);
        const b = req.body;
        const council = await ctx.db.query<{ id: string }>("select id from agencies where kind = 'council' order by created_at limit 1");
        if (!council.rows[0]) throw new Problem(503, 'Reports cannot be received just now.');
        const token = newSecret();
        const people: Record<string, unknown>[] = [];
        if (!b.anonymous && b.you && (b.you.name || b.you.phone || b.you.email)) people.push({ role: 'reporter', name: b.you.name, phone: b.you.phone, email: b.you.email });
        if (b.aboutSomeone?.name) people.push({ role: b.kind === 'safety_worry' ? 'victim' : 'alleged_perpetrator', name: b.aboutSomeone.name });
        const description = [b.whatHappened, b.aboutSomeone?.description ? `About the person: ${b.aboutSomeone.description}` : null, b.worriedAboutSafety ? 'The resident is worried about someone\'s safety.' : null].filter(Boolean).join('\n\n');
        const created = await createReport(
          ctx,
          req.access,
          {
            receivedAt: new Date().toISOString(),
            channel: 'online',
            category: b.kind === 'safety_worry' && b.category === 'rowdy_behaviour' ? 'harassment' : b.category,
            description,
            location: { address: b.where.address ? { line1: b.where.address, postcode: b.where.postcode } : undefined, postcode: b.where.postcode, description: b.where.description },
            people: people as never,
          },
          { channel: 'public_portal', agencyId: council.rows[0].id, anonymous: b.anonymous, statusTokenHash: hashSecret(token) },
        );
        return reply.code(201).send({
          reference: created.reference,
          statusToken: token,
          message: `Thank you. Your reference is ${created.reference}. Keep it and your status code safe: you need both to check progress.`,
          signposting: b.worriedAboutSafety || b.kind === 'safety_worry' ? info : undefined,
        });
      },
    );
    app.get(
      '/public/reports/:reference',
      { config: { public: true }, schema: { tags, summary: 'Progress of a resident\'s report: stage, last update, next expected contact. Never other people\'s details.', params: z.object({ reference: z.string().max(40) }), querystring: z.object({ token: z.string().min(10).max(200) }) } },
      async (req) => {
        limit(req.ip);
        const r = await ctx.db.query<{ id: string; received_at: Date; status_token_hash: string | null; category: string }>(
          'select r.id, r.received_at, r.status_token_hash, c.label as category from reports r join report_categories c on c.code = r.category_code where r.reference = $1',
          [req.params.reference.toUpperCase()],
        );
        const row = r.rows[0];
        // One answer for a wrong reference and a wrong token: the portal never confirms a reference exists.
        if (!row || !row.status_token_hash || row.status_token_hash !== hashSecret(req.query.token)) throw notFound('A report with that reference and status code');
        const c = await ctx.db.query<{ status: string; opened_at: Date; closed_at: Date | null }>(
          'select c.status, c.opened_at, c.closed_at from case_reports cr join cases c on c.id = cr.case_id where cr.report_id = $1 order by c.opened_at desc limit 1',
          [row.id],
        );
        const kase = c.rows[0];
        const lastContact = await ctx.db.query<{ at: Date | null }>(
          `select max(ct.contacted_at) as at from contacts ct join case_reports cr on cr.case_id = ct.case_id join report_people rp on rp.report_id = cr.report_id and rp.person_id = ct.person_id
           where cr.report_id = $1 and rp.role = 'reporter' and ct.updated_on_progress`,
          [row.id],
        );
        const stage = !kase ? 'received' : kase.status === 'closed' ? 'closed' : kase.status === 'open' ? 'case_open' : 'assessing';
        const lastUpdate = [row.received_at, kase?.opened_at, kase?.closed_at, lastContact.rows[0]?.at].filter(Boolean).map((d) => new Date(d!).getTime());
        const last = new Date(Math.max(...lastUpdate));
        const next = stage === 'closed' ? null : new Date(last.getTime() + (stage === 'received' ? info.expectedFirstContactDays.standard : 14) * 86_400_000);
        return { reference: req.params.reference.toUpperCase(), category: row.category, stage, stageText: STAGES[stage], receivedAt: new Date(row.received_at).toISOString(), lastUpdate: last.toISOString(), nextExpectedContact: next?.toISOString().slice(0, 10) ?? null };
      },
    );
  };
}
