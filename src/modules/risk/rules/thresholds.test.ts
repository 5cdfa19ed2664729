import { describe, expect, it } from 'vitest';
import { loadAllQuestionnaires } from './loader.js';
import { latestQuestionnaire, questionsOf, type Answers, type RiskLevel } from './questionnaire.js';
import { scoreAssessment } from './scoring.js';
import { validateAnswers } from './answers.js';
import { answersScoring, completeAnswers, NO_HISTORY } from './test-support.js';

const defs = loadAllQuestionnaires();
const SHIPPED = ['asb-victim-risk', 'wellbeing-vulnerability', 'harm-to-others', 'safeguarding-questions'];

describe('threshold boundaries of every shipped questionnaire', () => {
  const rows = SHIPPED.flatMap((id) => {
    const def = latestQuestionnaire(defs, id)!;
    const { medium, high } = def.thresholds;
    return [
      { id, case: 'nothing scores', score: 0, level: medium > 0 ? 'standard' : 'medium' },
      { id, case: 'just below medium', score: medium - 1, level: 'standard' },
      { id, case: 'at medium', score: medium, level: 'medium' },
      { id, case: 'just below high', score: high - 1, level: 'medium' },
      { id, case: 'at high', score: high, level: 'high' },
    ] as Array<{ id: string; case: string; score: number; level: RiskLevel }>;
  });

  it.each(rows)('$id: $case (score $score) → $level', ({ id, score, level }) => {
    const def = latestQuestionnaire(defs, id)!;
    const answers = answersScoring(def, score);
    expect(validateAnswers(def, answers)).toEqual([]);
    const result = scoreAssessment(def, answers, NO_HISTORY);
    expect(result.rawScore).toBe(score);
    expect(result.persistenceScore).toBe(0);
    expect(result.level).toBe(level);
    expect(result.triggeredBy).toEqual([]);
  });
});

describe('trigger answers set the level whatever the score', () => {
  const rows = SHIPPED.flatMap((id) =>
    latestQuestionnaire(defs, id)!.triggers.map((t) => ({ id, trigger: t.id, level: t.level })),
  );

  it.each(rows)('$id: trigger $trigger → at least $level', ({ id, trigger }) => {
    const def = latestQuestionnaire(defs, id)!;
    const t = def.triggers.find((x) => x.id === trigger)!;
    const byId = new Map(questionsOf(def).map((q) => [q.id, q]));
    const answers: Answers = {};
    for (const c of t.when) {
      const q = byId.get(c.question)!;
      // A trigger on a follow-up needs its parent answered so that it is asked.
      if (q.askIf) answers[q.askIf.question] = { value: q.askIf.in![0], reason: 'Recorded in a test.' };
      answers[q.id] = { value: c.in![0], reason: 'Recorded in a test.' };
    }
    const result = scoreAssessment(def, completeAnswers(def, answers), NO_HISTORY);
    expect(result.triggeredBy).toContain(trigger);
    if (t.level === 'high') expect(result.level).toBe('high');
    else expect(['medium', 'high']).toContain(result.level);
    expect(result.reasons.some((r) => r.includes(trigger))).toBe(true);
  });
});

describe('ASB victim risk matrix, by hand', () => {
  const def = latestQuestionnaire(defs, 'asb-victim-risk')!;
  const yes = (...ids: string[]) => completeAnswers(def, Object.fromEntries(ids.map((id) => [id, { value: 'yes' }])));

  it('has sixteen scored yes/no questions and auto-high triggers for risk to life and suicidal thoughts', () => {
    const scored = questionsOf(def).filter((q) => q.type === 'yes_no' && (q.score ?? 0) > 0);
    expect(scored).toHaveLength(16);
    expect(def.triggers.map((t) => t.id)).toEqual(['immediate_risk_to_life', 'suicidal_thoughts']);
  });

  it.each([
    { case: 'all no', answers: [] as string[], score: 0, level: 'standard' },
    { case: 'repeat, fear, sleep, previous reports', answers: ['repeat_victimisation', 'fear_of_harm', 'sleep', 'previous_reports'], score: 6, level: 'standard' },
    { case: '+ daily routine', answers: ['repeat_victimisation', 'fear_of_harm', 'sleep', 'previous_reports', 'daily_routine'], score: 7, level: 'medium' },
    {
      case: 'thirteen points',
      answers: ['repeat_victimisation', 'fear_of_harm', 'sleep', 'previous_reports', 'daily_routine', 'mental_health', 'unsafe_at_home', 'isolated'],
      score: 13,
      level: 'medium',
    },
    {
      case: 'fourteen points',
      answers: ['repeat_victimisation', 'fear_of_harm', 'sleep', 'previous_reports', 'daily_routine', 'mental_health', 'unsafe_at_home', 'isolated', 'considering_moving'],
      score: 14,
      level: 'high',
    },
    { case: 'suicidal thoughts only', answers: ['suicidal_thoughts'], score: 0, level: 'high' },
    { case: 'risk to life only', answers: ['risk_to_life'], score: 0, level: 'high' },
  ])('$case → $score, $level', ({ answers, score, level }) => {
    const result = scoreAssessment(def, yes(...answers), NO_HISTORY);
    expect(result.rawScore).toBe(score);
    expect(result.level).toBe(level);
  });
});
