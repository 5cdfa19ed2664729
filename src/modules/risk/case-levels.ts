import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from '../../platform/access/access.js';
import { caseFor } from '../cases/service.js';

const LEVELS = ['standard', 'medium', 'high'] as const;
type Level = (typeof LEVELS)[number];
const rank = (l: string) => LEVELS.indexOf(l as Level);

/**
 * For a case list: per case, the highest current level on each lens among its people, counting
 * only assessments this actor may see (others make the lens "withheld", so a gap is never read as low).
 */
export async function caseLevels(access: Access, caseIds: string[]) {
  const out = [];
  const rows = (
    await access.db.query<{ case_id: string; lens: string; level: Level; agency_id: string }>(
      `select cp.case_id, a.lens, a.level, a.agency_id
       from (select distinct case_id, person_id from case_people where case_id = any($1::uuid[])) cp
       join lateral (select distinct on (x.lens) x.lens, x.level, x.agency_id from assessments x join people p on p.id = x.person_id
                     where (p.id = cp.person_id or p.merged_into = cp.person_id) and x.lens <> 'safeguarding' order by x.lens, x.assessed_at desc) a on true`,
      [caseIds],
    )
  ).rows;
  for (const id of caseIds) {
    const found = await caseFor(access, id, 'read').catch(() => null);
    if (!found) continue;
    const lens = async (name: string) => {
      let best: Level | null = null;
      let withheld = false;
      for (const r of rows.filter((x) => x.case_id === id && x.lens === name)) {
        const d = await access.allows({ ownerAgencyIds: [r.agency_id], caseAgencyIds: found.scope.agencyIds, caseIds: [id] }, 'risk');
        if (d !== 'allow') withheld = true;
        else if (!best || rank(r.level) > rank(best)) best = r.level;
      }
      return { level: best, withheld };
    };
    out.push({ caseId: id, harmFaced: await lens('harm_faced'), harmPosed: await lens('harm_posed') });
  }
  return out;
}

const Lens = z.object({ level: z.enum(LEVELS).nullable(), withheld: z.boolean() });

export function caseLevelRoutes(): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/risk/case-levels',
      {
        schema: {
          tags: ['risk'],
          summary: 'For a list of cases: the highest current level on each lens among the people on each case (levels you may not see are flagged withheld).',
          querystring: z.object({ caseId: z.union([z.uuid(), z.array(z.uuid()).max(100)]).transform((v) => (Array.isArray(v) ? v : [v])) }),
          response: { 200: z.array(z.object({ caseId: z.string(), harmFaced: Lens, harmPosed: Lens })) },
        },
      },
      async (req) => caseLevels(req.access, req.query.caseId),
    );
  };
}
