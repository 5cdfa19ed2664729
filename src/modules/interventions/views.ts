import type { Access } from '../../platform/access/access.js';
import type { Queryable } from '../../platform/db/db.js';
import type { ChronologyPart, ChronologyRow } from '../cases/chronology.js';
import { caseFor } from '../cases/service.js';
import { interventionCategory } from './rules.js';
import * as store from './store.js';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/**
 * The case's interventions with requirements, compliance checks, breaches and screenings. The
 * details are enforcement (criminal_justice), health referrals (health) or case notes; a withheld
 * health referral shows only as a "support_referral", so its type does not give the health away.
 */
export async function caseInterventions(access: Access, caseId: string) {
  const { scope } = await caseFor(access, caseId, 'read');
  const { rows, requirements, checks, breaches, screenings } = await store.caseInterventionRows(access.db, caseId);
  const out = [];
  const disclosed: string[] = [];
  for (const r of rows) {
    const category = interventionCategory(r.kind, r.type);
    const s = screenings.find((x) => x.intervention_id === r.id);
    const { value, disclosed: d } = await access.filter(
      { ownerAgencyIds: [r.agency_id], caseAgencyIds: scope.agencyIds, caseIds: [caseId], personId: r.person_id },
      {
        id: r.id, personId: r.person_id, person: r.person, kind: r.kind, type: r.type, status: r.status, agencyName: r.agency, createdAt: iso(r.created_at),
        details: {
          receivingService: r.receiving_service, consent: r.consent, consentNote: r.consent_note, terms: r.terms, startDate: r.start_date, endDate: r.end_date,
          outcome: r.outcome, outcomeNote: r.outcome_note, outcomeAt: iso(r.outcome_at), otherPartyId: r.other_party_id, otherParty: r.other_party,
          positiveRequirements: requirements.filter((x) => x.intervention_id === r.id).map((x) => ({ id: x.id, kind: x.kind, description: x.description, provider: x.provider, status: x.status })),
          complianceChecks: checks.filter((x) => x.intervention_id === r.id).map((x) => ({ id: x.id, requirementId: x.requirement_id, checkedAt: iso(x.checked_at), complied: x.complied, note: x.note })),
          breaches: breaches.filter((x) => x.intervention_id === r.id).map((x) => ({ id: x.id, requirementId: x.requirement_id, occurredAt: iso(x.occurred_at), description: x.description, actionTaken: x.action_taken })),
          screening: s
            ? { capacity: s.capacity, powerImbalance: s.power_imbalance, willingness: s.willingness, notes: s.notes, riskNote: s.risk_note, advice: s.advice, adviceReasons: s.advice_reasons, result: s.result, resultReason: s.result_reason, screenedAt: iso(s.screened_at) }
            : null,
        },
        // Both parties' levels at screening are risk data in their own right.
        ...(s ? { riskAtScreening: s.party_levels } : {}),
      },
      { type: category, details: category, riskAtScreening: 'risk' },
    );
    if (typeof value.type !== 'string') value.type = r.kind;
    if (d.length) disclosed.push(r.id);
    out.push(value);
  }
  await access.auditRead([{ subjectType: 'case', subjectId: caseId, action: 'read_interventions', fields: disclosed.length ? ['interventions'] : [], detail: { interventions: disclosed } }]);
  return out;
}

/** The case's behaviour outcome, if recorded (case notes). */
export async function viewCaseOutcome(access: Access, caseId: string) {
  const { scope } = await caseFor(access, caseId, 'read');
  const o = await store.caseOutcome(access.db, caseId);
  if (!o) return { outcome: null };
  const { value, disclosed } = await access.filter(
    { ownerAgencyIds: [o.agency_id], caseAgencyIds: scope.agencyIds, caseIds: [caseId] },
    { outcome: o.outcome, note: o.note, recordedAt: iso(o.recorded_at), recordedBy: o.recorded_by_name },
    { note: 'case_notes' },
  );
  await access.auditRead([{ subjectType: 'case', subjectId: caseId, action: 'read_outcome', fields: disclosed }]);
  return value;
}

const CHRONO_KIND: Record<string, string> = { enforcement: 'enforcement', mediation: 'mediation', support_referral: 'referral' };

/** Referrals, mediations, enforcement steps, compliance checks and breaches on the merged chronology. */
export const interventionChronology: ChronologyPart[] = [
  {
    sql: `select i.created_at as at, i.agency_id, a.name as agency_name, i.id as ref_id, null as by_name,
            json_build_object('kind', i.kind, 'type', i.type, 'status', i.status, 'receivingService', i.receiving_service, 'outcome', i.outcome, 'person', p.display_name) as d
          from interventions i join people p on p.id = i.person_id join agencies a on a.id = i.agency_id where i.case_id = $1`,
    entries: (r: ChronologyRow<{ kind: string; type: string; status: string; receivingService: string | null; outcome: string | null; person: string }>) => [
      {
        at: iso(r.at)!,
        kind: CHRONO_KIND[r.d.kind],
        agencyId: r.agency_id,
        agencyName: r.agency_name,
        title: `${r.d.kind === 'support_referral' ? `Referral (${r.d.type.replace(/_/g, ' ')})` : r.d.type.replace(/_/g, ' ')} for ${r.d.person}`,
        summary: [`Status: ${r.d.status}`, r.d.receivingService && `to ${r.d.receivingService}`, r.d.outcome && `outcome: behaviour ${r.d.outcome}`].filter(Boolean).join('; '),
        category: interventionCategory(r.d.kind, r.d.type),
        ref: { type: 'intervention', id: r.ref_id },
      },
    ],
  },
  {
    sql: `select c.checked_at as at, i.agency_id, a.name as agency_name, c.id as ref_id, null as by_name, json_build_object('type', i.type, 'complied', c.complied) as d
          from compliance_checks c join interventions i on i.id = c.intervention_id join agencies a on a.id = i.agency_id where i.case_id = $1`,
    entries: (c: ChronologyRow<{ type: string; complied: boolean }>) => [
      { at: iso(c.at)!, kind: 'compliance_check', agencyId: c.agency_id, agencyName: c.agency_name, title: `Compliance check: ${c.d.type.replace(/_/g, ' ')}`, summary: c.d.complied ? 'Complied' : 'Not complied', category: 'criminal_justice', ref: { type: 'compliance_check', id: c.ref_id } },
    ],
  },
  {
    sql: `select b.occurred_at as at, i.agency_id, a.name as agency_name, b.id as ref_id, null as by_name, json_build_object('type', i.type, 'description', b.description) as d
          from breaches b join interventions i on i.id = b.intervention_id join agencies a on a.id = i.agency_id where i.case_id = $1`,
    entries: (b: ChronologyRow<{ type: string; description: string }>) => [
      { at: iso(b.at)!, kind: 'breach', agencyId: b.agency_id, agencyName: b.agency_name, title: `Breach of ${b.d.type.replace(/_/g, ' ')}`, summary: b.d.description, category: 'criminal_justice', ref: { type: 'breach', id: b.ref_id } },
    ],
  },
];
