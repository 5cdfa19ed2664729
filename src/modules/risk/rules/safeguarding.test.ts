import { describe, expect, it } from 'vitest';
import { AnswersInvalidError } from './answers.js';
import { loadAllQuestionnaires } from './loader.js';
import { latestQuestionnaire, type Answers } from './questionnaire.js';
import { childrenDecisionRequired, safeguardingTasks } from './safeguarding.js';
import { scoreAssessment } from './scoring.js';
import { NO_HISTORY } from './test-support.js';

const def = latestQuestionnaire(loadAllQuestionnaires(), 'safeguarding-questions')!;
const IDS = [
  'victim_care_support_needs',
  'raise_safeguarding_concern',
  'many_unconnected_reports',
  'children_impacted',
  'perpetrator_unmet_needs',
  'perpetrator_may_be_victim',
  'support_over_enforcement',
];
const allNo = (): Answers => Object.fromEntries(IDS.map((id) => [id, { value: 'no', reason: 'Checked at intake visit.' }]));

describe('safeguarding tasks', () => {
  it.each([
    { question: 'victim_care_support_needs', kind: 'support_plan' },
    { question: 'raise_safeguarding_concern', kind: 'adult_safeguarding_concern' },
    { question: 'many_unconnected_reports', kind: 'link_review' },
    { question: 'children_impacted', kind: 'children_referral' },
    { question: 'perpetrator_unmet_needs', kind: 'support_plan' },
    { question: 'perpetrator_may_be_victim', kind: 'exploitation_check' },
    { question: 'support_over_enforcement', kind: 'support_plan' },
  ])('"yes" to $question creates a $kind task carrying the reason', ({ question, kind }) => {
    const answers = { ...allNo(), [question]: { value: 'yes', reason: '  Seen at the home visit.  ' } };
    const tasks = safeguardingTasks(def, answers);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ kind, questionId: question, answer: 'yes', reason: 'Seen at the home visit.' });
    expect(tasks[0].title.length).toBeGreaterThan(10);
  });

  it.each(['no', 'unknown'])('"%s" creates no task', (value) => {
    const answers = Object.fromEntries(IDS.map((id) => [id, { value, reason: 'Not known yet; asking GP.' }]));
    expect(safeguardingTasks(def, answers)).toEqual([]);
  });

  it('a safeguarding concern is due within a day and makes the concern level high', () => {
    const answers = { ...allNo(), raise_safeguarding_concern: { value: 'yes', reason: 'Cuckooing suspected; he has a learning disability.' } };
    expect(safeguardingTasks(def, answers)[0].dueInDays).toBe(1);
    expect(scoreAssessment(def, answers, NO_HISTORY)).toMatchObject({ level: 'high', triggeredBy: ['safeguarding_concern_needed'] });
  });

  it('refuses answers without reasons', () => {
    expect(() => safeguardingTasks(def, { ...allNo(), children_impacted: { value: 'yes' } })).toThrow(AnswersInvalidError);
  });
});

describe('children decision', () => {
  it.each([
    { childrenOnReport: 0, adultLevels: ['high'], required: false },
    { childrenOnReport: 1, adultLevels: [], required: false },
    { childrenOnReport: 2, adultLevels: ['standard', 'medium'], required: false },
    { childrenOnReport: 1, adultLevels: ['standard', 'high'], required: true },
    { childrenOnReport: 3, adultLevels: ['high'], required: true },
  ] as const)('$childrenOnReport children with adults at $adultLevels → $required', ({ childrenOnReport, adultLevels, required }) => {
    expect(childrenDecisionRequired({ childrenOnReport, adultLevels })).toBe(required);
  });
});
