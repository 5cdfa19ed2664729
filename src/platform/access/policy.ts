/**
 * The one access policy. Every person-bearing field is read through `decide`: allow, redact
 * (the field is shown as withheld, with its category, so a partner knows to ask) or deny.
 * The rules are a table, first match wins, so each line can be read, tested and audited.
 */
export const ROLES = ['officer', 'team_leader', 'partner', 'dpo', 'admin', 'system'] as const;
export type Role = (typeof ROLES)[number];

export const CATEGORIES = [
  'minimal_identity',
  'identity',
  'contact',
  'asb_history',
  'risk',
  'health',
  'criminal_justice',
  'children',
  'safeguarding',
  'case_notes',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const PURPOSES = ['case_management', 'safeguarding', 'case_review', 'statistics', 'audit', 'subject_access'] as const;
export type Purpose = (typeof PURPOSES)[number];

export interface Actor {
  userId: string;
  agencyId: string;
  areaId: string;
  /** Every agency in the actor's area (theirs included): what decides which records are theirs to see at all. */
  areaAgencyIds: string[];
  /** Whether there are other areas on this installation (with one area only, there is nothing to keep apart). */
  otherAreas: boolean;
  teamId: string | null;
  role: Role;
  displayName: string;
}

/** An information sharing agreement in force now (signed, started, not ended). */
export interface ActiveAgreement {
  id: string;
  partyAgencyIds: string[];
  categories: Category[];
  purposes: Purpose[];
}

export interface PolicyContext {
  actor: Actor;
  purpose: Purpose;
  agreements: ActiveAgreement[];
  /** Person and case ids the actor holds time-limited emergency access to. */
  breakGlass: Set<string>;
}

/** Where a record sits: which agencies recorded it and which agencies are parties to its cases. */
export interface RecordScope {
  ownerAgencyIds: string[];
  caseAgencyIds: string[];
  caseIds: string[];
  personId?: string;
  /** Processing restricted (UK GDPR Art. 18): only the DPO sees beyond the name. */
  restricted?: boolean;
}

export type Effect = 'allow' | 'redact' | 'deny';

export interface PolicyRule {
  name: string;
  effect: Effect;
  when: (ctx: PolicyContext, scope: RecordScope, category: Category) => boolean;
}

const STAFF: ReadonlySet<Role> = new Set(['officer', 'team_leader', 'partner']);

const onCase = (ctx: PolicyContext, scope: RecordScope) => scope.caseAgencyIds.includes(ctx.actor.agencyId);

/**
 * Is the record held in the actor's area: recorded by one of its agencies, or on a case one of them
 * is a party to? An area is a partnership of its own; another area's records are not its to see.
 */
export const withinArea = (actor: Actor, scope: RecordScope) =>
  scope.ownerAgencyIds.some((a) => actor.areaAgencyIds.includes(a)) || scope.caseAgencyIds.some((a) => actor.areaAgencyIds.includes(a));

/** Is there an agreement in force between the actor's agency and the record's owner for this category and purpose? */
export function agreementCovers(ctx: PolicyContext, scope: RecordScope, category: Category): boolean {
  return ctx.agreements.some(
    (a) =>
      a.partyAgencyIds.includes(ctx.actor.agencyId) &&
      scope.ownerAgencyIds.some((o) => o !== ctx.actor.agencyId && a.partyAgencyIds.includes(o)) &&
      a.categories.includes(category) &&
      a.purposes.includes(ctx.purpose),
  );
}

export const POLICY_RULES: readonly PolicyRule[] = [
  {
    name: "another area's records are not seen at all, not even by name",
    effect: 'deny',
    when: (ctx, s) => ctx.actor.role !== 'system' && !withinArea(ctx.actor, s),
  },
  {
    name: 'restricted processing: only the data protection officer sees beyond the name',
    effect: 'deny',
    when: (ctx, s, c) => !!s.restricted && c !== 'minimal_identity' && ctx.actor.role !== 'dpo',
  },
  {
    name: 'emergency access (break glass) opens the record it names',
    effect: 'allow',
    when: (ctx, s) => STAFF.has(ctx.actor.role) && (ctx.breakGlass.has(s.personId ?? '') || s.caseIds.some((c) => ctx.breakGlass.has(c))),
  },
  {
    name: 'data protection officer sees everything for audit and subject access',
    effect: 'allow',
    when: (ctx) => ctx.actor.role === 'dpo' && (ctx.purpose === 'audit' || ctx.purpose === 'subject_access'),
  },
  {
    name: 'staff see what their own agency recorded',
    effect: 'allow',
    when: (ctx, s) => STAFF.has(ctx.actor.role) && s.ownerAgencyIds.includes(ctx.actor.agencyId),
  },
  {
    name: 'case parties see another agency\'s data under an agreement covering the category and purpose',
    effect: 'allow',
    when: (ctx, s, c) => STAFF.has(ctx.actor.role) && onCase(ctx, s) && agreementCovers(ctx, s, c),
  },
  {
    name: 'staff, administrators and the DPO see the name of anyone they come across',
    effect: 'allow',
    when: (ctx, _s, c) => c === 'minimal_identity' && ctx.actor.role !== 'system',
  },
  {
    name: 'case parties are told what is withheld and why',
    effect: 'redact',
    when: (ctx, s) => STAFF.has(ctx.actor.role) && onCase(ctx, s),
  },
];

export interface Decision {
  effect: Effect;
  rule: string;
}

/**
 * May the actor know the record exists (see its name, find it in a list)? Records they may not are
 * left out of lists and answered as not found.
 */
export const seesRecord = (ctx: PolicyContext, scope: RecordScope, rules: readonly PolicyRule[] = POLICY_RULES) => decide(ctx, scope, 'minimal_identity', rules).effect === 'allow';

/** First matching rule wins; nothing matching means deny. */
export function decide(ctx: PolicyContext, scope: RecordScope, category: Category, rules: readonly PolicyRule[] = POLICY_RULES): Decision {
  for (const r of rules) if (r.when(ctx, scope, category)) return { effect: r.effect, rule: r.name };
  return { effect: 'deny', rule: 'no rule allows it' };
}

/** What a withheld field looks like on the wire. */
export interface Withheld {
  withheld: true;
  category: Category;
  reason: string;
}

export type FieldMap<T> = { [K in keyof T]?: Category };

/**
 * Applies the policy to one record: allowed fields pass, redacted ones become Withheld markers,
 * denied ones are dropped. Fields with no category in the map are structural (ids, roles) and pass.
 * Returns the filtered record and the personal fields actually disclosed, for the audit.
 */
export function filterRecord<T extends Record<string, unknown>>(
  ctx: PolicyContext,
  scope: RecordScope,
  record: T,
  fields: FieldMap<T>,
  rules: readonly PolicyRule[] = POLICY_RULES,
): { value: Record<string, unknown>; disclosed: string[] } {
  const value: Record<string, unknown> = {};
  const disclosed: string[] = [];
  const memo = new Map<Category, Decision>();
  for (const key of Object.keys(record)) {
    const category = fields[key as keyof T];
    if (!category) {
      value[key] = record[key];
      continue;
    }
    let d = memo.get(category);
    if (!d) memo.set(category, (d = decide(ctx, scope, category, rules)));
    if (d.effect === 'allow') {
      value[key] = record[key];
      disclosed.push(key);
    } else if (d.effect === 'redact') {
      value[key] = { withheld: true, category, reason: 'Held by another agency; not covered by an information sharing agreement for this purpose.' } satisfies Withheld;
    }
  }
  return { value, disclosed };
}

/** A case as the policy sees it: its lead agency and every agency that is a party to it. */
export interface CaseScope {
  id: string;
  leadAgencyId: string;
  agencyIds: string[];
}

export type CaseMode = 'read' | 'contribute' | 'manage';

/**
 * Case-level access: parties read and contribute (notes, contacts, actions); only the lead agency's
 * officers and team leaders manage (status, lead officer, adding agencies). Break glass reads and contributes.
 */
export function caseAllows(ctx: PolicyContext, c: CaseScope, mode: CaseMode): boolean {
  const a = ctx.actor;
  const party = STAFF.has(a.role) && c.agencyIds.includes(a.agencyId);
  const glass = STAFF.has(a.role) && ctx.breakGlass.has(c.id);
  if (mode === 'manage') return (a.role === 'officer' || a.role === 'team_leader') && a.agencyId === c.leadAgencyId;
  if (mode === 'contribute') return party || glass;
  return party || glass || (a.role === 'dpo' && (ctx.purpose === 'audit' || ctx.purpose === 'subject_access'));
}
