import type { Worker } from 'node:worker_threads';
import { startThread } from '../threads/threads.js';
import { DatabaseUnavailableError, pingThrough, type Db, type Queryable, type QueryResult } from './db.js';
import type { DatabaseRequest, DatabaseThreadData, ErrorData, FromDatabase, ToDatabase } from './pglite-worker.js';

/**
 * The embedded database on a thread of its own (pglite-worker.ts). In the server's thread it took
 * turns with everything else: while a statement ran no request was read or answered, and of two
 * cores one stood idle. Statements are sent as they come and run there back to back.
 */
export type DatabaseThread = Omit<Db, 'kind'> & { worker: Worker };

type Reply = Extract<FromDatabase, { kind: 'reply' }>;

/** A database error rebuilt from the thread's data: its SQLSTATE decides the API's answer (see http/errors.ts). */
function rebuilt(e: ErrorData): Error {
  return Object.assign(new Error(e.message), { code: e.code, detail: e.detail, constraint: e.constraint });
}

export async function startDatabaseThread(data: DatabaseThreadData): Promise<DatabaseThread> {
  const worker = startThread(new URL('./pglite-worker.ts', import.meta.url), { ...data });
  const waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  let broken: Error | null = null;
  let next = 1;
  const fail = (err: Error) => {
    broken ??= err;
    for (const w of waiting.values()) w.reject(broken);
    waiting.clear();
    worker.unref();
  };

  await new Promise<void>((resolve, reject) => {
    worker.on('message', (m: FromDatabase) => {
      if (m.kind === 'ready') resolve();
      else if (m.kind === 'failed') reject(new Error(`the embedded database did not start: ${m.message}`));
      else {
        const w = waiting.get(m.id);
        if (!w) return;
        waiting.delete(m.id);
        // The thread keeps the process alive only while it owes an answer.
        if (waiting.size === 0) worker.unref();
        if (m.error) w.reject(rebuilt(m.error));
        else w.resolve(m);
      }
    });
    worker.once('error', (err) => {
      reject(err);
      fail(new DatabaseUnavailableError(`the embedded database failed: ${err.message}`));
    });
    worker.once('exit', (code) => {
      const err = new DatabaseUnavailableError(`the embedded database stopped (thread exit ${code})`);
      reject(err);
      fail(err);
    });
  });
  worker.unref();

  const send = (m: DatabaseRequest): Promise<Reply> => {
    if (broken) return Promise.reject(broken);
    const id = next++;
    if (waiting.size === 0) worker.ref();
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...m, id } as ToDatabase);
    });
  };
  const statements = (tx?: number): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
      const r = await send({ kind: 'query', sql, params, tx });
      return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await send({ kind: 'exec', sql, tx });
    },
  });
  const direct = statements();
  let txs = 0;
  let closed = false;

  return {
    worker,
    query: direct.query,
    exec: direct.exec,
    async tx(fn) {
      const tx = ++txs;
      // Ended whatever happens, from its begin on: until its end the thread runs nothing else.
      try {
        await send({ kind: 'begin', tx });
        const out = await fn(statements(tx));
        await send({ kind: 'end', tx, commit: true });
        return out;
      } catch (err) {
        await send({ kind: 'end', tx, commit: false }).catch(() => undefined);
        throw err;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await send({ kind: 'close' }).catch(() => undefined);
      await worker.terminate();
    },
    ping: pingThrough(direct),
    dumpDataDir: async () => Buffer.from((await send({ kind: 'dump' })).bytes!),
  };
}
