/**
 * Questionnaire definitions: the zod schema every versioned JSON file must satisfy, the
 * answer shape, and lookups by id and version. Definitions are data, never code, so a new
 * version can be published while assessments made under an old one stay readable.
 */
import { z } from 'zod';

export const RISK_LEVELS = ['standard', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const LENSES = ['harm_faced', 'harm_posed', 'safeguarding'] as const;
export type Lens = (typeof LENSES)[number];

/** Who a questionnaire is about: a person in a role on a case, or the case as a whole. */
export const SUBJECTS = ['victim', 'alleged_perpetrator', 'household_member', 'witness', 'reporter', 'child', 'case'] as const;
export type Subject = (typeof SUBJECTS)[number];

export const QUESTION_TYPES = ['yes_no', 'yes_no_unknown', 'scale', 'choice', 'multi_choice', 'text', 'number'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const TASK_KINDS = [
  'adult_safeguarding_concern',
  'children_referral',
  'link_review',
  'support_plan',
  'exploitation_check',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/**
 * The access-policy category of an answer: most answers are risk data, but health answers
 * (mental health, substance use, care needs, capacity) and safeguarding answers are shared
 * under their own agreement terms. Set per question or per section; the lens gives the default.
 */
export const ANSWER_CATEGORIES = ['risk', 'health', 'safeguarding', 'children'] as const;
export type AnswerCategory = (typeof ANSWER_CATEGORIES)[number];

const slug = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'use lower-case letters, digits, "_" or "-", starting with a letter');
const optionValue = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "_" or "-"');
const prose = z.string().trim().min(1, 'must not be blank');
const points = z.number().min(0, 'scores are never negative');

/** Short plain-English legal-literacy note, shown beside the questions that cite it. */
export const legalNoteSchema = z.strictObject({
  id: slug,
  title: prose,
  text: prose,
  points: z.array(prose).min(1).optional(),
});
export type LegalNote = z.output<typeof legalNoteSchema>;

/** A test on one answer: `in` for coded answers (any overlap for multi_choice), `atLeast` for numbers. */
export const conditionSchema = z
  .strictObject({
    question: slug,
    in: z.array(optionValue).min(1).optional(),
    atLeast: z.number().optional(),
  })
  .refine((c) => (c.in === undefined) !== (c.atLeast === undefined), { message: 'give exactly one of "in" or "atLeast"' });
export type Condition = z.output<typeof conditionSchema>;

const optionSchema = z.strictObject({
  value: optionValue,
  label: prose,
  score: points,
  // "None of these" style options that cannot be picked with any other.
  exclusive: z.boolean().optional(),
});
export type QuestionOption = z.output<typeof optionSchema>;

/** The follow-up work an answer creates (safeguarding): by default on "yes". */
const taskSchema = z.strictObject({
  kind: z.enum(TASK_KINDS),
  title: prose,
  when: z.array(optionValue).min(1).default(['yes']),
  dueInDays: z.number().int().positive().optional(),
  guidance: prose.optional(),
});
export type TaskDescriptor = z.output<typeof taskSchema>;

const questionSchema = z.strictObject({
  id: slug,
  text: prose,
  guidance: prose.optional(),
  legalNoteIds: z.array(slug).min(1).optional(),
  type: z.enum(QUESTION_TYPES),
  options: z.array(optionSchema).min(2).optional(),
  /** Points for a "yes" (yes_no, yes_no_unknown). */
  score: points.optional(),
  /** Points for "unknown": not knowing should not always read as "no risk". */
  unknownScore: points.optional(),
  /** Number questions: the highest band reached scores. */
  bands: z.array(z.strictObject({ atLeast: z.number(), score: points })).min(1).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  unit: prose.optional(),
  required: z.boolean(),
  /** true: every answer needs a reason; a list: only these answers do. */
  reasonRequired: z.union([z.boolean(), z.array(optionValue).min(1)]).optional(),
  /** Follow-up question: asked (and required) only when the condition on an earlier answer holds. */
  askIf: conditionSchema.optional(),
  createsTask: taskSchema.optional(),
  category: z.enum(ANSWER_CATEGORIES).optional(),
});
export type Question = z.output<typeof questionSchema>;

const sectionSchema = z.strictObject({
  id: slug,
  title: prose,
  guidance: prose.optional(),
  legalNoteIds: z.array(slug).min(1).optional(),
  category: z.enum(ANSWER_CATEGORIES).optional(),
  questions: z.array(questionSchema).min(1),
});
export type Section = z.output<typeof sectionSchema>;

/** "Auto" levels: when every condition holds the level is at least `level`, whatever the score. */
const triggerSchema = z.strictObject({
  id: slug,
  description: prose,
  when: z.array(conditionSchema).min(1),
  level: z.enum(['medium', 'high']),
});
export type Trigger = z.output<typeof triggerSchema>;

const CODED_VALUES: Partial<Record<QuestionType, readonly string[]>> = {
  yes_no: ['yes', 'no'],
  yes_no_unknown: ['yes', 'no', 'unknown'],
};

/** The coded answers a question accepts, or null for free text and numbers. */
export function codedValues(q: Question): readonly string[] | null {
  if (q.type === 'text' || q.type === 'number') return null;
  return CODED_VALUES[q.type] ?? (q.options ?? []).map((o) => o.value);
}

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

function checkValues(ctx: Ctx, path: Path, q: Question, values: readonly string[], what: string): void {
  const allowed = codedValues(q);
  if (allowed === null) {
    ctx.addIssue({ code: 'custom', path, message: `${what}: question "${q.id}" (${q.type}) has no coded answers` });
    return;
  }
  for (const v of values) {
    if (!allowed.includes(v)) {
      ctx.addIssue({ code: 'custom', path, message: `${what}: "${v}" is not an answer to "${q.id}" (allowed: ${allowed.join(', ')})` });
    }
  }
}

function checkCondition(ctx: Ctx, path: Path, c: Condition, earlier: Map<string, Question>, what: string): void {
  const q = earlier.get(c.question);
  if (!q) {
    ctx.addIssue({ code: 'custom', path: [...path, 'question'], message: `${what}: no earlier question "${c.question}"` });
    return;
  }
  if (c.in) checkValues(ctx, [...path, 'in'], q, c.in, what);
  if (c.atLeast !== undefined && q.type !== 'number') {
    ctx.addIssue({ code: 'custom', path: [...path, 'atLeast'], message: `${what}: "atLeast" needs a number question, "${q.id}" is ${q.type}` });
  }
}

function checkQuestion(ctx: Ctx, path: Path, q: Question, notes: Set<string>): void {
  const hasOptions = q.type === 'scale' || q.type === 'choice' || q.type === 'multi_choice';
  const yesNo = q.type === 'yes_no' || q.type === 'yes_no_unknown';
  if (hasOptions && !q.options) ctx.addIssue({ code: 'custom', path: [...path, 'options'], message: `options are required for a "${q.type}" question` });
  if (!hasOptions && q.options) ctx.addIssue({ code: 'custom', path: [...path, 'options'], message: `a "${q.type}" question takes no options` });
  if (!yesNo && q.score !== undefined) ctx.addIssue({ code: 'custom', path: [...path, 'score'], message: '"score" is the points for "yes"; use option scores or bands instead' });
  if (q.type !== 'yes_no_unknown' && q.unknownScore !== undefined) ctx.addIssue({ code: 'custom', path: [...path, 'unknownScore'], message: '"unknownScore" needs a yes_no_unknown question' });
  if (q.type !== 'number') {
    for (const key of ['bands', 'min', 'max', 'unit'] as const) {
      if (q[key] !== undefined) ctx.addIssue({ code: 'custom', path: [...path, key], message: `"${key}" is only for number questions` });
    }
  }
  if (q.min !== undefined && q.max !== undefined && q.min > q.max) ctx.addIssue({ code: 'custom', path: [...path, 'min'], message: '"min" is above "max"' });
  const seen = new Set<string>();
  q.options?.forEach((o, i) => {
    if (seen.has(o.value)) ctx.addIssue({ code: 'custom', path: [...path, 'options', i, 'value'], message: `duplicate option "${o.value}"` });
    seen.add(o.value);
    if (o.exclusive && q.type !== 'multi_choice') ctx.addIssue({ code: 'custom', path: [...path, 'options', i, 'exclusive'], message: '"exclusive" is only for multi_choice options' });
  });
  if (Array.isArray(q.reasonRequired)) checkValues(ctx, [...path, 'reasonRequired'], q, q.reasonRequired, 'reasonRequired');
  if (q.createsTask) checkValues(ctx, [...path, 'createsTask', 'when'], q, q.createsTask.when, 'createsTask.when');
  q.legalNoteIds?.forEach((id, i) => {
    if (!notes.has(id)) ctx.addIssue({ code: 'custom', path: [...path, 'legalNoteIds', i], message: `no legal note "${id}" in legalNotes` });
  });
}

export const questionnaireSchema = z
  .strictObject({
    id: slug,
    version: z.number().int().positive(),
    title: prose,
    lens: z.enum(LENSES),
    appliesTo: z.array(z.enum(SUBJECTS)).min(1),
    description: prose,
    legalNotes: z.array(legalNoteSchema).default([]),
    sections: z.array(sectionSchema).min(1),
    thresholds: z
      .strictObject({ medium: points, high: points })
      .refine((t) => t.medium < t.high, { message: '"medium" must be below "high"' }),
    triggers: z.array(triggerSchema).default([]),
  })
  .superRefine((def, ctx) => {
    // Cross-references that zod's shape cannot express: unique ids, answers that exist, notes that exist.
    const notes = new Set<string>();
    def.legalNotes.forEach((n, i) => {
      if (notes.has(n.id)) ctx.addIssue({ code: 'custom', path: ['legalNotes', i, 'id'], message: `duplicate legal note "${n.id}"` });
      notes.add(n.id);
    });
    const earlier = new Map<string, Question>();
    const sectionIds = new Set<string>();
    def.sections.forEach((s, si) => {
      if (sectionIds.has(s.id)) ctx.addIssue({ code: 'custom', path: ['sections', si, 'id'], message: `duplicate section "${s.id}"` });
      sectionIds.add(s.id);
      s.legalNoteIds?.forEach((id, i) => {
        if (!notes.has(id)) ctx.addIssue({ code: 'custom', path: ['sections', si, 'legalNoteIds', i], message: `no legal note "${id}" in legalNotes` });
      });
      s.questions.forEach((q, qi) => {
        const path: Path = ['sections', si, 'questions', qi];
        if (earlier.has(q.id)) ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `duplicate question "${q.id}"` });
        checkQuestion(ctx, path, q, notes);
        if (q.askIf) checkCondition(ctx, [...path, 'askIf'], q.askIf, earlier, 'askIf');
        earlier.set(q.id, q);
      });
    });
    const triggerIds = new Set<string>();
    def.triggers.forEach((t, ti) => {
      if (triggerIds.has(t.id)) ctx.addIssue({ code: 'custom', path: ['triggers', ti, 'id'], message: `duplicate trigger "${t.id}"` });
      triggerIds.add(t.id);
      t.when.forEach((c, ci) => checkCondition(ctx, ['triggers', ti, 'when', ci], c, earlier, 'trigger'));
    });
  });

export type QuestionnaireDefinition = z.output<typeof questionnaireSchema>;

/** One answer: a coded value ("yes", an option value), option values, free text or a number. */
export type AnswerValue = string | number | string[];
export interface Answer {
  value: AnswerValue;
  reason?: string;
}
/** Answers keyed by question id. */
export type Answers = Record<string, Answer>;

/** Shape check for request bodies; `validateAnswers` then checks them against a definition. */
export const answersSchema = z.record(
  z.string(),
  z.strictObject({
    value: z.union([z.string(), z.number(), z.array(z.string())]),
    reason: z.string().optional(),
  }),
);

/** Every question in order, across sections. */
export function questionsOf(def: QuestionnaireDefinition): Question[] {
  return def.sections.flatMap((s) => s.questions);
}

/** The definition with this id and version, if loaded: how old assessments are re-read. */
export function findQuestionnaire(
  defs: readonly QuestionnaireDefinition[],
  id: string,
  version: number,
): QuestionnaireDefinition | undefined {
  return defs.find((d) => d.id === id && d.version === version);
}

/** The highest version with this id: what new assessments use. */
export function latestQuestionnaire(defs: readonly QuestionnaireDefinition[], id: string): QuestionnaireDefinition | undefined {
  let best: QuestionnaireDefinition | undefined;
  for (const d of defs) if (d.id === id && (!best || d.version > best.version)) best = d;
  return best;
}

/** Each question's access category: its own, else its section's, else the lens default. */
export function answerCategories(def: QuestionnaireDefinition): Map<string, AnswerCategory> {
  const fallback: AnswerCategory = def.lens === 'safeguarding' ? 'safeguarding' : 'risk';
  const out = new Map<string, AnswerCategory>();
  for (const s of def.sections) for (const q of s.questions) out.set(q.id, q.category ?? s.category ?? fallback);
  return out;
}
