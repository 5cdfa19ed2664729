import type { Module } from '../../platform/http/app.js';

/** insight: routes and hooks are added by this module's own files. */
export const insightModule: Module = { name: 'insight' };
