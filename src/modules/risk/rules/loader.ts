/**
 * Reads and validates every versioned data file in the questionnaires folder. The server calls
 * `loadRiskData()` at start-up so a bad file stops it with a message naming the file and the
 * path inside it, rather than failing later in the middle of an assessment.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { questionnaireSchema, type QuestionnaireDefinition } from './questionnaire.js';
import {
  enforcementLadderSchema,
  latestRule,
  persistenceRuleSchema,
  reviewCadenceSchema,
  type EnforcementLadder,
  type PersistenceRule,
  type ReviewCadence,
} from './rule-data.js';

/** Where the shipped data lives, next to this module's folder. */
export const QUESTIONNAIRES_DIR = new URL('../questionnaires/', import.meta.url);

export interface RiskData {
  questionnaires: QuestionnaireDefinition[];
  persistenceRules: PersistenceRule[];
  reviewCadences: ReviewCadence[];
  enforcementLadders: EnforcementLadder[];
}

export interface DataProblem {
  file: string;
  /** Where in the file, e.g. `sections[2].questions[0].options`; empty for the whole file. */
  path: string;
  message: string;
}

/** One or more data files are invalid; `problems` lists each with file and path. */
export class RiskDataError extends Error {
  constructor(readonly problems: DataProblem[]) {
    super(
      `Invalid risk data:\n` +
        problems.map((p) => `  ${p.file}${p.path ? ` at ${p.path}` : ''}: ${p.message}`).join('\n'),
    );
    this.name = 'RiskDataError';
  }
}

/** `['sections', 2, 'questions', 0]` → `sections[2].questions[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`))
    .join('');
}

/** Validate one parsed file against a schema; throws RiskDataError naming the file. */
export function parseRiskFile<S extends z.ZodType>(schema: S, raw: unknown, file: string): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new RiskDataError(result.error.issues.map((i) => ({ file, path: formatPath(i.path), message: i.message })));
}

/** Validate a questionnaire definition (e.g. one posted by an administrator or built in a test). */
export function parseQuestionnaire(raw: unknown, file = 'questionnaire'): QuestionnaireDefinition {
  return parseRiskFile(questionnaireSchema, raw, file);
}

const FILE_NAME = /^([a-z][a-z0-9-]*)\.v([1-9][0-9]*)\.json$/;
const RULE_SCHEMAS = {
  'persistence-rule': persistenceRuleSchema,
  'review-cadence': reviewCadenceSchema,
  'enforcement-ladder': enforcementLadderSchema,
} as const;

function readFile(dir: string, file: string): { id: string; version: number; raw: unknown } {
  const name = FILE_NAME.exec(file);
  if (!name) throw new RiskDataError([{ file, path: '', message: 'file name must be <id>.v<version>.json' }]);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch (err) {
    throw new RiskDataError([{ file, path: '', message: `not readable JSON: ${(err as Error).message}` }]);
  }
  // The file name is the published identity; content that disagrees is a copy-paste slip.
  const id = name[1];
  const version = Number(name[2]);
  const body = raw as { id?: unknown; version?: unknown } | null;
  const problems: DataProblem[] = [];
  if (body && typeof body === 'object') {
    if (body.id !== id) problems.push({ file, path: 'id', message: `must be "${id}" to match the file name` });
    if (body.version !== version) problems.push({ file, path: 'version', message: `must be ${version} to match the file name` });
  }
  if (problems.length) throw new RiskDataError(problems);
  return { id, version, raw };
}

/**
 * Read and validate every `*.json` file in `dir` (default: the shipped folder). All files are
 * checked before throwing, so one start-up shows every problem.
 */
export function loadRiskData(dir: URL | string = QUESTIONNAIRES_DIR): RiskData {
  const path = typeof dir === 'string' ? dir : fileURLToPath(dir);
  const data: RiskData = { questionnaires: [], persistenceRules: [], reviewCadences: [], enforcementLadders: [] };
  const problems: DataProblem[] = [];
  const files = readdirSync(path).filter((f) => f.endsWith('.json')).sort();
  for (const file of files) {
    try {
      const { id, raw } = readFile(path, file);
      if (id === 'persistence-rule') data.persistenceRules.push(parseRiskFile(RULE_SCHEMAS[id], raw, file));
      else if (id === 'review-cadence') data.reviewCadences.push(parseRiskFile(RULE_SCHEMAS[id], raw, file));
      else if (id === 'enforcement-ladder') data.enforcementLadders.push(parseRiskFile(RULE_SCHEMAS[id], raw, file));
      else data.questionnaires.push(parseQuestionnaire(raw, file));
    } catch (err) {
      if (err instanceof RiskDataError) problems.push(...err.problems);
      else throw err;
    }
  }
  if (problems.length) throw new RiskDataError(problems);
  return data;
}

/** Every questionnaire definition, all versions, after validating every data file in the folder. */
export function loadAllQuestionnaires(dir: URL | string = QUESTIONNAIRES_DIR): QuestionnaireDefinition[] {
  return loadRiskData(dir).questionnaires;
}

let bundled: RiskData | undefined;

/**
 * The shipped data, read once. Used as the default rule set when a caller passes none; the
 * files never change while the process runs, so caching cannot go stale.
 */
export function bundledRiskData(): RiskData {
  bundled ??= loadRiskData();
  return bundled;
}

function required<T extends { version: number }>(rules: readonly T[], what: string): T {
  const rule = latestRule(rules);
  if (!rule) throw new RiskDataError([{ file: `${what}.v*.json`, path: '', message: 'no version found in the questionnaires folder' }]);
  return rule;
}

/** Latest shipped persistence rule. */
export const defaultPersistenceRule = (): PersistenceRule => required(bundledRiskData().persistenceRules, 'persistence-rule');
/** Latest shipped review cadence. */
export const defaultReviewCadence = (): ReviewCadence => required(bundledRiskData().reviewCadences, 'review-cadence');
/** Latest shipped enforcement ladder. */
export const defaultEnforcementLadder = (): EnforcementLadder => required(bundledRiskData().enforcementLadders, 'enforcement-ladder');
