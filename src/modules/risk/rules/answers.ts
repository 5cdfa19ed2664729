/**
 * Checking answers against a questionnaire definition. Answers come from HTTP bodies, so every
 * check tolerates any shape and reports `{ path, message }` instead of throwing.
 */
import {
  codedValues,
  questionsOf,
  type Answer,
  type AnswerValue,
  type Condition,
  type Question,
  type QuestionnaireDefinition,
} from './questionnaire.js';

export interface AnswerError {
  /** `answers.<questionId>`, `answers.<questionId>.value` or `answers.<questionId>.reason`. */
  path: string;
  message: string;
}

/** Thrown by scoring and task rules given answers that do not fit the definition. */
export class AnswersInvalidError extends Error {
  constructor(readonly errors: AnswerError[]) {
    super(`Answers do not fit the questionnaire: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    this.name = 'AnswersInvalidError';
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Own properties only, so a question id can never pick up `Object.prototype` members. */
export const answerFor = (answers: Record<string, unknown>, id: string): unknown =>
  Object.hasOwn(answers, id) ? answers[id] : undefined;

/** The value of a well-formed answer, or undefined for anything else. */
export function answerValue(raw: unknown): AnswerValue | undefined {
  if (!isRecord(raw)) return undefined;
  const v = raw.value;
  if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return undefined;
}

/** Does this answer meet the condition? Unanswered never does. */
export function conditionHolds(condition: Condition, raw: unknown): boolean {
  const v = answerValue(raw);
  if (v === undefined) return false;
  if (condition.atLeast !== undefined) return typeof v === 'number' && v >= condition.atLeast;
  const wanted = condition.in ?? [];
  if (Array.isArray(v)) return v.some((x) => wanted.includes(x));
  return typeof v === 'string' && wanted.includes(v);
}

export function questionIndex(def: QuestionnaireDefinition): Map<string, Question> {
  return new Map(questionsOf(def).map((q) => [q.id, q]));
}

/** A follow-up is asked only when its parent is asked and answered as the condition says. */
export function isAsked(q: Question, answers: Record<string, unknown>, index: Map<string, Question>): boolean {
  if (!q.askIf) return true;
  const parent = index.get(q.askIf.question);
  if (!parent) return false;
  return isAsked(parent, answers, index) && conditionHolds(q.askIf, answerFor(answers, parent.id));
}

function valueError(q: Question, v: unknown): string | null {
  const coded = codedValues(q);
  switch (q.type) {
    case 'yes_no':
    case 'yes_no_unknown':
    case 'scale':
    case 'choice':
      return typeof v === 'string' && coded!.includes(v) ? null : `must be one of: ${coded!.join(', ')}`;
    case 'multi_choice': {
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return `must be a list of: ${coded!.join(', ')}`;
      const bad = v.filter((x) => !coded!.includes(x));
      if (bad.length) return `not an option: ${bad.join(', ')} (allowed: ${coded!.join(', ')})`;
      if (new Set(v).size !== v.length) return 'lists an option twice';
      const exclusive = q.options!.find((o) => o.exclusive && v.includes(o.value));
      if (exclusive && v.length > 1) return `"${exclusive.value}" cannot be combined with other options`;
      return null;
    }
    case 'text':
      return typeof v === 'string' ? null : 'must be text';
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return 'must be a number';
      if (q.min !== undefined && v < q.min) return `must be at least ${q.min}`;
      if (q.max !== undefined && v > q.max) return `must be at most ${q.max}`;
      return null;
  }
}

/** Empty text or an empty selection counts as no answer for a required question. */
function isBlank(v: AnswerValue): boolean {
  return (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

/** Does this answer need a reason recorded with it? */
export function reasonNeeded(q: Question, v: AnswerValue): boolean {
  const rule = q.reasonRequired;
  if (rule === true) return true;
  if (!Array.isArray(rule)) return false;
  return Array.isArray(v) ? v.some((x) => rule.includes(x)) : typeof v === 'string' && rule.includes(v);
}

function describeCondition(c: Condition): string {
  return c.atLeast !== undefined ? `"${c.question}" is at least ${c.atLeast}` : `"${c.question}" is ${c.in!.join(' or ')}`;
}

/**
 * Every way the answers fail the definition: unknown question, wrong type or option, missing
 * required answer, missing reason, or an answer to a follow-up that was not asked.
 */
export function validateAnswers(def: QuestionnaireDefinition, answers: unknown): AnswerError[] {
  if (!isRecord(answers)) return [{ path: 'answers', message: 'must be an object keyed by question id' }];
  const index = questionIndex(def);
  const errors: AnswerError[] = [];
  for (const key of Object.keys(answers)) {
    if (!index.has(key)) errors.push({ path: `answers.${key}`, message: `unknown question in ${def.id} v${def.version}` });
  }
  for (const q of index.values()) {
    const path = `answers.${q.id}`;
    const raw = answerFor(answers, q.id);
    const asked = isAsked(q, answers, index);
    if (raw === undefined || raw === null) {
      if (q.required && asked) errors.push({ path, message: 'an answer is required' });
      continue;
    }
    if (!asked) {
      errors.push({ path, message: `not asked: only asked when ${describeCondition(q.askIf!)}` });
      continue;
    }
    if (!isRecord(raw) || !('value' in raw)) {
      errors.push({ path, message: 'must be an object { value, reason? }' });
      continue;
    }
    const extra = Object.keys(raw).filter((k) => k !== 'value' && k !== 'reason');
    if (extra.length) errors.push({ path, message: `unexpected field(s): ${extra.join(', ')}` });
    const problem = valueError(q, raw.value);
    if (problem) {
      errors.push({ path: `${path}.value`, message: problem });
      continue;
    }
    const value = raw.value as AnswerValue;
    if (q.required && isBlank(value)) errors.push({ path: `${path}.value`, message: 'an answer is required' });
    if (raw.reason !== undefined && typeof raw.reason !== 'string') {
      errors.push({ path: `${path}.reason`, message: 'must be text' });
    } else if (reasonNeeded(q, value) && !(typeof raw.reason === 'string' && raw.reason.trim())) {
      errors.push({ path: `${path}.reason`, message: 'a reason is required for this answer' });
    }
  }
  return errors;
}

/** The answers as typed values once valid; throws AnswersInvalidError otherwise. */
export function assertValidAnswers(def: QuestionnaireDefinition, answers: unknown): Record<string, Answer> {
  const errors = validateAnswers(def, answers);
  if (errors.length) throw new AnswersInvalidError(errors);
  return answers as Record<string, Answer>;
}
