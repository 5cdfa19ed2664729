/**
 * The embedded database on a thread of its own (see pglite-thread.ts). PGlite and the node-postgres
 * client over it run here; the server's thread sends statements and gets rows back. Statements run
 * back to back in the order sent, so the database never waits for the server's thread between them,
 * except inside a transaction, whose statements the server's thread sends one after another.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';
import { queryable } from './postgres.js';

/**
 * What the server's thread asks. A statement with `tx` belongs to that transaction: between its
 * `begin` and `end` nothing else runs, and what arrives meanwhile waits its turn.
 */
export type DatabaseRequest =
  | { kind: 'query'; sql: string; params: unknown[]; tx?: number }
  | { kind: 'exec'; sql: string; tx?: number }
  | { kind: 'begin'; tx: number }
  | { kind: 'end'; tx: number; commit: boolean }
  | { kind: 'dump' }
  | { kind: 'close' };
export type ToDatabase = { id: number } & DatabaseRequest;
/** A database error as data (a thread cannot send an Error's own fields): what the API's error handling reads. */
export interface ErrorData {
  message: string;
  code?: string;
  detail?: string;
  constraint?: string;
}
/** `ready` once (or `failed`), then one reply per request, by its id. */
export type FromDatabase =
  | { kind: 'ready' }
  | { kind: 'failed'; message: string }
  | { kind: 'reply'; id: number; rows?: unknown[]; rowCount?: number; bytes?: Uint8Array; error?: ErrorData };
/** The thread's workerData: the data directory (null: in memory) and a template to start a new one from. */
export interface DatabaseThreadData {
  dataDir: string | null;
  template: string | null;
}

if (!parentPort) throw new Error('pglite-worker.ts runs as a worker thread only');
const port = parentPort;
const { dataDir, template } = workerData as DatabaseThreadData;
const post = (m: FromDatabase, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

let lite: PGlite;
let client: pg.Client;
try {
  lite = await PGlite.create(dataDir ?? 'memory://', {
    extensions: { pg_trgm, fuzzystrmatch },
    ...(template ? { loadDataDir: new Blob([readFileSync(template)]) } : {}),
  });
  client = new pg.Client(createPgConfig(lite) as unknown as pg.ClientConfig);
  await client.connect();
  // A failure of the embedded database itself must not end the thread: the client then refuses
  // every statement ("connection error"), which requests answer with 503 and /readyz reports.
  client.on('error', () => undefined);
  post({ kind: 'ready' });
} catch (err) {
  post({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
  throw err;
}
const db = queryable(client);

const asData = (err: unknown): ErrorData => {
  const e = err as { message?: string; code?: string; detail?: string; constraint?: string };
  return { message: e?.message ?? String(err), code: e?.code, detail: e?.detail, constraint: e?.constraint };
};

async function answer(m: ToDatabase): Promise<void> {
  try {
    switch (m.kind) {
      case 'query': {
        const { rows, rowCount } = await db.query(m.sql, m.params);
        return post({ kind: 'reply', id: m.id, rows, rowCount });
      }
      case 'exec':
        await db.exec(m.sql);
        return post({ kind: 'reply', id: m.id });
      case 'begin':
        await client.query('BEGIN');
        return post({ kind: 'reply', id: m.id });
      case 'end':
        await client.query(m.commit ? 'COMMIT' : 'ROLLBACK');
        return post({ kind: 'reply', id: m.id });
      case 'dump': {
        const bytes = new Uint8Array(await (await lite.dumpDataDir('gzip')).arrayBuffer());
        return post({ kind: 'reply', id: m.id, bytes }, [bytes.buffer]);
      }
      case 'close':
        await client.end().catch(() => undefined);
        await lite.close();
        return post({ kind: 'reply', id: m.id });
    }
  } catch (err) {
    post({ kind: 'reply', id: m.id, error: asData(err) });
  }
}

// Requests in the order sent; while a transaction is open, only its own (the rest wait, in order).
const waiting: ToDatabase[] = [];
let openTx: number | null = null;
let busy = false;

const txOf = (m: ToDatabase) => ('tx' in m ? m.tx : undefined);

function nextRunnable(): ToDatabase | undefined {
  const i = openTx === null ? 0 : waiting.findIndex((m) => txOf(m) === openTx);
  return i < 0 || i >= waiting.length ? undefined : waiting.splice(i, 1)[0];
}

async function drain() {
  if (busy) return;
  busy = true;
  try {
    for (let m = nextRunnable(); m; m = nextRunnable()) {
      if (m.kind === 'begin') openTx = m.tx;
      await answer(m);
      if (m.kind === 'end') openTx = null;
    }
  } finally {
    busy = false;
  }
}

port.on('message', (m: ToDatabase) => {
  waiting.push(m);
  void drain();
});
