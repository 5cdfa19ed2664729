import type { Module } from '../../platform/http/app.js';
import { peopleRoutes } from './routes.js';

export const peopleModule: Module = { name: 'people', routes: peopleRoutes };
