import type { z } from 'zod';
import type { Access } from '../../platform/access/access.js';
import type { Queryable } from '../../platform/db/db.js';
import type { AppContext } from '../../platform/http/context.js';
import { Problem, conflict, forbidden, invalidField, notFound } from '../../platform/errors.js';
import { resolvePerson } from '../people/store.js';
import { caseFor } from '../cases/service.js';
import { caseLead, createTask } from '../tasks/store.js';
import type { ProportionalityGate, RiskLevels, RiskNeeds } from '../risk/index.js';
import { defaultEnforcementLadder, ladderStep } from '../risk/rules/index.js';
import { departsFromAdvice, mediationAdvice } from './rules.js';
import type { BreachInput, CaseOutcomeInput, ComplianceInput, InterventionInput, InterventionUpdate } from './schema.js';
import * as store from './store.js';
import { mergeCluster } from '../people/store.js';
import { newId } from '../../platform/ids.js';

type Input = z.infer<typeof InterventionInput>;

async function onCase(access: Access, caseId: string, rawId: string, path: string): Promise<string> {
  const id = await resolvePerson(access.db, rawId);
  const r = id ? await access.db.query(`select 1 from case_people cp where cp.case_id = $1 and cp.person_id in ${mergeCluster('$2')} limit 1`, [caseId, id]) : { rowCount: 0 };
  if (!id || r.rowCount === 0) throw invalidField(path, 'this person is not on the case');
  return id;
}

/** Fails closed: without the risk module nothing above a warning passes. */
async function gate(ctx: AppContext, q: Queryable, personId: string, caseId: string, type: string) {
  const g = ctx.services.proportionalityGate as ProportionalityGate | undefined;
  if (g) return g.assert(q, personId, caseId, type);
  if (ladderStep(type, defaultEnforcementLadder())?.aboveWarning !== false) throw conflict('The proportionality gate is unavailable: only warnings can be recorded.', { missing: [] }, 'proportionality-gate');
}

/** Both parties' levels and recorded mental health needs, then the screening's advice. */
async function screen(ctx: AppContext, q: Queryable, parties: string[], s: Extract<Input, { kind: 'mediation' }>['screening']) {
  const levels = ctx.services.riskLevels as RiskLevels | undefined;
  const needs = ctx.services.riskNeeds as RiskNeeds | undefined;
  const partyLevels = [];
  for (const p of parties) partyLevels.push({ personId: p, harmFaced: (await levels?.latestHarmFaced(q, p)) ?? null, harmPosed: (await levels?.latestHarmPosed(q, p)) ?? null });
  const recorded = needs ? await needs.recordedNeeds(q, parties) : new Map();
  const mentalHealthNeeds = parties.some((p) => recorded.get(p)?.has('mental_health'));
  return { partyLevels, ...mediationAdvice({ capacity: s.capacity, powerImbalance: s.powerImbalance, willingness: s.willingness, parties: partyLevels, mentalHealthNeeds }) };
}

/**
 * Records a support referral, a mediation (with its safety screening) or an enforcement step.
 * Enforcement above a warning passes the proportionality gate first (409 naming what is missing).
 */
export async function recordIntervention(ctx: AppContext, access: Access, caseId: string, input: Input) {
  const actor = access.requireRole('officer', 'team_leader', 'partner');
  await caseFor(access, caseId, 'contribute');
  const personId = await onCase(access, caseId, input.personId, 'body.personId');
  if (input.startDate && input.endDate && input.endDate < input.startDate) throw invalidField('body.endDate', 'ends before it starts');
  if (input.kind === 'support_referral' && !input.consent && !input.consentNote) throw invalidField('body.consentNote', 'without consent, record the lawful reason for referring (e.g. a safeguarding concern)');
  let screening: Awaited<ReturnType<typeof screen>> | null = null;
  let otherPartyId: string | null = null;
  if (input.kind === 'mediation') {
    otherPartyId = await onCase(access, caseId, input.otherPartyId, 'body.otherPartyId');
    if (otherPartyId === personId) throw invalidField('body.otherPartyId', 'mediation needs two different parties');
    screening = await screen(ctx, access.db, [personId, otherPartyId], input.screening);
    if (departsFromAdvice(input.screening.result, screening.advice) && !input.screening.resultReason) {
      throw invalidField('body.screening.resultReason', `the screening advises "${screening.advice.replace(/_/g, ' ')}": say why the result differs`);
    }
  }
  if (input.kind === 'enforcement') {
    if (actor.role === 'partner') throw forbidden("Enforcement is recorded by the agencies' ASB officers and team leaders.");
    await gate(ctx, access.db, personId, caseId, input.type);
  }
  return access.write(async (q, audit) => {
    const id = newId();
    const declined = input.kind === 'mediation' && input.screening.result === 'not_suitable';
    await store.insertIntervention(q, {
      id, caseId, personId, otherPartyId,
      kind: input.kind, type: input.type, status: declined ? 'declined' : input.status,
      receivingService: input.kind === 'enforcement' ? null : (input.receivingService ?? null), consent: input.kind === 'support_referral' ? input.consent : null, consentNote: input.kind === 'support_referral' ? (input.consentNote ?? null) : null,
      terms: input.terms ?? null, startDate: input.startDate ?? null, endDate: input.endDate ?? null, agencyId: actor.agencyId, createdBy: actor.userId,
    });
    const requirementIds: string[] = [];
    if (input.kind === 'enforcement') {
      for (const r of input.positiveRequirements) {
        const rid = newId();
        await q.query('insert into positive_requirements (id, intervention_id, kind, description, provider) values ($1,$2,$3,$4,$5)', [rid, id, r.kind, r.description, r.provider]);
        requirementIds.push(rid);
      }
    }
    if (input.kind === 'mediation' && screening) {
      const s = input.screening;
      await q.query(
        `insert into mediation_screenings (intervention_id, capacity, power_imbalance, willingness, notes, risk_note, result, result_reason, advice, advice_reasons, party_levels, screened_by)
         values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
        [id, s.capacity, s.powerImbalance, s.willingness, s.notes ?? null, s.riskNote ?? null, s.result, s.resultReason ?? null, screening.advice, JSON.stringify(screening.reasons), JSON.stringify(screening.partyLevels), actor.userId],
      );
    }
    audit({ subjectType: 'intervention', subjectId: id, action: 'create', detail: { caseId, personId, kind: input.kind, type: input.type, requirements: requirementIds.length, screening: screening ? { advice: screening.advice, result: input.kind === 'mediation' ? input.screening.result : null } : null } });
    return {
      id,
      kind: input.kind,
      type: input.type,
      status: declined ? 'declined' : input.status,
      positiveRequirementIds: requirementIds,
      ...(screening ? { screening: { advice: screening.advice, reasons: screening.reasons } } : {}),
    };
  });
}

/** Loads the intervention and checks the actor may add to its case. */
async function interventionFor(access: Access, id: string, mode: 'contribute' | 'update') {
  const i = await store.interventionById(access.db, id);
  if (!i) throw notFound('Intervention');
  const { scope } = await caseFor(access, i.case_id, 'contribute');
  // Status and outcome belong to the agency that recorded it, or to the case's lead agency.
  if (mode === 'update' && i.agency_id !== access.user().agencyId && !(await access.canUseCase(scope, 'manage'))) throw forbidden('Only the recording agency or the lead agency updates this intervention.');
  return i;
}

export async function updateIntervention(access: Access, id: string, u: z.infer<typeof InterventionUpdate>) {
  const i = await interventionFor(access, id, 'update');
  if (u.endDate && i.start_date && u.endDate < i.start_date) throw invalidField('body.endDate', 'ends before it starts');
  await access.write(async (q, audit) => {
    await q.query(
      `update interventions set status = coalesce($2, status), outcome = coalesce($3, outcome), outcome_note = coalesce($4, outcome_note),
         outcome_at = case when $3::text is not null then now() else outcome_at end, end_date = coalesce($5::date, end_date) where id = $1`,
      [id, u.status ?? null, u.outcome ?? null, u.outcomeNote ?? null, u.endDate ?? null],
    );
    audit({ subjectType: 'intervention', subjectId: id, action: 'update', detail: u });
  });
}

function requireEnforcement(i: store.InterventionRow, what: string) {
  if (i.kind !== 'enforcement') throw new Problem(409, `${what} are recorded against enforcement steps; this is a ${i.kind.replace(/_/g, ' ')}.`);
}

async function requirementOf(access: Access, interventionId: string, requirementId: string, path: string) {
  const r = await access.db.query('select 1 from positive_requirements where id = $1 and intervention_id = $2', [requirementId, interventionId]);
  if (r.rowCount === 0) throw invalidField(path, 'not a positive requirement of this intervention');
}

export async function updateRequirement(access: Access, id: string, requirementId: string, status: string) {
  const i = await interventionFor(access, id, 'contribute');
  requireEnforcement(i, 'Positive requirements');
  await access.write(async (q, audit) => {
    const r = await q.query('update positive_requirements set status = $3, updated_at = now() where id = $1 and intervention_id = $2', [requirementId, id, status]);
    if (r.rowCount === 0) throw notFound('Positive requirement');
    audit({ subjectType: 'intervention', subjectId: id, action: 'requirement_update', detail: { requirementId, status } });
  });
}

export async function recordCompliance(access: Access, id: string, c: z.infer<typeof ComplianceInput>) {
  const actor = access.requireRole('officer', 'team_leader', 'partner');
  const i = await interventionFor(access, id, 'contribute');
  requireEnforcement(i, 'Compliance checks');
  if (c.requirementId) await requirementOf(access, id, c.requirementId, 'body.requirementId');
  return access.write(async (q, audit) => {
    const cid = newId();
    await q.query('insert into compliance_checks (id, intervention_id, requirement_id, checked_at, complied, note, checked_by) values ($1,$2,$3,$4,$5,$6,$7)', [cid, id, c.requirementId ?? null, c.checkedAt, c.complied, c.note ?? null, actor.userId]);
    audit({ subjectType: 'intervention', subjectId: id, action: 'compliance_check', detail: { checkId: cid, requirementId: c.requirementId ?? null, complied: c.complied } });
    return { id: cid };
  });
}

/** Logs a breach; the case lead gets a task to review support and proportionality before escalating. */
export async function recordBreach(access: Access, id: string, b: z.infer<typeof BreachInput>) {
  const actor = access.requireRole('officer', 'team_leader', 'partner');
  const i = await interventionFor(access, id, 'contribute');
  requireEnforcement(i, 'Breaches');
  if (b.requirementId) await requirementOf(access, id, b.requirementId, 'body.requirementId');
  return access.write(async (q, audit) => {
    const bid = newId();
    await q.query('insert into breaches (id, intervention_id, requirement_id, occurred_at, description, action_taken, recorded_by) values ($1,$2,$3,$4,$5,$6,$7)', [
      bid, id, b.requirementId ?? null, b.occurredAt, b.description, b.actionTaken ?? null, actor.userId,
    ]);
    const lead = await caseLead(q, i.case_id);
    const task = await createTask(q, {
      kind: 'breach_review',
      title: `Breach of ${i.type.replace(/_/g, ' ')}: review support, capacity to comply and proportionality before escalating`,
      caseId: i.case_id,
      personId: i.person_id,
      assigneeUserId: lead?.userId ?? actor.userId,
      agencyId: lead?.agencyId ?? actor.agencyId,
      dueAt: new Date(Date.now() + 3 * 86_400_000),
      dedupeKey: `breach:${bid}`,
      detail: { interventionId: id, breachId: bid },
    });
    audit({ subjectType: 'intervention', subjectId: id, action: 'breach', detail: { breachId: bid, requirementId: b.requirementId ?? null } });
    return { id: bid, taskId: task.id };
  });
}

/** The behaviour outcome for the whole case (stopped / reduced / continued), set by the lead agency. */
export async function setCaseOutcome(access: Access, caseId: string, o: z.infer<typeof CaseOutcomeInput>) {
  const actor = access.user();
  await caseFor(access, caseId, 'manage');
  await access.write(async (q, audit) => {
    await q.query(
      `insert into case_outcomes (case_id, outcome, note, recorded_by, agency_id) values ($1,$2,$3,$4,$5)
       on conflict (case_id) do update set outcome = excluded.outcome, note = excluded.note, recorded_by = excluded.recorded_by, agency_id = excluded.agency_id, recorded_at = now()`,
      [caseId, o.outcome, o.note ?? null, actor.userId, actor.agencyId],
    );
    audit({ subjectType: 'case', subjectId: caseId, action: 'behaviour_outcome', detail: o });
  });
}
