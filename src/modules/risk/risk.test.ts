import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { completeAnswers } from './rules/test-support.js';
import { latestQuestionnaire, loadAllQuestionnaires } from './rules/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const defs = loadAllQuestionnaires();
const officer = 'officer@council.demo';
const monthsAgo = (m: number) => new Date(Date.now() - m * 30.4 * 86_400_000).toISOString();

async function report(people: Record<string, unknown>[], m = 0, category = 'noise') {
  const r = await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: { receivedAt: monthsAgo(m), channel: 'phone', category, description: 'Minor noise', people } });
  expect(r.statusCode).toBe(201);
  return r.json();
}

describe('dual-lens risk through the API', () => {
  let victimId: string;
  let caseId: string;

  it('scores a victim with mental health needs and six linked reports over eight months high, though each report is minor', async () => {
    const victim = { role: 'victim', givenName: 'Dorothy', familyName: 'Ashworth', dateOfBirth: '1949-12-02', phone: '07700 900700' };
    const first = await report([victim], 8);
    victimId = first.people[0].personId;
    for (const m of [6.5, 5, 3.5, 2]) await report([{ ...victim, personId: victimId }], m);
    const last = await report([{ ...victim, personId: victimId }], 0.1);
    caseId = (await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Ashworth', reportIds: [first.id, last.id] } })).json().id;
    const def = latestQuestionnaire(defs, 'asb-victim-risk')!;
    const answers = completeAnswers(def, { mental_health: { value: 'yes' }, previous_reports: { value: 'yes' }, sleep: { value: 'yes' }, fear_of_harm: { value: 'yes' } });
    const r = await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId: victimId, caseId, questionnaireId: 'asb-victim-risk', answers } });
    expect(r.statusCode).toBe(201);
    const a = r.json();
    expect(a.linkedReports).toBe(6);
    expect(a.levelWithoutPersistence).toBe('standard');
    expect(a.persistenceScore).toBeGreaterThan(0);
    expect(a.level).toBe('high');
    expect(new Date(a.reviewDue).getTime() - Date.now()).toBeLessThan(8 * 86_400_000);
    const risk = (await t.as(officer, { url: `/api/v1/people/${victimId}/risk` })).json();
    expect(risk.current.harmFaced.level).toBe('high');
    expect(risk.history).toHaveLength(1);
    // A partner agency not on the case sees no risk levels.
    const outsider = (await t.as('officer@housing.demo', { url: `/api/v1/people/${victimId}/risk` })).json();
    expect(outsider.current.harmFaced).toBeNull();
  });

  it('names the answer that is wrong', async () => {
    const r = await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId: victimId, questionnaireId: 'asb-victim-risk', answers: { mental_health: { value: 'perhaps' } } } });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors.some((e: { path: string }) => e.path.startsWith('body.answers.mental_health'))).toBe(true);
    const unknown = await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId: victimId, questionnaireId: 'no-such-form', answers: {} } });
    expect(unknown.json().errors[0].path).toBe('body.questionnaireId');
  });

  it('lists overdue reviews for the officer and the team leader', async () => {
    const def = latestQuestionnaire(defs, 'harm-to-others')!;
    const person = (await report([{ role: 'alleged_perpetrator', name: 'Vince Carter' }], 1)).people[0].personId;
    await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/people`, payload: { personId: person, role: 'alleged_perpetrator' } });
    const old = await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId: person, caseId, questionnaireId: 'harm-to-others', assessedAt: monthsAgo(5), answers: completeAnswers(def, {}) } });
    expect(old.statusCode).toBe(201);
    const mine = (await t.as(officer, { url: '/api/v1/reviews/overdue' })).json();
    expect(mine.map((r: { personId: string }) => r.personId)).toContain(person);
    expect(mine.map((r: { personId: string }) => r.personId)).not.toContain(victimId);
    const team = (await t.as('leader@council.demo', { url: '/api/v1/reviews/overdue' })).json();
    expect(team.map((r: { personId: string }) => r.personId)).toContain(person);
    expect((await t.as('officer@housing.demo', { url: '/api/v1/reviews/overdue' })).json()).toEqual([]);
  });

  it('creates an early review task when a contact notes deterioration, and when a new report names the person', async () => {
    await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/contacts`, payload: { personId: victimId, contactedAt: new Date().toISOString(), method: 'phone', summary: 'Sounded worse', deterioration: true } });
    await report([{ role: 'victim', personId: victimId }], 0);
    const tasks = (await t.as(officer, { url: '/api/v1/tasks' })).json();
    const early = tasks.filter((x: { kind: string; personId: string }) => x.kind === 'early_review' && x.personId === victimId);
    expect(early).toHaveLength(2);
  });

  it('raises a safeguarding prompt, a children\'s decision, and tracks a concern to its outcome', async () => {
    const r = await report([{ role: 'victim', personId: victimId }, { role: 'child', name: 'Ruby Ashworth', dateOfBirth: '2016-03-03' }], 0, 'harassment');
    expect(r.flags).toEqual(expect.arrayContaining(['safeguarding_prompt', 'children_decision_required']));
    const pending = (await t.as(officer, { url: '/api/v1/children-decisions' })).json();
    expect(pending).toHaveLength(1);
    expect((await t.as(officer, { method: 'POST', url: `/api/v1/children-decisions/${pending[0].id}`, payload: { decision: 'Referral to the front door', referralMade: true } })).statusCode).toBe(204);
    expect((await t.as(officer, { url: '/api/v1/children-decisions' })).json()).toHaveLength(0);

    const sq = latestQuestionnaire(defs, 'safeguarding-questions')!;
    const answers = Object.fromEntries(sq.sections.flatMap((sec) => sec.questions).map((q) => [q.id, { value: 'no', reason: 'Discussed at the home visit' }]));
    answers.victim_care_support_needs = { value: 'yes', reason: 'Lives alone with a dementia diagnosis' };
    const s = await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId: victimId, caseId, questionnaireId: 'safeguarding-questions', answers } });
    expect(s.statusCode).toBe(201);
    expect(s.json().tasks.length).toBeGreaterThan(0);

    const c = await t.as(officer, { method: 'POST', url: '/api/v1/safeguarding-concerns', payload: { kind: 'adult', personId: victimId, caseId, reason: 'Care and support needs; repeat targeting', whatShared: 'Risk assessment and chronology' } });
    expect(c.statusCode).toBe(201);
    const id = c.json().id;
    expect((await t.as(officer, { method: 'PATCH', url: `/api/v1/safeguarding-concerns/${id}`, payload: { status: 'acknowledged' } })).statusCode).toBe(403);
    const sw = 'social.worker@asc.demo';
    expect((await t.as(sw, { method: 'PATCH', url: `/api/v1/safeguarding-concerns/${id}`, payload: { status: 'outcome', outcome: 'x' } })).statusCode).toBe(409);
    for (const status of ['acknowledged', 'enquiry']) expect((await t.as(sw, { method: 'PATCH', url: `/api/v1/safeguarding-concerns/${id}`, payload: { status } })).statusCode).toBe(204);
    expect((await t.as(sw, { method: 'PATCH', url: `/api/v1/safeguarding-concerns/${id}`, payload: { status: 'outcome' } })).statusCode).toBe(400);
    expect((await t.as(sw, { method: 'PATCH', url: `/api/v1/safeguarding-concerns/${id}`, payload: { status: 'outcome', outcome: 'Section 42 enquiry: care package put in place' } })).statusCode).toBe(204);
    const list = (await t.as(sw, { url: '/api/v1/safeguarding-concerns' })).json();
    expect(list[0]).toMatchObject({ status: 'outcome', receivingAgency: 'Riverside Adult Social Care' });
    const chron = (await t.as(officer, { url: `/api/v1/cases/${caseId}/chronology` })).json();
    expect(chron.entries.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['assessment', 'safeguarding_concern']));
  });
});
