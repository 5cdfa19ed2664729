import type { z } from 'zod';
import type { Access } from '../../platform/access/access.js';
import type { Queryable } from '../../platform/db/db.js';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors.js';
import { caseFor } from '../cases/service.js';
import { completeTask, createTask } from '../tasks/service.js';
import type { ChallengeInput, ChallengeListQuery, ChallengeUpdate } from './schema.js';
import { newId } from '../../platform/ids.js';

/**
 * Professional challenge: anyone on a case may challenge a decision. It goes to a named role in an
 * agency on the case, lands in that person's tasks, and stays open until the raiser resolves or
 * withdraws it; unresolved, the raiser escalates it to another role, keeping the earlier levels.
 */

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** Which table holds each kind of subject, so a challenge always points at something on its case. */
const SUBJECT_SQL: Record<string, string | null> = {
  meeting_decision: 'select 1 from meeting_decisions d join meetings m on m.id = d.meeting_id where d.id = $1 and m.case_id = $2',
  meeting: 'select 1 from meetings where id = $1 and case_id = $2',
  action: 'select 1 from case_actions where id = $1 and case_id = $2',
  intervention: 'select 1 from interventions where id = $1 and case_id = $2',
  assessment: 'select 1 from assessments where id = $1 and case_id = $2',
  case: null,
};

interface ChallengeRow {
  id: string;
  case_id: string;
  case_reference: string;
  subject_type: string;
  subject_id: string | null;
  raised_by: string;
  raised_by_name: string;
  raised_by_agency_id: string;
  raised_by_agency: string;
  reason: string;
  to_role: string;
  to_agency_id: string;
  to_agency: string;
  level: number;
  status: string;
  response: string | null;
  responded_by_name: string | null;
  responded_at: Date | null;
  resolved_at: Date | null;
  history: unknown[];
  created_at: Date;
}

const SELECT = `select c.*, k.reference as case_reference, u.display_name as raised_by_name, ra.name as raised_by_agency, ta.name as to_agency, ru.display_name as responded_by_name
  from professional_challenges c join cases k on k.id = c.case_id join users u on u.id = c.raised_by join agencies ra on ra.id = c.raised_by_agency_id
  join agencies ta on ta.id = c.to_agency_id left join users ru on ru.id = c.responded_by`;

async function getChallenge(q: Queryable, id: string): Promise<ChallengeRow | null> {
  return (await q.query<ChallengeRow>(`${SELECT} where c.id = $1`, [id])).rows[0] ?? null;
}

/** Someone who holds the role at that agency: who the challenge's task goes to. */
async function recipient(access: Access, agencyId: string, role: string, path: string): Promise<string> {
  const r = await access.db.query<{ id: string }>('select id from users where agency_id = $1 and role = $2 and not disabled order by created_at, id limit 1', [agencyId, role]);
  if (!r.rows[0]) throw invalidField(path, `no one at that agency holds the role ${role}`);
  return r.rows[0].id;
}

async function taskFor(q: Queryable, c: { id: string; caseId: string; level: number; assignee: string; agencyId: string; caseReference: string; escalated: boolean }) {
  return createTask(q, {
    kind: 'professional_challenge',
    title: `${c.escalated ? 'Escalated professional challenge' : 'Professional challenge'} on case ${c.caseReference}: respond`,
    caseId: c.caseId,
    assigneeUserId: c.assignee,
    agencyId: c.agencyId,
    dueAt: new Date(Date.now() + 5 * 86_400_000),
    dedupeKey: `challenge:${c.id}:${c.level}`,
    detail: { challengeId: c.id, level: c.level },
  });
}

export async function raiseChallenge(access: Access, input: z.infer<typeof ChallengeInput>) {
  const actor = access.user();
  const { row, scope } = await caseFor(access, input.caseId, 'read');
  const sql = SUBJECT_SQL[input.subjectType];
  if (sql) {
    if (!input.subjectId) throw invalidField('body.subjectId', `name the ${input.subjectType.replace('_', ' ')} being challenged`);
    if ((await access.db.query(sql, [input.subjectId, input.caseId])).rowCount === 0) throw invalidField('body.subjectId', `no such ${input.subjectType.replace('_', ' ')} on this case`);
  }
  const toAgencyId = input.toAgencyId ?? row.lead_agency_id;
  if (!scope.agencyIds.includes(toAgencyId)) throw invalidField('body.toAgencyId', 'a challenge goes to an agency that is party to the case');
  const assignee = await recipient(access, toAgencyId, input.toRole, 'body.toRole');
  return access.write(async (q, audit) => {
    const id = newId();
    await q.query(
      `insert into professional_challenges (id, case_id, subject_type, subject_id, raised_by, raised_by_agency_id, reason, to_role, to_agency_id)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [id, input.caseId, input.subjectType, input.subjectId ?? null, actor.userId, actor.agencyId, input.reason, input.toRole, toAgencyId],
    );
    const t = await taskFor(q, { id, caseId: input.caseId, level: 1, assignee, agencyId: toAgencyId, caseReference: row.reference, escalated: false });
    audit({ subjectType: 'professional_challenge', subjectId: id, action: 'create', detail: { caseId: input.caseId, subjectType: input.subjectType, subjectId: input.subjectId, toRole: input.toRole, toAgencyId, taskId: t.id } });
    return { id };
  });
}

const isRecipient = (a: { role: string; agencyId: string }, c: ChallengeRow) => a.role === c.to_role && a.agencyId === c.to_agency_id;

/** The recipient responds; the raiser resolves, withdraws or escalates. Each step closes the tasks it answers. */
export async function updateChallenge(access: Access, id: string, u: z.infer<typeof ChallengeUpdate>) {
  const actor = access.user();
  const c = await getChallenge(access.db, id);
  if (!c) throw notFound('Challenge');
  const { scope } = await caseFor(access, c.case_id, 'read').catch(() => {
    throw notFound('Challenge');
  });
  if (c.status === 'resolved' || c.status === 'withdrawn') throw conflict(`This challenge is already ${c.status}.`);
  if (u.status === 'responded') {
    if (!isRecipient(actor, c)) throw forbidden(`Only a ${c.to_role.replace('_', ' ')} at ${c.to_agency} responds to this challenge.`);
    if (c.status !== 'open') throw conflict('This challenge has already been responded to; the raiser may resolve or escalate it.');
  } else if (c.raised_by !== actor.userId) throw forbidden('Only the person who raised the challenge resolves, withdraws or escalates it.');
  const next = u.status === 'escalated' ? { toAgencyId: u.toAgencyId ?? c.to_agency_id, toRole: u.toRole } : null;
  if (next && !scope.agencyIds.includes(next.toAgencyId)) throw invalidField('body.toAgencyId', 'a challenge goes to an agency that is party to the case');
  if (next && next.toAgencyId === c.to_agency_id && next.toRole === c.to_role) throw invalidField('body.toRole', 'escalate to a different role or agency');
  const assignee = next ? await recipient(access, next.toAgencyId, next.toRole, 'body.toRole') : null;
  await access.write(async (q, audit) => {
    const closed: string[] = [];
    if (u.status === 'responded') {
      await q.query("update professional_challenges set status = 'responded', response = $2, responded_by = $3, responded_at = now() where id = $1", [id, u.response, actor.userId]);
      closed.push(...(await completeTask(q, { dedupeKey: `challenge:${id}:${c.level}` }, { byUserId: actor.userId, note: 'responded' })));
      await createTask(q, {
        kind: 'professional_challenge_reply',
        title: `Your professional challenge on case ${c.case_reference} has a response: resolve or escalate it`,
        caseId: c.case_id,
        assigneeUserId: c.raised_by,
        agencyId: c.raised_by_agency_id,
        dedupeKey: `challenge_reply:${id}:${c.level}`,
        detail: { challengeId: id, level: c.level },
      });
    } else if (u.status === 'escalated') {
      const earlier = { level: c.level, toRole: c.to_role, toAgencyId: c.to_agency_id, response: c.response, respondedAt: iso(c.responded_at), escalatedAt: new Date().toISOString(), reason: u.reason };
      await q.query(
        `update professional_challenges set level = level + 1, to_role = $2, to_agency_id = $3, status = 'open', response = null, responded_by = null, responded_at = null,
           history = history || $4::jsonb where id = $1`,
        [id, next!.toRole, next!.toAgencyId, JSON.stringify([earlier])],
      );
      closed.push(...(await completeTask(q, { dedupeKeyPrefix: `challenge:${id}:` }, { status: 'cancelled', byUserId: actor.userId, note: 'escalated' })));
      closed.push(...(await completeTask(q, { dedupeKeyPrefix: `challenge_reply:${id}:` }, { byUserId: actor.userId, note: 'escalated' })));
      await taskFor(q, { id, caseId: c.case_id, level: c.level + 1, assignee: assignee!, agencyId: next!.toAgencyId, caseReference: c.case_reference, escalated: true });
    } else {
      await q.query('update professional_challenges set status = $2, resolved_at = now() where id = $1', [id, u.status]);
      closed.push(...(await completeTask(q, { dedupeKeyPrefix: `challenge:${id}:` }, { status: 'cancelled', byUserId: actor.userId, note: u.status })));
      closed.push(...(await completeTask(q, { dedupeKeyPrefix: `challenge_reply:${id}:` }, { byUserId: actor.userId, note: u.status })));
    }
    for (const t of closed) audit({ subjectType: 'task', subjectId: t, action: 'done', detail: { challengeId: id } });
    audit({ subjectType: 'professional_challenge', subjectId: id, action: u.status, detail: next ? { ...next, level: c.level + 1 } : {} });
  });
}

/**
 * Challenges I raised, those sent to my role and agency, or those on a case. The reason and response
 * are shown in full to the raiser and the recipient (the raiser chose to tell them); others on the
 * case see them as case notes of the raising agency, through the policy.
 */
export async function listChallenges(access: Access, f: z.infer<typeof ChallengeListQuery>) {
  const actor = access.user();
  if (f.scope === 'case' && !f.caseId) throw invalidField('querystring.caseId', 'name the case');
  const scopes = new Map<string, string[]>();
  if (f.scope === 'case') scopes.set(f.caseId!, (await caseFor(access, f.caseId!, 'read')).scope.agencyIds);
  const [where, params] =
    f.scope === 'mine' ? ['c.raised_by = $2', [actor.userId]] : f.scope === 'to_me' ? ['c.to_agency_id = $2 and c.to_role = $3', [actor.agencyId, actor.role]] : ['c.case_id = $2', [f.caseId!]];
  const rows = (await access.db.query<ChallengeRow>(`${SELECT} where ${where} and ($1 = 'all' or c.status = $1) order by c.created_at desc limit 200`, [f.status, ...params])).rows;
  const out = [];
  for (const c of rows) {
    const item = {
      id: c.id,
      caseId: c.case_id,
      caseReference: c.case_reference,
      subjectType: c.subject_type,
      subjectId: c.subject_id,
      raisedBy: c.raised_by_name,
      raisedByAgency: c.raised_by_agency,
      raisedAt: iso(c.created_at)!,
      reason: c.reason as unknown,
      toRole: c.to_role,
      toAgency: c.to_agency,
      level: c.level,
      status: c.status,
      response: c.response as unknown,
      respondedBy: c.responded_by_name,
      respondedAt: iso(c.responded_at),
      resolvedAt: iso(c.resolved_at),
      history: c.history,
      mine: c.raised_by === actor.userId,
      forMe: isRecipient(actor, c),
    };
    if (item.mine || item.forMe) {
      out.push(item);
      continue;
    }
    if (!scopes.has(c.case_id)) scopes.set(c.case_id, (await caseFor(access, c.case_id, 'read')).scope.agencyIds);
    const scope = { ownerAgencyIds: [c.raised_by_agency_id], caseAgencyIds: scopes.get(c.case_id)!, caseIds: [c.case_id] };
    out.push((await access.filter(scope, item, { reason: 'case_notes', response: 'case_notes', history: 'case_notes' })).value);
  }
  await access.auditRead([{ subjectType: 'challenge_list', subjectId: f.caseId ?? null, action: 'list', fields: out.length ? ['reason'] : [], detail: { scope: f.scope, challenges: out.map((c) => c.id) } }]);
  return out;
}
