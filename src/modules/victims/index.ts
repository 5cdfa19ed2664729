import type { Module } from '../../platform/http/app.js';

/** victims: routes and hooks are added by this module's own files. */
export const victimsModule: Module = { name: 'victims' };
