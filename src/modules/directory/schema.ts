import { z } from 'zod';
import { ROLES } from '../../platform/access/policy.js';
import { NewPassword } from '../../platform/auth/passwords.js';

export const AGENCY_KINDS = ['council', 'housing', 'police', 'adult_social_care', 'childrens_social_care', 'health', 'victim_support', 'other'] as const;

export const AreaInput = z.object({
  name: z.string().trim().min(1).max(200),
  caseReviewReportCount: z.number().int().min(1).max(50).default(3),
  caseReviewWindowDays: z.number().int().min(1).max(3660).default(183),
});
export const AgencyInput = z.object({ areaId: z.uuid(), name: z.string().trim().min(1).max(200), kind: z.enum(AGENCY_KINDS) });
export const TeamInput = z.object({ agencyId: z.uuid(), name: z.string().trim().min(1).max(200) });
/** The roles a member of staff can hold (the system's own actor is not one). */
const StaffRole = z.enum(ROLES.filter((r) => r !== 'system') as ['officer', 'team_leader', 'partner', 'dpo', 'admin']);
export const UserInput = z.object({
  agencyId: z.uuid(),
  teamId: z.uuid().nullable().optional(),
  email: z.string().trim().toLowerCase().email().max(254),
  displayName: z.string().trim().min(1).max(200),
  role: StaffRole,
  password: NewPassword,
});

export const Agency = z.object({ id: z.string(), areaId: z.string(), name: z.string(), kind: z.string() });
export const Team = z.object({ id: z.string(), agencyId: z.string(), name: z.string() });
export const User = z.object({
  id: z.string(),
  agencyId: z.string(),
  teamId: z.string().nullable(),
  email: z.string(),
  displayName: z.string(),
  role: z.string(),
  locked: z.boolean(),
  disabled: z.boolean(),
});
/** What an administrator changes about a member of staff: a leaver is disabled (signed out everywhere, tokens revoked). */
export const UserChange = z.object({
  disabled: z.boolean().optional(),
  role: StaffRole.optional(),
  teamId: z.uuid().nullable().optional(),
});
export const Area = z.object({ id: z.string(), name: z.string(), caseReviewReportCount: z.number(), caseReviewWindowDays: z.number() });
