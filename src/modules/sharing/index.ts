import type { Module } from '../../platform/http/app.js';

/** sharing: routes and hooks are added by this module's own files. */
export const sharingModule: Module = { name: 'sharing' };
