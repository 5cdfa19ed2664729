import type { Module } from '../../platform/http/app.js';
import type { AppContext } from '../../platform/http/context.js';
import type { Queryable } from '../../platform/db/db.js';
import { addReportHook } from '../reports/hooks.js';
import { addChronologySource } from '../cases/chronology.js';
import type { ContactHook } from '../cases/service.js';
import { loadRiskData, type RiskData } from './rules/index.js';
import { riskRoutes } from './routes.js';
import { latestLevel } from './service.js';
import { earlyReview, onReport } from './safeguarding.js';
import { riskChronology, riskInsight } from './views.js';
import { seedRisk } from './demo.js';

/** The risk service other modules call (victim cadence, caseloads, linking flags, meeting agendas). */
export interface RiskLevels {
  latestHarmFaced(q: Queryable, personId: string): Promise<'standard' | 'medium' | 'high' | null>;
  latestHarmPosed(q: Queryable, personId: string): Promise<'standard' | 'medium' | 'high' | null>;
}

let data: RiskData;

export const riskModule: Module = {
  name: 'risk',
  init: (ctx: AppContext) => {
    // Every questionnaire and rule file is checked here: a bad file stops start-up with its path.
    data = loadRiskData();
    ctx.services.riskData = data;
    ctx.services.riskLevels = {
      latestHarmFaced: (q, id) => latestLevel(q, id, 'harm_faced'),
      latestHarmPosed: (q, id) => latestLevel(q, id, 'harm_posed'),
    } satisfies RiskLevels;
    addReportHook(ctx, (access, report) => onReport(access, report));
    const onContact: ContactHook = async (access, c) => {
      if (!c.deterioration) return;
      await access.write(async (q, audit) => {
        await earlyReview(q, c.personId, 'a contact noted deterioration', `early_review:${c.personId}:contact:${c.contactId}`);
        audit({ subjectType: 'person', subjectId: c.personId, action: 'early_review_prompted', detail: { contactId: c.contactId } });
      });
    };
    ((ctx.services.contactHooks as ContactHook[] | undefined) ??= []).push(onContact);
    addChronologySource(ctx, riskChronology);
    ((ctx.services.insightSources as unknown[] | undefined) ??= []).push(riskInsight);
    ((ctx.services.demoSeeders as unknown[] | undefined) ??= []).push(seedRisk);
  },
  routes: (ctx) => riskRoutes(ctx, data),
};
