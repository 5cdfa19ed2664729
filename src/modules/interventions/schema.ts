import { z } from 'zod';
import { pastDateTime, text } from '../../platform/validation.js';
import { defaultEnforcementLadder } from '../risk/rules/index.js';

export const SUPPORT_TYPES = ['mental_health', 'substance_misuse', 'housing_support', 'debt_advice', 'victim_support', 'floating_support', 'other_support'] as const;
/** The enforcement ladder's steps come from its versioned data file, not a second list here. */
export const ENFORCEMENT_TYPES = defaultEnforcementLadder().steps.map((s) => s.type) as [string, ...string[]];

const Requirement = z.object({
  kind: z.enum(['treatment', 'education', 'community_contribution', 'other']),
  description: text(2000).pipe(z.string().min(1)),
  provider: text(200).pipe(z.string().min(1, 'name who provides it')),
});

const Screening = z.object({
  capacity: text(2000).pipe(z.string().min(1)),
  powerImbalance: text(2000).pipe(z.string().min(1)),
  willingness: text(2000).pipe(z.string().min(1)),
  riskNote: text(2000).optional(),
  result: z.enum(['suitable', 'suitable_with_support', 'not_suitable']),
});

const base = {
  personId: z.uuid(),
  terms: text(4000).optional(),
  startDate: z.iso.date().optional(),
  endDate: z.iso.date().optional(),
};

export const InterventionInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('support_referral'), type: z.enum(SUPPORT_TYPES), receivingService: text(200).pipe(z.string().min(1)), consent: z.boolean(), ...base }),
  z.object({ kind: z.literal('mediation'), type: z.literal('mediation').default('mediation'), receivingService: text(200).optional(), screening: Screening, otherPartyId: z.uuid().optional(), ...base }),
  z.object({ kind: z.literal('enforcement'), type: z.enum(ENFORCEMENT_TYPES), positiveRequirements: z.array(Requirement).max(10).default([]), ...base }),
]);

export const InterventionUpdate = z.object({
  status: z.enum(['proposed', 'active', 'completed', 'ended', 'declined']).optional(),
  outcome: z.enum(['stopped', 'reduced', 'continued']).optional(),
  outcomeNote: text(4000).optional(),
});

export const ComplianceInput = z.object({ checkedAt: pastDateTime('checkedAt'), complied: z.boolean(), requirementId: z.uuid().optional(), note: text(4000).optional() });
export const BreachInput = z.object({ occurredAt: pastDateTime('occurredAt'), description: text(4000).pipe(z.string().min(1)), actionTaken: text(4000).optional() });
