import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from '../../platform/access/access.js';
import { caseFor, type CaseRiskCondition } from '../cases/service.js';
import { mergeCluster } from '../people/store.js';

const LEVELS = ['standard', 'medium', 'high'] as const;
type Level = (typeof LEVELS)[number];
const rank = (l: string) => LEVELS.indexOf(l as Level);
// The case member `cp.person_id` and every record merged into them, as an array for an index lookup
// (an OR across the two columns in the join let the planner scan the assessments).
const CLUSTER = `array${mergeCluster('cp.person_id')}`;

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
       join lateral (select distinct on (x.lens) x.lens, x.level, x.agency_id from assessments x
                     where x.person_id = any(${CLUSTER}) and x.lens <> 'safeguarding' order by x.lens, x.assessed_at desc) a on true`,
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

/**
 * `ctx.services.caseRiskFilter`: the case list's risk filter as a SQL condition, derived exactly as
 * `caseLevels` derives a case's levels (per person on the case, merged records included, the latest
 * assessment on the lens; the case's level is the highest of those) and counting only assessments this
 * actor may see, so a filter never reveals a withheld level. Who may see an agency's risk data is asked
 * of the access policy itself, once per agency: owners seen anywhere, owners seen only by case parties
 * (under an agreement), and cases opened by emergency access.
 */
export async function caseRiskCondition(access: Access, wanted: { harmFaced?: Level[]; harmPosed?: Level[]; harmEither?: Level[]; unassessed?: 'harmFaced' | 'harmPosed' | 'either' | 'both' }): Promise<CaseRiskCondition> {
  const actor = access.user();
  const { breakGlass } = await access.context();
  const agencies = (await access.db.query<{ id: string }>('select id from agencies')).rows.map((r) => r.id);
  const anywhere: string[] = [];
  const asParty: string[] = [];
  for (const id of agencies) {
    if ((await access.allows({ ownerAgencyIds: [id], caseAgencyIds: [], caseIds: [] }, 'risk')) === 'allow') anywhere.push(id);
    else if ((await access.allows({ ownerAgencyIds: [id], caseAgencyIds: [actor.agencyId], caseIds: [] }, 'risk')) === 'allow') asParty.push(id);
  }
  const glass = [...breakGlass].filter((x) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(x));
  return (caseId, first) => {
    const params: unknown[] = [];
    const arg = (v: unknown) => `$${first + params.push(v) - 1}`;
    // Who may see which agency's levels: added to the parameters only when a level is asked about.
    let seen: string | undefined;
    const visible = () =>
      (seen ??= `(a.agency_id = any(${arg(anywhere)}::uuid[]) or ${caseId} = any(${arg(glass)}::uuid[])
        or (a.agency_id = any(${arg(asParty)}::uuid[]) and exists (select 1 from case_agencies ca where ca.case_id = ${caseId} and ca.agency_id = ${arg(actor.agencyId)}::uuid)))`);
    // The case's highest current level on a lens among the assessments this actor may see (null: none seen).
    const levelOn = (lens: 'harm_faced' | 'harm_posed') => `(select (array['standard','medium','high'])[max(array_position(array['standard','medium','high'], a.level))]
       from (select distinct person_id from case_people where case_id = ${caseId}) cp
       join lateral (select x.level, x.agency_id from assessments x
                     where x.person_id = any(${CLUSTER}) and x.lens = '${lens}'
                     order by x.assessed_at desc limit 1) a on true
       where ${visible()})`;
    const clauses: string[] = [];
    if (wanted.harmFaced?.length) clauses.push(`${levelOn('harm_faced')} = any(${arg(wanted.harmFaced)}::text[])`);
    if (wanted.harmPosed?.length) clauses.push(`${levelOn('harm_posed')} = any(${arg(wanted.harmPosed)}::text[])`);
    if (wanted.harmEither?.length) {
      const levels = arg(wanted.harmEither);
      clauses.push(`(${levelOn('harm_faced')} = any(${levels}::text[]) or ${levelOn('harm_posed')} = any(${levels}::text[]))`);
    }
    // A side not assessed: a withheld assessment is still an assessment (the case list shows it as withheld).
    const missing = (lens: 'harm_faced' | 'harm_posed') => `not exists (select 1 from case_people cp join assessments x on x.person_id = any(${CLUSTER})
        where cp.case_id = ${caseId} and x.lens = '${lens}')`;
    if (wanted.unassessed === 'harmFaced') clauses.push(missing('harm_faced'));
    if (wanted.unassessed === 'harmPosed') clauses.push(missing('harm_posed'));
    if (wanted.unassessed === 'either') clauses.push(`(${missing('harm_faced')} or ${missing('harm_posed')})`);
    if (wanted.unassessed === 'both') clauses.push(`(${missing('harm_faced')} and ${missing('harm_posed')})`);
    if (clauses.length === 0) return { sql: 'true', params: [] };
    return { sql: `(${clauses.join(' and ')})`, params };
  };
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
