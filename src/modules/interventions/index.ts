import type { Module } from '../../platform/http/app.js';
import { addChronologyParts } from '../cases/chronology.js';
import { interventionRoutes } from './routes.js';
import { interventionChronology } from './views.js';

/** interventions: support, mediation and proportionate enforcement with positive requirements, and their outcomes. */
export const interventionsModule: Module = {
  name: 'interventions',
  init: (ctx) => addChronologyParts(ctx, ...interventionChronology),
  routes: interventionRoutes,
};
