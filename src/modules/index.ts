import type { Module } from '../platform/http/app.js';
import { directoryModule } from './directory/index.js';

/** Every domain module, in dependency order (a module's init may use services registered before it). */
export const modules: Module[] = [directoryModule];
