import type { Module } from '../../platform/http/app.js';
import { insightRoutes } from './routes.js';

/** insight: area dashboards and hotspots; other modules add figures through `insightSources`. */
export const insightModule: Module = { name: 'insight', routes: insightRoutes };
