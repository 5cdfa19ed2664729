import type { Module } from '../../platform/http/app.js';
import { taskRoutes } from './routes.js';

/** tasks: the shared work queue (reviews, safeguarding follow-ups, victim updates, supervision). */
export const tasksModule: Module = { name: 'tasks', routes: taskRoutes };
