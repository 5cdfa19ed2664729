import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Access } from '../../platform/access/access.js';
import type { AppContext } from '../../platform/http/context.js';
import { invalidField, notFound } from '../../platform/errors.js';
import { resolvePerson } from '../people/store.js';
import { caseFor } from '../cases/service.js';
import { assertProportionate } from '../risk/service.js';
import type { RiskData } from '../risk/rules/index.js';
import type { BreachInput, ComplianceInput, InterventionInput, InterventionUpdate } from './schema.js';

/** Records an intervention; enforcement above a warning must pass the proportionality gate first (409). */
export async function recordIntervention(ctx: AppContext, access: Access, caseId: string, input: z.infer<typeof InterventionInput>) {
  const actor = access.requireRole('officer', 'team_leader', 'partner');
  await caseFor(access, caseId, 'contribute');
  const personId = await resolvePerson(access.db, input.personId);
  const onCase = personId ? await access.db.query('select 1 from case_people where case_id = $1 and person_id = $2', [caseId, personId]) : { rowCount: 0 };
  if (!personId || onCase.rowCount === 0) throw invalidField('body.personId', 'this person is not on the case');
  if (input.startDate && input.endDate && input.endDate < input.startDate) throw invalidField('body.endDate', 'ends before it starts');
  if (input.kind === 'enforcement') {
    if (actor.role === 'partner') throw invalidField('body.kind', 'enforcement is recorded by the lead agency\'s officers');
    await assertProportionate(ctx.services.riskData as RiskData, access.db, personId, caseId, input.type);
  }
  return access.write(async (q, audit) => {
    const id = randomUUID();
    await q.query(
      `insert into interventions (id, case_id, person_id, kind, type, receiving_service, consent, terms, start_date, end_date, agency_id, created_by)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
      [id, caseId, personId, input.kind, input.type, 'receivingService' in input ? (input.receivingService ?? null) : null, 'consent' in input ? input.consent : null, input.terms ?? null, input.startDate ?? null, input.endDate ?? null, actor.agencyId, actor.userId],
    );
    const requirements: string[] = [];
    if (input.kind === 'enforcement') {
      for (const r of input.positiveRequirements) {
        const rid = randomUUID();
        await q.query('insert into positive_requirements (id, intervention_id, kind, description, provider) values ($1,$2,$3,$4,$5)', [rid, id, r.kind, r.description, r.provider]);
        requirements.push(rid);
      }
    }
    if (input.kind === 'mediation') {
      const s = input.screening;
      await q.query('insert into mediation_screenings (intervention_id, capacity, power_imbalance, willingness, risk_note, result, screened_by) values ($1,$2,$3,$4,$5,$6,$7)', [
        id, s.capacity, s.powerImbalance, s.willingness, s.riskNote ?? null, s.result, actor.userId,
      ]);
      if (s.result === 'not_suitable') await q.query("update interventions set status = 'declined' where id = $1", [id]);
    }
    audit({ subjectType: 'intervention', subjectId: id, action: 'create', detail: { caseId, personId, kind: input.kind, type: input.type, requirements: requirements.length } });
    return { id, positiveRequirementIds: requirements };
  });
}

async function interventionCase(access: Access, id: string) {
  const r = await access.db.query<{ case_id: string }>('select case_id from interventions where id = $1', [id]);
  if (!r.rows[0]) throw notFound('Intervention');
  await caseFor(access, r.rows[0].case_id, 'contribute');
  return r.rows[0].case_id;
}

export async function updateIntervention(access: Access, id: string, u: z.infer<typeof InterventionUpdate>) {
  await interventionCase(access, id);
  await access.write(async (q, audit) => {
    await q.query('update interventions set status = coalesce($2, status), outcome = coalesce($3, outcome), outcome_note = coalesce($4, outcome_note) where id = $1', [id, u.status ?? null, u.outcome ?? null, u.outcomeNote ?? null]);
    audit({ subjectType: 'intervention', subjectId: id, action: 'update', detail: u });
  });
}

export async function recordCompliance(access: Access, id: string, c: z.infer<typeof ComplianceInput>) {
  const actor = access.user();
  await interventionCase(access, id);
  if (c.requirementId) {
    const r = await access.db.query('select 1 from positive_requirements where id = $1 and intervention_id = $2', [c.requirementId, id]);
    if (r.rowCount === 0) throw invalidField('body.requirementId', 'not a requirement of this intervention');
  }
  return access.write(async (q, audit) => {
    const cid = randomUUID();
    await q.query('insert into compliance_checks (id, intervention_id, requirement_id, checked_at, complied, note, checked_by) values ($1,$2,$3,$4,$5,$6,$7)', [cid, id, c.requirementId ?? null, c.checkedAt, c.complied, c.note ?? null, actor.userId]);
    audit({ subjectType: 'intervention', subjectId: id, action: 'compliance_check', detail: { complied: c.complied } });
    return { id: cid };
  });
}

export async function recordBreach(access: Access, id: string, b: z.infer<typeof BreachInput>) {
  const actor = access.user();
  await interventionCase(access, id);
  return access.write(async (q, audit) => {
    const bid = randomUUID();
    await q.query('insert into breaches (id, intervention_id, occurred_at, description, action_taken, recorded_by) values ($1,$2,$3,$4,$5,$6)', [bid, id, b.occurredAt, b.description, b.actionTaken ?? null, actor.userId]);
    audit({ subjectType: 'intervention', subjectId: id, action: 'breach', detail: { breachId: bid } });
    return { id: bid };
  });
}

/** The case's interventions with requirements, checks and breaches; enforcement is criminal-justice data, health referrals health data. */
export async function caseInterventions(access: Access, caseId: string) {
  const { scope } = await caseFor(access, caseId, 'read');
  const { rows } = await access.db.query<{ id: string; person_id: string; person: string; kind: string; type: string; status: string; receiving_service: string | null; consent: boolean | null; terms: string | null; start_date: string | null; end_date: string | null; outcome: string | null; outcome_note: string | null; agency_id: string; agency: string; created_at: Date }>(
    `select i.*, p.display_name as person, a.name as agency from interventions i join people p on p.id = i.person_id join agencies a on a.id = i.agency_id where i.case_id = $1 order by i.created_at`,
    [caseId],
  );
  const ids = rows.map((r) => r.id);
  const [reqs, checks, breaches, screenings] = await Promise.all([
    access.db.query<{ id: string; intervention_id: string; kind: string; description: string; provider: string; status: string }>('select * from positive_requirements where intervention_id = any($1::uuid[])', [ids]),
    access.db.query<{ intervention_id: string; checked_at: Date; complied: boolean; note: string | null }>('select * from compliance_checks where intervention_id = any($1::uuid[]) order by checked_at', [ids]),
    access.db.query<{ intervention_id: string; occurred_at: Date; description: string; action_taken: string | null }>('select * from breaches where intervention_id = any($1::uuid[]) order by occurred_at', [ids]),
    access.db.query<{ intervention_id: string; result: string; capacity: string; power_imbalance: string; willingness: string }>('select * from mediation_screenings where intervention_id = any($1::uuid[])', [ids]),
  ]);
  const out = [];
  for (const r of rows) {
    const category = r.kind === 'enforcement' ? 'criminal_justice' : r.type === 'mental_health' || r.type === 'substance_misuse' ? 'health' : 'case_notes';
    const { value } = await access.filter(
      { ownerAgencyIds: [r.agency_id], caseAgencyIds: scope.agencyIds, caseIds: [caseId] },
      {
        id: r.id, personId: r.person_id, person: r.person, kind: r.kind, type: r.type, status: r.status, agencyName: r.agency, createdAt: new Date(r.created_at).toISOString(),
        details: {
          receivingService: r.receiving_service, consent: r.consent, terms: r.terms, startDate: r.start_date, endDate: r.end_date, outcome: r.outcome, outcomeNote: r.outcome_note,
          positiveRequirements: reqs.rows.filter((x) => x.intervention_id === r.id).map((x) => ({ id: x.id, kind: x.kind, description: x.description, provider: x.provider, status: x.status })),
          complianceChecks: checks.rows.filter((x) => x.intervention_id === r.id).map((x) => ({ checkedAt: new Date(x.checked_at).toISOString(), complied: x.complied, note: x.note })),
          breaches: breaches.rows.filter((x) => x.intervention_id === r.id).map((x) => ({ occurredAt: new Date(x.occurred_at).toISOString(), description: x.description, actionTaken: x.action_taken })),
          screening: screenings.rows.find((x) => x.intervention_id === r.id) ?? null,
        },
      },
      { details: category },
    );
    out.push(value);
  }
  await access.auditRead([{ subjectType: 'case', subjectId: caseId, action: 'read_interventions', fields: out.length ? ['interventions'] : [] }]);
  return out;
}
