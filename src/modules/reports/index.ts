import type { Module } from '../../platform/http/app.js';
import { reportRoutes } from './routes.js';

export const reportsModule: Module = { name: 'reports', routes: reportRoutes };
