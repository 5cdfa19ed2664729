import type { z } from 'zod';
import type { Access } from '../../platform/access/access.js';
import { Problem, forbidden, invalidField, notFound } from '../../platform/errors.js';
import { knownPerson } from '../people/service.js';
import { caseFor } from '../cases/service.js';
import { createTask } from '../tasks/store.js';
import type { ConcernInput, ConcernListQuery, ConcernUpdate } from './schema.js';
import { newId } from '../../platform/ids.js';

const RECEIVER_KIND = { adult: 'adult_social_care', child: 'childrens_social_care' } as const;
/** The safeguarding-question tasks a raised concern answers. */
const ANSWERS_TASK = { adult: 'adult_safeguarding_concern', child: 'children_referral' } as const;

/**
 * Raises an adult (Care Act 2014 s42) or children's (Children Act 1989) concern to the area's
 * social care agency, recording what was shared; the receiver gets a task to acknowledge it.
 */
export async function raiseConcern(access: Access, input: z.infer<typeof ConcernInput>) {
  const actor = access.requireRole('officer', 'team_leader', 'partner');
  const personId = await knownPerson(access, input.personId);
  if (!personId) throw invalidField('body.personId', 'no such person');
  if (input.caseId) await caseFor(access, input.caseId, 'contribute');
  const kind = RECEIVER_KIND[input.kind];
  const to = await access.db.query<{ id: string; name: string }>('select id, name from agencies where area_id = $1 and kind = $2 order by name limit 1', [actor.areaId, kind]);
  const receiver = to.rows[0];
  if (!receiver) throw invalidField('body.kind', `this area has no ${kind.replace(/_/g, ' ')} agency to receive the concern`);
  return access.write(async (q, audit) => {
    const id = newId();
    await q.query(
      `insert into safeguarding_concerns (id, kind, person_id, case_id, raised_by, raising_agency_id, to_agency_id, reason, what_shared, source_assessment_id)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,(select id from assessments where id = $10))`,
      [id, input.kind, personId, input.caseId ?? null, actor.userId, actor.agencyId, receiver.id, input.reason, input.whatShared, input.sourceAssessmentId ?? null],
    );
    // The receiving agency joins the case so it can see what it needs for its enquiry.
    if (input.caseId) await q.query("insert into case_agencies (case_id, agency_id, role) values ($1,$2,'partner') on conflict do nothing", [input.caseId, receiver.id]);
    await createTask(q, {
      kind: 'safeguarding_concern_received',
      title: `${input.kind === 'adult' ? 'Adult' : "Children's"} safeguarding concern to acknowledge`,
      caseId: input.caseId ?? null,
      personId,
      agencyId: receiver.id,
      dueAt: new Date(Date.now() + 86_400_000),
      dedupeKey: `concern:${id}`,
      detail: { concernId: id },
    });
    await q.query(
      "update tasks set status = 'done', done_at = now(), done_by = $3, done_note = $4 where person_id = $1 and kind = $2 and status = 'open'",
      [personId, ANSWERS_TASK[input.kind], actor.userId, `Concern raised to ${receiver.name}`],
    );
    audit({ subjectType: 'safeguarding_concern', subjectId: id, action: 'raise', detail: { kind: input.kind, personId, caseId: input.caseId ?? null, toAgencyId: receiver.id, whatShared: input.whatShared } });
    return { id, toAgencyId: receiver.id, toAgency: receiver.name, status: 'raised' as const };
  });
}

const NEXT: Record<string, string[]> = { raised: ['acknowledged'], acknowledged: ['enquiry', 'outcome'], enquiry: ['outcome'], outcome: [] };

/** The receiving agency moves the concern along: acknowledged → enquiry → outcome. */
export async function updateConcern(access: Access, id: string, u: z.infer<typeof ConcernUpdate>) {
  const actor = access.requireRole('officer', 'team_leader', 'partner');
  await access.write(async (q, audit) => {
    const r = await q.query<{ status: string; to_agency_id: string; raised_by: string | null; raising_agency_id: string; person_id: string; case_id: string | null }>(
      'select status, to_agency_id, raised_by, raising_agency_id, person_id, case_id from safeguarding_concerns where id = $1 for update',
      [id],
    );
    const c = r.rows[0];
    if (!c) throw notFound('Safeguarding concern');
    if (c.to_agency_id !== actor.agencyId) throw forbidden('Only the agency that received the concern updates it.');
    if (!NEXT[c.status].includes(u.status)) throw new Problem(409, `A concern that is ${c.status} cannot move to ${u.status}.`, undefined, { allowed: NEXT[c.status] });
    await q.query('update safeguarding_concerns set status = $2, outcome = coalesce($3, outcome), updated_at = now() where id = $1', [id, u.status, u.outcome ?? null]);
    await q.query("update tasks set status = 'done', done_at = now(), done_by = $2, done_note = $3 where dedupe_key = $1 and status = 'open'", [`concern:${id}`, actor.userId, u.status]);
    // The raiser hears the outcome: the loop is closed, not left to a phone call.
    if (u.status === 'outcome') {
      await createTask(q, { kind: 'safeguarding_outcome', title: 'Safeguarding concern outcome recorded: read it and update the plan', personId: c.person_id, caseId: c.case_id, assigneeUserId: c.raised_by, agencyId: c.raising_agency_id, dueAt: new Date(Date.now() + 2 * 86_400_000), dedupeKey: `concern_outcome:${id}`, detail: { concernId: id } });
    }
    audit({ subjectType: 'safeguarding_concern', subjectId: id, action: u.status, detail: { outcome: u.outcome ?? null } });
  });
}

interface ConcernRow {
  id: string;
  kind: string;
  person_id: string;
  display_name: string;
  case_id: string | null;
  status: string;
  outcome: string | null;
  reason: string;
  what_shared: string;
  created_at: Date;
  updated_at: Date;
  raising_agency_id: string;
  to_agency_id: string;
  raising: string;
  receiving: string;
  raised_by_name: string | null;
}

const SELECT = `select s.*, p.display_name, ra.name as raising, ta.name as receiving, u.display_name as raised_by_name
  from safeguarding_concerns s join people p on p.id = s.person_id join agencies ra on ra.id = s.raising_agency_id
  join agencies ta on ta.id = s.to_agency_id left join users u on u.id = s.raised_by`;

/** Shown to the two agencies that hold it; reason, what was shared and the outcome are safeguarding data. */
async function view(access: Access, rows: ConcernRow[]) {
  const out = [];
  const disclosed: string[] = [];
  for (const r of rows) {
    const { value, disclosed: d } = await access.filter(
      { ownerAgencyIds: [r.raising_agency_id, r.to_agency_id], caseAgencyIds: [], caseIds: r.case_id ? [r.case_id] : [], personId: r.person_id },
      {
        id: r.id, kind: r.kind, personId: r.person_id, person: r.display_name, caseId: r.case_id, status: r.status, raisedAt: new Date(r.created_at).toISOString(),
        updatedAt: new Date(r.updated_at).toISOString(), raisedBy: r.raised_by_name, raisingAgency: r.raising, receivingAgency: r.receiving, reason: r.reason, whatShared: r.what_shared, outcome: r.outcome,
      },
      { reason: 'safeguarding', whatShared: 'safeguarding', outcome: 'safeguarding' },
    );
    if (d.length) disclosed.push(r.id);
    out.push(value);
  }
  await access.auditRead([{ subjectType: 'safeguarding_concern', subjectId: null, action: 'list', fields: disclosed.length ? ['safeguarding'] : [], detail: { concerns: disclosed } }]);
  return out;
}

/** Concerns the actor's agency raised or received, newest first. */
export async function listConcerns(access: Access, f: z.infer<typeof ConcernListQuery>) {
  const actor = access.requireRole('officer', 'team_leader', 'partner', 'dpo');
  const { rows } = await access.db.query<ConcernRow>(
    `${SELECT} where (($2 <> 'received' and s.raising_agency_id = $1) or ($2 <> 'raised' and s.to_agency_id = $1))
       and ($3::text is null or s.status = $3) and ($4::uuid is null or s.case_id = $4)
     order by s.created_at desc limit 200`,
    [actor.agencyId, f.direction, f.status ?? null, f.caseId ?? null],
  );
  return view(access, rows);
}

export async function getConcern(access: Access, id: string) {
  const actor = access.user();
  const { rows } = await access.db.query<ConcernRow>(`${SELECT} where s.id = $1`, [id]);
  const r = rows[0];
  // Only the raising and receiving agencies (and the DPO, for audit) know it exists.
  if (!r || (![r.raising_agency_id, r.to_agency_id].includes(actor.agencyId) && actor.role !== 'dpo')) throw notFound('Safeguarding concern');
  return (await view(access, [r]))[0];
}
