import { Worker } from 'node:worker_threads';

const BOOT = new URL('./boot.mjs', import.meta.url);

/**
 * A worker thread running one of Convene's TypeScript modules (a file URL under src/, loaded
 * through tsx whatever loaded this process), with `data` and the module's URL as its workerData.
 */
export function startThread(module: URL, data: Record<string, unknown> = {}): Worker {
  // No inherited exec flags: the boot module registers tsx itself.
  return new Worker(BOOT, { execArgv: [], workerData: { ...data, module: module.href } });
}
