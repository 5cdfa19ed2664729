import type { Module } from '../../platform/http/app.js';
import type { AppContext } from '../../platform/http/context.js';
import type { Queryable } from '../../platform/db/db.js';
import { addReportHook } from '../reports/hooks.js';
import { PersonIndex, estimateParams } from './core/linker.js';
import { initialParams, type LinkParams } from './core/model.js';
import type { MatchCandidate, PersonMatcher } from './matcher.js';
import { linkingRoutes } from './routes.js';
import { addJob } from '../../platform/jobs/registry.js';
import { buildIndex, EM_SAMPLE, MIN_PEOPLE_FOR_EM, onReportCreated, reestimateParams, type LinkingServices } from './service.js';
import { sampleIdentifiers } from './store.js';

/** The engine's index behind the PersonMatcher shape the service uses. */
export function createMatcher(params: LinkParams): PersonMatcher & { index: PersonIndex } {
  const index = new PersonIndex(params);
  return {
    index,
    get size() {
      return index.size;
    },
    get paramsVersion() {
      return index.params.version;
    },
    add: (p) => index.add(p),
    remove: (id) => index.remove(id),
    match: (p, opts) => index.match(p, opts) as MatchCandidate[],
  };
}

/** The newest stored parameters, or new ones estimated from the people on file (then stored). */
export async function currentParams(q: Queryable): Promise<LinkParams> {
  const stored = await q.query<{ params: LinkParams }>('select params from linkage_params order by estimated_at desc limit 1');
  if (stored.rows[0]) return stored.rows[0].params;
  const people = await sampleIdentifiers(q, EM_SAMPLE);
  if (people.length < MIN_PEOPLE_FOR_EM) return initialParams();
  const params = estimateParams(people);
  await q.query('insert into linkage_params (version, params, record_count) values ($1, $2, $3) on conflict do nothing', [params.version, JSON.stringify(params), people.length]);
  return params;
}

export const linkingModule: Module = {
  name: 'linking',
  init: (ctx: AppContext) => {
    // Until `ready` fills it from the database, the index is empty but usable.
    let matcher = createMatcher(initialParams());
    const services: LinkingServices = {
      get matcher() {
        return matcher;
      },
      useParams(params) {
        matcher.index.params = params;
      },
    };
    ctx.services.linking = services;
    addReportHook(ctx, (access, report) => onReportCreated(ctx, matcher, access, report));
    // Nightly: staff decisions since the live parameters were estimated feed a new, semi-supervised estimate.
    addJob(ctx, {
      name: 'linking-reestimate',
      description: 'Re-estimates the linkage parameters with confirmed and rejected links as labels, when there are new decisions.',
      everyMinutes: 1440,
      async run({ access }) {
        const r = await reestimateParams(ctx, access, { onlyIfNew: true });
        if (r.status === 'estimated') return { created: 1, version: r.version, confirmed: r.confirmed, rejected: r.rejected, recordCount: r.recordCount };
        return r.status === 'unchanged' ? { created: 0, outcome: 'no new decisions', version: r.version } : { created: 0, outcome: `too few people (${r.people} of ${r.needed})` };
      },
    });
    ctx.services.linkingReady = async () => {
      matcher = createMatcher(await currentParams(ctx.db));
      const n = await buildIndex(ctx.db, matcher);
      ctx.log.info({ people: n, params: matcher.paramsVersion }, 'linking index built');
    };
  },
  routes: (ctx) => linkingRoutes(ctx, () => (ctx.services.linking as { matcher: PersonMatcher }).matcher),
  ready: async (ctx) => (ctx.services.linkingReady as () => Promise<void>)(),
};
