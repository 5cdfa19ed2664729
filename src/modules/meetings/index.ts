import type { Module } from '../../platform/http/app.js';

/** meetings: routes and hooks are added by this module's own files. */
export const meetingsModule: Module = { name: 'meetings' };
