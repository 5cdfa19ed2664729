import type { Access } from '../../platform/access/access.js';
import type { RecordScope } from '../../platform/access/policy.js';
import type { Queryable } from '../../platform/db/db.js';
import { Problem, notFound } from '../../platform/errors.js';
import type { AppContext } from '../../platform/http/context.js';
import type { HookResult, NewReport } from '../reports/hooks.js';
import type { LabelledPair } from './core/linker.js';
import { estimateParamsOffThread } from './core/parallel.js';
import type { LinkParams } from './core/model.js';
import { deriveFlags, LINKING_RULES, type FlagInput } from './flags.js';
import type { PersonMatcher } from './matcher.js';
import { decisionsSince, identifiersPage, intakeFacts, linkedHistory, loadDecisions, loadIdentifiers, peopleRecordedBefore, reportsAboutLinked, sampleIdentifiers, type IntakeFacts, type PersonIdentifiers } from './store.js';
import { newId } from '../../platform/ids.js';
import { personScopes } from '../people/store.js';

type RiskLevel = 'standard' | 'medium' | 'high';
type RiskLevels = { latestHarmFaced(q: Queryable, personId: string): Promise<RiskLevel | null>; harmFacedSql(person: string): string };

export interface LinkingService {
  matcher: PersonMatcher;
  /** Re-reads people from the database into the index (start-up, after merges). */
  refresh(ids: string[]): Promise<void>;
}

/** What the linking module keeps in `ctx.services.linking`: the live matcher, and a way to swap its parameters. */
export interface LinkingServices {
  /** The index as it stands (empty until built: use whenBuilt to match or change it). */
  readonly matcher: PersonMatcher;
  /** The index once built from the people on file (building it now if it is not). */
  whenBuilt(): Promise<PersonMatcher>;
  /** Scores from now on with these parameters (the index's records and blocks do not depend on them). */
  useParams(params: LinkParams): void;
}

/** Below this many people EM has too little to learn from; the starting parameters are used. */
export const MIN_PEOPLE_FOR_EM = 500;
/** How many people an estimate reads (a sample spread over the whole file, see sampleIdentifiers). */
export const EM_SAMPLE = 200_000;

/**
 * Fills the index from the database in pages, so a million people never sit in one result set.
 * People for whom `arriving` is true came with a report taken meanwhile: its hook waits for the index,
 * then matches and adds them in turn, as if the index had been there all along. Added here too, two
 * reports about the same new person would each find the other (two suggestions for one pair, not one).
 */
export async function buildIndex(q: Queryable, matcher: PersonMatcher, arriving: (personId: string) => boolean = () => false): Promise<number> {
  // The server answers while the index is built, so it indexes a slice at a time and lets requests
  // (and the next page's rows, read meanwhile) in between: a page at once held them for a second.
  const read = (after: string) => {
    const page = identifiersPage(q, after, PAGE);
    // Awaited below; a failure while a slice is being indexed must not count as unhandled meanwhile.
    page.catch(() => undefined);
    return page;
  };
  let next = read('00000000-0000-0000-0000-000000000000');
  for (;;) {
    const page = await next;
    if (page.length === PAGE) next = read(page[page.length - 1].id);
    for (let i = 0; i < page.length; i++) {
      if (!arriving(page[i].id)) matcher.add(page[i]);
      if (i % SLICE === SLICE - 1) await new Promise((r) => setImmediate(r));
    }
    if (page.length < PAGE) return matcher.size;
  }
}
const PAGE = 50_000;
const SLICE = 2_000;

/**
 * The report hook: each person on the new report is matched against everyone known before it;
 * candidates are stored as suggestions for staff to confirm or reject (never merged silently),
 * then the derived flags are computed over each person's linked cluster and the place.
 */
export async function onReportCreated(ctx: AppContext, matcher: PersonMatcher, access: Access, report: NewReport): Promise<HookResult> {
  const q = access.db;
  // The people's identifiers, the area's thresholds and the place's reports: one statement.
  const facts = await intakeFacts(q, report.people.map((p) => p.personId), report.agencyId, report.placeId, LINKING_RULES.repeatLocation.windowDays);
  const byId = new Map(facts.people.map((p) => [p.id, p]));
  // Matching is in memory; each person joins the index after being matched, so later people on
  // the same report can match earlier ones.
  let found: { person: NewReport['people'][number]; c: ReturnType<PersonMatcher['match']>[number] }[] = [];
  for (const person of report.people) {
    const ids = byId.get(person.personId);
    if (!ids) continue;
    // People of other areas are left out when the suggestions are stored (at most maxSuggestions a
    // person, below): where there are other areas, more are asked for, so the area's own still fill
    // them (asking for more everywhere cost intake about 3 % of the mixed load's throughput).
    const candidates = matcher
      .match(ids, { threshold: LINKING_RULES.suggestThreshold, limit: LINKING_RULES.maxSuggestions * (facts.otherAreas ? 3 : 1) + 1 })
      .filter((c) => c.id !== person.personId);
    for (const c of candidates) found.push({ person, c });
    matcher.add(ids);
  }
  if (report.linkedLater && found.length) found = await asIfLinkedWhenStored(q, report, found);
  const links: HookResult['links'] = [];
  if (found.length) {
    // All the report's suggestions in one statement (a transaction only when there is something to store).
    // One row per pair: a person named twice on the report (two roles) must not update a row twice.
    const pairs = [...new Map(found.map((f) => [`${f.person.personId}:${f.c.id}`, f])).values()];
    // The suggestions and their audit in one statement: atomic without a transaction. Only people
    // recorded in the report's area are suggested: another area's are not this one's to see.
    // The arrays are read through sub-selects: a plan that could see their lengths looked cheaper
    // than the one kept for every call, and under load the statement was planned afresh each time.
    const rows = await access.writeComposed<{ id: string; status: string; person_id: string; candidate_person_id: string }>(
      {
        ctes: [
          `written as (
             insert into link_suggestions (id, report_id, person_id, candidate_person_id, probability, evidence, params_version)
             select x.id, $1, x.person_id, x.candidate_person_id, x.probability, x.evidence, $2
             from (select u.*, row_number() over (partition by u.person_id order by u.ord) as rank
                   from unnest((select $3::uuid[]), (select $4::uuid[]), (select $5::uuid[]), (select $6::float8[]), (select $7::jsonb[])) with ordinality as u(id, person_id, candidate_person_id, probability, evidence, ord)
                   join people c on c.id = u.candidate_person_id
                   where c.owner_agency_id in (select id from agencies where area_id = (select area_id from agencies where id = $8))) x
             where x.rank <= $9
             on conflict (person_id, candidate_person_id) do update set probability = excluded.probability, evidence = excluded.evidence
             returning id, status, person_id, candidate_person_id)`,
        ],
        sql: 'select * from written',
        params: [
          report.id,
          matcher.paramsVersion,
          pairs.map(() => newId()),
          pairs.map((f) => f.person.personId),
          pairs.map((f) => f.c.id),
          pairs.map((f) => f.c.probability),
          pairs.map((f) => JSON.stringify(f.c.evidence)),
          report.agencyId,
          LINKING_RULES.maxSuggestions,
        ],
        // Audited when something was suggested, with how many.
        auditWhen: 'exists (select 1 from written)',
        auditDetail: "jsonb_build_object('suggestions', (select count(*) from written))",
      },
      [{ subjectType: 'report', subjectId: report.id, action: 'link_suggested' }],
    );
    const stored = new Map(rows.map((x) => [`${x.person_id}:${x.candidate_person_id}`, x]));
    for (const { person, c } of found) {
      const s = stored.get(`${person.personId}:${c.id}`);
      if (!s) continue;
      links.push({ kind: 'person', suggestionId: s.id, status: s.status, personId: person.personId, role: person.role, index: person.index, matchedPersonId: c.id, probability: round(c.probability), evidence: c.evidence });
    }
  }
  // Earlier reports about the same place are linked too: the place is the evidence (one read of the
  // place's reports, with the intake facts, serves these links and the repeat-location flag).
  const earlier = facts.atPlace.filter((o) => o.reportId !== report.id).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)).slice(0, 20);
  for (const o of earlier) links.push({ kind: 'report', reportId: o.reportId, reference: o.reference, receivedAt: o.receivedAt, probability: 1, evidence: [{ field: 'place', level: 'same_address', weight: 0 }] });
  // The suggestions are stored: the hooks after this one (safeguarding prompts read linked clusters)
  // go on while the flags' reads run.
  const rest = flagsFor(ctx, q, report, facts).then((f) => ({ flags: f.flags, flagDetails: f.details }));
  return { links, rest };
}

const round = (p: number) => Math.round(p * 10_000) / 10_000;

/**
 * A report linked later than intake keeps only what intake would have found: people on file when it
 * was stored (anyone recorded since was matched against its people with their own report), and one
 * direction of a pair both on the report (every one of its people is in the index by now).
 */
async function asIfLinkedWhenStored<T extends { person: { personId: string }; c: { id: string } }>(q: Queryable, report: NewReport, found: T[]): Promise<T[]> {
  const onReport = new Set(report.people.map((p) => p.personId));
  const before = await peopleRecordedBefore(q, [...new Set(found.map((f) => f.c.id).filter((id) => !onReport.has(id)))], report.id);
  return found.filter((f) => (onReport.has(f.c.id) ? f.person.personId > f.c.id : before.has(f.c.id)));
}

/**
 * Builds the flag rules' input: the area's threshold and the place's reports (read with the
 * report's people), and each victim's and perpetrator's linked cluster and report history (read
 * now, after this report's suggestions are stored, so strong new links count).
 */
export async function flagsFor(ctx: AppContext, q: Queryable, report: { id: string; agencyId: string; placeId: string | null; people: { personId: string; role: string }[] }, facts: IntakeFacts) {
  const caseReview = facts.caseReview ?? { reportCount: 3, windowDays: 183 };
  const riskLevels = ctx.services.riskLevels as RiskLevels | undefined;
  const input: FlagInput = {
    now: new Date().toISOString(),
    victims: [],
    perpetrators: [],
    place: report.placeId ? { placeId: report.placeId, reports: facts.atPlace } : null,
    caseReview,
  };
  // Each person's history is one read, independent of the others': they go together, and come back in the report's order.
  const perpetrators = report.people.filter((p) => p.role === 'alleged_perpetrator');
  const victims = report.people.filter((p) => p.role === 'victim');
  const histories = await settleAll([
    ...perpetrators.map(async (p) => ({ personId: p.personId, reports: await reportsAboutLinked(q, p.personId, LINKING_RULES.linkThreshold, 'alleged_perpetrator') })),
    ...victims.map(async (p) => {
      // A victim's latest harm-faced level comes back with their report history (one statement).
      const history = await linkedHistory(q, p.personId, LINKING_RULES.linkThreshold, 'victim', riskLevels?.harmFacedSql('$1'));
      const harmFaced = !riskLevels ? null : history.extra !== undefined ? (history.extra as RiskLevel | null) : await riskLevels.latestHarmFaced(q, p.personId);
      return { personId: p.personId, reports: history.reports, harmFaced };
    }),
  ]);
  input.perpetrators = histories.slice(0, perpetrators.length).map(({ personId, reports }) => ({ personId, reports }));
  input.victims = histories.slice(perpetrators.length);
  return deriveFlags(input);
}

/** Promise.all that lets every read finish before failing, so a failed intake leaves none still holding a connection. */
async function settleAll<T>(reads: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(reads);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** Staff decision on a suggestion; a confirmation merges the two records (undoable). */
export async function decide(ctx: AppContext, matcher: PersonMatcher, access: Access, suggestionId: string, decision: 'confirm' | 'reject') {
  const actor = access.requireRole('officer', 'team_leader');
  // Deciding about a pair needs what listing it does: seeing who both people are (asked before the
  // write, whose transaction holds the embedded database's one connection).
  const pair = (await access.db.query<{ person_id: string; candidate_person_id: string }>('select person_id, candidate_person_id from link_suggestions where id = $1', [suggestionId])).rows[0];
  if (!pair || !(await seesWhoTheyAre(access, [pair.person_id, pair.candidate_person_id]))) throw notFound('Link suggestion');
  const result = await access.write(async (q, audit) => {
    const s = await q.query<{ person_id: string; candidate_person_id: string; status: string }>('select person_id, candidate_person_id, status from link_suggestions where id = $1 for update', [suggestionId]);
    const row = s.rows[0];
    if (!row) throw notFound('Link suggestion');
    if (row.status !== 'suggested') throw new Problem(409, `This suggestion was already ${row.status}.`);
    await q.query('update link_suggestions set status = $2, decided_by = $3, decided_at = now() where id = $1', [suggestionId, decision === 'confirm' ? 'confirmed' : 'rejected', actor.userId]);
    audit({ subjectType: 'link_suggestion', subjectId: suggestionId, action: decision, detail: { personId: row.person_id, candidateId: row.candidate_person_id } });
    if (decision === 'reject') return { mergeId: null, survivorId: null, mergedId: null };
    // The earlier record survives; the newer one (from the new report) folds into it.
    const survivor = (await q.query<{ id: string }>('select coalesce(merged_into, id) as id from people where id = $1', [row.candidate_person_id])).rows[0].id;
    const merged = (await q.query<{ id: string }>('select coalesce(merged_into, id) as id from people where id = $1', [row.person_id])).rows[0].id;
    if (survivor === merged) return { mergeId: null, survivorId: survivor, mergedId: null };
    const moved = await q.query<{ id: string }>('update people set merged_into = $1 where merged_into = $2 returning id', [survivor, merged]);
    await q.query('update people set merged_into = $1 where id = $2', [survivor, merged]);
    const mergeId = newId();
    await q.query('insert into person_merges (id, survivor_id, merged_id, suggestion_id, repointed, merged_by) values ($1,$2,$3,$4,$5,$6)', [mergeId, survivor, merged, suggestionId, moved.rows.map((r) => r.id), actor.userId]);
    audit({ subjectType: 'person', subjectId: survivor, action: 'merge', detail: { mergeId, mergedId: merged } });
    return { mergeId, survivorId: survivor, mergedId: merged };
  });
  if (result.mergedId) {
    matcher.remove(result.mergedId);
    await refresh(access.db, matcher, [result.survivorId!]);
  }
  return result;
}

/**
 * Whether the policy lets the actor see who each of these people is (another area's, never): a link
 * suggestion is listed, decided or undone only by someone who may see both sides. `scopes` is read
 * for them unless given (the queue reads a whole page's at once).
 */
export async function seesWhoTheyAre(access: Access, ids: string[], scopes?: Map<string, RecordScope>): Promise<boolean> {
  scopes ??= await personScopes(access.db, ids);
  for (const id of ids) {
    const scope = scopes.get(id);
    if (!scope || (await access.allows(scope, 'identity')) !== 'allow') return false;
  }
  return true;
}

/** Undoes a merge: the merged record (and any it carried) stands alone again. */
export async function undoMerge(matcher: PersonMatcher, access: Access, mergeId: string) {
  const actor = access.requireRole('officer', 'team_leader');
  const pair = (await access.db.query<{ survivor_id: string; merged_id: string }>('select survivor_id, merged_id from person_merges where id = $1', [mergeId])).rows[0];
  if (!pair || !(await seesWhoTheyAre(access, [pair.survivor_id, pair.merged_id]))) throw notFound('Merge');
  const m = await access.write(async (q, audit) => {
    const r = await q.query<{ survivor_id: string; merged_id: string; repointed: string[]; undone_at: Date | null; suggestion_id: string | null }>('select * from person_merges where id = $1 for update', [mergeId]);
    const row = r.rows[0];
    if (!row) throw notFound('Merge');
    if (row.undone_at) throw new Problem(409, 'This merge was already undone.');
    await q.query('update people set merged_into = null where id = $1', [row.merged_id]);
    if (row.repointed.length) await q.query('update people set merged_into = $1 where id = any($2::uuid[])', [row.merged_id, row.repointed]);
    await q.query('update person_merges set undone_at = now(), undone_by = $2 where id = $1', [mergeId, actor.userId]);
    if (row.suggestion_id) await q.query("update link_suggestions set status = 'rejected', decided_by = $2, decided_at = now() where id = $1", [row.suggestion_id, actor.userId]);
    audit({ subjectType: 'person', subjectId: row.survivor_id, action: 'unmerge', detail: { mergeId, mergedId: row.merged_id } });
    return row;
  });
  await refresh(access.db, matcher, [m.survivor_id, m.merged_id]);
  return { survivorId: m.survivor_id, restoredId: m.merged_id };
}

export async function refresh(q: Queryable, matcher: PersonMatcher, ids: string[]) {
  for (const id of ids) matcher.remove(id);
  for (const p of await loadIdentifiers(q, ids)) matcher.add(p);
}

export type ReestimateResult =
  | { status: 'estimated'; version: string; estimatedAt: string; recordCount: number; confirmed: number; rejected: number }
  | { status: 'unchanged'; version: string | null }
  | { status: 'too_few_people'; people: number; needed: number };

/** The newest stored parameters' version and the decisions they learnt from (null before any estimate). */
async function newestParams(q: Queryable): Promise<{ version: string; feedback: LinkParams['feedback'] | null } | null> {
  const { rows } = await q.query<{ version: string; feedback: LinkParams['feedback'] | null }>("select version, params->'feedback' as feedback from linkage_params order by estimated_at desc limit 1");
  return rows[0] ?? null;
}

/**
 * Re-estimates the linkage parameters with staff decisions as labels (semi-supervised EM): the people on
 * file as at start-up, plus every confirmed or rejected suggestion with both people's identifiers (a merged
 * record's own identifiers included). Stores a new `linkage_params` version (audited) and swaps the live
 * matcher to it. With `onlyIfNew`, does nothing unless a decision was made after the newest version learnt
 * from (so a nightly run twice makes one version).
 */
export async function reestimateParams(ctx: AppContext, access: Access, opts: { onlyIfNew?: boolean } = {}): Promise<ReestimateResult> {
  const q = access.db;
  if (opts.onlyIfNew) {
    const newest = await newestParams(q);
    const since = newest?.feedback?.decidedThrough ?? null;
    if ((await decisionsSince(q, since)) === 0) return { status: 'unchanged', version: newest?.version ?? null };
  }
  const people = await sampleIdentifiers(q, EM_SAMPLE);
  if (people.length < MIN_PEOPLE_FOR_EM) return { status: 'too_few_people', people: people.length, needed: MIN_PEOPLE_FOR_EM };
  const { decisions, decidedThrough } = await loadDecisions(q);
  const byId = new Map<string, PersonIdentifiers>();
  const ids = [...new Set(decisions.flatMap((d) => [d.personId, d.candidateId]))];
  for (let i = 0; i < ids.length; i += 10_000) for (const p of await loadIdentifiers(q, ids.slice(i, i + 10_000), true)) byId.set(p.id, p);
  const labelled: LabelledPair[] = [];
  for (const d of decisions) {
    const left = byId.get(d.personId);
    const right = byId.get(d.candidateId);
    if (left && right) labelled.push({ left, right, match: d.match });
  }
  // Off the event loop: EM over a large population takes seconds, and the API keeps serving meanwhile.
  const params = await estimateParamsOffThread(people, { labelled });
  params.feedback = { confirmed: params.feedback?.confirmed ?? 0, rejected: params.feedback?.rejected ?? 0, decidedThrough };
  await access.write(async (tx, audit) => {
    await tx.query('insert into linkage_params (version, params, record_count) values ($1, $2, $3)', [params.version, JSON.stringify(params), people.length]);
    audit({ subjectType: 'linkage_params', subjectId: params.version, action: 'reestimate', detail: { recordCount: people.length, pairs: params.pairs, iterations: params.iterations, ...params.feedback } });
  });
  (ctx.services.linking as LinkingServices).useParams(params);
  ctx.log.info({ params: params.version, people: people.length, ...params.feedback }, 'linking parameters re-estimated');
  return { status: 'estimated', version: params.version, estimatedAt: params.estimatedAt, recordCount: people.length, confirmed: params.feedback.confirmed, rejected: params.feedback.rejected };
}
