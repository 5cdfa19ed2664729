import type { Module } from '../../platform/http/app.js';
import { addChronologySource, casePartsSource } from './chronology.js';
import { caseRoutes } from './routes.js';

export const casesModule: Module = {
  name: 'cases',
  init: (ctx) => addChronologySource(ctx, casePartsSource),
  routes: caseRoutes,
};
