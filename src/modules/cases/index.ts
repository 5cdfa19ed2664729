import type { Module } from '../../platform/http/app.js';
import { addChronologyParts, caseChronology } from './chronology.js';
import { caseRoutes } from './routes.js';

export const casesModule: Module = {
  name: 'cases',
  init: (ctx) => addChronologyParts(ctx, ...caseChronology),
  routes: caseRoutes,
};
