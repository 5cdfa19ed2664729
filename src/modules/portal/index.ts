import type { Module } from '../../platform/http/app.js';

/** portal: routes and hooks are added by this module's own files. */
export const portalModule: Module = { name: 'portal' };
