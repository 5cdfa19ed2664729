import type { Module } from '../../platform/http/app.js';
import { dpoRoutes } from './dpo.js';
import { sharingRoutes } from './routes.js';
import { agreementSource } from './store.js';

/** sharing: agreements drive the access policy; emergency access; the DPO's tools. */
export const sharingModule: Module = {
  name: 'sharing',
  init: (ctx) => {
    ctx.policySource = agreementSource(ctx.db);
  },
  routes: (ctx) => async (app) => {
    await app.register(sharingRoutes(ctx));
    await app.register(dpoRoutes(ctx));
  },
};
