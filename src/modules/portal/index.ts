import type { Module } from '../../platform/http/app.js';
import { portalRoutes } from './routes.js';

/** portal: residents report and follow progress without an account. */
export const portalModule: Module = { name: 'portal', routes: portalRoutes };
