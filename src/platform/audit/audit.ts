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
  prev_hash: string;
  hash: string;
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
 * Appends events inside the caller's transaction, so an audited write and its audit row commit together.
 * A transaction-scoped advisory lock serialises the chain across connections.
 */
export async function appendAudit(q: Queryable, events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  await q.query('select pg_advisory_xact_lock(7331002)');
  const last = await q.query<{ hash: string }>('select hash from audit_events order by id desc limit 1');
  let prev = last.rows[0]?.hash ?? GENESIS;
  const cols: unknown[] = [];
  const tuples: string[] = [];
  const at = new Date();
  // Each event gets a distinct millisecond so ordering by time and by id agree.
  events.forEach((e, i) => {
    const when = new Date(at.getTime() + i).toISOString();
    const fields = e.fields ?? [];
    const detail = e.detail ?? {};
    const hash = chainHash(prev, when, { ...e, fields, detail });
    const b = cols.length;
    tuples.push(`($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6},$${b + 7},$${b + 8},$${b + 9},$${b + 10},$${b + 11})`);
    cols.push(when, e.actorUserId, e.actorAgencyId, e.purpose, e.subjectType, e.subjectId, e.action, fields, JSON.stringify(detail), prev, hash);
    prev = hash;
  });
  await q.query(
    `insert into audit_events (at, actor_user_id, actor_agency_id, purpose, subject_type, subject_id, action, fields, detail, prev_hash, hash)
     values ${tuples.join(',')}`,
    cols,
  );
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBadId?: number;
  reason?: string;
}

/** Walks the whole chain; any edited, inserted or deleted row breaks a link and is reported. */
export async function verifyAudit(db: Db, batch = 5000): Promise<VerifyResult> {
  let prev = GENESIS;
  let afterId = 0;
  let checked = 0;
  for (;;) {
    const { rows } = await db.query<StoredEvent>('select * from audit_events where id > $1 order by id limit $2', [afterId, batch]);
    if (rows.length === 0) return { ok: true, checked };
    for (const r of rows) {
      if (r.prev_hash !== prev) return { ok: false, checked, firstBadId: Number(r.id), reason: 'a row before this one was removed or changed (previous hash does not match)' };
      const expect = chainHash(prev, new Date(r.at).toISOString(), {
        actorUserId: r.actor_user_id,
        actorAgencyId: r.actor_agency_id,
        purpose: r.purpose,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        action: r.action,
        fields: r.fields ?? [],
        detail: r.detail ?? {},
      });
      if (expect !== r.hash) return { ok: false, checked, firstBadId: Number(r.id), reason: 'this row was edited (its content no longer matches its hash)' };
      prev = r.hash;
      afterId = Number(r.id);
      checked++;
    }
  }
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
        await this.db.tx((q) => appendAudit(q, batch.flatMap((b) => b.events)));
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
