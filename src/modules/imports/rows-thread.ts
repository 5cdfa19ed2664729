import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { ImportError, policeUkRows, type RowBatch } from './police-uk-rows.js';

/**
 * Reading and checking a file (CSV parsing and row hashing) cost as much as writing it to the
 * database, so the rows are read on a thread of their own while the import writes the batches
 * before them: on two cores the two overlap instead of taking turns.
 */

type Message = { kind: 'batch'; batch: RowBatch } | { kind: 'end' } | { kind: 'error'; message: string; importError: boolean };
interface ReadRequest {
  convenePoliceUkRows: true;
  tsx: string;
  entry: string;
  path: string;
  keepOther?: boolean;
  batchSize: number;
}

/** Batches read ahead of the writer: enough to keep the database busy, few enough to bound memory. */
const AHEAD = 3;

// The thread runs this module's TypeScript through tsx, as the convene command does.
const BOOT = `const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry); });`;

/** Where tsx's module API is (its ES module build, as its package exports it). */
function tsxApi(): string {
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const api = (JSON.parse(readFileSync(pkg, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api'];
  return pathToFileURL(join(dirname(pkg), api.import.default)).href;
}

/** The file's row batches, read on another thread; leaving the loop early stops the reading. */
export async function* policeUkRowsInThread(path: string, o: { keepOther?: boolean; batchSize: number }): AsyncGenerator<RowBatch> {
  const request: ReadRequest = { convenePoliceUkRows: true, tsx: tsxApi(), entry: import.meta.url, path, ...o };
  const worker = new Worker(BOOT, { eval: true, workerData: request });
  const queue: Message[] = [];
  let wake: (() => void) | null = null;
  // The import goes on from a later turn of the event loop, not inside the message's delivery:
  // Node delivers a port's waiting messages in one go, and an embedded database's writes run
  // within it, so timers (the progress bar) and signals (a stop request) would wait for the end.
  const put = (m: Message) => {
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

/** The reading thread: posts batches, never more than AHEAD the writer has not taken. */
async function serve(port: MessagePort, req: ReadRequest) {
  let credit = AHEAD;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    credit++;
    wake?.();
    wake = null;
  });
  try {
    for await (const batch of policeUkRows(req.path, req)) {
      while (credit === 0) await new Promise<void>((r) => (wake = r));
      credit--;
      port.postMessage({ kind: 'batch', batch } satisfies Message);
    }
    port.postMessage({ kind: 'end' } satisfies Message);
  } catch (err) {
    port.postMessage({ kind: 'error', message: (err as Error).message, importError: err instanceof ImportError } satisfies Message);
  }
  port.close();
}

if (!isMainThread && parentPort && (workerData as ReadRequest | undefined)?.convenePoliceUkRows) void serve(parentPort, workerData as ReadRequest);
