import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { completeAnswers } from '../risk/rules/test-support.js';
import { latestQuestionnaire, loadAllQuestionnaires } from '../risk/rules/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
const officer = 'officer@council.demo';

describe('enforcement as recovery', () => {
  it('blocks an injunction until proportionality is recorded, then records it with two positive requirements and a breach', async () => {
    const r = (await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: { receivedAt: new Date().toISOString(), channel: 'phone', category: 'harassment', description: 'Threats', people: [{ role: 'alleged_perpetrator', name: 'Lee Harlow', dateOfBirth: '1992-02-02' }] } })).json();
    const personId = r.people[0].personId;
    const caseId = (await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Harlow', reportIds: [r.id] } })).json().id;
    const injunction = {
      kind: 'enforcement',
      type: 'civil_injunction',
      personId,
      terms: 'Not to enter Elm Court; not to contact the victim',
      startDate: '2026-11-01',
      positiveRequirements: [
        { kind: 'treatment', description: 'Attend the community drug and alcohol service weekly', provider: 'Riverside Recovery' },
        { kind: 'education', description: 'Complete a victim awareness course', provider: 'Youth Justice Service' },
      ],
    };
    const blocked = await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/interventions`, payload: injunction });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().missing.map((m: { code: string }) => m.code)).toEqual(expect.arrayContaining(['vulnerability_assessment_missing', 'proportionality_record_missing']));
    // A verbal warning needs no gate.
    expect((await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/interventions`, payload: { kind: 'enforcement', type: 'verbal_warning', personId } })).statusCode).toBe(201);

    const defs = loadAllQuestionnaires();
    const wb = latestQuestionnaire(defs, 'wellbeing-vulnerability')!;
    expect((await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId, caseId, questionnaireId: 'wellbeing-vulnerability', answers: completeAnswers(wb, { substance_use: { value: 'yes' } }) } })).statusCode).toBe(201);
    const stillBlocked = await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/interventions`, payload: injunction });
    expect(stillBlocked.statusCode).toBe(409);
    expect(stillBlocked.json().missing.map((m: { code: string }) => m.code)).toEqual(['proportionality_record_missing']);
    const partial = await t.as(officer, { method: 'POST', url: '/api/v1/proportionality', payload: { personId, caseId, canComply: 'Yes, with support', supportInPlace: '', equalityConsiderations: 'None identified' } });
    expect(partial.statusCode).toBe(400);
    expect(partial.json().errors[0].path).toBe('body.supportInPlace');
    expect((await t.as(officer, { method: 'POST', url: '/api/v1/proportionality', payload: { personId, caseId, canComply: 'Yes, with weekly support', supportInPlace: 'Drug and alcohol worker allocated', equalityConsiderations: 'Dyslexia: terms explained in person' } })).statusCode).toBe(201);

    const ok = await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/interventions`, payload: injunction });
    expect(ok.statusCode).toBe(201);
    const { id, positiveRequirementIds } = ok.json();
    expect(positiveRequirementIds).toHaveLength(2);
    expect((await t.as(officer, { method: 'POST', url: `/api/v1/interventions/${id}/compliance-checks`, payload: { checkedAt: new Date().toISOString(), complied: true, requirementId: positiveRequirementIds[0] } })).statusCode).toBe(201);
    expect((await t.as(officer, { method: 'POST', url: `/api/v1/interventions/${id}/breaches`, payload: { occurredAt: new Date().toISOString(), description: 'Entered Elm Court', actionTaken: 'Warning; support worker informed' } })).statusCode).toBe(201);
    expect((await t.as(officer, { method: 'PATCH', url: `/api/v1/interventions/${id}`, payload: { outcome: 'reduced' } })).statusCode).toBe(204);
    const list = (await t.as(officer, { url: `/api/v1/cases/${caseId}/interventions` })).json();
    const inj = list.find((i: { type: string }) => i.type === 'civil_injunction');
    expect(inj.details.positiveRequirements).toHaveLength(2);
    expect(inj.details.breaches).toHaveLength(1);
    expect(inj.details.outcome).toBe('reduced');
    const chron = (await t.as(officer, { url: `/api/v1/cases/${caseId}/chronology` })).json();
    expect(chron.entries.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['enforcement', 'breach']));
  });

  it('records support and mediation, where mental health does not rule mediation out', async () => {
    const r = (await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: { receivedAt: new Date().toISOString(), channel: 'phone', category: 'neighbour_dispute', description: 'Dispute', people: [{ role: 'victim', name: 'Ann Moss' }, { role: 'alleged_perpetrator', name: 'Ben Moss' }] } })).json();
    const [ann, ben] = r.people.map((p: { personId: string }) => p.personId);
    const caseId = (await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Moss', reportIds: [r.id] } })).json().id;
    const support = await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/interventions`, payload: { kind: 'support_referral', type: 'mental_health', personId: ben, receivingService: 'Community mental health team', consent: true } });
    expect(support.statusCode).toBe(201);
    const mediation = await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/interventions`, payload: { kind: 'mediation', personId: ann, otherPartyId: ben, screening: { capacity: 'Both able to take part; Ben with an advocate', powerImbalance: 'Low', willingness: 'Both willing', result: 'suitable_with_support' } } });
    expect(mediation.statusCode).toBe(201);
    const bad = await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/interventions`, payload: { kind: 'enforcement', type: 'banishment', personId: ben } });
    expect(bad.statusCode).toBe(400);
    const approaches = (await t.as('leader@council.demo', { url: '/api/v1/insight/approaches' })).json();
    expect(approaches).toBeTypeOf('object');
  });
});
