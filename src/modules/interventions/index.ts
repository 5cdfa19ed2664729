import type { Module } from '../../platform/http/app.js';

/** interventions: routes and hooks are added by this module's own files. */
export const interventionsModule: Module = { name: 'interventions' };
