import type { Queryable } from '../../platform/db/db.js';

export interface InterventionRow {
  id: string;
  case_id: string;
  person_id: string;
  other_party_id: string | null;
  kind: 'support_referral' | 'mediation' | 'enforcement';
  type: string;
  status: string;
  receiving_service: string | null;
  consent: boolean | null;
  consent_note: string | null;
  terms: string | null;
  start_date: string | null;
  end_date: string | null;
  outcome: 'stopped' | 'reduced' | 'continued' | null;
  outcome_note: string | null;
  outcome_at: Date | null;
  agency_id: string;
  created_by: string | null;
  created_at: Date;
}

export interface NewIntervention {
  id: string;
  caseId: string;
  personId: string;
  otherPartyId: string | null;
  kind: string;
  type: string;
  status: string;
  receivingService: string | null;
  consent: boolean | null;
  consentNote: string | null;
  terms: string | null;
  startDate: string | null;
  endDate: string | null;
  agencyId: string;
  createdBy: string;
}

export async function insertIntervention(q: Queryable, i: NewIntervention): Promise<void> {
  await q.query(
    `insert into interventions (id, case_id, person_id, other_party_id, kind, type, status, receiving_service, consent, consent_note, terms, start_date, end_date, agency_id, created_by)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
    [i.id, i.caseId, i.personId, i.otherPartyId, i.kind, i.type, i.status, i.receivingService, i.consent, i.consentNote, i.terms, i.startDate, i.endDate, i.agencyId, i.createdBy],
  );
}

export async function interventionById(q: Queryable, id: string): Promise<InterventionRow | null> {
  const r = await q.query<InterventionRow>('select * from interventions where id = $1', [id]);
  return r.rows[0] ?? null;
}

export interface CaseInterventionRow extends InterventionRow {
  person: string;
  other_party: string | null;
  agency: string;
}

export async function caseInterventionRows(q: Queryable, caseId: string) {
  const { rows } = await q.query<CaseInterventionRow>(
    `select i.*, p.display_name as person, o.display_name as other_party, a.name as agency
     from interventions i join people p on p.id = i.person_id left join people o on o.id = i.other_party_id join agencies a on a.id = i.agency_id
     where i.case_id = $1 order by i.created_at, i.id`,
    [caseId],
  );
  const ids = rows.map((r) => r.id);
  // Most cases have no interventions: no need to ask for their parts.
  if (ids.length === 0) return { rows, requirements: [], checks: [], breaches: [], screenings: [] };
  const [requirements, checks, breaches, screenings] = await Promise.all([
    q.query<{ id: string; intervention_id: string; kind: string; description: string; provider: string; status: string }>(
      'select id, intervention_id, kind, description, provider, status from positive_requirements where intervention_id = any($1::uuid[]) order by id',
      [ids],
    ),
    q.query<{ id: string; intervention_id: string; requirement_id: string | null; checked_at: Date; complied: boolean; note: string | null }>(
      'select id, intervention_id, requirement_id, checked_at, complied, note from compliance_checks where intervention_id = any($1::uuid[]) order by checked_at',
      [ids],
    ),
    q.query<{ id: string; intervention_id: string; requirement_id: string | null; occurred_at: Date; description: string; action_taken: string | null }>(
      'select id, intervention_id, requirement_id, occurred_at, description, action_taken from breaches where intervention_id = any($1::uuid[]) order by occurred_at',
      [ids],
    ),
    q.query<{ intervention_id: string; capacity: string; power_imbalance: string; willingness: string; notes: string | null; risk_note: string | null; result: string; result_reason: string | null; advice: string | null; advice_reasons: string[]; party_levels: unknown; screened_at: Date }>(
      'select * from mediation_screenings where intervention_id = any($1::uuid[])',
      [ids],
    ),
  ]);
  return { rows, requirements: requirements.rows, checks: checks.rows, breaches: breaches.rows, screenings: screenings.rows };
}

/** Every intervention on the area's cases, with the case's recorded outcome (for the approaches insight). */
export async function areaInterventions(q: Queryable, areaId: string) {
  const { rows } = await q.query<{ case_id: string; person_id: string; kind: string; type: string; outcome: string | null; outcome_at: Date | null; created_at: Date; case_outcome: string | null }>(
    `select i.case_id, coalesce(p.merged_into, p.id) as person_id, i.kind, i.type, i.outcome, i.outcome_at, i.created_at, co.outcome as case_outcome
     from interventions i join cases c on c.id = i.case_id join people p on p.id = i.person_id left join case_outcomes co on co.case_id = c.id
     where c.area_id = $1 and i.status <> 'declined'`,
    [areaId],
  );
  return rows;
}

export async function caseOutcome(q: Queryable, caseId: string) {
  const r = await q.query<{ outcome: string; note: string | null; recorded_at: Date; agency_id: string; recorded_by_name: string | null }>(
    'select o.outcome, o.note, o.recorded_at, o.agency_id, u.display_name as recorded_by_name from case_outcomes o left join users u on u.id = o.recorded_by where o.case_id = $1',
    [caseId],
  );
  return r.rows[0] ?? null;
}
