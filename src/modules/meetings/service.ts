import type { z } from 'zod';
import type { Access } from '../../platform/access/access.js';
import type { Category } from '../../platform/access/policy.js';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors.js';
import type { AppContext } from '../../platform/http/context.js';
import { addAction, caseFor } from '../cases/service.js';
import { addAgency } from '../cases/store.js';
import { completeTask, createTask } from '../tasks/service.js';
import { buildAgenda, filterAgenda, type RawAgenda } from './agenda.js';
import type { AgencyViewInput, DecisionInput, MeetingActionInput, MeetingInput, MeetingUpdate } from './schema.js';
import * as store from './store.js';
import { ukDay } from '../../platform/dates.js';
import { areaAgency, areaStaff } from '../directory/service.js';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const KIND_LABEL: Record<string, string> = { case_conference: 'Case conference', complex_case_panel: 'Complex case panel' };

/** The meeting and its case, if the actor may read that case (a meeting on a case you cannot read does not exist for you). */
async function meetingFor(access: Access, id: string, mode: 'read' | 'contribute' | 'manage') {
  access.user();
  const m = await store.getMeeting(access.db, id);
  if (!m) throw notFound('Meeting');
  const c = await caseFor(access, m.case_id, 'read').catch(() => {
    throw notFound('Meeting');
  });
  if (mode !== 'read') await caseFor(access, m.case_id, mode);
  return { m, ...c };
}


/** Schedules a conference or panel on a case (lead agency); invited agencies join the case so they can give their view. */
export async function scheduleMeeting(access: Access, caseId: string, input: z.infer<typeof MeetingInput>) {
  const actor = access.user();
  const { scope } = await caseFor(access, caseId, 'manage');
  const chairUserId = input.chairUserId ?? actor.userId;
  if (input.chairUserId) await areaStaff(access, input.chairUserId, 'body.chairUserId');
  for (const [i, inv] of input.invitees.entries()) {
    areaAgency(access, inv.agencyId, `body.invitees.${i}.agencyId`);
    if (inv.userId && (await areaStaff(access, inv.userId, `body.invitees.${i}.userId`)).agency_id !== inv.agencyId) throw invalidField(`body.invitees.${i}.userId`, 'this person does not work for that agency');
  }
  return access.write(async (q, audit) => {
    const id = await store.insertMeeting(q, { caseId, kind: input.kind, title: input.title, scheduledAt: input.scheduledAt, location: input.location ?? null, chairUserId, createdBy: actor.userId });
    const joined: string[] = [];
    // The lead agency always has a side of the clock at its own meeting.
    await store.addInvitee(q, id, actor.agencyId, actor.userId);
    for (const inv of input.invitees) {
      await store.addInvitee(q, id, inv.agencyId, inv.userId ?? null);
      if (!scope.agencyIds.includes(inv.agencyId) && !joined.includes(inv.agencyId) && (await addAgency(q, caseId, inv.agencyId))) {
        joined.push(inv.agencyId);
        audit({ subjectType: 'case', subjectId: caseId, action: 'add_agency', detail: { agencyId: inv.agencyId, reason: 'invited to a meeting', meetingId: id } });
      }
      if (inv.userId) {
        const t = await createTask(q, {
          kind: 'meeting_view',
          title: `${KIND_LABEL[input.kind]} on ${ukDay(input.scheduledAt)}: give your agency's view (${input.title})`,
          caseId,
          assigneeUserId: inv.userId,
          agencyId: inv.agencyId,
          dueAt: input.scheduledAt,
          dedupeKey: `meeting_view:${id}:${inv.agencyId}:${inv.userId}`,
          detail: { meetingId: id },
        });
        if (t.created) audit({ subjectType: 'task', subjectId: t.id, action: 'create', detail: { kind: 'meeting_view', meetingId: id } });
      }
    }
    audit({ subjectType: 'meeting', subjectId: id, action: 'create', detail: { caseId, kind: input.kind, scheduledAt: input.scheduledAt, invitees: input.invitees, agenciesJoined: joined } });
    return { id };
  });
}

/** The meeting: invitees, the agenda built from the case, each agency's view side by side, decisions, actions, minutes. */
export async function viewMeeting(ctx: AppContext, access: Access, id: string) {
  const { m, scope } = await meetingFor(access, id, 'read');
  const q = access.db;
  const raw = (m.agenda_snapshot as RawAgenda | null) ?? (await buildAgenda(ctx, q, m.case_id));
  const [inv, views, decisions, actions] = await Promise.all([store.invitees(q, id), store.views(q, id), store.decisions(q, id), store.meetingActions(q, id)]);
  // The four sides of the clock: every invited agency has a place, given or not, so gaps are visible.
  const agencies = new Map<string, string>();
  for (const i of inv) agencies.set(i.agency_id, i.agency_name);
  for (const v of views) agencies.set(v.agency_id, v.agency_name);
  const sides = [];
  const disclosed: string[] = [];
  for (const [agencyId, agencyName] of agencies) {
    const v = views.find((x) => x.agency_id === agencyId);
    if (!v) {
      sides.push({ agencyId, agencyName, given: false });
      continue;
    }
    const category = v.category as Category;
    const { value, disclosed: d } = await access.filter(
      { ownerAgencyIds: [agencyId], caseAgencyIds: scope.agencyIds, caseIds: [scope.id] },
      { agencyId, agencyName, given: true, author: v.author, recordedAt: iso(v.recorded_at), category, view: v.view, concerns: v.concerns, recommendation: v.recommendation },
      { view: category, concerns: category, recommendation: category },
    );
    if (d.length) disclosed.push(`meeting_view:${agencyId}`);
    sides.push(value);
  }
  const agenda = await filterAgenda(access, scope, raw);
  await access.auditRead([{ subjectType: 'meeting', subjectId: id, action: 'read', fields: disclosed.length || agenda.risk.length ? ['views', 'agenda'] : [], detail: { caseId: m.case_id, views: disclosed } }]);
  return {
    id: m.id,
    caseId: m.case_id,
    caseReference: m.case_reference,
    kind: m.kind,
    title: m.title,
    scheduledAt: iso(m.scheduled_at)!,
    location: m.location,
    status: m.status,
    chair: { id: m.chair_user_id, name: m.chair_name },
    invitees: inv.map((i) => ({ agencyId: i.agency_id, agencyName: i.agency_name, userId: i.user_id, name: i.user_name, attended: i.attended })),
    agenda: { ...agenda, frozen: !!m.agenda_snapshot },
    views: sides,
    decisions: decisions.map((d) => ({ id: d.id, decision: d.decision, rationale: d.rationale, recordedBy: d.recorded_by, recordedAt: iso(d.recorded_at), openChallenges: d.open_challenges })),
    actions: actions.map((a) => ({ id: a.id, description: a.description, ownerUserId: a.owner_user_id, owner: a.owner, agencyName: a.agency_name, dueDate: a.due_date, status: a.status })),
    minutes: m.minutes,
    heldAt: iso(m.held_at),
    cancelledReason: m.cancelled_reason,
  };
}

const notCancelled = (m: store.MeetingRow) => {
  if (m.status === 'cancelled') throw conflict('This meeting was cancelled.');
};

/** Records (or replaces) the actor's agency's view: one side of the clock, under the category it holds. */
export async function recordView(access: Access, id: string, input: z.infer<typeof AgencyViewInput>) {
  const actor = access.user();
  const { m } = await meetingFor(access, id, 'contribute');
  notCancelled(m);
  await access.write(async (q, audit) => {
    const how = await store.upsertView(q, { meetingId: id, agencyId: actor.agencyId, authorId: actor.userId, category: input.category, view: input.view, concerns: input.concerns ?? null, recommendation: input.recommendation ?? null });
    const closed = await completeTask(q, { dedupeKeyPrefix: `meeting_view:${id}:${actor.agencyId}:` }, { byUserId: actor.userId, note: 'view given' });
    for (const t of closed) audit({ subjectType: 'task', subjectId: t, action: 'done', detail: { meetingId: id } });
    audit({ subjectType: 'meeting', subjectId: id, action: how === 'created' ? 'add_view' : 'update_view', detail: { agencyId: actor.agencyId, category: input.category } });
  });
}

/** The chair or the lead agency records what the meeting decided, and why. */
async function chairOrLead(access: Access, id: string) {
  const actor = access.user();
  const found = await meetingFor(access, id, 'read');
  if (found.m.chair_user_id !== actor.userId && !(await access.canUseCase(found.scope, 'manage'))) throw forbidden("Only the meeting's chair or the lead agency's officers record its decisions, actions and minutes.");
  return found;
}

export async function addDecision(access: Access, id: string, input: z.infer<typeof DecisionInput>) {
  const actor = access.user();
  const { m } = await chairOrLead(access, id);
  notCancelled(m);
  return access.write(async (q, audit) => {
    const decisionId = await store.insertDecision(q, { meetingId: id, decision: input.decision, rationale: input.rationale ?? null, recordedBy: actor.userId });
    audit({ subjectType: 'meeting_decision', subjectId: decisionId, action: 'create', detail: { meetingId: id, caseId: m.case_id } });
    return { id: decisionId };
  });
}

/** An action agreed at the meeting becomes a case action owned by anyone in any agency, with a due date. */
export async function addMeetingAction(access: Access, id: string, input: z.infer<typeof MeetingActionInput>) {
  const { m } = await chairOrLead(access, id);
  notCancelled(m);
  return addAction(access, m.case_id, input, { kind: 'conference', id });
}

/** Reschedule, record attendance and minutes, mark held (freezing the agenda as it stood) or cancelled. */
export async function updateMeeting(ctx: AppContext, access: Access, id: string, u: z.infer<typeof MeetingUpdate>) {
  const { m } = await chairOrLead(access, id);
  if (m.status !== 'scheduled' && (u.status || u.scheduledAt)) throw conflict(`This meeting is already ${m.status}.`);
  if (m.status === 'cancelled' && (u.minutes || u.attendance)) throw conflict('This meeting was cancelled.');
  const inv = await store.invitees(access.db, id);
  for (const [i, a] of (u.attendance ?? []).entries())
    if (!inv.some((x) => x.agency_id === a.agencyId && (x.user_id ?? undefined) === a.userId)) throw invalidField(`body.attendance.${i}`, 'not an invitee of this meeting');
  const snapshot = u.status === 'held' ? await buildAgenda(ctx, access.db, m.case_id) : null;
  await access.write(async (q, audit) => {
    await q.query(
      `update meetings set scheduled_at = coalesce($2, scheduled_at), location = coalesce($3, location), minutes = coalesce($4, minutes),
         status = coalesce($5, status), cancelled_reason = coalesce($6, cancelled_reason),
         agenda_snapshot = coalesce($7::jsonb, agenda_snapshot), held_at = case when $5 = 'held' then now() else held_at end
       where id = $1`,
      [id, u.scheduledAt ?? null, u.location ?? null, u.minutes ?? null, u.status ?? null, u.cancelledReason ?? null, snapshot ? JSON.stringify(snapshot) : null],
    );
    for (const a of u.attendance ?? [])
      await q.query(
        `update meeting_invitees set attended = $4 where meeting_id = $1 and agency_id = $2 and coalesce(user_id, '00000000-0000-0000-0000-000000000000'::uuid) = coalesce($3::uuid, '00000000-0000-0000-0000-000000000000'::uuid)`,
        [id, a.agencyId, a.userId ?? null, a.attended],
      );
    if (u.status === 'cancelled') {
      const closed = await completeTask(q, { dedupeKeyPrefix: `meeting_view:${id}:` }, { status: 'cancelled', byUserId: access.user().userId, note: 'meeting cancelled' });
      for (const t of closed) audit({ subjectType: 'task', subjectId: t, action: 'cancelled', detail: { meetingId: id } });
    }
    audit({ subjectType: 'meeting', subjectId: id, action: u.status ?? 'update', detail: { ...u, minutes: u.minutes ? true : undefined } });
  });
}

const listItem = (r: store.MeetingListRow) => ({
  id: r.id,
  caseId: r.case_id,
  caseReference: r.case_reference,
  kind: r.kind,
  title: r.title,
  scheduledAt: iso(r.scheduled_at)!,
  location: r.location,
  status: r.status,
  chair: r.chair_name,
});

export async function caseMeetings(access: Access, caseId: string) {
  await caseFor(access, caseId, 'read');
  return (await store.caseMeetings(access.db, caseId)).map(listItem);
}

export async function listMeetings(access: Access, scope: 'mine' | 'upcoming') {
  const a = access.user();
  return (await store.listMeetings(access.db, { scope, userId: a.userId, agencyId: a.agencyId })).map(listItem);
}
