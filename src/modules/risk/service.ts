import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Access } from '../../platform/access/access.js';
import type { Category } from '../../platform/access/policy.js';
import type { Queryable } from '../../platform/db/db.js';
import { Problem, badRequest, conflict, invalidField, notFound } from '../../platform/errors.js';
import { personScopes, resolvePerson } from '../people/store.js';
import { linkedCluster, reportsAbout } from '../linking/store.js';
import { LINKING_RULES } from '../linking/flags.js';
import { caseLead, createTask } from '../tasks/store.js';
import {
  checkProportionality,
  dualLens,
  findQuestionnaire,
  latestQuestionnaire,
  ladderStep,
  nextReviewDate,
  safeguardingTasks,
  scoreAssessment,
  validateAnswers,
  type RiskData,
  type RiskLevel,
} from './rules/index.js';
import type { AssessmentInput, ProportionalityInput } from './schema.js';

/** Which category of personal data an assessment's answers are, for the access policy. */
export function answersCategory(questionnaireId: string): Category {
  if (questionnaireId === 'wellbeing-vulnerability') return 'health';
  if (questionnaireId === 'safeguarding-questions') return 'safeguarding';
  return 'risk';
}

/** Persistence context: reports about the person's linked cluster, in any role, and how long it has gone on. */
export async function persistenceContext(q: Queryable, personId: string) {
  const cluster = await linkedCluster(q, personId, LINKING_RULES.linkThreshold);
  const reports = await reportsAbout(q, cluster, ['victim', 'alleged_perpetrator', 'witness', 'reporter', 'child']);
  const first = reports.map((r) => r.receivedAt).sort()[0] ?? null;
  return { linkedReportCount: reports.length, firstReportAt: first };
}

/** Scores and stores an assessment with the questionnaire version it used; sets the review date by level. */
export async function createAssessment(data: RiskData, access: Access, input: z.infer<typeof AssessmentInput>) {
  const actor = access.requireRole('officer', 'team_leader', 'partner');
  const def = input.questionnaireVersion ? findQuestionnaire(data.questionnaires, input.questionnaireId, input.questionnaireVersion) : latestQuestionnaire(data.questionnaires, input.questionnaireId);
  if (!def) throw invalidField(input.questionnaireVersion ? 'body.questionnaireVersion' : 'body.questionnaireId', 'no such questionnaire (see GET /api/v1/questionnaires)');
  const personId = await resolvePerson(access.db, input.personId);
  if (!personId) throw invalidField('body.personId', 'no such person');
  if (input.caseId) {
    const c = await access.db.query('select 1 from case_people where case_id = $1 and person_id = $2', [input.caseId, personId]);
    if (c.rowCount === 0) throw invalidField('body.caseId', 'this person is not on that case');
  }
  const errors = validateAnswers(def, input.answers);
  if (errors.length) throw badRequest(`The answers do not fit questionnaire ${def.id} v${def.version}.`, errors.map((e) => ({ path: `body.${e.path}`, message: e.message })));
  const assessedAt = input.assessedAt ?? new Date().toISOString();
  const context = await persistenceContext(access.db, personId);
  const result = scoreAssessment(def, input.answers as never, { ...context, asOf: assessedAt }, data.persistenceRules.at(-1));
  const reviewDue = nextReviewDate(result.level, assessedAt, data.reviewCadences.at(-1)!);
  const tasks = def.lens === 'safeguarding' ? safeguardingTasks(def, input.answers) : [];
  return access.write(async (q, audit) => {
    const id = randomUUID();
    await q.query(
      `insert into assessments (id, person_id, case_id, questionnaire_id, questionnaire_version, lens, answers, raw_score, persistence_score, total_score, level,
         level_without_persistence, reasons, triggered_by, persistence_rule, linked_reports, assessed_at, review_due, assessor_id, agency_id)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20)`,
      [
        id, personId, input.caseId ?? null, def.id, def.version, def.lens, JSON.stringify(input.answers), result.rawScore, result.persistenceScore, result.totalScore, result.level,
        result.levelWithoutPersistence, JSON.stringify(result.reasons), JSON.stringify(result.triggeredBy), result.persistenceRule ? `${result.persistenceRule.id}.v${result.persistenceRule.version}` : null,
        context.linkedReportCount, assessedAt, reviewDue, actor.userId, actor.agencyId,
      ],
    );
    const created = [];
    const lead = input.caseId ? await caseLead(q, input.caseId) : null;
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
    // A fresh assessment answers any early review that was waiting for it.
    await q.query("update tasks set status = 'done', done_at = now(), done_by = $2, done_note = 'reviewed' where person_id = $1 and kind = 'early_review' and status = 'open'", [personId, actor.userId]);
    audit({ subjectType: 'assessment', subjectId: id, action: 'create', fields: ['answers'], detail: { personId, questionnaire: `${def.id}.v${def.version}`, level: result.level } });
    return {
      id,
      personId,
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
      reviewDue: reviewDue.toISOString(),
      tasks: created,
    };
  });
}

interface AssessmentRow {
  id: string;
  person_id: string;
  case_id: string | null;
  questionnaire_id: string;
  questionnaire_version: number;
  lens: 'harm_faced' | 'harm_posed' | 'safeguarding';
  level: RiskLevel;
  total_score: number;
  persistence_score: number;
  assessed_at: Date;
  review_due: Date;
  agency_id: string;
  answers: Record<string, unknown>;
  reasons: string[];
}

export async function assessmentsOf(q: Queryable, personId: string): Promise<AssessmentRow[]> {
  const { rows } = await q.query<AssessmentRow>(
    'select a.* from assessments a join people p on p.id = a.person_id where $1 in (p.id, p.merged_into) order by a.assessed_at',
    [personId],
  );
  return rows;
}

/** Risk over time for a chart, and the two lenses now: filtered (category risk) and audited. */
export async function personRisk(access: Access, rawId: string) {
  access.user();
  const id = (await resolvePerson(access.db, rawId)) ?? rawId;
  const scope = (await personScopes(access.db, [id])).get(id);
  if (!scope) throw notFound('Person');
  const rows = await assessmentsOf(access.db, id);
  const history = [];
  for (const r of rows) {
    const own = { ...scope, ownerAgencyIds: [r.agency_id] };
    const { value } = await access.filter(
      own,
      { id: r.id, lens: r.lens, questionnaireId: r.questionnaire_id, questionnaireVersion: r.questionnaire_version, assessedAt: new Date(r.assessed_at).toISOString(), reviewDue: new Date(r.review_due).toISOString(), level: r.level, totalScore: r.total_score, persistenceScore: r.persistence_score, reasons: r.reasons },
      { level: 'risk', totalScore: 'risk', persistenceScore: 'risk', reasons: 'risk' },
    );
    history.push(value);
  }
  const visible = history.filter((h) => typeof h.level === 'string') as { id: string; lens: 'harm_faced' | 'harm_posed'; questionnaireId: string; level: RiskLevel; assessedAt: string; reviewDue: string }[];
  const current = dualLens(visible.filter((h) => h.lens !== ('safeguarding' as string)), new Date());
  await access.auditRead([{ subjectType: 'person', subjectId: id, action: 'read_risk', fields: visible.length ? ['risk'] : [] }]);
  return { personId: id, current, history };
}

/** Latest level on one lens (used by victims, supervision, linking and meetings). */
export async function latestLevel(q: Queryable, personId: string, lens: 'harm_faced' | 'harm_posed'): Promise<RiskLevel | null> {
  const r = await q.query<{ level: RiskLevel }>(
    'select a.level from assessments a join people p on p.id = a.person_id where $1 in (p.id, p.merged_into) and a.lens = $2 order by a.assessed_at desc limit 1',
    [personId, lens],
  );
  return r.rows[0]?.level ?? null;
}

export async function recordProportionality(access: Access, input: z.infer<typeof ProportionalityInput>) {
  const actor = access.requireRole('officer', 'team_leader');
  const personId = await resolvePerson(access.db, input.personId);
  const onCase = personId ? await access.db.query('select 1 from case_people where case_id = $1 and person_id = $2', [input.caseId, personId]) : { rowCount: 0 };
  if (!personId || onCase.rowCount === 0) throw invalidField('body.personId', 'this person is not on that case');
  return access.write(async (q, audit) => {
    const id = randomUUID();
    await q.query(
      'insert into proportionality_records (id, person_id, case_id, can_comply, support_in_place, equality_considerations, recorded_by, agency_id) values ($1,$2,$3,$4,$5,$6,$7,$8)',
      [id, personId, input.caseId, input.canComply, input.supportInPlace, input.equalityConsiderations, actor.userId, actor.agencyId],
    );
    audit({ subjectType: 'proportionality_record', subjectId: id, action: 'create', detail: { personId, caseId: input.caseId } });
    return { id };
  });
}

/**
 * The proportionality gate: enforcement above a warning needs a current wellbeing and vulnerability
 * assessment and a proportionality and capacity record. Throws 409 naming what is missing.
 */
export async function assertProportionate(data: RiskData, q: Queryable, personId: string, caseId: string, interventionType: string) {
  const ladder = data.enforcementLadders.at(-1)!;
  if (!ladderStep(interventionType, ladder)) return;
  const [assessment, record] = await Promise.all([
    q.query<{ assessed_at: Date; review_due: Date }>(
      "select a.assessed_at, a.review_due from assessments a join people p on p.id = a.person_id where $1 in (p.id, p.merged_into) and a.questionnaire_id = 'wellbeing-vulnerability' order by a.assessed_at desc limit 1",
      [personId],
    ),
    q.query<{ can_comply: string; support_in_place: string; equality_considerations: string; recorded_at: Date }>(
      'select can_comply, support_in_place, equality_considerations, recorded_at from proportionality_records where person_id = $1 and case_id = $2 order by recorded_at desc limit 1',
      [personId, caseId],
    ),
  ]);
  const a = assessment.rows[0];
  const r = record.rows[0];
  const result = checkProportionality(
    {
      interventionType,
      vulnerabilityAssessment: a ? { assessedAt: a.assessed_at, reviewDue: a.review_due } : null,
      proportionalityRecord: r ? { canComply: r.can_comply, supportInPlace: r.support_in_place, equalityConsiderations: r.equality_considerations, recordedAt: r.recorded_at } : null,
      now: new Date(),
    },
    ladder,
  );
  if (!result.allowed) {
    throw conflict(
      `${interventionType.replace(/_/g, ' ')} cannot be recorded yet: ${result.missing.map((m) => m.message).join(' ')}`,
      { missing: result.missing },
      'proportionality-gate',
    );
  }
}

export { Problem };
