import { describe, expect, it } from 'vitest';
import { validateAnswers } from './answers.js';
import { loadAllQuestionnaires } from './loader.js';
import { latestQuestionnaire } from './questionnaire.js';
import { completeAnswers } from './test-support.js';

const defs = loadAllQuestionnaires();
const wellbeing = latestQuestionnaire(defs, 'wellbeing-vulnerability')!;
const safeguarding = latestQuestionnaire(defs, 'safeguarding-questions')!;
const valid = completeAnswers(wellbeing, {});

describe('validateAnswers', () => {
  it('accepts a complete answer set', () => {
    expect(validateAnswers(wellbeing, valid)).toEqual([]);
  });

  it.each([
    { case: 'not an object', answers: ['yes'], path: 'answers', message: 'must be an object keyed by question id' },
    { case: 'unknown question', answers: { ...valid, shoe_size: { value: 'yes' } }, path: 'answers.shoe_size', message: 'unknown question in wellbeing-vulnerability v1' },
    { case: 'missing required', answers: { ...valid, mental_health: undefined }, path: 'answers.mental_health', message: 'an answer is required' },
    { case: 'bare value instead of object', answers: { ...valid, mental_health: 'yes' }, path: 'answers.mental_health', message: 'must be an object { value, reason? }' },
    { case: 'extra field', answers: { ...valid, mental_health: { value: 'no', score: 3 } }, path: 'answers.mental_health', message: 'unexpected field(s): score' },
    { case: 'wrong coded value', answers: { ...valid, mental_health: { value: 'maybe' } }, path: 'answers.mental_health.value', message: 'must be one of: yes, no, unknown' },
    { case: 'boolean for yes/no', answers: { ...valid, mental_health: { value: true } }, path: 'answers.mental_health.value', message: 'must be one of: yes, no, unknown' },
    { case: 'multi_choice not a list', answers: { ...valid, life_events: { value: 'bereavement' } }, path: 'answers.life_events.value', message: expect.stringMatching(/^must be a list of/) },
    { case: 'multi_choice unknown option', answers: { ...valid, life_events: { value: ['lottery_win'] } }, path: 'answers.life_events.value', message: expect.stringMatching(/^not an option: lottery_win/) },
    { case: 'multi_choice empty when required', answers: { ...valid, life_events: { value: [] } }, path: 'answers.life_events.value', message: 'an answer is required' },
    { case: 'exclusive option combined', answers: { ...valid, life_events: { value: ['none', 'job_loss'] } }, path: 'answers.life_events.value', message: '"none" cannot be combined with other options' },
    { case: 'text given a number', answers: { ...valid, own_view: { value: 5 } }, path: 'answers.own_view.value', message: 'must be text' },
    { case: 'reason required for this answer', answers: { ...valid, consent_to_share: { value: 'no' } }, path: 'answers.consent_to_share.reason', message: 'a reason is required for this answer' },
    { case: 'blank reason', answers: { ...valid, consent_to_share: { value: 'unknown', reason: '   ' } }, path: 'answers.consent_to_share.reason', message: 'a reason is required for this answer' },
    { case: 'reason not text', answers: { ...valid, consent_to_share: { value: 'yes', reason: 1 } }, path: 'answers.consent_to_share.reason', message: 'must be text' },
    {
      case: 'follow-up required once asked',
      answers: { ...valid, capacity_concern: { value: 'yes' } },
      path: 'answers.capacity_assessment',
      message: 'an answer is required',
    },
    {
      case: 'follow-up answered but not asked',
      answers: { ...valid, capacity_assessment: { value: 'has_capacity', reason: 'Assessed by GP' } },
      path: 'answers.capacity_assessment',
      message: 'not asked: only asked when "capacity_concern" is yes',
    },
  ])('$case → $path', ({ answers, path, message }) => {
    expect(validateAnswers(wellbeing, answers)).toEqual([{ path, message }]);
  });

  it('needs a reason for every safeguarding answer, whatever it is', () => {
    const answers = Object.fromEntries(
      ['victim_care_support_needs', 'raise_safeguarding_concern', 'many_unconnected_reports', 'children_impacted', 'perpetrator_unmet_needs', 'perpetrator_may_be_victim', 'support_over_enforcement'].map(
        (id) => [id, { value: 'no' }],
      ),
    );
    const errors = validateAnswers(safeguarding, answers);
    expect(errors).toHaveLength(7);
    expect(errors.every((e) => e.path.endsWith('.reason'))).toBe(true);
  });

  it('lists every problem at once', () => {
    expect(validateAnswers(safeguarding, {})).toHaveLength(7);
  });
});
