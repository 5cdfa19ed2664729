/** A worker thread that estimates linkage parameters (so a server's event loop stays free meanwhile). */
import { parentPort, workerData } from 'node:worker_threads';
import { estimateParams, type LabelledPair } from './linker.js';
import type { LinkRecord } from './record.js';

const { records, labelled } = workerData as { records: LinkRecord[]; labelled?: LabelledPair[] };
try {
  parentPort!.postMessage({ params: estimateParams(records, { labelled }) });
} catch (err) {
  parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) });
}
