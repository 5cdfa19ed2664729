import type { Module } from '../../platform/http/app.js';

/** supervision: routes and hooks are added by this module's own files. */
export const supervisionModule: Module = { name: 'supervision' };
