// Entry of a linking worker thread: registers tsx (as bin/convene.js does) so the TypeScript worker loads.
// `workerData.module` names the worker module (beside this file); the bulk-linkage worker by default.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const name = typeof workerData?.module === 'string' && /^\.\/[a-z-]+\.ts$/.test(workerData.module) ? workerData.module : './parallel-worker.ts';
await import(new URL(name, import.meta.url).href);
