import type { Module } from '../../platform/http/app.js';
import type { AppContext } from '../../platform/http/context.js';
import { addJob } from '../../platform/jobs/registry.js';
import { addChronologyParts } from '../cases/chronology.js';
import type { ContactHook } from '../cases/service.js';
import { loadUpdateCadence, SHIPPED_CADENCE } from './cadence.js';
import { victimRoutes } from './routes.js';
import { onVictimContact, victimChronology, victimsInsight, victimUpdateJob, victimUpdatesService } from './updates.js';

export type { RiskLevels, Level, UpdateCadence } from './cadence.js';
export type { VictimUpdates } from './updates.js';

/**
 * victims: update cadence by risk level with reminders, a due-to-update list, support offered and taken up,
 * the victim's own words, whether they feel safer. `cadenceFile` lets a test use another cadence.
 */
export function createVictimsModule(cadenceFile?: string | URL): Module {
  return {
    name: 'victims',
    init: (ctx: AppContext) => {
      // A bad cadence file stops start-up with its name and the path inside it.
      ctx.services.victimUpdateCadence = loadUpdateCadence(cadenceFile ?? ctx.config.VICTIM_UPDATE_CADENCE_FILE ?? SHIPPED_CADENCE);
      ctx.services.victimUpdates = victimUpdatesService(ctx);
      addJob(ctx, victimUpdateJob(ctx));
      ((ctx.services.contactHooks as ContactHook[] | undefined) ??= []).push(onVictimContact);
      addChronologyParts(ctx, ...victimChronology);
      ((ctx.services.insightSources as unknown[] | undefined) ??= []).push(victimsInsight);
    },
    routes: victimRoutes,
  };
}

export const victimsModule: Module = createVictimsModule();
