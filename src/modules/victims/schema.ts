import { z } from 'zod';
import { pastDateTime, text } from '../../platform/validation.js';
import { LEVELS } from './cadence.js';

/** Support a victim may be offered (the receiving service is named in `provider`). */
export const SUPPORT_SERVICES = [
  'victim_support',
  'mental_health',
  'counselling',
  'housing_support',
  'floating_support',
  'substance_misuse',
  'debt_advice',
  'target_hardening',
  'mediation',
  'restorative_justice',
  'independent_advocate',
  'other',
] as const;

export const OFFER_STATUSES = ['offered', 'accepted', 'declined'] as const;
export const IMPACT_HOW = ['in_person', 'phone', 'letter', 'email', 'video', 'written_by_victim'] as const;

export const CaseVictim = z.object({ id: z.uuid(), personId: z.uuid() });

export const LevelInput = z.object({
  level: z.enum(LEVELS),
  reason: text(2000).pipe(z.string().min(3, 'say why the level is set (at least 3 characters)')),
});

export const SupportOfferInput = z
  .object({
    service: z.enum(SUPPORT_SERVICES),
    provider: text(200).optional(),
    offeredAt: pastDateTime('offeredAt'),
    status: z.enum(OFFER_STATUSES).default('offered'),
    reason: text(2000).optional(),
  })
  .refine((o) => o.status !== 'declined' || !!o.reason, { message: 'record why the support was declined', path: ['reason'] })
  .refine((o) => o.service !== 'other' || !!o.provider, { message: 'name the service when it is "other"', path: ['provider'] });

export const SupportResponseInput = z
  .object({
    status: z.enum(['accepted', 'declined']),
    reason: text(2000).optional(),
    respondedAt: pastDateTime('respondedAt').optional(),
  })
  .refine((o) => o.status !== 'declined' || !!o.reason, { message: 'record why the support was declined', path: ['reason'] });

export const ImpactInput = z.object({
  inTheirWords: text(20_000).pipe(z.string().min(3, "record the victim's own words (at least 3 characters)")),
  how: z.enum(IMPACT_HOW),
  recordedAt: pastDateTime('recordedAt').optional(),
});

export const DueQuery = z.object({
  withinDays: z.coerce.number().int().min(0).max(365).default(7),
  officerId: z.uuid().optional(),
});

const Withheld = z.object({ withheld: z.literal(true), category: z.string(), reason: z.string() });
const Maybe = <T extends z.ZodType>(t: T) => z.union([t, Withheld]);

export const UpdateStatusView = z.object({
  level: Maybe(z.enum(LEVELS)),
  levelSource: z.enum(['assessment', 'officer', 'default']),
  cadence: z.string(),
  lastUpdateAt: z.string().nullable(),
  nextUpdateDue: z.string(),
  state: z.enum(['not_due', 'due_soon', 'overdue']),
});

/** A row of the due list: the level is withheld or left out when the policy says so (restricted processing). */
export const DueItem = UpdateStatusView.extend({
  level: Maybe(z.enum(LEVELS)).optional(),
  caseId: z.string(),
  caseReference: z.string(),
  caseTitle: z.string(),
  personId: z.string(),
  displayName: Maybe(z.string()).optional(),
  leadOfficer: z.string().nullable(),
});

export const Created = z.object({ id: z.string() });
