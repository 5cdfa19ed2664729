import type { Module } from '../../platform/http/app.js';
import type { AppContext } from '../../platform/http/context.js';
import type { Queryable } from '../../platform/db/db.js';
import { addReportHook } from '../reports/hooks.js';
import { PersonIndex, estimateParams } from './core/linker.js';
import { initialParams, type LinkParams } from './core/model.js';
import type { MatchCandidate, PersonMatcher } from './matcher.js';
import { linkingRoutes } from './routes.js';
import { addJob } from '../../platform/jobs/registry.js';
import { buildIndex, EM_SAMPLE, MIN_PEOPLE_FOR_EM, onReportCreated, reestimateParams, refresh, type LinkingServices } from './service.js';
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
  readying: 'the linking index is being built from the people on file',
  init: (ctx: AppContext) => {
    // Matching is only ever against the whole file: whatever matches or changes the index waits
    // for it to be built (a report taken meanwhile is matched once it is).
    let matcher = createMatcher(initialParams());
    // The build under way or done (it resolves to the index); a failed one is forgotten, so the next caller builds again.
    let building: Promise<PersonMatcher> | null = null;
    let newerParams: LinkParams | null = null;
    // The people on reports being matched: the index's build leaves them to their report's hook (see
    // buildIndex). Counted, as one person can be on two reports at once.
    const arriving = new Map<string, number>();
    const whenBuilt = (): Promise<PersonMatcher> =>
      (building ??= (async () => {
        const m = createMatcher(await currentParams(ctx.db));
        const n = await buildIndex(ctx.db, m, (id) => arriving.has(id));
        // Parameters re-estimated while it was being built are the live ones.
        if (newerParams) m.index.params = newerParams;
        matcher = m;
        ctx.log.info({ people: n, params: m.paramsVersion }, 'linking index built');
        return m;
      })().catch((err: unknown) => {
        building = null;
        throw err;
      }));
    const services: LinkingServices = {
      get matcher() {
        return matcher;
      },
      whenBuilt,
      useParams(params) {
        newerParams = params;
        matcher.index.params = params;
      },
    };
    ctx.services.linking = services;
    // People on reports whose linking failed (the database went away after the report was stored):
    // indexed with the next report's linking, so later reports about them still find them.
    const unindexed = new Set<string>();
    addReportHook(ctx, async (access, report) => {
      const ids = report.people.map((p) => p.personId);
      for (const id of ids) arriving.set(id, (arriving.get(id) ?? 0) + 1);
      try {
        const built = await whenBuilt();
        if (unindexed.size) {
          const missed = [...unindexed];
          await refresh(access.db, built, missed);
          for (const id of missed) unindexed.delete(id);
        }
        return await onReportCreated(ctx, built, access, report);
      } catch (err) {
        for (const id of ids) unindexed.add(id);
        throw err;
      } finally {
        for (const id of ids) {
          const n = arriving.get(id)! - 1;
          if (n) arriving.set(id, n);
          else arriving.delete(id);
        }
      }
    });
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
  },
  routes: (ctx) => linkingRoutes(ctx, ctx.services.linking as LinkingServices),
  ready: async (ctx) => {
    await (ctx.services.linking as LinkingServices).whenBuilt();
  },
};
