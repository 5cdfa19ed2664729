import type { Db, Queryable } from '../db/db.js';
import { appendAudit, auditBatcher, type AuditEvent } from '../audit/audit.js';
import { forbidden, unauthorized } from '../errors.js';
import {
  caseAllows,
  filterRecord,
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

/** Supplies agreements and emergency grants; the sharing module provides the real one. */
export interface PolicySource {
  /** The agreements in force for an agency and the records a user's emergency access opens, at a moment. */
  policyFacts(agencyId: string, userId: string, at: Date): Promise<{ agreements: ActiveAgreement[]; grants: string[] }>;
}

export const noSharing: PolicySource = {
  policyFacts: async () => ({ agreements: [], grants: [] }),
};

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
    this.policyCtx ??= (async () => {
      const now = new Date();
      const { agreements, grants } = await this.source.policyFacts(actor.agencyId, actor.userId, now);
      return { actor, purpose: this.purpose, agreements, breakGlass: new Set(grants) };
    })();
    return this.policyCtx;
  }

  /** Filters one record through the policy and returns what may be shown, plus the disclosed fields. */
  async filter<T extends Record<string, unknown>>(scope: RecordScope, record: T, fields: FieldMap<T>) {
    return filterRecord(await this.context(), scope, record, fields);
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
