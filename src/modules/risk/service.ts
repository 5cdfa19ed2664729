import type { z } from 'zod';
import type { Access } from '../../platform/access/access.js';
import type { Withheld } from '../../platform/access/policy.js';
import type { Queryable } from '../../platform/db/db.js';
import { Params } from '../../platform/db/params.js';
import { badRequest, invalidField, notFound } from '../../platform/errors.js';
import { personScopes, resolvePerson } from '../people/store.js';
import { knownPerson } from '../people/service.js';
import { caseFor } from '../cases/service.js';
import { historyFromColumn, reportsAboutLinked } from '../linking/store.js';
import type { ReportFact } from '../linking/flags.js';
import { LINKING_RULES } from '../linking/flags.js';
import { createTask } from '../tasks/store.js';
import {
  answerCategories,
  dualLens,
  findQuestionnaire,
  isOverdue,
  latestQuestionnaire,
  latestRule,
  nextReviewDate,
  safeguardingTasks,
  scoreAssessment,
  validateAnswers,
  type RiskData,
  type RiskLevel,
} from './rules/index.js';
import type { AssessmentInput } from './schema.js';
import * as store from './store.js';
import { newId } from '../../platform/ids.js';

/**
 * Persistence context: the reports naming the person (in any role) or anyone linked to them, up
 * to the moment assessed, and when the first was. Linked records come from the linking module.
 */
export async function persistenceContext(q: Queryable, personId: string, asOf: string, history?: ReportFact[]) {
  const reports = (history ?? (await reportsAboutLinked(q, personId, LINKING_RULES.linkThreshold, null))).filter((r) => r.receivedAt <= asOf);
  const first = reports.map((r) => r.receivedAt).sort()[0] ?? null;
  return { linkedReportCount: reports.length, firstReportAt: first };
}

/** Scores and stores an assessment with the questionnaire version it used; sets the review date by level. */
export async function createAssessment(data: RiskData, access: Access, input: z.infer<typeof AssessmentInput>) {
  const actor = access.requireRole('officer', 'team_leader', 'partner');
  const def = input.questionnaireVersion ? findQuestionnaire(data.questionnaires, input.questionnaireId, input.questionnaireVersion) : latestQuestionnaire(data.questionnaires, input.questionnaireId);
  if (!def) throw invalidField(input.questionnaireVersion ? 'body.questionnaireVersion' : 'body.questionnaireId', 'no such questionnaire (see GET /api/v1/questionnaires)');
  // Whether the person is on the case, and their linked report history, come back with the case (one
  // statement), read alongside the person's record: for the person as given, and again for the
  // record they were merged into only when they were.
  const onCase = (person: string) => caseFor(access, input.caseId!, 'contribute', store.assessmentCaseColumns(person, LINKING_RULES.linkThreshold));
  const caseRead = input.caseId ? onCase(input.personId) : null;
  caseRead?.catch(() => undefined); // awaited below, unless the person is refused first
  // On a case the actor may add to, the person is checked against the case below; without one, the
  // actor must be allowed to know of the person at all.
  const personId = input.caseId ? await resolvePerson(access.db, input.personId) : await knownPerson(access, input.personId);
  if (!personId) throw invalidField('body.personId', 'no such person');
  let lead: { userId: string; agencyId: string } | null = null;
  let history: ReportFact[] | undefined;
  if (caseRead) {
    const { row, columns } = personId === input.personId ? await caseRead : await onCase(personId);
    if (!columns.person_on_case) throw invalidField('body.caseId', 'this person is not on that case');
    history = historyFromColumn(columns.linked_history as Parameters<typeof historyFromColumn>[0]);
    // Safeguarding tasks go to the case's lead (read with the case, not again inside the write).
    lead = { userId: row.lead_officer_id ?? actor.userId, agencyId: row.lead_agency_id };
  }
  const errors = validateAnswers(def, input.answers);
  if (errors.length) throw badRequest(`The answers do not fit questionnaire ${def.id} v${def.version}.`, errors.map((e) => ({ path: `body.${e.path}`, message: e.message })));
  const assessedAt = input.assessedAt ?? new Date().toISOString();
  const context = await persistenceContext(access.db, personId, assessedAt, history);
  const rule = latestRule(data.persistenceRules);
  const result = scoreAssessment(def, input.answers as never, { ...context, asOf: assessedAt }, rule);
  const reviewDue = nextReviewDate(result.level, assessedAt, latestRule(data.reviewCadences)!);
  const tasks = def.lens === 'safeguarding' ? safeguardingTasks(def, input.answers) : [];
  const id = newId();
  const s = new Params();
  const ctes = [
    store.assessmentCte(s, {
      id,
      person_id: personId,
      case_id: input.caseId ?? null,
      questionnaire_id: def.id,
      questionnaire_version: def.version,
      lens: def.lens,
      answers: input.answers as store.AssessmentRow['answers'],
      raw_score: result.rawScore,
      persistence_score: result.persistenceScore,
      total_score: result.totalScore,
      level: result.level,
      level_without_persistence: result.levelWithoutPersistence,
      reasons: result.reasons,
      triggered_by: result.triggeredBy,
      persistence_rule: result.persistenceRule ? `${result.persistenceRule.id}.v${result.persistenceRule.version}` : null,
      linked_reports: context.linkedReportCount,
      assessed_at: assessedAt,
      review_due: reviewDue,
      assessor_id: actor.userId,
      agency_id: actor.agencyId,
    }),
  ];
  // A fresh assessment on a lens answers the early and scheduled reviews waiting for it.
  if (def.lens !== 'safeguarding') ctes.push(store.reviewsAnsweredCte(s, personId, actor.userId, `Reviewed: assessment ${id}`));
  // A "yes" to a safeguarding question becomes tracked work, with the answer's reason on it (in the
  // same transaction, after the assessment it points to).
  const created: { id: string; kind: string; title: string }[] = [];
  const addTasks = async (q: Queryable) => {
    for (const t of tasks) {
      const task = await createTask(q, {
        kind: t.kind,
        title: t.title,
        detail: { question: t.question, reason: t.reason ?? null, assessmentId: id, guidance: t.guidance ?? null },
        caseId: input.caseId ?? null,
        personId,
        assigneeUserId: lead?.userId ?? actor.userId,
        agencyId: lead?.agencyId ?? actor.agencyId,
        dueAt: new Date(Date.now() + (t.dueInDays ?? 2) * 86_400_000),
        dedupeKey: `safeguarding:${id}:${t.questionId}`,
      });
      created.push({ id: task.id, kind: t.kind, title: t.title });
    }
  };
  // The assessment, the reviews it answers and the audit event: one statement.
  await access.writeComposed(
    { ctes, sql: 'select id from assessment', params: s.values },
    [{ subjectType: 'assessment', subjectId: id, action: 'create', fields: ['answers'], detail: { personId, caseId: input.caseId ?? null, questionnaire: `${def.id}.v${def.version}`, level: result.level } }],
    tasks.length ? addTasks : undefined,
  );
  return {
    id,
    personId,
    caseId: input.caseId ?? null,
    questionnaireId: def.id,
    questionnaireVersion: def.version,
    lens: def.lens,
    rawScore: result.rawScore,
    persistenceScore: result.persistenceScore,
    totalScore: result.totalScore,
    level: result.level,
    levelWithoutPersistence: result.levelWithoutPersistence,
    reasons: result.reasons,
    linkedReports: context.linkedReportCount,
    firstReportAt: context.firstReportAt,
    persistenceRule: result.persistenceRule ? `${result.persistenceRule.id}.v${result.persistenceRule.version}` : null,
    assessedAt: new Date(assessedAt).toISOString(),
    reviewDue: reviewDue.toISOString(),
    tasks: created,
  };
}

const withheldAnswers = (category: Withheld['category']): Withheld => ({ withheld: true, category, reason: 'Held by another agency; not covered by an information sharing agreement for this purpose.' });

/**
 * One assessment as the actor may see it. Answers are filtered question by question: health
 * answers (mental health, substance use, care needs) are `health`, safeguarding answers
 * `safeguarding`, the rest `risk`. Old versions are read with the definition they used.
 */
export async function getAssessment(data: RiskData, access: Access, id: string) {
  access.user();
  const a = await store.assessmentById(access.db, id);
  if (!a) throw notFound('Assessment');
  const scope = { ...(await personScopes(access.db, [a.person_id])).get(a.person_id)!, ownerAgencyIds: [a.agency_id] };
  if (!(await access.sees(scope))) throw notFound('Assessment');
  const def = findQuestionnaire(data.questionnaires, a.questionnaire_id, a.questionnaire_version);
  const categories = def ? answerCategories(def) : new Map();
  const fallback = a.lens === 'safeguarding' ? 'safeguarding' : 'health';
  const { value: filtered, disclosed: answerFields } = await access.filter(scope, a.answers, Object.fromEntries(Object.keys(a.answers).map((k) => [k, categories.get(k) ?? fallback])));
  const keys = Object.keys(filtered);
  // Nothing visible: one marker (or nothing at all), so a reader is not shown the list of questions.
  const answers = answerFields.length > 0 ? filtered : keys.length > 0 ? withheldAnswers(a.lens === 'safeguarding' ? 'safeguarding' : 'health') : undefined;
  const { value, disclosed } = await access.filter(
    scope,
    {
      id: a.id, personId: a.person_id, caseId: a.case_id, questionnaireId: a.questionnaire_id, questionnaireVersion: a.questionnaire_version, lens: a.lens,
      assessedAt: new Date(a.assessed_at).toISOString(), reviewDue: new Date(a.review_due).toISOString(), level: a.level, levelWithoutPersistence: a.level_without_persistence,
      totalScore: a.total_score, persistenceScore: a.persistence_score, linkedReports: a.linked_reports, persistenceRule: a.persistence_rule, reasons: a.reasons,
    },
    { level: 'risk', levelWithoutPersistence: 'risk', totalScore: 'risk', persistenceScore: 'risk', linkedReports: 'risk', reasons: 'risk' },
  );
  await access.auditRead([{ subjectType: 'assessment', subjectId: a.id, action: 'read', fields: [...disclosed, ...answerFields.map((f) => `answers.${f}`)] }]);
  return { ...value, ...(answers ? { answers } : {}), questionnaire: def?.title ?? null };
}

/** Risk over time for a chart and both lenses now: filtered (category risk) and audited. */
export async function personRisk(access: Access, rawId: string) {
  access.user();
  const id = (await resolvePerson(access.db, rawId)) ?? rawId;
  const scope = (await personScopes(access.db, [id])).get(id);
  if (!scope || !(await access.sees(scope))) throw notFound('Person');
  const rows = await store.assessmentsOf(access.db, id);
  const history = [];
  const safeguarding = [];
  for (const r of rows) {
    const { value } = await access.filter(
      { ...scope, ownerAgencyIds: [r.agency_id] },
      {
        id: r.id, lens: r.lens, questionnaireId: r.questionnaire_id, questionnaireVersion: r.questionnaire_version, caseId: r.case_id,
        assessedAt: new Date(r.assessed_at).toISOString(), reviewDue: new Date(r.review_due).toISOString(),
        level: r.level, levelWithoutPersistence: r.level_without_persistence, totalScore: r.total_score, persistenceScore: r.persistence_score, reasons: r.reasons,
      },
      { level: 'risk', levelWithoutPersistence: 'risk', totalScore: 'risk', persistenceScore: 'risk', reasons: 'risk' },
    );
    // Safeguarding sheets are not a lens: listed apart so a chart never plots them as harm posed.
    if (r.lens === 'safeguarding') safeguarding.push({ id: r.id, caseId: r.case_id, assessedAt: value.assessedAt, questionnaireVersion: r.questionnaire_version });
    else history.push(value);
  }
  const visible = history.filter((h) => typeof h.level === 'string') as { id: string; lens: 'harm_faced' | 'harm_posed'; questionnaireId: string; questionnaireVersion: number; level: RiskLevel; assessedAt: string; reviewDue: string }[];
  const current = dualLens(visible, new Date());
  await access.auditRead([{ subjectType: 'person', subjectId: id, action: 'read_risk', fields: visible.length ? ['risk'] : [] }]);
  return { personId: id, current, history, safeguardingSheets: safeguarding };
}

/** Latest level on one lens (victim cadence, caseloads, linking flags, meeting agendas). */
export async function latestLevel(q: Queryable, personId: string, lens: 'harm_faced' | 'harm_posed'): Promise<RiskLevel | null> {
  return (await store.latestAssessment(q, personId, { lens }))?.level ?? null;
}

export interface LensLevel {
  level: RiskLevel;
  assessedAt: string;
  reviewDue: string;
  overdue: boolean;
  assessmentId: string;
  /** The agency that recorded it: the owner a caller filters on (category `risk`). */
  agencyId: string;
}

export interface PersonRiskSummary {
  personId: string;
  displayName: string;
  roles: string[];
  harmFaced: LensLevel | null;
  harmPosed: LensLevel | null;
}

/**
 * Per person on the case, the current level on both lenses (for a meeting agenda). Unfiltered:
 * the caller filters each lens with category `risk`, owner `agencyId`.
 */
export async function riskSummary(q: Queryable, caseId: string, now = new Date()): Promise<PersonRiskSummary[]> {
  const people = await store.casePeople(q, caseId);
  const latest = await store.latestLevels(q, people.map((p) => p.person_id));
  const lens = (personId: string, l: string): LensLevel | null => {
    const a = latest.find((x) => x.root === personId && x.lens === l);
    if (!a) return null;
    return { level: a.level, assessedAt: new Date(a.assessed_at).toISOString(), reviewDue: new Date(a.review_due).toISOString(), overdue: isOverdue(a.review_due, now), assessmentId: a.id, agencyId: a.agency_id };
  };
  return people.map((p) => ({ personId: p.person_id, displayName: p.display_name, roles: p.roles, harmFaced: lens(p.person_id, 'harm_faced'), harmPosed: lens(p.person_id, 'harm_posed') }));
}
