import type { Module } from '../../platform/http/app.js';
import type { AppContext } from '../../platform/http/context.js';
import { addJob } from '../../platform/jobs/registry.js';
import { loadSupervisionCadence, SHIPPED_SUPERVISION_CADENCE } from './rules.js';
import { supervisionReminderJob } from './reminders.js';
import { supervisionRoutes } from './routes.js';

export type { SafeguardingCases, CaseloadRiskLevels, SupervisionCadence } from './rules.js';

/** supervision: reflective supervision and peer check-ins, cadence reminders, caseloads; `cadenceFile` for tests. */
export function createSupervisionModule(cadenceFile?: string | URL): Module {
  return {
    name: 'supervision',
    init: (ctx: AppContext) => {
      // A bad cadence file stops start-up with its name and the path inside it.
      ctx.services.supervisionCadence = loadSupervisionCadence(cadenceFile ?? ctx.config.SUPERVISION_CADENCE_FILE ?? SHIPPED_SUPERVISION_CADENCE);
      addJob(ctx, supervisionReminderJob(ctx));
    },
    routes: supervisionRoutes,
  };
}

export const supervisionModule: Module = createSupervisionModule();
