import type { Module } from '../../platform/http/app.js';
import type { AppContext } from '../../platform/http/context.js';
import type { Queryable } from '../../platform/db/db.js';
import { addReportHook } from '../reports/hooks.js';
import { addChronologyParts } from '../cases/chronology.js';
import type { ContactHook } from '../cases/service.js';
import { QUESTIONNAIRES_DIR, loadRiskData, type ProportionalityResult, type RiskData, type RiskLevel } from './rules/index.js';
import { riskRoutes } from './routes.js';
import { safeguardingRoutes } from './safeguarding-routes.js';
import { latestLevel, riskSummary, type PersonRiskSummary } from './service.js';
import { assertProportionate, proportionalityStatus } from './proportionality.js';
import { onContact, onReport } from './prompts.js';
import { remindReviews } from './reviews.js';
import { caseLevelRoutes, caseRiskCondition } from './case-levels.js';
import { casesWithOpenConcerns, highestOnCases, casesAtLevelSql, openConcernCasesSql, type CasesForm } from './caseload.js';
import type { CaseRiskFilter } from '../cases/service.js';
import type { SafeguardingCases } from '../supervision/rules.js';
import { addJob } from '../../platform/jobs/registry.js';
import { latestLevelSql, recordedNeeds, type Need } from './store.js';
import { riskChronology, riskInsight } from './views.js';
import { seedRisk } from './demo.js';

/** `ctx.services.riskLevels`: the latest level on each lens (victim cadence, caseloads, linking flags). */
export interface RiskLevels {
  latestHarmFaced(q: Queryable, personId: string): Promise<RiskLevel | null>;
  latestHarmPosed(q: Queryable, personId: string): Promise<RiskLevel | null>;
  /** Per case, the highest latest level on either lens of anyone on it (absent: no one assessed), in one read. */
  highestOnCases(q: Queryable, caseIds: string[]): Promise<Map<string, RiskLevel>>;
  /** SQL of the cases, among those `cases` selects, with anyone whose latest level is `level` (for a caller's own statement); `by_person` for a team's cases, `by_assessment` for an area's. */
  casesAtLevelSql(cases: string, level: RiskLevel, form: CasesForm): string;
  /** The latest harm-faced level as a SQL expression over a person placeholder, for a caller's own statement. */
  harmFacedSql(person: string): string;
}

/** `ctx.services.riskSummary`: per person on the case, both lenses now (unfiltered: filter category `risk`, owner `agencyId`). */
export type RiskSummary = (q: Queryable, caseId: string) => Promise<PersonRiskSummary[]>;

/** `ctx.services.riskNeeds`: needs ever recorded as "yes" in a person's assessments (insight, mediation screening). */
export interface RiskNeeds {
  recordedNeeds(q: Queryable, personIds: string[]): Promise<Map<string, Set<Need>>>;
}

/** `ctx.services.proportionalityGate`: the gate enforcement steps pass before they are recorded. */
export interface ProportionalityGate {
  status(q: Queryable, personId: string, caseId: string, interventionType: string): Promise<ProportionalityResult>;
  /** Throws 409 (problem type proportionality-gate) with `missing[]` codes. */
  assert(q: Queryable, personId: string, caseId: string, interventionType: string): Promise<void>;
}

/** `ctx.services.riskReviewReminders`: the idempotent review-reminder job, for the job runner. */
export type RiskReviewReminders = (q: Queryable, now?: Date) => Promise<{ created: number }>;

export type { PersonRiskSummary, LensLevel } from './service.js';
export type { Need } from './store.js';

/** The risk module; `dir` lets a test point it at other data files. */
export function createRiskModule(dir: URL | string = QUESTIONNAIRES_DIR): Module {
  return {
    name: 'risk',
    init: (ctx: AppContext) => {
      // Every questionnaire and rule file is checked here: a bad file stops start-up naming the file and path.
      const data: RiskData = loadRiskData(dir);
      ctx.services.riskData = data;
      ctx.services.riskLevels = {
        latestHarmFaced: (q, id) => latestLevel(q, id, 'harm_faced'),
        latestHarmPosed: (q, id) => latestLevel(q, id, 'harm_posed'),
        harmFacedSql: (person) => latestLevelSql(person, 'harm_faced'),
        highestOnCases: (q, ids) => highestOnCases(q, ids),
        casesAtLevelSql,
      } satisfies RiskLevels;
      ctx.services.riskSummary = ((q, caseId) => riskSummary(q, caseId)) satisfies RiskSummary;
      // Supervision caseloads: which cases have a safeguarding concern not yet at its outcome.
      ctx.services.safeguardingCases = { casesWithOpenConcerns, openConcernCasesSql } satisfies SafeguardingCases;
      // The case list's harmFaced / harmPosed filter, as a SQL condition the cases module applies before paging.
      ctx.services.caseRiskFilter = ((access, wanted) => caseRiskCondition(access, wanted)) satisfies CaseRiskFilter;
      ctx.services.riskNeeds = { recordedNeeds } satisfies RiskNeeds;
      ctx.services.proportionalityGate = {
        status: (q, personId, caseId, type) => proportionalityStatus(data, q, personId, caseId, type),
        assert: (q, personId, caseId, type) => assertProportionate(data, q, personId, caseId, type),
      } satisfies ProportionalityGate;
      ctx.services.riskReviewReminders = ((q, now) => remindReviews(q, now)) satisfies RiskReviewReminders;
      addJob(ctx, {
        name: 'risk-review-reminders',
        description: 'Tasks for the assessing officer when a risk assessment is due or overdue for review (both lenses).',
        everyMinutes: 60,
        run: ({ access, now }) =>
          access.write(async (q, audit) => {
            const r = await remindReviews(q, now);
            if (r.created) audit({ subjectType: 'task', subjectId: null, action: 'create', detail: { kind: 'risk_review', created: r.created, job: 'risk-review-reminders' } });
            return r;
          }),
      });
      addReportHook(ctx, onReport);
      ((ctx.services.contactHooks as ContactHook[] | undefined) ??= []).push(onContact);
      addChronologyParts(ctx, ...riskChronology);
      ((ctx.services.insightSources as unknown[] | undefined) ??= []).push(riskInsight);
      ((ctx.services.demoSeeders as unknown[] | undefined) ??= []).push(seedRisk);
    },
    routes: (ctx) => {
      const risk = riskRoutes(ctx, ctx.services.riskData as RiskData);
      const safeguarding = safeguardingRoutes();
      return async (app) => {
        await app.register(risk);
        await app.register(safeguarding);
        await app.register(caseLevelRoutes());
      };
    },
  };
}

export const riskModule: Module = createRiskModule();
