import { z } from 'zod';
import { Paging, pastDateTime, text } from '../../platform/validation.js';

export const CASE_TYPES = ['asb', 'safeguarding_led', 'complex_case'] as const;
export const CASE_ROLES = ['victim', 'alleged_perpetrator', 'witness', 'reporter', 'child', 'household_member'] as const;
export const CONTACT_METHODS = ['in_person', 'phone', 'letter', 'email', 'video'] as const;

export const CaseInput = z.object({
  title: text(200).pipe(z.string().min(1)),
  caseType: z.enum(CASE_TYPES).default('asb'),
  reportIds: z.array(z.uuid()).min(1, 'open a case from at least one report').max(200),
  leadOfficerId: z.uuid().optional(),
  partnerAgencyIds: z.array(z.uuid()).max(20).default([]),
});

export const CaseUpdate = z
  .object({
    title: text(200).pipe(z.string().min(1)).optional(),
    status: z.enum(['open', 'under_review', 'closed']).optional(),
    outcome: text(2000).optional(),
    leadOfficerId: z.uuid().optional(),
  })
  .refine((u) => u.status !== 'closed' || (u.outcome && u.outcome.length > 0), { message: 'closing a case needs an outcome', path: ['outcome'] });

/** Risk levels, the vocabulary of `GET /risk/case-levels`. */
export const RISK_LEVELS = ['standard', 'medium', 'high'] as const;
/** One level (`?harmFaced=high`) or several, repeated (`?harmFaced=medium&harmFaced=high`): always a list after parsing. */
const RiskLevelFilter = z
  .union([z.enum(RISK_LEVELS), z.array(z.enum(RISK_LEVELS)).min(1).max(RISK_LEVELS.length)])
  .transform((v) => (Array.isArray(v) ? v : [v]));

export const CaseListQuery = Paging.extend({
  status: z.enum(['open', 'under_review', 'closed']).optional(),
  mine: z.enum(['true', 'false']).optional(),
  q: text(200).optional(),
  /** Cases whose highest current harm-faced level (among their people, as you may see it) is one of these. */
  harmFaced: RiskLevelFilter.optional(),
  /** The same on the harm-posed lens; given both, a case must meet both. */
  harmPosed: RiskLevelFilter.optional(),
  /** Either side: the highest current level on harm faced or on harm posed is one of these. */
  harmEither: RiskLevelFilter.optional(),
  /**
   * Cases with a side nobody on the case has been assessed on yet (seen or withheld): harmFaced,
   * harmPosed, either (one side or both missing) or both (neither side assessed).
   */
  unassessed: z.enum(['harmFaced', 'harmPosed', 'either', 'both']).optional(),
});

export const AddReport = z.object({ reportId: z.uuid() });
export const AddPerson = z.object({ personId: z.uuid(), role: z.enum(CASE_ROLES) });
export const AddAgency = z.object({ agencyId: z.uuid() });

export const ActionInput = z.object({
  description: text(2000).pipe(z.string().min(1)),
  ownerUserId: z.uuid(),
  dueDate: z.iso.date().optional(),
});
export const ActionUpdate = z.object({
  status: z.enum(['open', 'done', 'cancelled']).optional(),
  dueDate: z.iso.date().optional(),
  ownerUserId: z.uuid().optional(),
});

export const NoteInput = z.object({ body: text(20_000).pipe(z.string().min(1)) });

export const AttachmentInput = z.object({
  filename: text(200)
    .pipe(z.string().min(1))
    .refine((f) => !/[\\/]/.test(f), 'must be a file name, not a path'),
  contentType: z.enum(['application/pdf', 'image/png', 'image/jpeg', 'text/plain', 'text/csv']),
  contentBase64: z.string().min(1).max(16 * 1024 * 1024).regex(/^[A-Za-z0-9+/=\s]+$/, 'must be base64'),
});

export const ContactInput = z.object({
  personId: z.uuid(),
  contactedAt: pastDateTime('contactedAt'),
  method: z.enum(CONTACT_METHODS),
  summary: text(10_000).pipe(z.string().min(1)),
  demeanour: text(2000).optional(),
  homeConditions: text(2000).optional(),
  coping: text(2000).optional(),
  updatedOnProgress: z.boolean().default(false),
  deterioration: z.boolean().default(false),
  feelsSafer: z.enum(['yes', 'no', 'unsure']).optional(),
});
