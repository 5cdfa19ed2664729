import type { z } from 'zod';
import { areaFigures, type KeptFigures } from '../../platform/figures.js';
import type { Access } from '../../platform/access/access.js';
import type { RecordScope } from '../../platform/access/policy.js';
import type { Queryable } from '../../platform/db/db.js';
import { forbidden, notFound } from '../../platform/errors.js';
import type { AppContext } from '../../platform/http/context.js';
import { addDays } from '../../platform/jobs/cadence.js';
import { caseFor } from '../cases/service.js';
import { personScopes, resolvePerson } from '../people/store.js';
import { rescheduleTask } from '../tasks/service.js';
import type { DueItem, ImpactInput, LevelInput, SupportOfferInput, SupportResponseInput } from './schema.js';
import { statusView, updateStatus, updateTaskKey, victimDeps, victimRows } from './status.js';
import * as store from './store.js';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** The person, if they are a victim on this case (the surviving record after merges); 404 otherwise. */
async function victimOn(access: Access, caseId: string, personId: string): Promise<string> {
  const root = await resolvePerson(access.db, personId);
  if (!root || !(await store.isVictimOnCase(access.db, caseId, root))) throw notFound('Victim on this case');
  return root;
}

/** Filters each victim row's name and level through the policy, against the person's own scope. */
async function filterVictims(access: Access, items: { personId: string; displayName: string; level: string; [k: string]: unknown }[]) {
  const scopes = await personScopes(access.db, [...new Set(items.map((i) => i.personId))]);
  const out = [];
  for (const i of items) out.push((await access.filter(scopes.get(i.personId)!, i, { displayName: 'minimal_identity', level: 'risk' })).value);
  return out;
}

/**
 * The "due to update" list: victims on open cases the officer leads whose next update falls within
 * `withinDays`, soonest first. An officer sees their own; a team leader also an officer in their team.
 */
export async function dueToUpdate(ctx: AppContext, access: Access, f: { withinDays: number; officerId?: string }) {
  const a = access.requireRole('officer', 'team_leader');
  const officerId = f.officerId ?? a.userId;
  if (officerId !== a.userId) {
    const u = await access.db.query<{ team_id: string | null }>('select team_id from users where id = $1', [officerId]);
    if (a.role !== 'team_leader' || !a.teamId || u.rows[0]?.team_id !== a.teamId) throw forbidden("Team leaders see the lists of officers in their own team; officers see their own.");
  }
  const d = victimDeps(ctx);
  const now = new Date();
  const horizon = addDays(now, f.withinDays);
  const items = [];
  for (const row of await victimRows(access.db, d, { officerIds: [officerId] })) {
    const s = updateStatus(d, row, now);
    if (s.nextUpdateDue > horizon) continue;
    items.push({ caseId: row.case_id, caseReference: row.reference, caseTitle: row.title, personId: row.person_id, displayName: row.display_name, leadOfficer: row.lead_officer, ...statusView(s) });
  }
  items.sort((x, y) => x.nextUpdateDue.localeCompare(y.nextUpdateDue));
  const out = await filterVictims(access, items);
  await access.auditRead([{ subjectType: 'victim_update_list', subjectId: officerId, action: 'list', fields: out.length ? ['displayName', 'risk'] : [], detail: { people: items.map((i) => i.personId) } }]);
  // The policy only withholds or drops the categorised fields, which the schema allows for.
  return out as z.infer<typeof DueItem>[];
}

/** Every victim on the case with their update status. */
export async function caseVictims(ctx: AppContext, access: Access, caseId: string) {
  await caseFor(access, caseId, 'read');
  const d = victimDeps(ctx);
  const now = new Date();
  const items = [];
  for (const row of await victimRows(access.db, d, { caseId, includeClosed: true })) {
    items.push({ personId: row.person_id, displayName: row.display_name, ...statusView(updateStatus(d, row, now)) });
  }
  const out = await filterVictims(access, items);
  await access.auditRead([{ subjectType: 'case', subjectId: caseId, action: 'read_victims', fields: out.length ? ['displayName', 'risk'] : [] }]);
  return out;
}

/**
 * One victim's record on a case: update status, the level the officer set, support offered and taken up,
 * their own account of the impact, and whether they felt safer at each contact. Each part recorded by
 * another agency passes the policy (case notes); the level passes it as risk.
 */
export async function viewVictim(ctx: AppContext, access: Access, caseId: string, personId: string) {
  const { scope } = await caseFor(access, caseId, 'read');
  const root = await victimOn(access, caseId, personId);
  const q = access.db;
  const d = victimDeps(ctx);
  const row = (await victimRows(q, d, { caseId, includeClosed: true })).find((r) => r.person_id === root)!;
  const status = updateStatus(d, row, new Date());
  const [prof, offers, impact, contacts, pScope] = await Promise.all([
    store.profile(q, caseId, root),
    store.offersFor(q, caseId, root),
    store.impactFor(q, caseId, root),
    store.contactsFor(q, caseId, root),
    personScopes(q, [root]).then((m) => m.get(root)!),
  ]);
  const owned = (agencyId: string): RecordScope => ({ ownerAgencyIds: [agencyId], caseAgencyIds: scope.agencyIds, caseIds: [caseId], personId: root });
  const disclosed = new Set<string>();
  const head = await access.filter(pScope, { personId: root, displayName: row.display_name, ...statusView(status), assessedLevel: status.assessedLevel, levelSetByOfficer: prof?.level ?? null, levelReason: prof?.level_reason ?? null, levelSetBy: prof?.set_by ?? null, levelSetAt: iso(prof?.level_set_at ?? null) }, {
    displayName: 'minimal_identity',
    level: 'risk',
    assessedLevel: 'risk',
    levelSetByOfficer: 'risk',
    levelReason: 'risk',
  });
  head.disclosed.forEach((f) => disclosed.add(f));
  const supportOffers = [];
  for (const o of offers) {
    const { value, disclosed: d } = await access.filter(owned(o.agency_id), { id: o.id, agencyName: o.agency_name, offeredBy: o.offered_by, offeredAt: iso(o.offered_at), service: o.service, provider: o.provider, status: o.status, reason: o.reason, respondedAt: iso(o.responded_at) }, { reason: 'case_notes', provider: 'case_notes' });
    d.forEach((f) => disclosed.add(`supportOffers.${f}`));
    supportOffers.push(value);
  }
  const impactStatements = [];
  for (const s of impact) {
    const { value, disclosed: d } = await access.filter(owned(s.agency_id), { id: s.id, agencyName: s.agency_name, recordedBy: s.recorded_by, recordedAt: iso(s.recorded_at), how: s.how, inTheirWords: s.in_their_words }, { inTheirWords: 'case_notes' });
    d.forEach((f) => disclosed.add(`impact.${f}`));
    impactStatements.push(value);
  }
  const contactLog = [];
  for (const c of contacts) {
    const { value, disclosed: d } = await access.filter(owned(c.agency_id), { contactId: c.id, agencyName: c.agency_name, contactedAt: iso(c.contacted_at), method: c.method, updatedOnProgress: c.updated_on_progress, feelsSafer: c.feels_safer }, { feelsSafer: 'case_notes' });
    d.forEach((f) => disclosed.add(`contacts.${f}`));
    contactLog.push(value);
  }
  const asked = contactLog.filter((c) => typeof c.feelsSafer === 'string');
  await access.auditRead([{ subjectType: 'victim', subjectId: root, action: 'read', fields: [...disclosed], detail: { caseId } }]);
  return {
    ...head.value,
    caseId,
    supportOffers,
    impactStatements,
    contacts: contactLog,
    feelsSaferLatest: (asked.at(-1)?.feelsSafer as string | undefined) ?? null,
  };
}

/**
 * The officer sets the victim's level for the update cadence (until, or beside, a risk assessment; the
 * higher of the two applies). The open "update the victim" task moves to the new due date.
 */
export async function setVictimLevel(ctx: AppContext, access: Access, caseId: string, personId: string, input: z.infer<typeof LevelInput>) {
  const a = access.user();
  await caseFor(access, caseId, 'manage');
  const root = await victimOn(access, caseId, personId);
  const d = victimDeps(ctx);
  return access.write(async (q, audit) => {
    await store.setLevel(q, { caseId, personId: root, level: input.level, reason: input.reason, userId: a.userId, agencyId: a.agencyId });
    const row = (await victimRows(q, d, { caseId, includeClosed: true })).find((r) => r.person_id === root)!;
    const s = updateStatus(d, row, new Date());
    const moved = await rescheduleTask(q, updateTaskKey(caseId, root, s.anchor), s.nextUpdateDue);
    audit({ subjectType: 'victim', subjectId: root, action: 'set_update_level', fields: ['risk'], detail: { caseId, level: input.level, taskRescheduled: moved } });
    return statusView(s);
  });
}

export async function offerSupport(access: Access, caseId: string, personId: string, input: z.infer<typeof SupportOfferInput>) {
  const a = access.user();
  await caseFor(access, caseId, 'contribute');
  const root = await victimOn(access, caseId, personId);
  return access.write(async (q, audit) => {
    const id = await store.insertOffer(q, { caseId, personId: root, agencyId: a.agencyId, userId: a.userId, ...input });
    audit({ subjectType: 'victim_support_offer', subjectId: id, action: 'create', detail: { caseId, personId: root, service: input.service, status: input.status } });
    return { id };
  });
}

export async function respondToSupport(access: Access, caseId: string, personId: string, offerId: string, input: z.infer<typeof SupportResponseInput>) {
  await caseFor(access, caseId, 'contribute');
  const root = await victimOn(access, caseId, personId);
  await access.write(async (q, audit) => {
    const hit = await store.respondToOffer(q, caseId, root, offerId, input);
    if (!hit) throw notFound('Support offer');
    audit({ subjectType: 'victim_support_offer', subjectId: offerId, action: input.status, detail: { caseId, personId: root } });
  });
}

/** The victim's own account of the impact, in their words, kept as they gave it. */
export async function recordImpact(access: Access, caseId: string, personId: string, input: z.infer<typeof ImpactInput>) {
  const a = access.user();
  await caseFor(access, caseId, 'contribute');
  const root = await victimOn(access, caseId, personId);
  return access.write(async (q, audit) => {
    const id = await store.insertImpact(q, { caseId, personId: root, agencyId: a.agencyId, userId: a.userId, how: input.how, inTheirWords: input.inTheirWords, recordedAt: input.recordedAt ?? new Date().toISOString() });
    audit({ subjectType: 'victim_impact', subjectId: id, action: 'create', fields: ['in_their_words'], detail: { caseId, personId: root } });
    return { id };
  });
}

/** The area's KPI: victims with an offer of support recorded (counts, never people). */
/** The area's support figures, kept like the dashboard's (`kept`: counted afresh when not given). */
export async function supportKpi(access: Access, kept: KeptFigures = areaFigures(0)) {
  const a = access.requireRole('officer', 'team_leader', 'partner', 'dpo');
  return kept(`victims-kpi:${a.areaId}`, () => kpiFor(access.db, a.areaId));
}

export async function kpiFor(q: Queryable, areaId: string) {
  const k = await store.supportKpi(q, areaId);
  return {
    victims: k.victims,
    withSupportOffer: k.with_offer,
    percentWithSupportOffer: k.victims ? Math.round((1000 * k.with_offer) / k.victims) / 10 : null,
    accepted: k.accepted,
    declined: k.declined,
  };
}
