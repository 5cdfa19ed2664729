import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { completeAnswers } from './rules/test-support.js';
import { latestQuestionnaire, loadAllQuestionnaires } from './rules/index.js';

let t: TestApp;
const officer = 'officer@council.demo';
const nurse = 'nurse@health.demo';
const defs = loadAllQuestionnaires();
let caseA: string;
let caseB: string;

async function report(people: Record<string, unknown>[]) {
  const r = await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: { receivedAt: new Date().toISOString(), channel: 'phone', category: 'harassment', description: 'Shouting and threats', people } });
  expect(r.statusCode).toBe(201);
  return r.json() as { id: string; flags: string[]; people: { personId: string }[] };
}

beforeAll(async () => {
  t = await createTestApp();
  // An adult posing high harm, on case A (health a partner).
  const first = await report([{ role: 'victim', name: 'Mary Hale' }, { role: 'alleged_perpetrator', name: 'Rob Kell', dateOfBirth: '1980-03-03' }]);
  const adult = first.people[1].personId;
  caseA = (await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Hale', reportIds: [first.id], partnerAgencyIds: [t.dir.agencies.health] } })).json().id;
  const def = latestQuestionnaire(defs, 'harm-to-others')!;
  const a = await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId: adult, caseId: caseA, questionnaireId: 'harm-to-others', answers: completeAnswers(def, { threats_to_kill: { value: 'yes' } } as never) } });
  expect(a.json().level).toBe('high');
  // Three reports listing a child with that adult: one added to case A, one opening case B, one on no case.
  const onA = await report([{ role: 'alleged_perpetrator', personId: adult }, { role: 'child', name: 'Ruby Kell', dateOfBirth: '2016-03-03' }]);
  expect(onA.flags).toContain('children_decision_required');
  expect((await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseA}/reports`, payload: { reportId: onA.id } })).statusCode).toBe(204);
  const onB = await report([{ role: 'alleged_perpetrator', personId: adult }, { role: 'child', name: 'Sam Kell', dateOfBirth: '2018-05-05' }]);
  caseB = (await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Kell', reportIds: [onB.id] } })).json().id;
  await report([{ role: 'alleged_perpetrator', personId: adult }, { role: 'child', name: 'Lou Kell', dateOfBirth: '2019-06-06' }]);
});
afterAll(() => t.close());

const children = async (query: string, as = officer) => {
  const r = await t.as(as, { url: `/api/v1/children-decisions?${query}` });
  return { status: r.statusCode, names: r.statusCode === 200 ? (r.json() as { child: string }[]).map((d) => d.child).sort() : r.json() };
};

describe('GET /children-decisions?caseId', () => {
  it("gives one case's decisions only, pending and recorded", async () => {
    expect((await children('')).names).toEqual(['Lou Kell', 'Ruby Kell', 'Sam Kell']);
    expect(await children(`caseId=${caseA}`)).toEqual({ status: 200, names: ['Ruby Kell'] });
    expect(await children(`caseId=${caseB}`)).toEqual({ status: 200, names: ['Sam Kell'] });
    const [ruby] = (await t.as(officer, { url: `/api/v1/children-decisions?caseId=${caseA}` })).json();
    const body = { decision: 'Referral to the Front Door: child present during threats', referralMade: true };
    expect((await t.as(officer, { method: 'POST', url: `/api/v1/children-decisions/${ruby.id}`, payload: body })).statusCode).toBe(204);
    expect(await children(`caseId=${caseA}`)).toEqual({ status: 200, names: [] });
    expect(await children(`status=recorded&caseId=${caseA}`)).toEqual({ status: 200, names: ['Ruby Kell'] });
    expect(await children(`status=recorded&caseId=${caseB}`)).toEqual({ status: 200, names: [] });
  });

  it("keeps the access checks: a case party sees its case's decisions, anyone else gets 404 for the case", async () => {
    expect(await children(`status=recorded&caseId=${caseA}`, nurse)).toEqual({ status: 200, names: ['Ruby Kell'] });
    // Health is not a party to case B, and housing to neither: the case is not found for them.
    expect((await children(`caseId=${caseB}`, nurse)).status).toBe(404);
    for (const id of [caseA, caseB]) expect((await children(`caseId=${id}`, 'officer@housing.demo')).status).toBe(404);
    expect((await children('caseId=00000000-0000-4000-8000-000000000009')).status).toBe(404);
    // Roles that never see decisions still do not.
    expect((await children(`caseId=${caseA}`, 'dpo@council.demo')).status).toBe(403);
  });

  it('refuses a caseId that is not a uuid, naming the field', async () => {
    const r = await t.as(officer, { url: '/api/v1/children-decisions?caseId=not-a-case' });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].path).toBe('querystring.caseId');
  });
});
