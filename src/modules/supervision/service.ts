import type { z } from 'zod';
import type { Access } from '../../platform/access/access.js';
import { forbidden, invalidField, notFound } from '../../platform/errors.js';
import type { AppContext } from '../../platform/http/context.js';
import { completeTask, createTask, tasksByKeyPrefix } from '../tasks/service.js';
import { maySeePractitioner, supervisionDue, type SupervisionCadence } from './rules.js';
import type { SessionInput } from './schema.js';
import * as store from './store.js';

export const cadenceOf = (ctx: AppContext) => ctx.services.supervisionCadence as SupervisionCadence;

/**
 * The practitioner, if the actor may see their supervision and caseload (themselves, or their team
 * leader); 403 for anyone else, 404 if there is no such user.
 */
export async function practitionerFor(access: Access, userId: string, path = 'params.userId') {
  const a = access.user();
  const p = await store.practitioner(access.db, userId);
  if (!p) throw path.startsWith('body') ? invalidField(path, 'no such user') : notFound('Practitioner');
  if (!maySeePractitioner(a, { id: p.id, teamId: p.team_id })) throw forbidden('Supervision records and caseloads are visible to the practitioner and their team leader only.');
  return p;
}

/** When supervision is next due for these practitioners, and their last session and check-in. */
export async function supervisionStatus(ctx: AppContext, access: Access, people: store.PractitionerRow[], now = new Date()) {
  const cadence = cadenceOf(ctx);
  const last = await store.lastSessions(access.db, people.map((p) => p.id), cadence.countsTowardCadence);
  return new Map(
    people.map((p) => {
      const l = last.get(p.id) ?? { lastCounting: null, lastCheckIn: null };
      const { due, state } = supervisionDue(l.lastCounting, new Date(p.created_at), cadence, now);
      return [p.id, { lastSupervisionOn: l.lastCounting, lastCheckInOn: l.lastCheckIn, nextDue: due.toISOString(), state }];
    }),
  );
}

/**
 * Records a reflective supervision or peer check-in: cases discussed, wellbeing check, reflections, and
 * actions (which go on the task queue). A supervision that counts restarts the clock, so its reminder is done.
 */
export async function recordSession(ctx: AppContext, access: Access, input: z.infer<typeof SessionInput>) {
  const a = access.requireRole('officer', 'team_leader', 'partner');
  const p = await practitionerFor(access, input.practitionerId, 'body.practitionerId');
  const supervisorId = input.supervisorId ?? (a.userId !== p.id ? a.userId : undefined);
  if (input.kind === 'reflective_supervision' && !supervisorId) throw invalidField('body.supervisorId', 'name who gave the supervision');
  if (supervisorId === p.id) throw invalidField('body.supervisorId', 'must be someone other than the practitioner');
  if (supervisorId && !(await store.practitioner(access.db, supervisorId))) throw invalidField('body.supervisorId', 'no such user');
  for (const [i, c] of input.casesDiscussed.entries()) {
    if (!(await store.caseForPractitioner(access.db, c.caseId, p.agency_id))) throw invalidField(`body.casesDiscussed.${i}.caseId`, "no such case, or the practitioner's agency is not a party to it");
  }
  // Supervision is confidential: its actions go only to the people in the room.
  const allowedOwners = new Set([p.id, a.userId, ...(supervisorId ? [supervisorId] : [])]);
  for (const [i, x] of input.actions.entries()) {
    if (x.ownerUserId && !allowedOwners.has(x.ownerUserId)) throw invalidField(`body.actions.${i}.ownerUserId`, 'must be the practitioner, the supervisor or you');
  }
  const counts = cadenceOf(ctx).countsTowardCadence.includes(input.kind);
  return access.write(async (q, audit) => {
    const id = await store.insertSession(q, {
      kind: input.kind,
      heldOn: input.heldOn,
      practitionerId: p.id,
      supervisorId: supervisorId ?? null,
      agencyId: p.agency_id,
      score: input.wellbeing.score,
      manageable: input.wellbeing.workloadManageable,
      distressing: input.wellbeing.distressingExposure,
      supportAgreed: input.wellbeing.supportAgreed,
      reflections: input.reflections,
      recordedBy: a.userId,
    });
    for (const c of input.casesDiscussed) await store.addCaseDiscussed(q, id, c.caseId, c.note);
    for (const [i, x] of input.actions.entries()) {
      const owner = x.ownerUserId ?? p.id;
      await createTask(q, { kind: 'supervision_action', title: x.description, assigneeUserId: owner, dueAt: x.dueDate ? `${x.dueDate}T17:00:00Z` : null, dedupeKey: `supervision_action:${id}:${i}`, detail: { sessionId: id } });
    }
    const reminders = counts ? await completeTask(q, { kind: 'supervision_due', dedupeKeyPrefix: `supervision_due:${p.id}:` }, { status: 'done', byUserId: a.userId, note: `Supervision held on ${input.heldOn}.` }) : [];
    audit({ subjectType: 'supervision_session', subjectId: id, action: 'create', fields: ['wellbeing', 'reflections'], detail: { practitionerId: p.id, kind: input.kind, cases: input.casesDiscussed.length, actions: input.actions.length, remindersDone: reminders } });
    return { id };
  });
}

function sessionView(s: store.SessionRow, actions: Awaited<ReturnType<typeof tasksByKeyPrefix>>) {
  return {
    id: s.id,
    kind: s.kind,
    heldOn: s.held_on,
    practitioner: { id: s.practitioner_id, name: s.practitioner },
    supervisor: s.supervisor_id ? { id: s.supervisor_id, name: s.supervisor } : null,
    casesDiscussed: s.cases,
    wellbeing: { score: s.wellbeing_score, workloadManageable: s.workload_manageable, distressingExposure: s.distressing_exposure, supportAgreed: s.support_agreed },
    reflections: s.reflections,
    actions: actions.map((t) => ({ taskId: t.id, description: t.title, owner: t.assignee, dueAt: t.due_at ? new Date(t.due_at).toISOString() : null, status: t.status })),
    recordedBy: s.recorded_by,
    recordedAt: new Date(s.created_at).toISOString(),
  };
}

/** A practitioner's sessions, newest first (the practitioner or their team leader only). */
export async function listSessions(access: Access, f: { practitionerId?: string; kind?: string }) {
  const p = await practitionerFor(access, f.practitionerId ?? access.user().userId, 'query.practitionerId');
  const rows = await store.sessionsFor(access.db, p.id, f.kind);
  const out = [];
  for (const s of rows) out.push(sessionView(s, await tasksByKeyPrefix(access.db, `supervision_action:${s.id}:`)));
  await access.auditRead([{ subjectType: 'supervision_sessions', subjectId: p.id, action: 'list', fields: rows.length ? ['wellbeing', 'reflections'] : [], detail: { sessions: rows.map((s) => s.id) } }]);
  return out;
}

export async function viewSession(access: Access, id: string) {
  access.user();
  const s = await store.session(access.db, id);
  if (!s) throw notFound('Supervision record');
  await practitionerFor(access, s.practitioner_id);
  await access.auditRead([{ subjectType: 'supervision_session', subjectId: id, action: 'read', fields: ['wellbeing', 'reflections'] }]);
  return sessionView(s, await tasksByKeyPrefix(access.db, `supervision_action:${id}:`));
}
