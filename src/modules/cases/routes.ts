import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/context.js';
import { Id } from '../../platform/validation.js';
import { ActionInput, ActionUpdate, AddAgency, AddPerson, AddReport, AttachmentInput, CaseInput, CaseListQuery, CaseUpdate, ContactInput, NoteInput } from './schema.js';
import * as service from './service.js';
import { viewCase } from './view.js';

const Created = z.object({ id: z.string() });
const Loose = z.looseObject({});

export function caseRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['cases'];
    app.post('/cases', { schema: { tags, summary: 'Open a case from one or more reports; their people join it in their roles.', body: CaseInput, response: { 201: z.object({ id: z.string(), reference: z.string() }) } } }, async (req, reply) =>
      reply.code(201).send(await service.openCase(req.access, req.body)),
    );
    app.get(
      '/cases',
      {
        schema: {
          tags,
          summary:
            'Cases your agency is a party to; filter by status, your own, text, or the highest current risk level on each lens (harmFaced, harmPosed, or harmEither for either side: standard, medium, high; repeat for several), or unassessed=harmFaced|harmPosed|either|both for a side nobody on the case has been assessed on yet.',
          querystring: CaseListQuery,
        },
      },
      async (req) => service.listCases(req.access, req.query, ctx.services.caseRiskFilter as service.CaseRiskFilter | undefined),
    );
    app.get('/cases/:id', { schema: { tags, summary: 'The case page, filtered by the access policy.', params: Id, response: { 200: Loose } } }, async (req) => viewCase(req.access, req.params.id));
    app.patch('/cases/:id', { schema: { tags, summary: 'Change title, status (closing needs an outcome) or lead officer (lead agency only).', params: Id, body: CaseUpdate, response: { 204: z.null() } } }, async (req, reply) => {
      await service.updateCase(req.access, req.params.id, req.body);
      return reply.code(204).send(null);
    });
    app.get('/cases/:id/chronology', { schema: { tags, summary: 'The merged multi-agency chronology: every agency\'s entries in one time order.', params: Id, response: { 200: Loose } } }, async (req) =>
      service.chronology(ctx, req.access, req.params.id),
    );
    app.post('/cases/:id/reports', { schema: { tags, summary: 'Add a report to the case.', params: Id, body: AddReport, response: { 204: z.null() } } }, async (req, reply) => {
      await service.addReportToCase(req.access, req.params.id, req.body.reportId);
      return reply.code(204).send(null);
    });
    app.post('/cases/:id/people', { schema: { tags, summary: 'Add a person to the case in a role.', params: Id, body: AddPerson, response: { 204: z.null() } } }, async (req, reply) => {
      await service.addPersonToCase(req.access, req.params.id, req.body.personId, req.body.role);
      return reply.code(204).send(null);
    });
    app.post('/cases/:id/agencies', { schema: { tags, summary: 'Make another agency a partner on the case (lead agency only).', params: Id, body: AddAgency, response: { 204: z.null() } } }, async (req, reply) => {
      await service.addAgencyToCase(req.access, req.params.id, req.body.agencyId);
      return reply.code(204).send(null);
    });
    app.post('/cases/:id/actions', { schema: { tags, summary: 'Add a case plan action owned by any agency\'s user.', params: Id, body: ActionInput, response: { 201: Created } } }, async (req, reply) =>
      reply.code(201).send(await service.addAction(req.access, req.params.id, req.body)),
    );
    app.patch(
      '/cases/:id/actions/:actionId',
      { schema: { tags, summary: 'Update an action.', params: z.object({ id: z.uuid(), actionId: z.uuid() }), body: ActionUpdate, response: { 204: z.null() } } },
      async (req, reply) => {
        await service.updateAction(req.access, req.params.id, req.params.actionId, req.body);
        return reply.code(204).send(null);
      },
    );
    app.post('/cases/:id/notes', { schema: { tags, summary: 'Add a case note.', params: Id, body: NoteInput, response: { 201: Created } } }, async (req, reply) =>
      reply.code(201).send(await service.addNote(req.access, req.params.id, req.body.body)),
    );
    app.post(
      '/cases/:id/contacts',
      { schema: { tags, summary: 'Log a contact: who, how, by whom, observations, whether they were updated on progress.', params: Id, body: ContactInput, response: { 201: Created } } },
      async (req, reply) => reply.code(201).send(await service.addContact(ctx, req.access, req.params.id, req.body)),
    );
    app.post(
      '/cases/:id/attachments',
      { schema: { tags, summary: 'Attach a document (PDF, PNG, JPEG, text, CSV), base64-encoded; size and type are checked.', params: Id, body: AttachmentInput, response: { 201: z.object({ id: z.string(), sha256: z.string(), sizeBytes: z.number() }) } } },
      async (req, reply) => reply.code(201).send(await service.addAttachment(ctx, req.access, req.params.id, req.body)),
    );
    app.get('/cases/:id/attachments/:attachmentId', { schema: { tags, summary: 'Download a document.', params: z.object({ id: z.uuid(), attachmentId: z.uuid() }) } }, async (req, reply) => {
      const a = await service.getAttachment(req.access, req.params.id, req.params.attachmentId);
      return reply
        .type(a.contentType)
        .header('content-disposition', `attachment; filename="${a.filename.replace(/[^\w.\- ]/g, '_')}"`)
        .send(a.content);
    });
  };
}
