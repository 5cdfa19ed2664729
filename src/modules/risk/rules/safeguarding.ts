/**
 * Safeguarding rules: the answers that must become tracked work, and when children on a report
 * need a recorded decision.
 */
import { assertValidAnswers, isAsked, questionIndex } from './answers.js';
import type { AnswerValue, QuestionnaireDefinition, RiskLevel, TaskKind } from './questionnaire.js';

export interface SafeguardingTask {
  kind: TaskKind;
  title: string;
  /** The question and answer that created it, so the task carries its own justification. */
  questionId: string;
  question: string;
  answer: AnswerValue;
  reason?: string;
  dueInDays?: number;
  guidance?: string;
}

/**
 * Tasks to create from an assessment: one per answered question whose `createsTask.when`
 * matches the answer (by default "yes"). Throws AnswersInvalidError for answers that do not fit.
 */
export function safeguardingTasks(def: QuestionnaireDefinition, answers: unknown): SafeguardingTask[] {
  const valid = assertValidAnswers(def, answers);
  const index = questionIndex(def);
  const tasks: SafeguardingTask[] = [];
  for (const q of index.values()) {
    const answer = valid[q.id];
    const task = q.createsTask;
    if (!task || !answer || !isAsked(q, valid, index)) continue;
    const v = answer.value;
    const matches = Array.isArray(v) ? v.some((x) => task.when.includes(x)) : typeof v === 'string' && task.when.includes(v);
    if (!matches) continue;
    const created: SafeguardingTask = { kind: task.kind, title: task.title, questionId: q.id, question: q.text, answer: v };
    if (answer.reason?.trim()) created.reason = answer.reason.trim();
    if (task.dueInDays !== undefined) created.dueInDays = task.dueInDays;
    if (task.guidance !== undefined) created.guidance = task.guidance;
    tasks.push(created);
  }
  return tasks;
}

export interface ChildrenDecisionInput {
  /** Children listed on the report or in the household. */
  childrenOnReport: number;
  /** Latest levels (either lens) of the adults on the report or in the household. */
  adultLevels: readonly RiskLevel[];
}

/**
 * A child listed with a high-risk adult needs a recorded decision on a children's referral
 * (Children Act 1989): the decision may be "no referral", but it must be made and written down.
 */
export function childrenDecisionRequired({ childrenOnReport, adultLevels }: ChildrenDecisionInput): boolean {
  return childrenOnReport > 0 && adultLevels.includes('high');
}
