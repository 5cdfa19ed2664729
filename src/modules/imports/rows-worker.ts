// A worker thread (see rows-thread.ts): reads a street-level file and posts its row batches,
// never more than AHEAD that the import has not taken.
import { parentPort, workerData } from 'node:worker_threads';
import { ImportError, policeUkRows, type RowBatch } from './police-uk-rows.js';

export interface RowsRequest {
  path: string;
  keepOther?: boolean;
  batchSize: number;
}
export type RowsMessage = { kind: 'batch'; batch: RowBatch } | { kind: 'end' } | { kind: 'error'; message: string; importError: boolean };

/** Batches read ahead of the writer: enough to keep the database busy, few enough to bound memory. */
const AHEAD = 3;

if (parentPort) {
  const port = parentPort;
  const req = workerData as RowsRequest;
  let credit = AHEAD;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    credit++;
    wake?.();
    wake = null;
  });
  const post = (m: RowsMessage) => port.postMessage(m);
  try {
    for await (const batch of policeUkRows(req.path, req)) {
      while (credit === 0) await new Promise<void>((r) => (wake = r));
      credit--;
      post({ kind: 'batch', batch });
    }
    post({ kind: 'end' });
  } catch (err) {
    post({ kind: 'error', message: (err as Error).message, importError: err instanceof ImportError });
  }
  port.close();
}
