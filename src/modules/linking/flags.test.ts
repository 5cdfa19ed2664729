import { describe, expect, it } from 'vitest';
import { deriveFlags, type FlagInput, type ReportFact } from './flags.js';

const now = '2026-11-01T12:00:00Z';
const rep = (daysAgo: number, agencyId = 'council', channel = 'phone'): ReportFact => ({
  reportId: `r${daysAgo}${agencyId}`,
  receivedAt: new Date(new Date(now).getTime() - daysAgo * 86_400_000).toISOString(),
  agencyId,
  channel,
});
const base = (over: Partial<FlagInput> = {}): FlagInput => ({ now, victims: [], perpetrators: [], place: null, caseReview: { reportCount: 3, windowDays: 183 }, ...over });

describe('deriveFlags', () => {
  it.each([
    ['one report: nothing', base({ victims: [{ personId: 'v', reports: [rep(0)] }] }), []],
    ['two reports in a year: repeat victim', base({ victims: [{ personId: 'v', reports: [rep(0), rep(200)] }] }), ['repeat_victim']],
    ['second report over a year ago: not repeat', base({ victims: [{ personId: 'v', reports: [rep(0), rep(400)] }] }), []],
    ['three in six months: case review too', base({ victims: [{ personId: 'v', reports: [rep(0), rep(50), rep(150)] }] }), ['repeat_victim', 'case_review_eligible']],
    ['three but one outside six months: no case review', base({ victims: [{ personId: 'v', reports: [rep(0), rep(50), rep(190)] }] }), ['repeat_victim']],
    ['perpetrator twice', base({ perpetrators: [{ personId: 'p', reports: [rep(1), rep(30)] }] }), ['repeat_perpetrator']],
    ['place three times: repeat location and case review by place', base({ place: { placeId: 'pl', reports: [rep(1), rep(2), rep(3)] } }), ['repeat_location', 'case_review_eligible']],
    ['place twice: nothing', base({ place: { placeId: 'pl', reports: [rep(1), rep(2)] } }), []],
    [
      'high-risk victim with three reports in 90 days: vulnerable and rising',
      base({ victims: [{ personId: 'v', harmFaced: 'high', reports: [rep(1), rep(20), rep(80)] }], caseReview: { reportCount: 5, windowDays: 183 } }),
      ['repeat_victim', 'vulnerable_victim_rising'],
    ],
  ] as const)('%s', (_name, input, expected) => {
    expect(deriveFlags(input as FlagInput).flags.sort()).toEqual([...expected].sort());
  });

  it('uses the area threshold and says when reports came from different agencies', () => {
    const r = deriveFlags(base({ victims: [{ personId: 'v', reports: [rep(1, 'police', 'police_system'), rep(2, 'council'), rep(3, 'housing', 'housing_system'), rep(4)] }], caseReview: { reportCount: 4, windowDays: 30 } }));
    expect(r.flags).toContain('case_review_eligible');
    expect(r.details.case_review_eligible).toMatchObject({ personId: 'v', reports: 4, threshold: 4, agencies: 3, acrossAgencies: true });
    const higher = deriveFlags(base({ victims: [{ personId: 'v', reports: [rep(1), rep(2), rep(3), rep(4)] }], caseReview: { reportCount: 5, windowDays: 30 } }));
    expect(higher.flags).not.toContain('case_review_eligible');
  });
});
