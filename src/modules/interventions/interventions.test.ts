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
const defs = loadAllQuestionnaires();
const now = () => new Date().toISOString();

async function openCase(title: string, people: Record<string, unknown>[], category = 'harassment') {
  const r = (await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: { receivedAt: now(), channel: 'phone', category, description: title, people } })).json();
  const caseId = (await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title, reportIds: [r.id] } })).json().id as string;
  return { caseId, people: r.people.map((p: { personId: string }) => p.personId) as string[] };
}

const assess = (personId: string, caseId: string, questionnaireId: string, answers: Record<string, unknown>) =>
  t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId, caseId, questionnaireId, answers: completeAnswers(latestQuestionnaire(defs, questionnaireId)!, answers as never) } });

describe('enforcement as recovery', () => {
  it('blocks an injunction until proportionality is recorded, then records it with two positive requirements and a breach', async () => {
    const { caseId, people: [personId] } = await openCase('Harlow', [{ role: 'alleged_perpetrator', name: 'Lee Harlow', dateOfBirth: '1992-02-02' }]);
    const injunction = {
      kind: 'enforcement',
      type: 'civil_injunction',
      personId,
      terms: 'Not to enter Elm Court; not to contact the victim',
      startDate: '2026-11-01',
      endDate: '2027-11-01',
      positiveRequirements: [
        { kind: 'treatment', description: 'Attend the community drug and alcohol service weekly', provider: 'Riverside Recovery' },
        { kind: 'education', description: 'Complete a victim awareness course', provider: 'Youth Justice Service' },
      ],
    };
    const post = (payload: unknown, as = officer) => t.as(as, { method: 'POST', url: `/api/v1/cases/${caseId}/interventions`, payload: payload as Record<string, unknown> });
    const blocked = await post(injunction);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().type).toMatch(/proportionality-gate$/);
    expect(blocked.json().missing.map((m: { code: string }) => m.code)).toEqual(['vulnerability_assessment_missing', 'proportionality_record_missing']);
    const check = (await t.as(officer, { url: `/api/v1/cases/${caseId}/proportionality/check?personId=${personId}&type=civil_injunction` })).json();
    expect(check.allowed).toBe(false);
    // A warning needs no gate; a partner may not record enforcement at all.
    expect((await post({ kind: 'enforcement', type: 'verbal_warning', personId })).statusCode).toBe(201);

    expect((await assess(personId, caseId, 'wellbeing-vulnerability', { substance_use: { value: 'yes' } })).statusCode).toBe(201);
    const stillBlocked = await post(injunction);
    expect(stillBlocked.statusCode).toBe(409);
    expect(stillBlocked.json().missing.map((m: { code: string }) => m.code)).toEqual(['proportionality_record_missing']);
    const partial = await t.as(officer, { method: 'POST', url: '/api/v1/proportionality', payload: { personId, caseId, canComply: 'Yes, with support', supportInPlace: '  ', equalityConsiderations: 'None identified' } });
    expect(partial.statusCode).toBe(400);
    expect(partial.json().errors[0].path).toBe('body.supportInPlace');
    const record = { personId, caseId, canComply: 'Yes, with weekly support', supportInPlace: 'Drug and alcohol worker allocated', equalityConsiderations: 'Dyslexia: terms explained in person' };
    expect((await t.as('officer@housing.demo', { method: 'POST', url: '/api/v1/proportionality', payload: record })).statusCode).toBe(404);
    expect((await t.as(officer, { method: 'POST', url: '/api/v1/proportionality', payload: record })).statusCode).toBe(201);

    const ok = await post(injunction);
    expect(ok.statusCode).toBe(201);
    const { id, positiveRequirementIds } = ok.json();
    expect(positiveRequirementIds).toHaveLength(2);
    const at = (path: string, payload: unknown, method = 'POST') => t.as(officer, { method: method as 'POST', url: `/api/v1/interventions/${id}${path}`, payload: payload as Record<string, unknown> });
    expect((await at('/compliance-checks', { checkedAt: now(), complied: true, requirementId: positiveRequirementIds[0] })).statusCode).toBe(201);
    expect((await at('/compliance-checks', { checkedAt: now(), complied: true, requirementId: '00000000-0000-4000-8000-000000000000' })).json().errors[0].path).toBe('body.requirementId');
    const breach = await at('/breaches', { occurredAt: now(), description: 'Entered Elm Court', actionTaken: 'Warning; support worker informed', requirementId: positiveRequirementIds[1] });
    expect(breach.statusCode).toBe(201);
    expect((await at(`/requirements/${positiveRequirementIds[0]}`, { status: 'completed' }, 'PATCH')).statusCode).toBe(204);
    expect((await at('', { outcome: 'reduced', outcomeNote: 'Fewer incidents since treatment began' }, 'PATCH')).statusCode).toBe(204);
    expect((await at('', {}, 'PATCH')).statusCode).toBe(400);

    const list = (await t.as(officer, { url: `/api/v1/cases/${caseId}/interventions` })).json();
    const inj = list.find((i: { type: string }) => i.type === 'civil_injunction');
    expect(inj.details.positiveRequirements.map((r: { status: string }) => r.status).sort()).toEqual(['active', 'completed']);
    expect(inj.details.breaches).toHaveLength(1);
    expect(inj.details.complianceChecks).toHaveLength(1);
    expect(inj.details.outcome).toBe('reduced');
    const tasks = (await t.as(officer, { url: '/api/v1/tasks' })).json();
    expect(tasks.some((x: { kind: string }) => x.kind === 'breach_review')).toBe(true);
    const chron = (await t.as(officer, { url: `/api/v1/cases/${caseId}/chronology` })).json();
    expect(chron.entries.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['enforcement', 'breach', 'compliance_check', 'proportionality_check', 'assessment']));
    const records = (await t.as(officer, { url: `/api/v1/cases/${caseId}/proportionality` })).json();
    expect(records[0]).toMatchObject({ personId, canComply: 'Yes, with weekly support' });
  });

  it('refuses enforcement from a partner, breaches of a referral, and unknown steps', async () => {
    const { caseId, people: [personId] } = await openCase('Partner', [{ role: 'alleged_perpetrator', name: 'Pat Quill' }]);
    await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/agencies`, payload: { agencyId: t.dir.agencies.health } });
    expect((await t.as('nurse@health.demo', { method: 'POST', url: `/api/v1/cases/${caseId}/interventions`, payload: { kind: 'enforcement', type: 'verbal_warning', personId } })).statusCode).toBe(403);
    const bad = await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/interventions`, payload: { kind: 'enforcement', type: 'banishment', personId } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toMatch(/^body\.type/);
    const noConsent = await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/interventions`, payload: { kind: 'support_referral', type: 'housing_support', personId, receivingService: 'Floating support', consent: false } });
    expect(noConsent.json().errors[0].path).toBe('body.consentNote');
    const referral = (await t.as('nurse@health.demo', { method: 'POST', url: `/api/v1/cases/${caseId}/interventions`, payload: { kind: 'support_referral', type: 'mental_health', personId, receivingService: 'Community mental health team', consent: true } })).json();
    expect((await t.as(officer, { method: 'POST', url: `/api/v1/interventions/${referral.id}/breaches`, payload: { occurredAt: now(), description: 'x' } })).statusCode).toBe(409);
    // The lead agency may update another agency's referral; an agency not on the case cannot even see them.
    expect((await t.as(officer, { method: 'PATCH', url: `/api/v1/interventions/${referral.id}`, payload: { status: 'completed' } })).statusCode).toBe(204);
    expect((await t.as('officer@housing.demo', { url: `/api/v1/cases/${caseId}/interventions` })).statusCode).toBe(404);
  });

  it('screens mediation with both parties\' risk levels, where mental health does not rule it out', async () => {
    const { caseId, people: [ann, ben] } = await openCase('Moss', [{ role: 'victim', name: 'Ann Moss' }, { role: 'alleged_perpetrator', name: 'Ben Moss' }], 'neighbour_dispute');
    expect((await assess(ben, caseId, 'wellbeing-vulnerability', { mental_health: { value: 'yes' }, mental_health_support: { value: 'engaged' } })).statusCode).toBe(201);
    const support = await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/interventions`, payload: { kind: 'support_referral', type: 'mental_health', personId: ben, receivingService: 'Community mental health team', consent: true } });
    expect(support.statusCode).toBe(201);
    const screening = { capacity: 'both_able', powerImbalance: 'none', willingness: 'both_willing', result: 'suitable' };
    const mediation = await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/interventions`, payload: { kind: 'mediation', personId: ann, otherPartyId: ben, screening } });
    expect(mediation.statusCode).toBe(201);
    expect(mediation.json().screening.advice).toBe('suitable');
    expect(mediation.json().screening.reasons.join(' ')).toMatch(/do not rule mediation out/);
    // Recording "suitable" against advice of "not suitable" needs a reason.
    const unwilling = await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/interventions`, payload: { kind: 'mediation', personId: ann, otherPartyId: ben, screening: { ...screening, willingness: 'one_unwilling' } } });
    expect(unwilling.json().errors[0].path).toBe('body.screening.resultReason');
    const declined = await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/interventions`, payload: { kind: 'mediation', personId: ann, otherPartyId: ben, screening: { ...screening, willingness: 'one_unwilling', result: 'not_suitable' } } });
    expect(declined.json().status).toBe('declined');
    const list = (await t.as(officer, { url: `/api/v1/cases/${caseId}/interventions` })).json();
    const m = list.find((i: { kind: string; status: string }) => i.kind === 'mediation' && i.status === 'active');
    expect(m.riskAtScreening.find((p: { personId: string }) => p.personId === ben).harmFaced).toBeTypeOf('string');
    expect(m.details.screening.advice).toBe('suitable');
    expect(m.details.otherParty).toBe('Ben Moss');

    await t.as(officer, { method: 'PATCH', url: `/api/v1/interventions/${support.json().id}`, payload: { outcome: 'stopped' } });
    expect((await t.as(officer, { method: 'PUT', url: `/api/v1/cases/${caseId}/outcome`, payload: { outcome: 'stopped', note: 'No reports for three months' } })).statusCode).toBe(204);
    expect((await t.as(officer, { url: `/api/v1/cases/${caseId}/outcome` })).json().outcome).toBe('stopped');
    const insight = (await t.as('leader@council.demo', { url: '/api/v1/insight/approaches' })).json();
    expect(insight.groups.mental_health_needs_recorded.support_led.stopped).toBeGreaterThanOrEqual(1);
    expect(insight.groups.mental_health_needs_recorded.support_led.improvedShare).toBe(1);
    // The injunction case above: an enforcement-led approach where substance use, not mental health, was recorded.
    expect(insight.groups.no_mental_health_needs_recorded.blended.reduced + insight.groups.no_mental_health_needs_recorded.enforcement_led.reduced).toBeGreaterThanOrEqual(1);
  });
});
