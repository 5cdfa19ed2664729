import type { Module } from '../../platform/http/app.js';
import { placeRoutes } from './routes.js';

export const placesModule: Module = { name: 'places', routes: placeRoutes };
