import type { Module } from '../../platform/http/app.js';
import { directoryRoutes } from './routes.js';

export const directoryModule: Module = { name: 'directory', routes: directoryRoutes };
