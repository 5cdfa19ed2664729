import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { sentWhile } from '../../../test/support/statements.js';
import type { AppContext } from '../../platform/http/context.js';
import { completeAnswers } from './rules/test-support.js';
import { QUESTIONNAIRES_DIR, RiskDataError, latestQuestionnaire, loadAllQuestionnaires, type RiskData } from './rules/index.js';
import { reviewsDue } from './reviews.js';
import { createRiskModule, type RiskReviewReminders, type RiskSummary } from './index.js';
import { remindReviews } from './reviews.js';
import { scratchDir } from '../../../test/support/scratch.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const defs = loadAllQuestionnaires();
const officer = 'officer@council.demo';
const monthsAgo = (m: number) => new Date(Date.now() - m * 30.4 * 86_400_000).toISOString();

async function report(people: Record<string, unknown>[], m = 0, category = 'noise') {
  const r = await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: { receivedAt: monthsAgo(m), channel: 'phone', category, description: 'Music played loudly one evening', people } });
  expect(r.statusCode).toBe(201);
  return r.json();
}

describe('dual-lens risk through the API', () => {
  let victimId: string;
  let caseId: string;
  let firstAssessment: string;

  const victim = { role: 'victim', givenName: 'Dorothy', familyName: 'Ashworth', dateOfBirth: '1949-12-02', phone: '07700 900700', address: { line1: '4 Elm Court', postcode: 'RV1 2AB' } };

  it('scores a victim with mental health needs and six linked reports over eight months high, though each report is minor', async () => {
    const first = await report([victim], 8);
    victimId = first.people[0].personId;
    // Later reports come from other calls: the same identifiers, matched by linking rather than chosen by hand.
    const later = [];
    for (const m of [6.5, 5, 3.5, 2]) later.push(await report([victim], m));
    const last = await report([{ ...victim, personId: victimId }], 0.1);
    caseId = (await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Ashworth', reportIds: [first.id, last.id] } })).json().id;
    const def = latestQuestionnaire(defs, 'asb-victim-risk')!;
    const answers = completeAnswers(def, { mental_health: { value: 'yes' }, previous_reports: { value: 'yes' }, sleep: { value: 'yes' }, fear_of_harm: { value: 'yes' } });
    const r = await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId: victimId, caseId, questionnaireId: 'asb-victim-risk', answers } });
    expect(r.statusCode).toBe(201);
    const a = r.json();
    firstAssessment = a.id;
    expect(a.linkedReports).toBe(6);
    expect(a.levelWithoutPersistence).toBe('standard');
    expect(a.persistenceScore).toBeGreaterThan(0);
    expect(a.level).toBe('high');
    expect(a.questionnaireVersion).toBe(1);
    expect(new Date(a.reviewDue).getTime() - Date.now()).toBeLessThan(8 * 86_400_000);
    const risk = (await t.as(officer, { url: `/api/v1/people/${victimId}/risk` })).json();
    expect(risk.current.harmFaced.level).toBe('high');
    expect(risk.current.harmPosed).toBeNull();
    expect(risk.history).toHaveLength(1);
    // An agency not on the case sees that the person exists, not their risk.
    const outsider = (await t.as('officer@housing.demo', { url: `/api/v1/people/${victimId}/risk` })).json();
    expect(outsider.current.harmFaced).toBeNull();
    expect(outsider.history[0].level).toBeUndefined();
    const audit = await t.db.query("select 1 from audit_events where action = 'read_risk' and subject_id = $1", [victimId]);
    expect(audit.rowCount).toBeGreaterThan(0);
  });

  it('names the answer that is wrong, and never answers bad input with a 500', async () => {
    const post = (payload: Record<string, unknown>) => t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload });
    const r = await post({ personId: victimId, questionnaireId: 'asb-victim-risk', answers: { mental_health: { value: 'perhaps' } } });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors.some((e: { path: string }) => e.path.startsWith('body.answers.mental_health'))).toBe(true);
    const sq = latestQuestionnaire(defs, 'safeguarding-questions')!;
    const noReason = completeAnswers(sq, {});
    noReason.children_impacted = { value: 'yes' };
    const missing = await post({ personId: victimId, questionnaireId: 'safeguarding-questions', answers: noReason });
    expect(missing.json().errors.map((e: { path: string }) => e.path)).toContain('body.answers.children_impacted.reason');
    expect((await post({ personId: victimId, questionnaireId: 'no-such-form', answers: {} })).json().errors[0].path).toBe('body.questionnaireId');
    expect((await post({ personId: victimId, questionnaireId: 'asb-victim-risk', questionnaireVersion: 99, answers: {} })).json().errors[0].path).toBe('body.questionnaireVersion');
    expect((await post({ personId: '00000000-0000-4000-8000-000000000000', questionnaireId: 'asb-victim-risk', answers: {} })).json().errors[0].path).toBe('body.personId');
    for (const answers of [null, [], 'x', { a: 1 }, { mental_health: [] }, { mental_health: { value: { $gt: 1 } } }]) {
      const x = await post({ personId: victimId, questionnaireId: 'asb-victim-risk', answers });
      expect(x.statusCode).toBe(400);
    }
  });

  it('keeps old assessments readable under the version they used after a new version is published', async () => {
    const data = t.ctx.services.riskData as RiskData;
    const v1 = latestQuestionnaire(data.questionnaires, 'asb-victim-risk')!;
    const v2 = { ...v1, version: 2, title: `${v1.title} (revised)`, thresholds: { medium: 5, high: 10 } };
    data.questionnaires.push(v2);
    try {
      expect((await t.as(officer, { url: '/api/v1/questionnaires/asb-victim-risk' })).json().version).toBe(2);
      expect((await t.as(officer, { url: '/api/v1/questionnaires/asb-victim-risk/1' })).json().title).toBe(v1.title);
      const old = (await t.as(officer, { url: `/api/v1/assessments/${firstAssessment}` })).json();
      expect(old).toMatchObject({ questionnaireVersion: 1, questionnaire: v1.title, level: 'high' });
      expect(old.answers.mental_health.value).toBe('yes');
      const fresh = await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId: victimId, caseId, questionnaireId: 'asb-victim-risk', answers: completeAnswers(v2, {}) } });
      expect(fresh.json().questionnaireVersion).toBe(2);
      const history = (await t.as(officer, { url: `/api/v1/people/${victimId}/risk` })).json().history;
      expect(history.map((h: { questionnaireVersion: number }) => h.questionnaireVersion)).toEqual([1, 2]);
    } finally {
      data.questionnaires.splice(data.questionnaires.indexOf(v2), 1);
    }
  });

  it("gives an officer the reviews of assessments they made with no lead officer, and not those on a colleague's case", async () => {
    const def = latestQuestionnaire(defs, 'harm-to-others')!;
    const answers = completeAnswers(def, {});
    const alone = (await report([{ role: 'alleged_perpetrator', name: 'Rowan Pike' }], 6)).people[0].personId;
    expect((await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId: alone, questionnaireId: 'harm-to-others', assessedAt: monthsAgo(5), answers } })).statusCode).toBe(201);
    const theirs = await report([{ role: 'alleged_perpetrator', name: 'Ellis Marr' }], 6);
    const leaderCase = await t.as('leader@council.demo', { method: 'POST', url: '/api/v1/cases', payload: { title: 'Led by the team leader', reportIds: [theirs.id] } });
    expect(leaderCase.statusCode).toBe(201);
    const other = theirs.people[0].personId;
    expect((await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId: other, caseId: leaderCase.json().id, questionnaireId: 'harm-to-others', assessedAt: monthsAgo(5), answers } })).statusCode).toBe(201);
    const mine = ((await t.as(officer, { url: '/api/v1/reviews/overdue' })).json() as { personId: string }[]).map((r) => r.personId);
    expect(mine).toContain(alone);
    expect(mine).not.toContain(other);
    const team = ((await t.as('leader@council.demo', { url: '/api/v1/reviews/overdue' })).json() as { personId: string; leadOfficer: string }[]);
    expect(team.map((r) => r.personId)).toEqual(expect.arrayContaining([alone, other]));
    // A team's reviews are the same found from its members' cases (a small team) or read in date order (a large one).
    const teamId = t.dir.teams.council;
    const byMember = await reviewsDue(t.db, new Date(), { teamId, form: 'by_member' });
    expect(byMember.map((r) => r.id)).toEqual((await reviewsDue(t.db, new Date(), { teamId, form: 'by_date' })).map((r) => r.id));
    expect(byMember.map((r) => r.person_id)).toEqual(expect.arrayContaining([alone, other]));
    // A case led by someone outside any team falls to whoever made the assessment.
    await t.db.query('update cases set lead_officer_id = $1 where id = $2', [t.dir.users['admin@council.demo'], leaderCase.json().id]);
    const moved = await reviewsDue(t.db, new Date(), { teamId, form: 'by_member' });
    expect(moved.map((r) => r.id)).toEqual((await reviewsDue(t.db, new Date(), { teamId, form: 'by_date' })).map((r) => r.id));
    expect(moved.map((r) => r.person_id)).toContain(other);
    // A case with no lead officer at all: the officer who made the assessment answers for it.
    await t.db.query('update cases set lead_officer_id = null where id = $1', [leaderCase.json().id]);
    const unled = ((await t.as(officer, { url: '/api/v1/reviews/overdue' })).json() as { personId: string }[]).map((r) => r.personId);
    expect(unled).toEqual(expect.arrayContaining([alone, other]));
    const noLead = await reviewsDue(t.db, new Date(), { teamId, form: 'by_member' });
    expect(noLead.map((r) => r.id)).toEqual((await reviewsDue(t.db, new Date(), { teamId, form: 'by_date' })).map((r) => r.id));
    expect(noLead.map((r) => r.person_id)).toContain(other);
  });

  it('lists overdue reviews for the officer and the team leader, and the reminder job is idempotent', async () => {
    const def = latestQuestionnaire(defs, 'harm-to-others')!;
    const person = (await report([{ role: 'alleged_perpetrator', name: 'Vince Carter' }], 6)).people[0].personId;
    await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/people`, payload: { personId: person, role: 'alleged_perpetrator' } });
    const old = await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId: person, caseId, questionnaireId: 'harm-to-others', assessedAt: monthsAgo(5), answers: completeAnswers(def, {}) } });
    expect(old.statusCode).toBe(201);
    const mine = (await t.as(officer, { url: '/api/v1/reviews/overdue' })).json();
    expect(mine.map((r: { personId: string }) => r.personId)).toContain(person);
    expect(mine.find((r: { personId: string }) => r.personId === person)).toMatchObject({ lens: 'harm_posed', level: 'standard', caseId });
    expect(mine.map((r: { personId: string }) => r.personId)).not.toContain(victimId);
    const team = (await t.as('leader@council.demo', { url: '/api/v1/reviews/overdue' })).json();
    expect(team.map((r: { personId: string }) => r.personId)).toContain(person);
    expect((await t.as('officer@housing.demo', { url: '/api/v1/reviews/overdue' })).json()).toEqual([]);
    expect((await t.as('officer@housing.demo', { url: `/api/v1/reviews/overdue?teamId=${t.dir.teams.council}` })).statusCode).toBe(403);

    const remind = t.ctx.services.riskReviewReminders as RiskReviewReminders;
    const first = await remind(t.db);
    expect(first.created).toBeGreaterThanOrEqual(1);
    expect((await remind(t.db)).created).toBe(0);
    const tasks = (await t.as(officer, { url: '/api/v1/tasks' })).json();
    expect(tasks.filter((x: { kind: string; personId: string }) => x.kind === 'risk_review' && x.personId === person)).toHaveLength(1);
    // A fresh assessment answers the review: it leaves the overdue list and its task closes. Three
    // statements: the person and, alongside it, the case with the person's place on it and their
    // linked history; then the assessment with the task it closes and the audit event (without a transaction).
    const { out: fresh, sent, transactions } = await sentWhile(t, () => t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId: person, caseId, questionnaireId: 'harm-to-others', answers: completeAnswers(def, {}) } }));
    expect(fresh.statusCode).toBe(201);
    const writes = sent.filter((s) => /insert into assessments\b/.test(s));
    expect(writes).toHaveLength(1);
    expect(writes[0]).toContain('update tasks');
    expect(writes[0]).toContain('insert into audit_events');
    expect(transactions).toBe(0);
    expect(sent).toHaveLength(3);
    expect(sent.slice(0, 2).some((x) => x.includes('linked_history'))).toBe(true);
    expect(sent.slice(0, 2).some((x) => x.includes('select merged_into from people'))).toBe(true);
    expect((await t.as(officer, { url: '/api/v1/reviews/overdue' })).json().map((r: { personId: string }) => r.personId)).not.toContain(person);
    expect((await t.as(officer, { url: '/api/v1/tasks' })).json().some((x: { kind: string; personId: string }) => x.kind === 'risk_review' && x.personId === person)).toBe(false);
  });

  it('assesses a record merged into another as the record it was merged into, on that record\'s case', async () => {
    const someone = { role: 'alleged_perpetrator', givenName: 'Rowena', familyName: 'Baptiste-Okafor', dateOfBirth: '1971-08-14', phone: '07700 900377' };
    const first = await report([someone], 2);
    const second = await report([someone], 1);
    const suggestion = second.links.find((l: { kind: string; matchedPersonId?: string }) => l.kind === 'person' && l.matchedPersonId === first.people[0].personId);
    expect(suggestion).toBeDefined();
    const merged = await t.as(officer, { method: 'POST', url: `/api/v1/link-suggestions/${suggestion.suggestionId}/confirm` });
    expect(merged.json()).toMatchObject({ survivorId: first.people[0].personId, mergedId: second.people[0].personId });
    const onCase = (await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Shouting at Elm Court', reportIds: [first.id] } })).json().id;
    const def = latestQuestionnaire(defs, 'harm-to-others')!;
    const r = await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId: second.people[0].personId, caseId: onCase, questionnaireId: 'harm-to-others', answers: completeAnswers(def, {}) } });
    expect(r.statusCode).toBe(201);
    expect(r.json().personId).toBe(first.people[0].personId);
    // Someone not on the case is still refused, merged or not.
    const stranger = (await report([{ role: 'witness', name: 'Unrelated Person' }])).people[0].personId;
    const refused = await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId: stranger, caseId: onCase, questionnaireId: 'harm-to-others', answers: completeAnswers(def, {}) } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].path).toBe('body.caseId');
  });

  it('reminds every due review however many are due, a page at a time, and only once', async () => {
    const t = await createTestApp();
    const def = latestQuestionnaire(defs, 'harm-to-others')!;
    const people: string[] = [];
    for (const name of ['Ann Ames', 'Bob Bell', 'Cy Cross', 'Di Dale', 'Ed Eyre']) {
      const r = await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: { receivedAt: monthsAgo(6), channel: 'phone', category: 'noise', description: 'Music played loudly one evening', people: [{ role: 'alleged_perpetrator', name }] } });
      const person = r.json().people[0].personId;
      people.push(person);
      const a = await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId: person, questionnaireId: 'harm-to-others', assessedAt: monthsAgo(5), answers: completeAnswers(def, {}) } });
      expect(a.statusCode).toBe(201);
    }
    // Pages of two: the five due reviews take three pages, the first two already reminded on the next run.
    expect(await remindReviews(t.db, new Date(), 2, 2)).toEqual({ created: 5 });
    const tasks = (await t.db.query<{ person_id: string; title: string; assignee_user_id: string }>("select person_id, title, assignee_user_id from tasks where kind = 'risk_review'")).rows;
    expect(tasks.map((x) => x.person_id).sort()).toEqual([...people].sort());
    expect(tasks.every((x) => x.title.startsWith('Overdue: review the harm posed assessment of') && x.assignee_user_id === t.dir.users[officer])).toBe(true);
    expect(await remindReviews(t.db, new Date(), 2, 2)).toEqual({ created: 0 });
    await t.close();
  });

  it('creates an early review task when a contact notes deterioration, and when a new report names the person', async () => {
    const early = async () => (await t.as(officer, { url: '/api/v1/tasks' })).json().filter((x: { kind: string; personId: string }) => x.kind === 'early_review' && x.personId === victimId);
    expect(await early()).toHaveLength(0);
    const calm = { personId: victimId, contactedAt: new Date().toISOString(), method: 'phone', summary: 'Coping', deterioration: false };
    await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/contacts`, payload: calm });
    expect(await early()).toHaveLength(0);
    await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/contacts`, payload: { ...calm, summary: 'Not sleeping, sounded worse', deterioration: true } });
    expect(await early()).toHaveLength(1);
    expect((await early())[0].caseId).toBe(caseId);
    await report([{ role: 'victim', personId: victimId }], 0);
    expect(await early()).toHaveLength(2);
    // A report from elsewhere, matched to her only by linking, brings the review forward too.
    const linked = await report([victim], 0);
    expect(linked.people[0].personId).not.toBe(victimId);
    expect(await early()).toHaveLength(3);
    // A report naming two people already assessed brings both reviews forward; their levels (over
    // each one's linked cluster) are read in one statement.
    const neighbour = (await report([{ role: 'alleged_perpetrator', name: 'Norman Vale', dateOfBirth: '1971-05-05' }], 1)).people[0].personId;
    const assessed = await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId: neighbour, questionnaireId: 'harm-to-others', answers: completeAnswers(latestQuestionnaire(defs, 'harm-to-others')!, {}) } });
    expect(assessed.statusCode).toBe(201);
    const { sent } = await sentWhile(t, () => report([{ role: 'victim', personId: victimId }, { role: 'alleged_perpetrator', personId: neighbour }], 0));
    expect(await early()).toHaveLength(4);
    const neighbourReviews = (await t.as(officer, { url: '/api/v1/tasks' })).json().filter((x: { kind: string; personId: string }) => x.kind === 'early_review' && x.personId === neighbour);
    expect(neighbourReviews).toHaveLength(1);
    expect(sent.filter((s) => s.includes('distinct on (m.person, m.root, a.lens)'))).toHaveLength(1);
  });

  it('offers the per-case summary other modules call, and the questionnaires with their guidance', async () => {
    const summary = await (t.ctx.services.riskSummary as RiskSummary)(t.db, caseId);
    const victim = summary.find((p) => p.personId === victimId)!;
    expect(victim.roles).toContain('victim');
    expect(victim.harmFaced?.level).toBeTypeOf('string');
    expect(victim.harmFaced?.agencyId).toBe(t.dir.agencies.council);
    expect(summary.some((p) => p.harmPosed?.level === 'standard')).toBe(true);
    const all = (await t.as('nurse@health.demo', { url: '/api/v1/questionnaires' })).json();
    expect(all.map((q: { id: string }) => q.id)).toEqual(expect.arrayContaining(['asb-victim-risk', 'wellbeing-vulnerability', 'harm-to-others', 'safeguarding-questions']));
    expect(JSON.stringify(all)).toMatch(/Care Act 2014/);
    expect((await t.as(officer, { url: '/api/v1/questionnaires/nope' })).statusCode).toBe(404);
    expect((await t.as(officer, { url: '/api/v1/risk-rules' })).json().enforcementLadder.steps.length).toBeGreaterThan(5);
  });

  it('flags a victim at high risk of harm whose reports are rising at intake (the level read with their history)', async () => {
    const def = latestQuestionnaire(defs, 'asb-victim-risk')!;
    const answers = completeAnswers(def, { mental_health: { value: 'yes' }, previous_reports: { value: 'yes' }, sleep: { value: 'yes' }, fear_of_harm: { value: 'yes' } });
    const a = await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId: victimId, caseId, questionnaireId: 'asb-victim-risk', answers } });
    expect(a.json().level).toBe('high');
    const r = await report([{ role: 'victim', personId: victimId }], 0);
    expect(r.flags).toContain('vulnerable_victim_rising');
    expect(r.flagDetails.vulnerable_victim_rising).toMatchObject({ personId: victimId, windowDays: 90 });
    expect(r.flagDetails.vulnerable_victim_rising.reports).toBeGreaterThanOrEqual(3);
    // Someone never assessed is not flagged as at high risk, however often they report.
    const other = { role: 'victim', givenName: 'Wilf', familyName: 'Brand', dateOfBirth: '1950-01-01' };
    const first = await report([other], 0.5);
    await report([{ role: 'victim', personId: first.people[0].personId }], 0.2);
    expect((await report([{ role: 'victim', personId: first.people[0].personId }], 0)).flags).not.toContain('vulnerable_victim_rising');
  });
});

describe('start-up', () => {
  it('refuses to start with a bad questionnaire file, naming the file and the path', () => {
    const dir = scratchDir('convene-risk-');
    cpSync(fileURLToPath(QUESTIONNAIRES_DIR), dir, { recursive: true });
    writeFileSync(join(dir, 'harm-to-others.v2.json'), JSON.stringify({ id: 'harm-to-others', version: 2, title: 'Broken', lens: 'sideways' }));
    const ctx = { services: {} } as unknown as AppContext;
    expect(() => createRiskModule(dir).init!(ctx)).toThrow(RiskDataError);
    expect(() => createRiskModule(dir).init!(ctx)).toThrow(/harm-to-others\.v2\.json at lens/);
  });
});
