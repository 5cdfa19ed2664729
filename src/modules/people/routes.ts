import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/http/context.js';
import { Id, SEARCH_COUNT_CAP, SearchPage } from '../../platform/validation.js';
import { PersonSearchQuery } from './schema.js';
import { findPeople, viewPerson } from './service.js';

const Withheld = z.object({ withheld: z.literal(true), category: z.string(), reason: z.string() });
const Person = z.looseObject({ displayName: z.union([z.string(), Withheld]).optional() });

export function peopleRoutes(_ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/people/:id',
      {
        schema: {
          tags: ['people'],
          summary: 'One person: names, dates of birth, contacts, addresses over time, and every role they hold across reports and cases — filtered by the access policy.',
          params: Id,
          response: { 200: Person },
        },
      },
      async (req) => viewPerson(req.access, req.params.id),
    );
    app.get(
      '/people',
      {
        schema: {
          tags: ['people'],
          summary: 'Search people by name (tolerant of typos and spelling variants), date of birth or postcode; paginated.',
          querystring: PersonSearchQuery,
          response: { 200: SearchPage(`How many people match (everyone, with no search given, counted up to ${SEARCH_COUNT_CAP.toLocaleString('en-GB')}).`) },
        },
      },
      async (req) => findPeople(req.access, req.query),
    );
  };
}
