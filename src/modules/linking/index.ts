import type { Module } from '../../platform/http/app.js';
import type { AppContext } from '../../platform/http/context.js';
import type { Queryable } from '../../platform/db/db.js';
import { addReportHook } from '../reports/hooks.js';
import { PersonIndex, estimateParams } from './core/linker.js';
import { initialParams, type LinkParams } from './core/model.js';
import type { MatchCandidate, PersonMatcher } from './matcher.js';
import { linkingRoutes } from './routes.js';
import { buildIndex, onReportCreated } from './service.js';
import { loadIdentifiers } from './store.js';

/** Below this many people EM has too little to learn from; the starting parameters are used. */
const MIN_PEOPLE_FOR_EM = 500;

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
  const people = await loadIdentifiers(q, undefined, undefined, 200_000);
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
    ctx.services.linking = {
      get matcher() {
        return matcher;
      },
    };
    addReportHook(ctx, (access, report) => onReportCreated(ctx, matcher, access, report));
    ctx.services.linkingReady = async () => {
      matcher = createMatcher(await currentParams(ctx.db));
      const n = await buildIndex(ctx.db, matcher);
      ctx.log.info({ people: n, params: matcher.paramsVersion }, 'linking index built');
    };
  },
  routes: (ctx) => linkingRoutes(ctx, () => (ctx.services.linking as { matcher: PersonMatcher }).matcher),
  ready: async (ctx) => (ctx.services.linkingReady as () => Promise<void>)(),
};
