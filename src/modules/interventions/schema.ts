import { z } from 'zod';
import { pastDateTime, text } from '../../platform/validation.js';
import { defaultEnforcementLadder } from '../risk/rules/index.js';

export const SUPPORT_TYPES = ['mental_health', 'substance_misuse', 'housing_support', 'debt_advice', 'victim_support', 'floating_support', 'other_support'] as const;
/** The enforcement ladder's steps come from its versioned data file, not a second list here. */
export const ENFORCEMENT_TYPES = defaultEnforcementLadder().steps.map((s) => s.type) as [string, ...string[]];
export const OUTCOMES = ['stopped', 'reduced', 'continued'] as const;
export const MEDIATION_RESULTS = ['suitable', 'suitable_with_support', 'not_suitable'] as const;

const required = (max: number, why: string) => text(max).pipe(z.string().min(1, why));
const day = z.iso.date().refine((d) => d >= '1990-01-01' && d <= '2100-12-31', 'must be a plausible date');

const Requirement = z.object({
  kind: z.enum(['treatment', 'education', 'community_contribution', 'other']),
  description: required(2000, 'say what the person must do'),
  provider: required(200, 'name who provides it'),
});

/** The safety screening: structured so the advice can be derived; the practitioner records the result. */
const Screening = z.object({
  capacity: z.enum(['both_able', 'support_needed', 'a_party_lacks_capacity']),
  powerImbalance: z.enum(['none', 'some', 'significant']),
  willingness: z.enum(['both_willing', 'one_unwilling', 'neither_willing']),
  notes: text(4000).optional(),
  riskNote: text(2000).optional(),
  result: z.enum(MEDIATION_RESULTS),
  /** Needed when the result is less cautious than the screening's advice. */
  resultReason: text(2000).optional(),
});

const base = {
  personId: z.uuid(),
  terms: text(4000).optional(),
  startDate: day.optional(),
  endDate: day.optional(),
  status: z.enum(['proposed', 'active']).default('active'),
};

export const InterventionInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('support_referral'),
    type: z.enum(SUPPORT_TYPES),
    receivingService: required(200, 'name the service referred to'),
    consent: z.boolean(),
    /** Without consent, the lawful reason for referring anyway (e.g. safeguarding). */
    consentNote: text(2000).optional(),
    ...base,
  }),
  z.object({ kind: z.literal('mediation'), type: z.literal('mediation').default('mediation'), otherPartyId: z.uuid(), receivingService: text(200).optional(), screening: Screening, ...base }),
  z.object({ kind: z.literal('enforcement'), type: z.enum(ENFORCEMENT_TYPES), positiveRequirements: z.array(Requirement).max(10).default([]), ...base }),
]);

export const InterventionUpdate = z
  .object({
    status: z.enum(['proposed', 'active', 'completed', 'ended', 'declined']).optional(),
    outcome: z.enum(OUTCOMES).optional(),
    outcomeNote: text(4000).optional(),
    endDate: day.optional(),
  })
  .refine((u) => Object.values(u).some((v) => v !== undefined), { message: 'give at least one of status, outcome, outcomeNote, endDate', path: ['status'] });

export const RequirementUpdate = z.object({ status: z.enum(['active', 'completed', 'not_met']) });
export const RequirementParams = z.object({ id: z.uuid(), requirementId: z.uuid() });

export const ComplianceInput = z.object({ checkedAt: pastDateTime('checkedAt'), complied: z.boolean(), requirementId: z.uuid().optional(), note: text(4000).optional() });
export const BreachInput = z.object({
  occurredAt: pastDateTime('occurredAt'),
  description: required(4000, 'describe the breach'),
  actionTaken: text(4000).optional(),
  requirementId: z.uuid().optional(),
});

export const CaseOutcomeInput = z.object({ outcome: z.enum(OUTCOMES), note: text(4000).optional() });
