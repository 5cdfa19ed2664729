import { z } from 'zod';
import { pastDateTime, text } from '../../platform/validation.js';

export const AssessmentInput = z.object({
  personId: z.uuid(),
  caseId: z.uuid().optional(),
  questionnaireId: z.string().regex(/^[a-z0-9-]{2,60}$/, 'must be a questionnaire id'),
  questionnaireVersion: z.number().int().min(1).optional(),
  assessedAt: pastDateTime('assessedAt').optional(),
  answers: z.record(z.string().max(80), z.unknown()),
});

export const ProportionalityInput = z.object({
  personId: z.uuid(),
  caseId: z.uuid(),
  canComply: text(4000).pipe(z.string().min(1, 'say whether and how this person can comply')),
  supportInPlace: text(4000).pipe(z.string().min(1, 'say what support is in place')),
  equalityConsiderations: text(4000).pipe(z.string().min(1, 'record the equality considerations')),
});

export const ConcernInput = z.object({
  kind: z.enum(['adult', 'child']),
  personId: z.uuid(),
  caseId: z.uuid().optional(),
  reason: text(4000).pipe(z.string().min(1)),
  whatShared: text(4000).pipe(z.string().min(1, 'record what was shared and why')),
});

export const ConcernUpdate = z
  .object({ status: z.enum(['acknowledged', 'enquiry', 'outcome']), outcome: text(4000).optional() })
  .refine((u) => u.status !== 'outcome' || (u.outcome && u.outcome.length > 0), { message: 'an outcome needs its text', path: ['outcome'] });

export const ChildrenDecisionInput = z.object({ decision: text(4000).pipe(z.string().min(1)), referralMade: z.boolean() });
