import { describe, expect, it } from 'vitest';
import { defaultEnforcementLadder } from '../risk/rules/index.js';
import { approachOf, departsFromAdvice, interventionCategory, mediationAdvice, tabulateApproaches, type ScreeningFacts } from './rules.js';

const calm: ScreeningFacts = { capacity: 'both_able', powerImbalance: 'none', willingness: 'both_willing', parties: [{ harmFaced: 'standard', harmPosed: 'standard' }, { harmFaced: null, harmPosed: null }], mentalHealthNeeds: false };

describe('mediation screening advice', () => {
  it.each([
    ['no concerns', {}, 'suitable'],
    ['mental health needs alone', { mentalHealthNeeds: true }, 'suitable'],
    ['mental health needs and high harm faced', { mentalHealthNeeds: true, parties: [{ harmFaced: 'high', harmPosed: null }] }, 'suitable_with_support'],
    ['support needed to take part', { capacity: 'support_needed' }, 'suitable_with_support'],
    ['some power imbalance', { powerImbalance: 'some' }, 'suitable_with_support'],
    ['medium harm posed', { parties: [{ harmFaced: null, harmPosed: 'medium' }] }, 'suitable_with_support'],
    ['one party unwilling', { willingness: 'one_unwilling' }, 'not_suitable'],
    ['neither willing', { willingness: 'neither_willing' }, 'not_suitable'],
    ['a party lacks capacity', { capacity: 'a_party_lacks_capacity' }, 'not_suitable'],
    ['significant power imbalance', { powerImbalance: 'significant' }, 'not_suitable'],
    ['high harm posed', { parties: [{ harmFaced: null, harmPosed: 'high' }] }, 'not_suitable'],
    ['worst reason wins', { capacity: 'support_needed', willingness: 'one_unwilling' }, 'not_suitable'],
  ] as const)('%s → %s', (_name, change, advice) => {
    const r = mediationAdvice({ ...calm, ...(change as Partial<ScreeningFacts>) });
    expect(r.advice).toBe(advice);
    expect(r.reasons.length).toBeGreaterThan(0);
  });

  it('says mental health does not rule mediation out', () => {
    expect(mediationAdvice({ ...calm, mentalHealthNeeds: true }).reasons.join(' ')).toMatch(/do not rule mediation out/);
  });

  it.each([
    ['suitable', 'not_suitable', true],
    ['suitable_with_support', 'not_suitable', true],
    ['suitable', 'suitable_with_support', true],
    ['not_suitable', 'suitable', false],
    ['suitable_with_support', 'suitable_with_support', false],
  ] as const)('recording %s against advice %s departs: %s', (result, advice, departs) => {
    expect(departsFromAdvice(result, advice)).toBe(departs);
  });
});

describe('approach of a person\'s interventions', () => {
  const ladder = defaultEnforcementLadder();
  const s = (type: string) => ({ kind: 'support_referral', type });
  const e = (type: string) => ({ kind: 'enforcement', type });
  it.each([
    ['nothing', [], null],
    ['support only', [s('mental_health')], 'support_led'],
    ['mediation only', [{ kind: 'mediation', type: 'mediation' }], 'support_led'],
    ['support with a warning letter', [s('housing_support'), e('warning_letter')], 'support_led'],
    ['warnings only', [e('verbal_warning'), e('warning_letter')], 'enforcement_led'],
    ['injunction only', [e('civil_injunction')], 'enforcement_led'],
    ['injunction with support', [e('civil_injunction'), s('substance_misuse')], 'blended'],
    ['unknown enforcement counts as above a warning', [e('something_new')], 'enforcement_led'],
  ] as const)('%s → %s', (_n, list, approach) => {
    expect(approachOf(list, ladder)).toBe(approach);
  });
});

describe('categories and tabulation', () => {
  it.each([
    ['enforcement', 'civil_injunction', 'criminal_justice'],
    ['support_referral', 'mental_health', 'health'],
    ['support_referral', 'substance_misuse', 'health'],
    ['support_referral', 'debt_advice', 'case_notes'],
    ['mediation', 'mediation', 'case_notes'],
  ])('%s %s is %s', (kind, type, category) => expect(interventionCategory(kind, type)).toBe(category));

  it('counts outcomes and the improved share by group and approach', () => {
    const t = tabulateApproaches([
      { approach: 'support_led', mentalHealthNeeds: true, outcome: 'stopped' },
      { approach: 'support_led', mentalHealthNeeds: true, outcome: 'continued' },
      { approach: 'support_led', mentalHealthNeeds: true, outcome: null },
      { approach: 'enforcement_led', mentalHealthNeeds: true, outcome: 'continued' },
      { approach: 'blended', mentalHealthNeeds: false, outcome: 'reduced' },
    ]);
    expect(t.mental_health_needs_recorded.support_led).toEqual({ stopped: 1, reduced: 0, continued: 1, open: 1, total: 3, improvedShare: 0.5 });
    expect(t.mental_health_needs_recorded.enforcement_led.improvedShare).toBe(0);
    expect(t.no_mental_health_needs_recorded.blended.improvedShare).toBe(1);
    expect(t.no_mental_health_needs_recorded.support_led.improvedShare).toBeNull();
  });
});
