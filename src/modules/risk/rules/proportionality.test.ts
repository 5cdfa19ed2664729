import { describe, expect, it } from 'vitest';
import { defaultEnforcementLadder, parseRiskFile } from './loader.js';
import { checkProportionality, ladderStep, type ProportionalityInput } from './proportionality.js';
import { enforcementLadderSchema } from './rule-data.js';

const now = '2025-06-01T12:00:00Z';
const currentAssessment = { assessedAt: '2025-05-20T12:00:00Z', reviewDue: '2025-06-17T12:00:00Z' };
const overdueAssessment = { assessedAt: '2025-04-01T12:00:00Z', reviewDue: '2025-04-29T12:00:00Z' };
const fullRecord = {
  canComply: 'Yes: understood the terms in an easy-read version with his support worker present.',
  supportInPlace: 'Community mental health team; drug and alcohol service appointment booked.',
  equalityConsiderations: 'Autistic: meetings kept short, written summary sent, no phone calls.',
  recordedAt: '2025-05-25T12:00:00Z',
};

describe('proportionality gate', () => {
  const rows: Array<{ case: string; input: Omit<ProportionalityInput, 'now'>; allowed: boolean; codes: string[] }> = [
    { case: 'injunction with no records', input: { interventionType: 'civil_injunction' }, allowed: false, codes: ['vulnerability_assessment_missing', 'proportionality_record_missing'] },
    {
      case: 'injunction with an overdue assessment',
      input: { interventionType: 'civil_injunction', vulnerabilityAssessment: overdueAssessment, proportionalityRecord: fullRecord },
      allowed: false,
      codes: ['vulnerability_assessment_overdue'],
    },
    {
      case: 'injunction with a partial proportionality record',
      input: { interventionType: 'civil_injunction', vulnerabilityAssessment: currentAssessment, proportionalityRecord: { ...fullRecord, supportInPlace: '  ', equalityConsiderations: null } },
      allowed: false,
      codes: ['support_in_place_missing', 'equality_considerations_missing'],
    },
    {
      case: 'injunction with a record older than 90 days',
      input: { interventionType: 'civil_injunction', vulnerabilityAssessment: currentAssessment, proportionalityRecord: { ...fullRecord, recordedAt: '2025-03-01T12:00:00Z' } },
      allowed: false,
      codes: ['proportionality_record_stale'],
    },
    {
      case: 'injunction with a record exactly 90 days old',
      input: { interventionType: 'civil_injunction', vulnerabilityAssessment: currentAssessment, proportionalityRecord: { ...fullRecord, recordedAt: '2025-03-03T12:00:00Z' } },
      allowed: true,
      codes: [],
    },
    {
      case: 'injunction with everything in place',
      input: { interventionType: 'civil_injunction', vulnerabilityAssessment: currentAssessment, proportionalityRecord: fullRecord },
      allowed: true,
      codes: [],
    },
    { case: 'verbal warning with nothing', input: { interventionType: 'verbal_warning' }, allowed: true, codes: [] },
    { case: 'warning letter with nothing', input: { interventionType: 'warning_letter' }, allowed: true, codes: [] },
    { case: 'ABC with nothing', input: { interventionType: 'acceptable_behaviour_contract' }, allowed: false, codes: ['vulnerability_assessment_missing', 'proportionality_record_missing'] },
    { case: 'unknown type', input: { interventionType: 'asbo' }, allowed: false, codes: ['unknown_intervention'] },
  ];

  it.each(rows)('$case → allowed $allowed', ({ input, allowed, codes }) => {
    const result = checkProportionality({ ...input, now });
    expect(result.allowed).toBe(allowed);
    expect(result.missing.map((m) => m.code)).toEqual(codes);
    for (const m of result.missing) expect(m.message.length).toBeGreaterThan(10);
  });

  it.each(['community_protection_warning', 'community_protection_notice', 'criminal_behaviour_order', 'closure_order', 'possession_proceedings'])(
    '%s is above a warning and is blocked without records',
    (interventionType) => {
      expect(checkProportionality({ interventionType, now }).allowed).toBe(false);
    },
  );

  it('reads the record age limit from the ladder data', () => {
    const ladder = { ...defaultEnforcementLadder(), proportionalityRecordMaxAgeDays: 5 };
    const input = { interventionType: 'civil_injunction', vulnerabilityAssessment: currentAssessment, proportionalityRecord: fullRecord, now };
    expect(checkProportionality(input, ladder).missing.map((m) => m.code)).toEqual(['proportionality_record_stale']);
  });
});

describe('enforcement ladder v1', () => {
  const ladder = defaultEnforcementLadder();
  it('ranks the steps from least to most intrusive', () => {
    expect([...ladder.steps].sort((a, b) => a.rank - b.rank).map((s) => s.type)).toEqual([
      'verbal_warning',
      'warning_letter',
      'acceptable_behaviour_contract',
      'community_protection_warning',
      'community_protection_notice',
      'civil_injunction',
      'criminal_behaviour_order',
      'closure_order',
      'possession_proceedings',
    ]);
    expect(ladderStep('warning_letter', ladder)?.aboveWarning).toBe(false);
    expect(ladderStep('mediation', ladder)).toBeUndefined();
  });

  it('rejects a ladder where a step above a warning ranks below one', () => {
    const bad = structuredClone(ladder);
    bad.steps[0].rank = 99;
    expect(() => parseRiskFile(enforcementLadderSchema, bad, 'enforcement-ladder.v2.json')).toThrow(
      /enforcement-ladder\.v2\.json at steps\[\d\]\.rank: ".*" is above a warning but ranks at or below a warning step/,
    );
  });
});
