/**
 * Pure rules of enforcement as recovery: which access category an intervention is, what a
 * mediation safety screening advises, and which approach a person's interventions amount to.
 */
import type { Category } from '../../platform/access/policy.js';
import { ladderStep, type EnforcementLadder, type RiskLevel } from '../risk/rules/index.js';

export type Kind = 'support_referral' | 'mediation' | 'enforcement';
export type MediationResult = 'suitable' | 'suitable_with_support' | 'not_suitable';
export type Approach = 'support_led' | 'enforcement_led' | 'blended';
export type Outcome = 'stopped' | 'reduced' | 'continued';

const HEALTH_REFERRALS = new Set(['mental_health', 'substance_misuse']);

/** Enforcement is criminal-justice data; mental-health and substance referrals are health data; the rest case notes. */
export function interventionCategory(kind: string, type: string): Category {
  if (kind === 'enforcement') return 'criminal_justice';
  if (kind === 'support_referral' && HEALTH_REFERRALS.has(type)) return 'health';
  return 'case_notes';
}

export interface ScreeningFacts {
  capacity: 'both_able' | 'support_needed' | 'a_party_lacks_capacity';
  powerImbalance: 'none' | 'some' | 'significant';
  willingness: 'both_willing' | 'one_unwilling' | 'neither_willing';
  /** Both parties' current levels, when assessed. */
  parties: { harmFaced: RiskLevel | null; harmPosed: RiskLevel | null }[];
  /** Mental health needs recorded for either party: noted, never a reason to rule mediation out. */
  mentalHealthNeeds: boolean;
}

const RANK: Record<MediationResult, number> = { suitable: 0, suitable_with_support: 1, not_suitable: 2 };

/**
 * What the screening advises. Mediation is voluntary, needs both parties able to take part (with
 * support if need be) and must be safe; mental health needs alone never make it unsuitable.
 */
export function mediationAdvice(f: ScreeningFacts): { advice: MediationResult; reasons: string[] } {
  const found: [MediationResult, string][] = [];
  if (f.willingness !== 'both_willing') found.push(['not_suitable', 'Mediation is voluntary: both parties must be willing.']);
  if (f.capacity === 'a_party_lacks_capacity') found.push(['not_suitable', 'A party lacks capacity to take part even with support (Mental Capacity Act 2005): consider an advocate and another approach.']);
  if (f.powerImbalance === 'significant') found.push(['not_suitable', 'A significant power imbalance (fear, intimidation, coercion) makes mediation unsafe.']);
  if (f.parties.some((p) => p.harmPosed === 'high')) found.push(['not_suitable', 'A party is assessed as posing a high risk of harm: not safe to mediate until that is reduced.']);
  if (f.capacity === 'support_needed') found.push(['suitable_with_support', 'Support to take part: an advocate, plain language, time and breaks (all practicable steps to help them decide).']);
  if (f.powerImbalance === 'some') found.push(['suitable_with_support', 'Some imbalance between the parties: a co-mediator or shuttle mediation.']);
  if (f.parties.some((p) => p.harmPosed === 'medium' || p.harmFaced === 'high')) found.push(['suitable_with_support', 'A party is at medium risk of harming or high risk of harm: safety check-ins before and after each session.']);
  const advice = found.reduce<MediationResult>((worst, [r]) => (RANK[r] > RANK[worst] ? r : worst), 'suitable');
  const reasons = found.map(([, why]) => why);
  if (f.mentalHealthNeeds) reasons.push('Mental health needs are recorded: they do not rule mediation out; offer reasonable adjustments.');
  if (reasons.length === 0) reasons.push('The screening raised no safety concerns.');
  return { advice, reasons };
}

/** Is the recorded result less cautious than the advice (so it needs a written reason)? */
export const departsFromAdvice = (result: MediationResult, advice: MediationResult): boolean => RANK[result] < RANK[advice];

/**
 * The approach a person's interventions on a case amount to: enforcement above a warning makes
 * it enforcement-led (blended when support or mediation runs alongside); support or mediation
 * without it is support-led, even with a warning; warnings alone are enforcement-led.
 */
export function approachOf(interventions: readonly { kind: string; type: string }[], ladder: EnforcementLadder): Approach | null {
  const enforcement = interventions.filter((i) => i.kind === 'enforcement');
  const aboveWarning = enforcement.some((i) => ladderStep(i.type, ladder)?.aboveWarning ?? true);
  const support = interventions.some((i) => i.kind !== 'enforcement');
  if (aboveWarning) return support ? 'blended' : 'enforcement_led';
  if (support) return 'support_led';
  return enforcement.length ? 'enforcement_led' : null;
}

export interface ApproachRow {
  approach: Approach;
  mentalHealthNeeds: boolean;
  outcome: Outcome | null;
}

export interface OutcomeCounts {
  stopped: number;
  reduced: number;
  continued: number;
  open: number;
  total: number;
  /** Of those with an outcome, the share where the behaviour stopped or reduced (null when none). */
  improvedShare: number | null;
}

const empty = (): OutcomeCounts => ({ stopped: 0, reduced: 0, continued: 0, open: 0, total: 0, improvedShare: null });

/** Outcome counts by group (mental health needs recorded or not) and approach. */
export function tabulateApproaches(rows: readonly ApproachRow[]) {
  const groups: Record<'mental_health_needs_recorded' | 'no_mental_health_needs_recorded', Record<Approach, OutcomeCounts>> = {
    mental_health_needs_recorded: { support_led: empty(), enforcement_led: empty(), blended: empty() },
    no_mental_health_needs_recorded: { support_led: empty(), enforcement_led: empty(), blended: empty() },
  };
  for (const r of rows) {
    const c = groups[r.mentalHealthNeeds ? 'mental_health_needs_recorded' : 'no_mental_health_needs_recorded'][r.approach];
    c[r.outcome ?? 'open']++;
    c.total++;
  }
  for (const g of Object.values(groups)) {
    for (const c of Object.values(g)) {
      const decided = c.stopped + c.reduced + c.continued;
      c.improvedShare = decided ? Math.round(((c.stopped + c.reduced) / decided) * 1000) / 1000 : null;
    }
  }
  return groups;
}
