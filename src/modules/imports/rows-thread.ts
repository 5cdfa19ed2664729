import { startThread } from '../../platform/threads/threads.js';
import { ImportError, type RowBatch } from './police-uk-rows.js';
import type { RowsMessage, RowsRequest } from './rows-worker.js';

/**
 * The file's row batches, read on a thread of its own (rows-worker.ts) while the import writes
 * the batches before them: CSV parsing and row hashing cost as much as an embedded database's
 * writes, and on two cores the two then overlap instead of taking turns. Leaving the loop early
 * stops the reading.
 */
export async function* policeUkRowsInThread(path: string, o: { keepOther?: boolean; batchSize: number }): AsyncGenerator<RowBatch> {
  const worker = startThread(new URL('./rows-worker.ts', import.meta.url), { path, ...o } satisfies RowsRequest);
  const queue: RowsMessage[] = [];
  let wake: (() => void) | null = null;
  // The import goes on from a later turn of the event loop, not inside the message's delivery:
  // Node delivers a port's waiting messages in one go, and an embedded database's writes run
  // within it, so timers (the progress bar) and signals (a stop request) would wait for the end.
  const put = (m: RowsMessage) => {
    queue.push(m);
    const w = wake;
    wake = null;
    if (w) setImmediate(w);
  };
  worker.on('message', put);
  worker.on('error', (err) => put({ kind: 'error', message: err.message, importError: false }));
  worker.on('exit', () => put({ kind: 'error', message: 'the file reader stopped before the end of the file', importError: false }));
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((r) => (wake = r));
      const m = queue.shift()!;
      if (m.kind === 'end') return;
      if (m.kind === 'error') throw m.importError ? new ImportError(m.message) : new Error(m.message);
      worker.postMessage('more');
      yield m.batch;
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
