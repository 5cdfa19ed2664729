import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../db/db.js';

/** One audited action: who, for what purpose, on which subject, which fields. */
export interface AuditEvent {
  actorUserId: string | null;
  actorAgencyId: string | null;
  purpose: string;
  subjectType: string;
  subjectId: string | null;
  action: string;
  fields?: string[];
  detail?: Record<string, unknown>;
}

interface StoredEvent {
  id: number;
  at: Date;
  actor_user_id: string | null;
  actor_agency_id: string | null;
  purpose: string;
  subject_type: string;
  subject_id: string | null;
  action: string;
  fields: string[];
  detail: Record<string, unknown>;
}

export const GENESIS = '0'.repeat(64);

/** Stable JSON: object keys sorted, so a hash recomputed from stored values matches the one written. */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .filter((k) => obj[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
    .join(',')}}`;
}

/** The chain link: hash of the previous hash and this event's content. */
export function chainHash(prevHash: string, at: string, e: Omit<AuditEvent, 'fields' | 'detail'> & { fields: string[]; detail: Record<string, unknown> }): string {
  const content = canonical({
    at,
    actor: e.actorUserId,
    agency: e.actorAgencyId,
    purpose: e.purpose,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    action: e.action,
    fields: e.fields,
    detail: e.detail,
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/**
 * The audit rows as two data-modifying CTEs (`audit_ins`, `audit_queued`) to put in front of a
 * statement, their placeholders numbered from `first`. One column per array: the same prepared
 * statement whatever the number of events. Each event gets a distinct millisecond so a batch keeps
 * its order by time (and ids follow the given order). In a statement that writes other things too,
 * `when` (SQL) makes the events conditional on what the statement wrote and `detail` (a SQL jsonb
 * expression) adds values only the statement knows, such as a numbered reference.
 */
export function auditCtes(events: AuditEvent[], first: number, opts: { when?: string; detail?: string } = {}): { sql: string; params: unknown[] } {
  const at = new Date();
  const $ = (i: number) => `$${first + i}`;
  return {
    sql: `audit_ins as (
       insert into audit_events (at, actor_user_id, actor_agency_id, purpose, subject_type, subject_id, action, fields, detail)
       select u.at, u.actor_user_id, u.actor_agency_id, u.purpose, u.subject_type, u.subject_id, u.action,
              array(select f.x from jsonb_array_elements_text(u.fields) with ordinality f(x, i) order by f.i), ${opts.detail ? `u.detail || ${opts.detail}` : 'u.detail'}
       from unnest(${$(0)}::timestamptz[], ${$(1)}::uuid[], ${$(2)}::uuid[], ${$(3)}::text[], ${$(4)}::text[], ${$(5)}::text[], ${$(6)}::text[], ${$(7)}::jsonb[], ${$(8)}::jsonb[])
            with ordinality as u(at, actor_user_id, actor_agency_id, purpose, subject_type, subject_id, action, fields, detail, n)
       ${opts.when ? `where ${opts.when}` : ''}
       order by u.n
       returning id
     ), audit_queued as (insert into audit_pending (event_id) select id from audit_ins)`,
    params: [
      events.map((_, i) => new Date(at.getTime() + i).toISOString()),
      events.map((e) => e.actorUserId),
      events.map((e) => e.actorAgencyId),
      events.map((e) => e.purpose),
      events.map((e) => e.subjectType),
      events.map((e) => e.subjectId),
      events.map((e) => e.action),
      events.map((e) => JSON.stringify(e.fields ?? [])),
      events.map((e) => JSON.stringify(e.detail ?? {})),
    ],
  };
}

/**
 * Appends events inside the caller's transaction, so an audited write and its audit rows commit
 * together, and queues them for the sealer. No lock is taken here: requests never wait on the chain.
 */
export async function appendAudit(q: Queryable, events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const { sql, params } = auditCtes(events, 1);
  await q.query(`with ${sql} select count(*) from audit_ins`, params);
}

const contentOf = (r: StoredEvent) => ({
  actorUserId: r.actor_user_id,
  actorAgencyId: r.actor_agency_id,
  purpose: r.purpose,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  action: r.action,
  fields: r.fields ?? [],
  detail: r.detail ?? {},
});

/**
 * The queued events, oldest first. Their ids are taken first, as an array, so the events are read by
 * their key: as a join (`id in (select …)`) the planner, having seen a busy queue, hashed the queue
 * and scanned the whole audit log on every tick (12 ms for 85 events at 24,000 events, growing with
 * the log; 0.2 ms this way).
 */
export const PENDING_EVENTS = 'select e.* from audit_events e where e.id = any(array(select event_id from audit_pending order by event_id limit $1)) order by e.id';

/**
 * Links queued events into the hash chain, oldest queued first, up to `batch` at a time; returns how
 * many it sealed. One sealer at a time holds the chain lock, inside its own short transaction.
 */
export async function sealAudit(db: Db, batch = 2000): Promise<number> {
  return db.tx(async (q) => {
    await q.query('select pg_advisory_xact_lock(7331002)');
    const { rows } = await q.query<StoredEvent>(PENDING_EVENTS, [batch]);
    if (rows.length === 0) return 0;
    const last = await q.query<{ seq: number; hash: string }>('select seq, hash from audit_chain order by seq desc limit 1');
    let seq = Number(last.rows[0]?.seq ?? 0);
    let prev = last.rows[0]?.hash ?? GENESIS;
    const seqs: number[] = [];
    const ids: number[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (const r of rows) {
      const hash = chainHash(prev, new Date(r.at).toISOString(), contentOf(r));
      seqs.push(++seq);
      ids.push(Number(r.id));
      prevs.push(prev);
      hashes.push(hash);
      prev = hash;
    }
    await q.query('insert into audit_chain (seq, event_id, prev_hash, hash) select * from unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[])', [seqs, ids, prevs, hashes]);
    await q.query('delete from audit_pending where event_id = any($1::bigint[])', [ids]);
    return rows.length;
  });
}

/** Seals everything queued, including what is queued meanwhile (before a verify, a backup, or at shutdown). */
export async function sealAll(db: Db): Promise<number> {
  // A plain read first, so an idle server does not open a transaction on every tick.
  if ((await db.query('select 1 from audit_pending limit 1')).rowCount === 0) return 0;
  let total = 0;
  for (let n = await sealAudit(db); n > 0; n = await sealAudit(db)) total += n;
  return total;
}

/**
 * Seals what is queued now, a batch at a time while batches come back full, and leaves what was
 * queued meanwhile to the next tick. Under steady load, chasing every new event (as sealAll does)
 * kept one connection sealing a few events at a time, all the time: a transaction of seven
 * statements about thirty times a second, competing with the requests for the same two cores.
 */
export async function sealQueued(db: Db, batch = 2000): Promise<number> {
  if ((await db.query('select 1 from audit_pending limit 1')).rowCount === 0) return 0;
  let total = 0;
  for (let n = batch; n === batch; total += n) n = await sealAudit(db, batch);
  return total;
}

/**
 * The background sealer: a short timer that links queued events into the chain. An event is durable
 * the moment its request commits; sealing only fixes its place in the chain.
 */
export function startSealer(db: Db, everyMs = 200, onError: (err: unknown) => void = () => undefined) {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    running ??= sealQueued(db)
      .catch(onError)
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await sealAll(db).catch(onError);
    },
  };
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBadId?: number;
  reason?: string;
}

/**
 * Seals what is queued, then walks the whole chain: an edited event, a removed event or chain link,
 * or an event added by hand outside the audit writer is reported with the first bad event's id.
 */
export async function verifyAudit(db: Db, batch = 5000): Promise<VerifyResult> {
  await sealAll(db);
  let prev = GENESIS;
  let afterSeq = 0;
  let checked = 0;
  for (;;) {
    const { rows } = await db.query<StoredEvent & { seq: number; event_id: number; prev_hash: string; hash: string; present: boolean }>(
      `select c.seq, c.event_id, c.prev_hash, c.hash, e.id is not null as present, e.id, e.at, e.actor_user_id, e.actor_agency_id, e.purpose, e.subject_type, e.subject_id, e.action, e.fields, e.detail
       from audit_chain c left join audit_events e on e.id = c.event_id where c.seq > $1 order by c.seq limit $2`,
      [afterSeq, batch],
    );
    if (rows.length === 0) break;
    for (const r of rows) {
      const id = Number(r.event_id);
      if (r.prev_hash !== prev) return { ok: false, checked, firstBadId: id, reason: 'a link before this one was removed or changed (previous hash does not match)' };
      if (!r.present) return { ok: false, checked, firstBadId: id, reason: 'this event was removed' };
      if (chainHash(prev, new Date(r.at).toISOString(), contentOf(r)) !== r.hash) return { ok: false, checked, firstBadId: id, reason: 'this row was edited (its content no longer matches its hash)' };
      prev = r.hash;
      afterSeq = Number(r.seq);
      checked++;
    }
  }
  const stray = await db.query<{ id: number }>(
    'select e.id from audit_events e where not exists (select 1 from audit_chain c where c.event_id = e.id) and not exists (select 1 from audit_pending p where p.event_id = e.id) order by e.id limit 1',
  );
  if (stray.rows[0]) return { ok: false, checked, firstBadId: Number(stray.rows[0].id), reason: 'this event was added outside the audit writer (it is not in the chain)' };
  return { ok: true, checked };
}

/**
 * Group commit for read audits: reads that arrive together share one transaction (one chain lock,
 * one commit), and each caller still waits until its events are durable before data goes out.
 * Without this, every read queues on the chain lock and a commit of its own.
 */
export class AuditBatcher {
  private pending: { events: AuditEvent[]; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing = false;

  constructor(private readonly db: Db) {}

  append(events: AuditEvent[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ events, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        void this.drain();
      }
    });
  }

  private async drain() {
    while (this.pending.length) {
      // Let requests already in flight join this batch.
      await new Promise((r) => setImmediate(r));
      const batch = this.pending.splice(0, 500);
      try {
        // appendAudit is one statement (events and their queue entries together): no transaction needed.
        await appendAudit(this.db, batch.flatMap((b) => b.events));
        for (const b of batch) b.resolve();
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    this.flushing = false;
  }
}

const batchers = new WeakMap<Db, AuditBatcher>();
/** The one batcher per database handle. */
export const auditBatcher = (db: Db) => batchers.get(db) ?? batchers.set(db, new AuditBatcher(db)).get(db)!;
