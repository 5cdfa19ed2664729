/**
 * The dual-lens view of one person: the harm they may pose beside the harm they face, so no
 * one is seen only as a perpetrator or only as a victim.
 */
import { isOverdue } from './review.js';
import { RISK_LEVELS, type Lens, type RiskLevel } from './questionnaire.js';
import { toDate, type DateInput } from './dates.js';

/** What the store keeps per assessment, enough to summarise it. */
export interface AssessmentSummary {
  id?: string;
  questionnaireId: string;
  questionnaireVersion?: number;
  lens: Lens;
  level: RiskLevel;
  assessedAt: DateInput;
  reviewDue: DateInput;
}

export interface LensView {
  level: RiskLevel;
  assessedAt: Date;
  reviewDue: Date;
  questionnaireId: string;
  questionnaireVersion?: number;
  assessmentId?: string;
  /** Present when `now` is given. */
  overdue?: boolean;
}

export interface DualLensView {
  harmPosed: LensView | null;
  harmFaced: LensView | null;
}

function latest(assessments: readonly AssessmentSummary[], lens: Lens, now?: DateInput): LensView | null {
  let best: AssessmentSummary | undefined;
  let bestAt = -Infinity;
  for (const a of assessments) {
    if (a.lens !== lens) continue;
    const at = toDate(a.assessedAt, 'assessedAt').getTime();
    // Same moment: show the higher level, never hide risk on a tie.
    if (at > bestAt || (at === bestAt && best && RISK_LEVELS.indexOf(a.level) > RISK_LEVELS.indexOf(best.level))) {
      best = a;
      bestAt = at;
    }
  }
  if (!best) return null;
  const view: LensView = {
    level: best.level,
    assessedAt: toDate(best.assessedAt),
    reviewDue: toDate(best.reviewDue, 'reviewDue'),
    questionnaireId: best.questionnaireId,
  };
  if (best.questionnaireVersion !== undefined) view.questionnaireVersion = best.questionnaireVersion;
  if (best.id !== undefined) view.assessmentId = best.id;
  if (now !== undefined) view.overdue = isOverdue(best.reviewDue, now);
  return view;
}

/**
 * For one person's assessments, the latest harm-posed and harm-faced results side by side
 * (victim matrix and wellbeing both count as harm faced). Safeguarding sheets are not a lens
 * level and are ignored. Pass `now` to flag overdue reviews.
 */
export function dualLens(assessments: readonly AssessmentSummary[], now?: DateInput): DualLensView {
  return { harmPosed: latest(assessments, 'harm_posed', now), harmFaced: latest(assessments, 'harm_faced', now) };
}
