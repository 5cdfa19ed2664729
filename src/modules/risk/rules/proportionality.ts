/**
 * Proportionality gate: enforcement above a warning may only be recorded when we know the
 * person's current vulnerability and have written down whether they can comply, what support
 * is in place and the equality considerations. Enforcement is meant to aid recovery; an order
 * a person cannot understand or keep sets them up to fail.
 */
import { daysBetween, toDate, type DateInput } from './dates.js';
import { isOverdue } from './review.js';
import { defaultEnforcementLadder } from './loader.js';
import type { EnforcementLadder, EnforcementStep } from './rule-data.js';
import { ukDay } from '../../../platform/dates.js';

export interface ProportionalityRecord {
  /** Can the person understand and keep to what is asked (capacity, literacy, health)? */
  canComply?: string | null;
  /** What support is in place or offered alongside the enforcement. */
  supportInPlace?: string | null;
  /** Equality Act 2010 considerations, including reasonable adjustments. */
  equalityConsiderations?: string | null;
  recordedAt: DateInput;
}

export interface ProportionalityInput {
  interventionType: string;
  /** The person's latest wellbeing-vulnerability assessment. */
  vulnerabilityAssessment?: { assessedAt: DateInput; reviewDue: DateInput } | null;
  proportionalityRecord?: ProportionalityRecord | null;
  now: DateInput;
}

export type ProportionalityCode =
  | 'unknown_intervention'
  | 'vulnerability_assessment_missing'
  | 'vulnerability_assessment_overdue'
  | 'proportionality_record_missing'
  | 'proportionality_record_stale'
  | 'can_comply_missing'
  | 'support_in_place_missing'
  | 'equality_considerations_missing';

export interface ProportionalityResult {
  allowed: boolean;
  missing: Array<{ code: ProportionalityCode; message: string }>;
  /** The ladder step, when the intervention is on the ladder. */
  step?: EnforcementStep;
}

/** The ladder step for an intervention type, if it is enforcement. */
export function ladderStep(interventionType: string, ladder: EnforcementLadder): EnforcementStep | undefined {
  return ladder.steps.find((s) => s.type === interventionType);
}

const filled = (s: string | null | undefined): boolean => typeof s === 'string' && s.trim() !== '';

/**
 * May this intervention be recorded now? Warnings always may. Anything above a warning needs a
 * current (not overdue) vulnerability assessment and a complete proportionality record no older
 * than the ladder's `proportionalityRecordMaxAgeDays`. Types not on the ladder are refused, so a
 * typo never slips past the gate; check `ladderStep` first for support interventions.
 */
export function checkProportionality(
  input: ProportionalityInput,
  ladder: EnforcementLadder = defaultEnforcementLadder(),
): ProportionalityResult {
  const step = ladderStep(input.interventionType, ladder);
  if (!step) {
    return {
      allowed: false,
      missing: [{ code: 'unknown_intervention', message: `"${input.interventionType}" is not on enforcement ladder v${ladder.version}` }],
    };
  }
  if (!step.aboveWarning) return { allowed: true, missing: [], step };

  const now = toDate(input.now, 'now');
  const missing: ProportionalityResult['missing'] = [];
  const assessment = input.vulnerabilityAssessment;
  if (!assessment) {
    missing.push({ code: 'vulnerability_assessment_missing', message: `A wellbeing and vulnerability assessment is needed before a ${step.label.toLowerCase()}.` });
  } else if (isOverdue(assessment.reviewDue, now)) {
    missing.push({
      code: 'vulnerability_assessment_overdue',
      message: `The wellbeing and vulnerability assessment was due for review on ${ukDay(toDate(assessment.reviewDue))}: review it first.`,
    });
  }

  const record = input.proportionalityRecord;
  const maxAge = ladder.proportionalityRecordMaxAgeDays;
  if (!record) {
    missing.push({ code: 'proportionality_record_missing', message: 'Record a proportionality and capacity check (can they comply, support in place, equality considerations).' });
  } else {
    if (daysBetween(record.recordedAt, now) > maxAge) {
      missing.push({ code: 'proportionality_record_stale', message: `The proportionality and capacity check is more than ${maxAge} days old: record it again.` });
    }
    if (!filled(record.canComply)) missing.push({ code: 'can_comply_missing', message: 'Record whether the person can understand and comply, and why.' });
    if (!filled(record.supportInPlace)) missing.push({ code: 'support_in_place_missing', message: 'Record what support is in place or has been offered.' });
    if (!filled(record.equalityConsiderations)) missing.push({ code: 'equality_considerations_missing', message: 'Record the equality considerations, including reasonable adjustments.' });
  }
  return { allowed: missing.length === 0, missing, step };
}
