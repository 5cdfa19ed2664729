// Entry of a worker thread that runs one of Convene's TypeScript modules: registers tsx (as
// bin/convene.js does), then loads the module `workerData.module` names (only one under src/).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const src = new URL('../../', import.meta.url).href;
const module = workerData?.module;
if (typeof module !== 'string' || !module.startsWith(src) || !module.endsWith('.ts')) throw new Error(`a worker thread runs one of Convene's own modules, not ${module}`);
await import(module);
