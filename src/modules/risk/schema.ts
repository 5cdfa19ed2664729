import { z } from 'zod';
import { pastDateTime, text } from '../../platform/validation.js';

const required = (max: number, why: string) => text(max).pipe(z.string().min(1, why));

/** Answers are stored as JSON: no NUL characters (PostgreSQL refuses them), no deep nesting, no huge texts. */
function storable(answers: Record<string, unknown>, ctx: z.RefinementCtx) {
  const walk = (v: unknown, path: (string | number)[]): void => {
    if (path.length > 4) return void ctx.addIssue({ code: 'custom', path, message: 'nested too deeply' });
    if (typeof v === 'string') {
      if (v.includes('\u0000')) ctx.addIssue({ code: 'custom', path, message: 'must not contain NUL characters' });
      else if (v.length > 8000) ctx.addIssue({ code: 'custom', path, message: 'must be at most 8000 characters' });
    } else if (Array.isArray(v)) v.slice(0, 200).forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v).slice(0, 20)) walk(x, [...path, k]);
  };
  for (const [k, v] of Object.entries(answers)) walk(v, [k]);
}

export const AssessmentInput = z.object({
  personId: z.uuid(),
  caseId: z.uuid().optional(),
  questionnaireId: z.string().regex(/^[a-z0-9-]{2,60}$/, 'must be a questionnaire id'),
  questionnaireVersion: z.number().int().min(1).max(10_000).optional(),
  assessedAt: pastDateTime('assessedAt').optional(),
  /** Checked against the questionnaire itself: errors name `body.answers.<question>.<value|reason>`. */
  answers: z.record(z.string().max(80), z.unknown()).superRefine(storable),
});

export const QuestionnaireParams = z.object({ id: z.string().regex(/^[a-z0-9-]{2,60}$/, 'must be a questionnaire id') });
export const QuestionnaireVersionParams = QuestionnaireParams.extend({ version: z.coerce.number().int().min(1).max(10_000) });

export const ProportionalityInput = z.object({
  personId: z.uuid(),
  caseId: z.uuid(),
  canComply: required(4000, 'say whether and how this person can understand and comply'),
  supportInPlace: required(4000, 'say what support is in place'),
  equalityConsiderations: required(4000, 'record the equality considerations, including reasonable adjustments'),
});

export const ProportionalityCheckQuery = z.object({ personId: z.uuid(), type: z.string().regex(/^[a-z_]{2,60}$/, 'must be an enforcement step type') });

export const OverdueQuery = z.object({ teamId: z.uuid().optional() });

export const ConcernInput = z.object({
  kind: z.enum(['adult', 'child']),
  personId: z.uuid(),
  caseId: z.uuid().optional(),
  reason: required(4000, 'say why you are concerned'),
  whatShared: required(4000, 'record what was shared and why'),
  sourceAssessmentId: z.uuid().optional(),
});

export const ConcernListQuery = z.object({
  direction: z.enum(['all', 'raised', 'received']).default('all'),
  status: z.enum(['raised', 'acknowledged', 'enquiry', 'outcome']).optional(),
  caseId: z.uuid().optional(),
});

export const ConcernUpdate = z
  .object({ status: z.enum(['acknowledged', 'enquiry', 'outcome']), outcome: text(4000).optional() })
  .refine((u) => u.status !== 'outcome' || (u.outcome && u.outcome.length > 0), { message: 'an outcome needs its text', path: ['outcome'] });

export const ChildrenDecisionQuery = z.object({
  status: z.enum(['pending', 'recorded']).default('pending'),
  /** Only decisions prompted by reports on this case (404 if you may not read the case). */
  caseId: z.uuid().optional(),
});
export const ChildrenDecisionInput = z.object({ decision: required(4000, 'record the decision and its reasons'), referralMade: z.boolean() });
