import type { Db, Queryable, QueryResult } from '../db/db.js';
import { appendAudit, auditBatcher, auditCtes, type AuditEvent } from '../audit/audit.js';
import { forbidden, unauthorized } from '../errors.js';
import {
  caseAllows,
  filterRecord,
  seesRecord,
  type CaseMode,
  type CaseScope,
  type ActiveAgreement,
  type Actor,
  type Category,
  type FieldMap,
  type PolicyContext,
  type Purpose,
  type RecordScope,
  type Role,
} from './policy.js';

export interface PolicyFacts {
  agreements: ActiveAgreement[];
  grants: string[];
}

/** Supplies agreements and emergency grants; the sharing module provides the real one. */
export interface PolicySource {
  /** The agreements in force for an agency and the records a user's emergency access opens, at a moment. */
  policyFacts(agencyId: string, userId: string, at: Date): Promise<PolicyFacts>;
  /** The same facts as a json column of another statement, its placeholders numbered from `first`. */
  factsColumn?(agencyId: string, userId: string, at: Date, first: number): FactsColumn;
  /** Reads the facts back from that column's value. */
  factsFrom?(raw: unknown): PolicyFacts;
}

export const noSharing: PolicySource = {
  policyFacts: async () => ({ agreements: [], grants: [] }),
};

/** A column a statement carries for the access policy (see Access.factsColumn). */
export interface FactsColumn {
  sql: string;
  params: unknown[];
}

/**
 * The facts column as a select-list tail (`, … as policy_facts`) and its parameters, or nothing
 * when the facts are already known: for the stores that carry it (read back with `Access.adopt`).
 */
export const policyFactsSelect = (facts: FactsColumn | null | undefined) => (facts ? { sql: `, ${facts.sql} as policy_facts`, params: facts.params } : { sql: '', params: [] });

/** A statement put together from parts (see Access.writeComposed). */
export interface ComposedWrite {
  /** Data-modifying CTEs (`name as (…)`), their placeholders numbered in `params`. */
  ctes: string[];
  /** The select that ends the statement (it may read the CTEs). */
  sql: string;
  params: unknown[];
  /** SQL: the audit events are written only when it holds (say, when the main row was written). */
  auditWhen?: string;
  /** SQL jsonb merged into each event's detail (values only the statement knows). */
  auditDetail?: string;
}

/**
 * Runs one statement of data-modifying CTEs with the audit rows as CTEs after them (so the audit may
 * depend on what they wrote); the closing select's rows come back.
 */
function queryWithAudit<T>(q: Queryable, w: ComposedWrite, events: AuditEvent[]): Promise<QueryResult<T>> {
  const ctes = w.ctes.join(',\n     ');
  if (events.length === 0) return q.query<T>(`with ${ctes} ${w.sql}`, w.params);
  const audit = auditCtes(events, w.params.length + 1, { when: w.auditWhen, detail: w.auditDetail });
  return q.query<T>(`with ${ctes}, ${audit.sql} ${w.sql}`, [...w.params, ...audit.params]);
}

type AuditDraft = Omit<AuditEvent, 'actorUserId' | 'actorAgencyId' | 'purpose'> & { purpose?: string };

/**
 * Request-scoped access: who is asking, for what purpose, and the only door to personal data.
 * Every module store receives it; routes never check permissions themselves.
 */
export class Access {
  private policyCtx?: Promise<PolicyContext>;

  constructor(
    readonly db: Db,
    readonly actor: Actor | null,
    readonly purpose: Purpose,
    private readonly source: PolicySource,
  ) {}

  /** The signed-in actor, or 401. */
  user(): Actor {
    if (!this.actor) throw unauthorized();
    return this.actor;
  }

  /** The actor if their role is one of these, or 403. */
  requireRole(...roles: Role[]): Actor {
    const a = this.user();
    if (!roles.includes(a.role)) throw forbidden(`This needs one of these roles: ${roles.join(', ')}.`);
    return a;
  }

  /** Agreements and grants are loaded once per request, on first use. */
  context(): Promise<PolicyContext> {
    const actor = this.user();
    this.policyCtx ??= this.source.policyFacts(actor.agencyId, actor.userId, new Date()).then((facts) => this.contextOf(actor, facts));
    return this.policyCtx;
  }

  private contextOf(actor: Actor, { agreements, grants }: PolicyFacts): PolicyContext {
    return { actor, purpose: this.purpose, agreements, breakGlass: new Set(grants) };
  }

  /**
   * The policy facts as a column for a statement the route makes anyway, its placeholders numbered
   * from `first`, so they cost no round trip of their own; null when already known (or no user).
   * Give the column's value to `adopt`.
   */
  factsColumn(first: number): FactsColumn | null {
    if (this.policyCtx || !this.actor || !this.source.factsColumn) return null;
    return this.source.factsColumn(this.actor.agencyId, this.actor.userId, new Date(), first);
  }

  /** Takes the facts a statement carried (see factsColumn); null or absent leaves them to be loaded. */
  adopt(raw: unknown): void {
    if (raw == null || this.policyCtx || !this.actor || !this.source.factsFrom) return;
    this.policyCtx = Promise.resolve(this.contextOf(this.actor, this.source.factsFrom(raw)));
  }

  /** Filters one record through the policy and returns what may be shown, plus the disclosed fields. */
  async filter<T extends Record<string, unknown>>(scope: RecordScope, record: T, fields: FieldMap<T>) {
    return filterRecord(await this.context(), scope, record, fields);
  }

  /** May the actor know this record exists at all (find it in a list, open it)? See `seesRecord`. */
  async sees(scope: RecordScope): Promise<boolean> {
    return seesRecord(await this.context(), scope);
  }

  /** Does the policy allow this category on this record? (for whole sections such as a risk history) */
  async allows(scope: RecordScope, category: Category): Promise<'allow' | 'redact' | 'deny'> {
    const { value } = filterRecord(await this.context(), scope, { x: 1 }, { x: category });
    if ('x' in value) return typeof value.x === 'object' ? 'redact' : 'allow';
    return 'deny';
  }

  /** Whether this actor may read, contribute to or manage the case. */
  async canUseCase(c: CaseScope, mode: CaseMode): Promise<boolean> {
    return caseAllows(await this.context(), c, mode);
  }

  private stamp(e: AuditDraft): AuditEvent {
    return { ...e, purpose: e.purpose ?? this.purpose, actorUserId: this.actor?.userId ?? null, actorAgencyId: this.actor?.agencyId ?? null };
  }

  /** Records reads of personal data (its own short transaction). */
  async auditRead(events: AuditDraft[]): Promise<void> {
    const real = events.filter((e) => (e.fields?.length ?? 1) > 0);
    if (real.length === 0) return;
    await auditBatcher(this.db).append(real.map((e) => this.stamp(e)));
  }

  /**
   * A write that is one statement, with its audit events in the same statement (as CTEs in front
   * of it): atomic without a transaction, so one round trip instead of four. `sql` is a single
   * data-modifying statement (insert/update/delete … returning); its rows are returned.
   */
  writeOne<T>(sql: string, params: unknown[], events: AuditDraft[]): Promise<QueryResult<T>> {
    return queryWithAudit<T>(this.db, { ctes: [`written as (${sql})`], sql: 'select * from written', params }, events.map((e) => this.stamp(e)));
  }

  /**
   * A write put together from several modules' parts as one statement with its audit events:
   * atomic on its own, one round trip. With `then`, the statement runs first in a transaction and
   * `then` follows it there (for further writes that depend on its rows); both commit, or neither.
   */
  async writeComposed<T>(w: ComposedWrite, events: AuditDraft[], then?: (q: Queryable, rows: T[]) => Promise<void>): Promise<T[]> {
    const stamped = events.map((e) => this.stamp(e));
    if (!then) return (await queryWithAudit<T>(this.db, w, stamped)).rows;
    return this.db.tx(async (q) => {
      const { rows } = await queryWithAudit<T>(q, w, stamped);
      await then(q, rows);
      return rows;
    });
  }

  /**
   * Runs a write in one transaction with its audit events: both commit, or neither does.
   * `audit` collects events as the write goes.
   */
  write<T>(fn: (q: Queryable, audit: (e: AuditDraft) => void) => Promise<T>): Promise<T> {
    return this.db.tx(async (q) => {
      const events: AuditEvent[] = [];
      const out = await fn(q, (e) => events.push(this.stamp(e)));
      await appendAudit(q, events);
      return out;
    });
  }
}
