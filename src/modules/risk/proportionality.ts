import type { z } from 'zod';
import type { Access } from '../../platform/access/access.js';
import type { Queryable } from '../../platform/db/db.js';
import { conflict, invalidField } from '../../platform/errors.js';
import { resolvePerson } from '../people/store.js';
import { caseFor } from '../cases/service.js';
import { checkProportionality, latestRule, type ProportionalityResult, type RiskData } from './rules/index.js';
import type { ProportionalityInput } from './schema.js';
import * as store from './store.js';
import { newId } from '../../platform/ids.js';

/** Records a proportionality and capacity check for a person on a case (can they comply, support, equality). */
export async function recordProportionality(access: Access, input: z.infer<typeof ProportionalityInput>) {
  const actor = access.requireRole('officer', 'team_leader');
  await caseFor(access, input.caseId, 'contribute');
  const personId = await resolvePerson(access.db, input.personId);
  if (!personId || !(await store.personOnCase(access.db, input.caseId, personId))) throw invalidField('body.personId', 'this person is not on that case');
  return access.write(async (q, audit) => {
    const id = newId();
    const r = await q.query<{ recorded_at: Date }>(
      `insert into proportionality_records (id, person_id, case_id, can_comply, support_in_place, equality_considerations, recorded_by, agency_id)
       values ($1,$2,$3,$4,$5,$6,$7,$8) returning recorded_at`,
      [id, personId, input.caseId, input.canComply, input.supportInPlace, input.equalityConsiderations, actor.userId, actor.agencyId],
    );
    audit({ subjectType: 'proportionality_record', subjectId: id, action: 'create', detail: { personId, caseId: input.caseId } });
    return { id, personId, caseId: input.caseId, recordedAt: new Date(r.rows[0].recorded_at).toISOString() };
  });
}

/** The case's proportionality records: capacity and equality notes are health data, support case notes. */
export async function listProportionality(access: Access, caseId: string) {
  const { scope } = await caseFor(access, caseId, 'read');
  const rows = await store.caseProportionality(access.db, caseId);
  const out = [];
  const disclosed: string[] = [];
  for (const r of rows) {
    const { value, disclosed: d } = await access.filter(
      { ownerAgencyIds: [r.agency_id], caseAgencyIds: scope.agencyIds, caseIds: [caseId], personId: r.person_id },
      { id: r.id, personId: r.person_id, recordedAt: new Date(r.recorded_at).toISOString(), recordedBy: r.recorded_by_name, agencyName: r.agency_name, canComply: r.can_comply, supportInPlace: r.support_in_place, equalityConsiderations: r.equality_considerations },
      { canComply: 'health', supportInPlace: 'case_notes', equalityConsiderations: 'health' },
    );
    if (d.length) disclosed.push(r.id);
    out.push(value);
  }
  await access.auditRead([{ subjectType: 'case', subjectId: caseId, action: 'read_proportionality', fields: disclosed.length ? ['canComply', 'supportInPlace', 'equalityConsiderations'] : [], detail: { records: disclosed } }]);
  return out;
}

/**
 * The gate's answer for one step: enforcement above a warning needs a current wellbeing and
 * vulnerability assessment and a complete, recent proportionality and capacity record.
 */
export async function proportionalityStatus(data: RiskData, q: Queryable, personId: string, caseId: string, interventionType: string, now = new Date()): Promise<ProportionalityResult> {
  const ladder = latestRule(data.enforcementLadders)!;
  const [assessment, record] = await Promise.all([
    store.latestAssessment(q, personId, { questionnaireId: 'wellbeing-vulnerability' }),
    store.latestProportionality(q, personId, caseId),
  ]);
  return checkProportionality(
    {
      interventionType,
      vulnerabilityAssessment: assessment ? { assessedAt: assessment.assessed_at, reviewDue: assessment.review_due } : null,
      proportionalityRecord: record
        ? { canComply: record.can_comply, supportInPlace: record.support_in_place, equalityConsiderations: record.equality_considerations, recordedAt: record.recorded_at }
        : null,
      now,
    },
    ladder,
  );
}

/** Throws 409 (problem type proportionality-gate) listing what is missing, with codes. */
export async function assertProportionate(data: RiskData, q: Queryable, personId: string, caseId: string, interventionType: string): Promise<void> {
  const result = await proportionalityStatus(data, q, personId, caseId, interventionType);
  if (result.allowed) return;
  const label = result.step?.label ?? interventionType.replace(/_/g, ' ');
  throw conflict(`${label} cannot be recorded yet: ${result.missing.map((m) => m.message).join(' ')}`, { missing: result.missing }, 'proportionality-gate');
}
