import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/context.js';
import { Id } from '../../platform/validation.js';
import { listChallenges, raiseChallenge, updateChallenge } from './challenges.js';
import { AgencyViewInput, ChallengeInput, ChallengeListQuery, ChallengeUpdate, DecisionInput, MeetingActionInput, MeetingInput, MeetingListQuery, MeetingUpdate } from './schema.js';
import * as service from './service.js';

const Loose = z.looseObject({});
const Created = z.object({ id: z.string() });

/** Convening the system: conferences and panels on a case, and professional challenge of decisions. */
export function meetingRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['meetings'];
    app.post(
      '/cases/:id/meetings',
      {
        schema: {
          tags,
          summary: 'Schedule a case conference or complex-case panel (lead agency); invited agencies join the case and named invitees get a task to give their view.',
          params: Id,
          body: MeetingInput,
          response: { 201: Created },
        },
      },
      async (req, reply) => reply.code(201).send(await service.scheduleMeeting(req.access, req.params.id, req.body)),
    );
    app.get(
      '/cases/:id/meetings',
      { schema: { tags, summary: "The case's meetings, newest first.", params: Id, response: { 200: z.array(Loose) } } },
      async (req) => service.caseMeetings(req.access, req.params.id),
    );
    app.get(
      '/meetings',
      { schema: { tags, summary: 'Upcoming meetings on cases your agency is party to, or (`mine`) those you chair or are invited to.', querystring: MeetingListQuery, response: { 200: z.array(Loose) } } },
      async (req) => service.listMeetings(req.access, req.query.scope),
    );
    app.get(
      '/meetings/:id',
      {
        schema: {
          tags,
          summary: "The meeting: agenda built from the case (risk levels, recent chronology, open actions; frozen once held), each agency's view side by side, decisions, actions, minutes.",
          params: Id,
          response: { 200: Loose },
        },
      },
      async (req) => service.viewMeeting(ctx, req.access, req.params.id),
    );
    app.patch(
      '/meetings/:id',
      { schema: { tags, summary: 'Reschedule, record attendance and minutes, mark held (the agenda is frozen as it stood) or cancelled (chair or lead agency).', params: Id, body: MeetingUpdate, response: { 204: z.null() } } },
      async (req, reply) => {
        await service.updateMeeting(ctx, req.access, req.params.id, req.body);
        return reply.code(204).send(null);
      },
    );
    app.put(
      '/meetings/:id/views/mine',
      { schema: { tags, summary: "Record or replace your agency's view for the meeting, with the category it holds (e.g. health).", params: Id, body: AgencyViewInput, response: { 204: z.null() } } },
      async (req, reply) => {
        await service.recordView(req.access, req.params.id, req.body);
        return reply.code(204).send(null);
      },
    );
    app.post(
      '/meetings/:id/decisions',
      { schema: { tags, summary: 'Record a decision and its rationale (chair or lead agency).', params: Id, body: DecisionInput, response: { 201: Created } } },
      async (req, reply) => reply.code(201).send(await service.addDecision(req.access, req.params.id, req.body)),
    );
    app.post(
      '/meetings/:id/actions',
      { schema: { tags, summary: "Record an action agreed at the meeting: a case action owned by anyone in any agency, with a due date; overdue, it goes to the owner's team leader.", params: Id, body: MeetingActionInput, response: { 201: Created } } },
      async (req, reply) => reply.code(201).send(await service.addMeetingAction(req.access, req.params.id, req.body)),
    );
    app.post(
      '/challenges',
      { schema: { tags, summary: 'Raise a professional challenge on a decision: it goes to a named role in an agency on the case and is tracked to resolution.', body: ChallengeInput, response: { 201: Created } } },
      async (req, reply) => reply.code(201).send(await raiseChallenge(req.access, req.body)),
    );
    app.get(
      '/challenges',
      { schema: { tags, summary: 'Challenges sent to your role (`to_me`), raised by you (`mine`), or on a case.', querystring: ChallengeListQuery, response: { 200: z.array(Loose) } } },
      async (req) => listChallenges(req.access, req.query),
    );
    app.patch(
      '/challenges/:id',
      { schema: { tags, summary: 'Respond (the recipient), or resolve, withdraw or escalate to another role (the raiser).', params: Id, body: ChallengeUpdate, response: { 204: z.null() } } },
      async (req, reply) => {
        await updateChallenge(req.access, req.params.id, req.body);
        return reply.code(204).send(null);
      },
    );
  };
}
