/**
 * Review cadence: every assessment sets its next review by level, overdue reviews are
 * surfaced, and some events mean the review should not wait for the date.
 */
import { addDays, toDate, type DateInput } from './dates.js';
import type { RiskLevel } from './questionnaire.js';
import type { ReviewCadence } from './rule-data.js';

/** When an assessment at `level` made at `assessedAt` must next be reviewed. */
export function nextReviewDate(level: RiskLevel, assessedAt: DateInput, cadence: ReviewCadence): Date {
  return addDays(toDate(assessedAt, 'assessedAt'), cadence.days[level]);
}

/** Overdue once `now` is past the due moment; a review done on the due date is on time. */
export function isOverdue(reviewDue: DateInput, now: DateInput): boolean {
  return toDate(now, 'now').getTime() > toDate(reviewDue, 'reviewDue').getTime();
}

/** Things that happen on a case which may change someone's risk. */
export type RiskEvent =
  | { kind: 'linked_report'; reportId?: string; at?: DateInput }
  | { kind: 'contact'; deterioration: boolean; note?: string; at?: DateInput };

export interface EarlyReview {
  code: 'new_linked_report' | 'deterioration_noted';
  message: string;
}

/**
 * Why this event calls for reviewing the assessment now rather than on its date, or null.
 * A new report shows the problem persists; a noted deterioration means the last answers are stale.
 */
export function earlyReviewReason(event: RiskEvent): EarlyReview | null {
  switch (event.kind) {
    case 'linked_report':
      return {
        code: 'new_linked_report',
        message: `A new report${event.reportId ? ` (${event.reportId})` : ''} has been linked: review the risk assessment now, as persistence raises risk.`,
      };
    case 'contact':
      return event.deterioration
        ? { code: 'deterioration_noted', message: 'A contact noted deterioration: review the risk assessment now.' }
        : null;
    default:
      return null;
  }
}
