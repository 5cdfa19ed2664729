/**
 * Schemas for the versioned rule files that sit beside the questionnaires: how persistence
 * raises risk, how often each level is reviewed, and the enforcement ladder. Rules are data so
 * that a change is a new reviewed version, not a silent code edit.
 */
import { z } from 'zod';
import { legalNoteSchema } from './questionnaire.js';

const version = z.number().int().positive();
const prose = z.string().trim().min(1, 'must not be blank');

const band = z.strictObject({ atLeast: z.number().int().nonnegative(), points: z.number().min(0) });

/** Bands must climb: a later band needs more and never gives fewer points. */
function climbing(bands: { atLeast: number; points: number }[]): boolean {
  return bands.every((b, i) => i === 0 || (b.atLeast > bands[i - 1].atLeast && b.points >= bands[i - 1].points));
}
const climbingMessage = 'bands must be in increasing "atLeast" order with non-decreasing points';

export const persistenceRuleSchema = z.strictObject({
  id: z.literal('persistence-rule'),
  version,
  description: prose,
  appliesToLenses: z.array(z.enum(['harm_faced', 'harm_posed', 'safeguarding'])).min(1),
  /** Points by number of linked reports about the problem (highest band reached). */
  linkedReportBands: z.array(band).min(1).refine(climbing, climbingMessage),
  /** Points by whole months since the first linked report (highest band reached). */
  monthsBands: z.array(band).min(1).refine(climbing, climbingMessage),
  /** Cap so persistence alone cannot outweigh everything a person tells us. */
  maxPoints: z.number().positive().optional(),
});
export type PersistenceRule = z.output<typeof persistenceRuleSchema>;

const days = z.number().int().positive();
export const reviewCadenceSchema = z.strictObject({
  id: z.literal('review-cadence'),
  version,
  description: prose,
  days: z
    .strictObject({ high: days, medium: days, standard: days })
    .refine((d) => d.high <= d.medium && d.medium <= d.standard, { message: 'higher risk must be reviewed at least as often' }),
});
export type ReviewCadence = z.output<typeof reviewCadenceSchema>;

const stepSchema = z.strictObject({
  type: z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and "_"'),
  label: prose,
  rank: z.number().int().positive(),
  /** Above a warning: needs a current vulnerability assessment and a proportionality record. */
  aboveWarning: z.boolean(),
  legalBasis: prose,
  guidance: prose.optional(),
});
export type EnforcementStep = z.output<typeof stepSchema>;

export const enforcementLadderSchema = z
  .strictObject({
    id: z.literal('enforcement-ladder'),
    version,
    description: prose,
    proportionalityRecordMaxAgeDays: days,
    legalNotes: z.array(legalNoteSchema).default([]),
    steps: z.array(stepSchema).min(1),
  })
  .superRefine((ladder, ctx) => {
    const types = new Set<string>();
    const ranks = new Set<number>();
    ladder.steps.forEach((s, i) => {
      if (types.has(s.type)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'type'], message: `duplicate step "${s.type}"` });
      if (ranks.has(s.rank)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'rank'], message: `duplicate rank ${s.rank}` });
      types.add(s.type);
      ranks.add(s.rank);
    });
    // The gate relies on every step above a warning outranking every step that is not.
    const topWarning = Math.max(0, ...ladder.steps.filter((s) => !s.aboveWarning).map((s) => s.rank));
    ladder.steps.forEach((s, i) => {
      if (s.aboveWarning && s.rank <= topWarning) {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'rank'], message: `"${s.type}" is above a warning but ranks at or below a warning step` });
      }
    });
  });
export type EnforcementLadder = z.output<typeof enforcementLadderSchema>;

/** The highest version of a rule, or undefined when none is loaded. */
export function latestRule<T extends { version: number }>(rules: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const r of rules) if (!best || r.version > best.version) best = r;
  return best;
}

/** A given version of a rule, to re-explain an old assessment. */
export function ruleVersion<T extends { version: number }>(rules: readonly T[], v: number): T | undefined {
  return rules.find((r) => r.version === v);
}
