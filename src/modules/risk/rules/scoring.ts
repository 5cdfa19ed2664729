/**
 * Scoring an assessment: answers give points, persistence (how many linked reports, how long
 * the problem has lasted) adds points, thresholds turn the total into a level, and trigger
 * answers can lift the level whatever the total. Every point is explained in `reasons`.
 */
import { answerFor, assertValidAnswers, isAsked, questionIndex, conditionHolds } from './answers.js';
import { wholeMonthsBetween, toDate, type DateInput } from './dates.js';
import { defaultPersistenceRule } from './loader.js';
import { RISK_LEVELS, type AnswerValue, type Question, type QuestionnaireDefinition, type RiskLevel } from './questionnaire.js';
import type { PersistenceRule } from './rule-data.js';

export interface PersistenceContext {
  /** Reports linked to this person and problem, including the latest one. */
  linkedReportCount: number;
  /** When the first linked report was received; absent when there is only this one. */
  firstReportAt?: DateInput | null;
  /** The moment of assessment. */
  asOf: DateInput;
}

export interface PersistenceResult {
  points: number;
  reportPoints: number;
  monthsPoints: number;
  months: number;
  reasons: string[];
}

export interface ScoreResult {
  questionnaireId: string;
  questionnaireVersion: number;
  rawScore: number;
  persistenceScore: number;
  totalScore: number;
  level: RiskLevel;
  /** The level the answers and triggers alone would give: shows when persistence raised it. */
  levelWithoutPersistence: RiskLevel;
  reasons: string[];
  /** Ids of the triggers that fired. */
  triggeredBy: string[];
  /** The persistence rule applied, to store with the assessment; null when the lens takes none. */
  persistenceRule: { id: string; version: number } | null;
}

const rank = (level: RiskLevel): number => RISK_LEVELS.indexOf(level);
export const higherLevel = (a: RiskLevel, b: RiskLevel): RiskLevel => (rank(a) >= rank(b) ? a : b);

/** Level for a score: at or above `high` is high, at or above `medium` is medium. */
export function levelForScore(score: number, thresholds: { medium: number; high: number }): RiskLevel {
  if (score >= thresholds.high) return 'high';
  if (score >= thresholds.medium) return 'medium';
  return 'standard';
}

const bandPoints = (bands: readonly { atLeast: number; points: number }[], n: number): number =>
  bands.reduce((best, b) => (n >= b.atLeast ? Math.max(best, b.points) : best), 0);

/** Points that persistence adds: the highest report-count band plus the highest duration band, capped. */
export function persistencePoints(rule: PersistenceRule, context: PersistenceContext): PersistenceResult {
  const count = Math.max(0, Math.floor(context.linkedReportCount));
  const months = context.firstReportAt ? wholeMonthsBetween(context.firstReportAt, toDate(context.asOf, 'asOf')) : 0;
  const reportPoints = bandPoints(rule.linkedReportBands, count);
  const monthsPoints = bandPoints(rule.monthsBands, months);
  const uncapped = reportPoints + monthsPoints;
  const points = rule.maxPoints === undefined ? uncapped : Math.min(uncapped, rule.maxPoints);
  const reasons: string[] = [];
  if (reportPoints) reasons.push(`Persistence: ${count} linked reports (+${reportPoints})`);
  if (monthsPoints) reasons.push(`Persistence: the problem has lasted ${months} months (+${monthsPoints})`);
  if (points < uncapped) reasons.push(`Persistence capped at ${points} points`);
  return { points, reportPoints, monthsPoints, months, reasons };
}

/** Points one answer earns under its question. */
export function questionScore(q: Question, value: AnswerValue): number {
  const option = (v: string) => q.options?.find((o) => o.value === v)?.score ?? 0;
  switch (q.type) {
    case 'yes_no':
    case 'yes_no_unknown':
      if (value === 'yes') return q.score ?? 0;
      return value === 'unknown' ? (q.unknownScore ?? 0) : 0;
    case 'scale':
    case 'choice':
      return typeof value === 'string' ? option(value) : 0;
    case 'multi_choice':
      return Array.isArray(value) ? value.reduce((sum, v) => sum + option(v), 0) : 0;
    case 'number':
      return typeof value === 'number' ? (q.bands ?? []).reduce((best, b) => (value >= b.atLeast ? Math.max(best, b.score) : best), 0) : 0;
    case 'text':
      return 0;
  }
}

function describeAnswer(q: Question, value: AnswerValue): string {
  const label = (v: string) => q.options?.find((o) => o.value === v)?.label ?? v;
  if (Array.isArray(value)) return value.map(label).join(', ');
  return typeof value === 'string' ? label(value) : String(value);
}

/**
 * Score answers to a definition. Throws AnswersInvalidError when the answers do not fit it
 * (call `validateAnswers` first to report errors to the user): an invalid set must never
 * quietly produce a lower level. `persistenceRule` defaults to the latest shipped rule.
 */
export function scoreAssessment(
  def: QuestionnaireDefinition,
  answers: unknown,
  context: PersistenceContext,
  persistenceRule: PersistenceRule = defaultPersistenceRule(),
): ScoreResult {
  const valid = assertValidAnswers(def, answers);
  const index = questionIndex(def);
  const reasons: string[] = [];
  let rawScore = 0;
  for (const q of index.values()) {
    const answer = valid[q.id];
    if (!answer || !isAsked(q, valid, index)) continue;
    const points = questionScore(q, answer.value);
    rawScore += points;
    if (points > 0) reasons.push(`${q.text} — ${describeAnswer(q, answer.value)} (+${points})`);
    else if (answer.value === 'unknown') reasons.push(`Not yet known: ${q.text} — find out at the next contact`);
  }

  const applies = persistenceRule.appliesToLenses.includes(def.lens);
  const persistence = applies ? persistencePoints(persistenceRule, context) : null;
  const persistenceScore = persistence?.points ?? 0;
  reasons.push(...(persistence?.reasons ?? []));
  const totalScore = rawScore + persistenceScore;

  let level = levelForScore(totalScore, def.thresholds);
  let levelWithoutPersistence = levelForScore(rawScore, def.thresholds);
  reasons.push(
    `Score ${totalScore} (answers ${rawScore} + persistence ${persistenceScore}); medium from ${def.thresholds.medium}, high from ${def.thresholds.high}`,
  );

  const triggeredBy: string[] = [];
  for (const t of def.triggers) {
    const fires = t.when.every((c) => {
      const q = index.get(c.question);
      return q !== undefined && isAsked(q, valid, index) && conditionHolds(c, answerFor(valid, c.question));
    });
    if (!fires) continue;
    triggeredBy.push(t.id);
    level = higherLevel(level, t.level);
    levelWithoutPersistence = higherLevel(levelWithoutPersistence, t.level);
    reasons.push(`Trigger "${t.id}": ${t.description} — level at least ${t.level}`);
  }
  if (rank(level) > rank(levelWithoutPersistence)) {
    reasons.push(`Persistence raised the level from ${levelWithoutPersistence} to ${level}`);
  }

  return {
    questionnaireId: def.id,
    questionnaireVersion: def.version,
    rawScore,
    persistenceScore,
    totalScore,
    level,
    levelWithoutPersistence,
    reasons,
    triggeredBy,
    persistenceRule: applies ? { id: persistenceRule.id, version: persistenceRule.version } : null,
  };
}
