import type { Module } from '../../platform/http/app.js';
import { peopleRoutes } from './routes.js';
import { householdRoutes } from './households.js';

export const peopleModule: Module = {
  name: 'people',
  routes: (ctx) => async (app) => {
    await app.register(peopleRoutes(ctx));
    await app.register(householdRoutes(ctx));
  },
};
