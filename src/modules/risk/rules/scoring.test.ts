import { describe, expect, it } from 'vitest';
import { defaultPersistenceRule, loadAllQuestionnaires, parseRiskFile } from './loader.js';
import { latestQuestionnaire, type Answers, type QuestionnaireDefinition } from './questionnaire.js';
import { persistenceRuleSchema } from './rule-data.js';
import { levelForScore, persistencePoints, scoreAssessment } from './scoring.js';
import { AnswersInvalidError } from './answers.js';
import { wholeMonthsBetween } from './dates.js';
import { answersScoring, completeAnswers, NO_HISTORY } from './test-support.js';

const defs = loadAllQuestionnaires();
const rule = defaultPersistenceRule();
const asOf = '2025-06-01T12:00:00Z';

describe('persistence rule v1', () => {
  it.each([
    { reports: 1, first: null, points: 0 },
    { reports: 2, first: '2025-05-01T12:00:00Z', points: 0 },
    { reports: 3, first: null, points: 2 },
    { reports: 4, first: '2025-03-02T12:00:00Z', points: 2 }, // 2 months 30 days: not yet 3
    { reports: 4, first: '2025-03-01T12:00:00Z', points: 4 }, // 3 months exactly
    { reports: 5, first: null, points: 4 },
    { reports: 1, first: '2024-12-01T12:00:00Z', points: 4 }, // 6 months
    { reports: 6, first: '2024-10-01T12:00:00Z', points: 8 }, // 8 months
    { reports: 9, first: '2024-06-01T12:00:00Z', points: 10 }, // 4 + 6
    { reports: 10, first: '2023-01-01T12:00:00Z', points: 10 }, // 6 + 6 capped at 10
  ])('$reports reports since $first → +$points', ({ reports, first, points }) => {
    expect(persistencePoints(rule, { linkedReportCount: reports, firstReportAt: first, asOf }).points).toBe(points);
  });

  it('explains each part and the cap', () => {
    const r = persistencePoints(rule, { linkedReportCount: 12, firstReportAt: '2023-01-01T12:00:00Z', asOf });
    expect(r.reasons).toEqual([
      'Persistence: 12 linked reports (+6)',
      'Persistence: the problem has lasted 29 months (+6)',
      'Persistence capped at 10 points',
    ]);
  });

  it('rejects bands that do not climb', () => {
    const bad = { ...rule, linkedReportBands: [{ atLeast: 5, points: 4 }, { atLeast: 3, points: 2 }] };
    expect(() => parseRiskFile(persistenceRuleSchema, bad, 'persistence-rule.v9.json')).toThrow(/persistence-rule.v9.json at linkedReportBands/);
  });
});

describe('whole months between dates', () => {
  it.each([
    { from: '2025-01-31T00:00:00Z', to: '2025-02-28T00:00:00Z', months: 1 },
    { from: '2025-01-31T00:00:00Z', to: '2025-02-27T23:59:59Z', months: 0 },
    { from: '2024-10-01T00:00:00Z', to: '2025-06-01T00:00:00Z', months: 8 },
    { from: '2025-06-02T00:00:00Z', to: '2025-06-01T00:00:00Z', months: 0 },
  ])('$from → $to = $months', ({ from, to, months }) => {
    expect(wholeMonthsBetween(from, to)).toBe(months);
  });
});

describe('persistence raises risk: six linked reports over eight months', () => {
  const victim = latestQuestionnaire(defs, 'asb-victim-risk')!;
  const wellbeing = latestQuestionnaire(defs, 'wellbeing-vulnerability')!;
  const sixOverEight = { linkedReportCount: 6, firstReportAt: '2024-10-01T12:00:00Z', asOf };
  const yes = (...ids: string[]) => completeAnswers(victim, Object.fromEntries(ids.map((id) => [id, { value: 'yes' }])));

  it.each([
    { case: 'minor reports, answers alone medium', answers: yes('mental_health', 'repeat_victimisation', 'previous_reports', 'sleep', 'fear_of_harm'), alone: 'medium' },
    { case: 'minor reports, answers alone standard', answers: yes('mental_health', 'previous_reports', 'sleep', 'fear_of_harm'), alone: 'standard' },
  ])('victim with mental health needs: $case → high', ({ answers, alone }) => {
    const single = scoreAssessment(victim, answers, NO_HISTORY);
    expect(single.level).toBe(alone);
    const persistent = scoreAssessment(victim, answers, sixOverEight);
    expect(persistent.persistenceScore).toBe(8);
    expect(persistent.totalScore).toBe(single.rawScore + 8);
    expect(persistent.level).toBe('high');
    expect(persistent.levelWithoutPersistence).toBe(alone);
    expect(persistent.reasons).toContain(`Persistence raised the level from ${alone} to high`);
    expect(persistent.persistenceRule).toEqual({ id: 'persistence-rule', version: 1 });
  });

  it('applies to the wellbeing lens too', () => {
    const answers = completeAnswers(wellbeing, { mental_health: { value: 'yes' }, mental_health_support: { value: 'engaged' }, isolated: { value: 'yes' } });
    expect(scoreAssessment(wellbeing, answers, NO_HISTORY).level).toBe('standard');
    expect(scoreAssessment(wellbeing, answers, sixOverEight).level).toBe('high');
  });

  it('applies to harm posed', () => {
    const def = latestQuestionnaire(defs, 'harm-to-others')!;
    const r = scoreAssessment(def, answersScoring(def, 5), sixOverEight);
    expect(r).toMatchObject({ rawScore: 5, persistenceScore: 8, level: 'high' });
  });

  it('does not apply to the safeguarding questions', () => {
    const def = latestQuestionnaire(defs, 'safeguarding-questions')!;
    const r = scoreAssessment(def, answersScoring(def, 0), sixOverEight);
    expect(r).toMatchObject({ persistenceScore: 0, level: 'standard', persistenceRule: null });
  });
});

describe('scores by question type', () => {
  const wellbeing = latestQuestionnaire(defs, 'wellbeing-vulnerability')!;
  const harm = latestQuestionnaire(defs, 'harm-to-others')!;
  const rows: Array<{ case: string; def: QuestionnaireDefinition; answers: Answers; raw: number }> = [
    { case: 'unknown scores its unknownScore', def: wellbeing, answers: { care_support_needs: { value: 'unknown' } }, raw: 1 },
    { case: 'multi_choice sums options', def: wellbeing, answers: { life_events: { value: ['bereavement', 'job_loss', 'relocation'] } }, raw: 3 },
    { case: 'choice scores its option', def: harm, answers: { frequency: { value: 'daily' }, severity: { value: 'serious' } }, raw: 6 },
    {
      case: 'follow-up scores when asked',
      def: wellbeing,
      answers: { capacity_concern: { value: 'yes' }, capacity_assessment: { value: 'not_assessed' } },
      raw: 5,
    },
  ];
  it.each(rows)('$case', ({ def, answers, raw }) => {
    const r = scoreAssessment(def, completeAnswers(def, answers), NO_HISTORY);
    expect(r.rawScore).toBe(raw);
  });

  it('notes answers still unknown in the reasons', () => {
    const r = scoreAssessment(harm, completeAnswers(harm, { escalating: { value: 'unknown' } }), NO_HISTORY);
    expect(r.reasons.some((x) => x.startsWith('Not yet known: Is the behaviour getting more frequent'))).toBe(true);
  });
});

describe('level for a score', () => {
  it.each([
    { score: 6, level: 'standard' },
    { score: 7, level: 'medium' },
    { score: 13, level: 'medium' },
    { score: 14, level: 'high' },
  ])('$score → $level (medium 7, high 14)', ({ score, level }) => {
    expect(levelForScore(score, { medium: 7, high: 14 })).toBe(level);
  });
});

it('refuses to score answers that do not fit, so risk is never understated silently', () => {
  const victim = latestQuestionnaire(defs, 'asb-victim-risk')!;
  expect(() => scoreAssessment(victim, { sleep: { value: 'yes' } }, NO_HISTORY)).toThrow(AnswersInvalidError);
});
