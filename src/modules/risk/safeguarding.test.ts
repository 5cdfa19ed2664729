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
const sw = 'social.worker@asc.demo';

async function report(people: Record<string, unknown>[], category = 'harassment', as = officer) {
  const r = await t.as(as, { method: 'POST', url: '/api/v1/reports', payload: { receivedAt: new Date().toISOString(), channel: 'phone', category, description: 'Shouting and threats', people } });
  expect(r.statusCode).toBe(201);
  return r.json();
}

const assess = (personId: string, caseId: string, questionnaireId: string, answers: Record<string, unknown>) =>
  t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId, caseId, questionnaireId, answers: completeAnswers(latestQuestionnaire(defs, questionnaireId)!, answers as never) } });

/** Puts a council–health agreement in force for the given categories. */
async function agreement(categories: string[]) {
  const id = '00000000-0000-4000-8000-0000000000b1';
  await t.db.query("insert into sharing_agreements (id, title, purposes, start_date, review_date) values ($1, 'Council and health', '{case_management,safeguarding}', current_date - 10, current_date + 300)", [id]);
  for (const agency of [t.dir.agencies.council, t.dir.agencies.health]) await t.db.query("insert into agreement_parties (agreement_id, agency_id, signed_at, signatory_name) values ($1, $2, now(), 'Signed')", [id, agency]);
  for (const c of categories) await t.db.query("insert into agreement_categories (agreement_id, category, lawful_basis) values ($1, $2, 'Art. 6(1)(e)')", [id, c]);
}

describe('safeguarding', () => {
  let victimId: string;
  let perpetratorId: string;
  let caseId: string;

  it('raises the safeguarding prompt for a child, a cuckooing category, or someone at high risk of harm', async () => {
    const plain = await report([{ role: 'victim', name: 'Olive Grant' }], 'noise');
    expect(plain.flags).not.toContain('safeguarding_prompt');
    const cuckoo = await report([{ role: 'victim', name: 'Ivor Dent' }], 'cuckooing_concern');
    expect(cuckoo.flags).toContain('safeguarding_prompt');
    const first = await report([{ role: 'victim', name: 'Mary Hale', dateOfBirth: '1950-01-01' }, { role: 'alleged_perpetrator', name: 'Rob Kell', dateOfBirth: '1980-03-03' }]);
    [victimId, perpetratorId] = first.people.map((p: { personId: string }) => p.personId);
    caseId = (await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Hale', reportIds: [first.id] } })).json().id;
    const high = await assess(victimId, caseId, 'asb-victim-risk', { risk_to_life: { value: 'yes' } });
    expect(high.json().level).toBe('high');
    const again = await report([{ role: 'victim', personId: victimId }], 'noise');
    expect(again.flags).toContain('safeguarding_prompt');
    expect(again.flagDetails.safeguarding_prompt.reasons.join(' ')).toMatch(/high risk of harm/);
  });

  it("prompts a children's decision when a child is listed with a high-risk adult, which must be recorded", async () => {
    const noRisk = await report([{ role: 'victim', name: 'Jo Bright' }, { role: 'child', name: 'Kit Bright', dateOfBirth: '2017-04-04' }]);
    expect(noRisk.flags).toContain('safeguarding_prompt');
    expect(noRisk.flags).not.toContain('children_decision_required');
    expect((await assess(perpetratorId, caseId, 'harm-to-others', { threats_to_kill: { value: 'yes' } })).json().level).toBe('high');
    const r = await report([{ role: 'alleged_perpetrator', personId: perpetratorId }, { role: 'child', name: 'Ruby Kell', dateOfBirth: '2016-03-03' }]);
    expect(r.flags).toEqual(expect.arrayContaining(['safeguarding_prompt', 'children_decision_required']));
    await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/reports`, payload: { reportId: r.id } });
    const pending = (await t.as(officer, { url: '/api/v1/children-decisions' })).json();
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ child: 'Ruby Kell', withAdult: 'Rob Kell', reportReference: r.reference });
    expect((await t.as(officer, { url: '/api/v1/tasks' })).json().some((x: { kind: string }) => x.kind === 'children_decision')).toBe(true);
    // Another agency cannot see or record it; a decision needs its reasons.
    expect((await t.as('officer@housing.demo', { url: '/api/v1/children-decisions' })).json()).toHaveLength(0);
    const body = { decision: 'Referral to the Front Door: child present during threats', referralMade: true };
    expect((await t.as('officer@housing.demo', { method: 'POST', url: `/api/v1/children-decisions/${pending[0].id}`, payload: body })).statusCode).toBe(404);
    expect((await t.as(officer, { method: 'POST', url: `/api/v1/children-decisions/${pending[0].id}`, payload: { referralMade: false } })).json().errors[0].path).toBe('body.decision');
    expect((await t.as(officer, { method: 'POST', url: `/api/v1/children-decisions/${pending[0].id}`, payload: body })).statusCode).toBe(204);
    expect((await t.as(officer, { method: 'POST', url: `/api/v1/children-decisions/${pending[0].id}`, payload: body })).statusCode).toBe(404);
    expect((await t.as(officer, { url: '/api/v1/children-decisions' })).json()).toHaveLength(0);
    expect((await t.as(officer, { url: '/api/v1/children-decisions?status=recorded' })).json()[0]).toMatchObject({ referralMade: true });
    expect((await t.as(officer, { url: '/api/v1/tasks' })).json().some((x: { kind: string }) => x.kind === 'children_decision')).toBe(false);
    const chron = (await t.as(officer, { url: `/api/v1/cases/${caseId}/chronology` })).json();
    expect(chron.entries.find((e: { kind: string }) => e.kind === 'children_decision').summary).toMatch(/referral made/);
  });

  it('turns a "yes" into a task and tracks an adult concern from raised to outcome, by the receiving agency', async () => {
    const sq = latestQuestionnaire(defs, 'safeguarding-questions')!;
    const answers = Object.fromEntries(sq.sections.flatMap((sec) => sec.questions).map((q) => [q.id, { value: 'no', reason: 'Discussed at the home visit' }]));
    answers.victim_care_support_needs = { value: 'yes', reason: 'Lives alone with a dementia diagnosis' };
    answers.raise_safeguarding_concern = { value: 'yes', reason: 'Targeted because of her dementia' };
    const s = await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId: victimId, caseId, questionnaireId: 'safeguarding-questions', answers } });
    expect(s.statusCode).toBe(201);
    expect(s.json().tasks.map((x: { kind: string }) => x.kind)).toContain('adult_safeguarding_concern');
    // Safeguarding sheets are not a lens: the chart's history leaves them out.
    const risk = (await t.as(officer, { url: `/api/v1/people/${victimId}/risk` })).json();
    expect(risk.history.every((h: { lens: string }) => h.lens !== 'safeguarding')).toBe(true);
    expect(risk.safeguardingSheets).toHaveLength(1);

    const c = await t.as(officer, { method: 'POST', url: '/api/v1/safeguarding-concerns', payload: { kind: 'adult', personId: victimId, caseId, reason: 'Care and support needs; repeat targeting', whatShared: 'Risk assessment and chronology', sourceAssessmentId: s.json().id } });
    expect(c.statusCode).toBe(201);
    expect(c.json().toAgency).toBe('Riverside Adult Social Care');
    const id = c.json().id;
    const openTasks = (await t.as(officer, { url: '/api/v1/tasks' })).json();
    expect(openTasks.some((x: { kind: string; personId: string }) => x.kind === 'adult_safeguarding_concern' && x.personId === victimId)).toBe(false);
    const patch = (as: string, payload: Record<string, unknown>) => t.as(as, { method: 'PATCH', url: `/api/v1/safeguarding-concerns/${id}`, payload });
    expect((await patch(officer, { status: 'acknowledged' })).statusCode).toBe(403);
    expect((await patch(sw, { status: 'outcome', outcome: 'x' })).statusCode).toBe(409);
    for (const status of ['acknowledged', 'enquiry']) expect((await patch(sw, { status })).statusCode).toBe(204);
    expect((await patch(sw, { status: 'outcome' })).json().errors[0].path).toBe('body.outcome');
    expect((await patch(sw, { status: 'outcome', outcome: 'Section 42 enquiry: care package put in place' })).statusCode).toBe(204);
    const received = (await t.as(sw, { url: '/api/v1/safeguarding-concerns?direction=received' })).json();
    expect(received[0]).toMatchObject({ status: 'outcome', receivingAgency: 'Riverside Adult Social Care', whatShared: 'Risk assessment and chronology' });
    expect((await t.as(officer, { url: `/api/v1/safeguarding-concerns/${id}` })).json().outcome).toMatch(/care package/);
    expect((await t.as('officer@housing.demo', { url: `/api/v1/safeguarding-concerns/${id}` })).statusCode).toBe(404);
    expect((await t.as(officer, { url: '/api/v1/tasks' })).json().some((x: { kind: string }) => x.kind === 'safeguarding_outcome')).toBe(true);
    const child = await t.as(officer, { method: 'POST', url: '/api/v1/safeguarding-concerns', payload: { kind: 'child', personId: victimId, reason: 'x', whatShared: '' } });
    expect(child.json().errors[0].path).toBe('body.whatShared');
    const chron = (await t.as(officer, { url: `/api/v1/cases/${caseId}/chronology` })).json();
    expect(chron.entries.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['assessment', 'safeguarding_concern']));
  });

  it('filters answers question by question: health answers need a health agreement', async () => {
    await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/agencies`, payload: { agencyId: t.dir.agencies.health } });
    const a = await assess(victimId, caseId, 'wellbeing-vulnerability', { mental_health: { value: 'yes' }, mental_health_support: { value: 'engaged' }, isolated: { value: 'yes' } });
    const url = `/api/v1/assessments/${a.json().id}`;
    const none = (await t.as('nurse@health.demo', { url })).json();
    expect(none.answers).toMatchObject({ withheld: true });
    expect(none.level).toMatchObject({ withheld: true, category: 'risk' });
    await agreement(['risk']);
    const riskOnly = (await t.as('nurse@health.demo', { url })).json();
    expect(riskOnly.level).toBeTypeOf('string');
    expect(riskOnly.answers.isolated.value).toBe('yes');
    expect(riskOnly.answers.mental_health).toMatchObject({ withheld: true, category: 'health' });
    expect(riskOnly.answers.exploitation_signs).toMatchObject({ withheld: true, category: 'safeguarding' });
    expect((await t.as(officer, { url })).json().answers.mental_health.value).toBe('yes');
    expect((await t.as('officer@housing.demo', { url })).json().answers).toBeUndefined();
  });
});
