import { z } from 'zod';
import { CATEGORIES } from '../../platform/access/policy.js';
import { text } from '../../platform/validation.js';

export const MEETING_KINDS = ['case_conference', 'complex_case_panel'] as const;
export const CHALLENGE_SUBJECTS = ['meeting_decision', 'meeting', 'case', 'intervention', 'assessment', 'action'] as const;
/** Roles that work cases, so whoever receives a challenge can read the case it is about. */
export const CHALLENGE_ROLES = ['officer', 'team_leader', 'partner'] as const;

const required = (max: number, what: string) => text(max).pipe(z.string().min(1, `${what} is required`));

/** A meeting is a plan: it may be in the past (recording one already held) but not absurdly far either way. */
const meetingTime = z.iso
  .datetime({ offset: true })
  .refine((d) => Math.abs(new Date(d).getTime() - Date.now()) < 2 * 365 * 86_400_000, 'must be within two years of today');

export const Invitee = z.object({
  agencyId: z.uuid(),
  /** A named person from that agency, or leave out to invite the agency to send someone. */
  userId: z.uuid().optional(),
});

export const MeetingInput = z.object({
  kind: z.enum(MEETING_KINDS),
  title: required(200, 'title'),
  scheduledAt: meetingTime,
  location: text(200).optional(),
  /** Defaults to the person scheduling it. */
  chairUserId: z.uuid().optional(),
  invitees: z.array(Invitee).min(1, 'invite at least one agency').max(40),
});

export const MeetingUpdate = z
  .object({
    scheduledAt: meetingTime.optional(),
    location: text(200).optional(),
    status: z.enum(['held', 'cancelled']).optional(),
    minutes: text(50_000).optional(),
    cancelledReason: text(2000).optional(),
    /** Who attended, by invitee. */
    attendance: z.array(z.object({ agencyId: z.uuid(), userId: z.uuid().optional(), attended: z.boolean() })).max(40).optional(),
  })
  .refine((u) => u.status !== 'cancelled' || !!u.cancelledReason, { message: 'say why the meeting is cancelled', path: ['cancelledReason'] })
  .refine((u) => u.status !== 'held' || !!u.minutes, { message: 'record the minutes when marking the meeting held', path: ['minutes'] });

export const AgencyViewInput = z.object({
  view: required(20_000, 'view'),
  concerns: text(5000).optional(),
  recommendation: text(5000).optional(),
  /** What the view holds, so partners without an agreement for it see it as withheld (e.g. `health`). */
  category: z.enum(CATEGORIES).exclude(['minimal_identity']).default('case_notes'),
});

export const DecisionInput = z.object({
  decision: required(5000, 'decision'),
  rationale: text(5000).optional(),
});

export const MeetingActionInput = z.object({
  description: required(2000, 'description'),
  ownerUserId: z.uuid(),
  dueDate: z.iso.date(),
});

export const MeetingListQuery = z.object({
  scope: z.enum(['mine', 'upcoming']).default('upcoming'),
});

export const ChallengeInput = z.object({
  caseId: z.uuid(),
  subjectType: z.enum(CHALLENGE_SUBJECTS),
  subjectId: z.uuid().optional(),
  reason: required(5000, 'reason'),
  /** The role it goes to, in `toAgencyId` (default: the case's lead agency's team leader). */
  toRole: z.enum(CHALLENGE_ROLES).default('team_leader'),
  toAgencyId: z.uuid().optional(),
});

export const ChallengeUpdate = z.discriminatedUnion('status', [
  z.object({ status: z.literal('responded'), response: required(5000, 'response') }),
  z.object({ status: z.literal('resolved'), note: text(2000).optional() }),
  z.object({ status: z.literal('withdrawn'), note: text(2000).optional() }),
  z.object({
    status: z.literal('escalated'),
    reason: required(5000, 'reason'),
    toRole: z.enum(CHALLENGE_ROLES),
    toAgencyId: z.uuid().optional(),
  }),
]);

export const ChallengeListQuery = z.object({
  scope: z.enum(['mine', 'to_me', 'case']).default('to_me'),
  caseId: z.uuid().optional(),
  status: z.enum(['open', 'responded', 'resolved', 'withdrawn', 'all']).default('all'),
});
