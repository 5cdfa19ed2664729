/**
 * Helpers for the table tests: build valid answer sets that score exactly a target, so the
 * threshold boundaries of every shipped questionnaire are tested from its own data.
 */
import { isAsked, questionIndex } from './answers.js';
import { questionsOf, type Answers, type AnswerValue, type Question, type QuestionnaireDefinition } from './questionnaire.js';
import { questionScore } from './scoring.js';

/** No linked history: persistence adds nothing. */
export const NO_HISTORY = { linkedReportCount: 1, firstReportAt: null, asOf: '2025-06-01T12:00:00Z' } as const;

function triggerQuestions(def: QuestionnaireDefinition): Set<string> {
  return new Set(def.triggers.flatMap((t) => t.when.map((c) => c.question)));
}

/** A zero-point answer that fires no trigger, for filling required questions. */
function quietAnswer(def: QuestionnaireDefinition, q: Question): AnswerValue {
  const triggering = new Set(def.triggers.flatMap((t) => t.when.filter((c) => c.question === q.id).flatMap((c) => c.in ?? [])));
  switch (q.type) {
    case 'yes_no':
    case 'yes_no_unknown':
      return 'no';
    case 'text':
      return 'Recorded in a test.';
    case 'number':
      return q.min ?? 0;
    default: {
      const zero = q.options!.find((o) => o.score === 0 && !triggering.has(o.value));
      if (!zero) throw new Error(`${def.id}: "${q.id}" has no quiet option`);
      return q.type === 'multi_choice' ? [zero.value] : zero.value;
    }
  }
}

/** Fill every asked, unanswered, required question with a quiet answer (follow-ups included). */
export function completeAnswers(def: QuestionnaireDefinition, answers: Answers): Answers {
  const out: Answers = { ...answers };
  const index = questionIndex(def);
  for (let changed = true; changed; ) {
    changed = false;
    for (const q of index.values()) {
      if (out[q.id] || !q.required || !isAsked(q, out, index)) continue;
      out[q.id] = { value: quietAnswer(def, q), reason: 'Recorded in a test.' };
      changed = true;
    }
  }
  return out;
}

/** The ways each free-standing, non-trigger question can add points. */
function alternatives(q: Question): AnswerValue[] {
  switch (q.type) {
    case 'yes_no':
    case 'yes_no_unknown':
      return ['yes'];
    case 'scale':
    case 'choice':
      return q.options!.filter((o) => o.score > 0).map((o) => o.value);
    case 'multi_choice': {
      const opts = q.options!.filter((o) => !o.exclusive && o.score > 0).map((o) => o.value);
      return opts.map((_, i) => opts.slice(0, i + 1));
    }
    default:
      return [];
  }
}

/** A valid answer set whose answers score exactly `target` with no trigger firing. */
export function answersScoring(def: QuestionnaireDefinition, target: number): Answers {
  const skip = triggerQuestions(def);
  const free = questionsOf(def).filter((q) => !q.askIf && !skip.has(q.id));
  // Subset-sum over questions, each answered at most one way.
  let reachable = new Map<number, Answers>([[0, {}]]);
  for (const q of free) {
    const next = new Map(reachable);
    for (const [sum, picked] of reachable) {
      for (const value of alternatives(q)) {
        const s = sum + questionScore(q, value);
        if (!next.has(s)) next.set(s, { ...picked, [q.id]: { value, reason: 'Recorded in a test.' } });
      }
    }
    reachable = next;
  }
  const picked = reachable.get(target);
  if (!picked) throw new Error(`${def.id}: no answer set scores ${target}`);
  return completeAnswers(def, picked);
}
