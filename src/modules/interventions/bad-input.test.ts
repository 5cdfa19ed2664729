/** Bad input to every write route of risk, safeguarding and interventions: 4xx naming a field, never a 500, nothing written. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';

let t: TestApp;
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp();
  const r = (await t.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: { receivedAt: new Date().toISOString(), channel: 'phone', category: 'harassment', description: 'x', people: [{ role: 'alleged_perpetrator', name: 'Fuzz Person' }] } })).json();
  ids.person = r.people[0].personId;
  ids.case = (await t.as('officer@council.demo', { method: 'POST', url: '/api/v1/cases', payload: { title: 'Fuzz', reportIds: [r.id] } })).json().id;
  ids.intervention = (await t.as('officer@council.demo', { method: 'POST', url: `/api/v1/cases/${ids.case}/interventions`, payload: { kind: 'enforcement', type: 'verbal_warning', personId: ids.person } })).json().id;
});
afterAll(() => t.close());

const NUL = 'a\u0000b';
const JUNK: unknown[] = [null, [], 'text', 42, true, {}, { personId: NUL }, { personId: 'not-a-uuid', caseId: 12 }, { kind: 'enforcement', type: 'civil_injunction', personId: '00000000-0000-4000-8000-000000000000' }];
const deep = (n: number): unknown => (n === 0 ? 'x' : [deep(n - 1)]);

const ROUTES = () => [
  ['POST', '/api/v1/assessments', [{ personId: ids.person, questionnaireId: 'asb-victim-risk', answers: { victim_own_words: { value: NUL } } }, { personId: ids.person, questionnaireId: 'asb-victim-risk', answers: { mental_health: deep(50) } }, { personId: ids.person, questionnaireId: 'x'.repeat(5000), answers: {} }]],
  ['POST', '/api/v1/proportionality', [{ personId: ids.person, caseId: ids.case, canComply: NUL, supportInPlace: 'x', equalityConsiderations: 'x' }]],
  ['POST', '/api/v1/safeguarding-concerns', [{ kind: 'elder', personId: ids.person, reason: 'x', whatShared: 'y' }]],
  ['PATCH', '/api/v1/safeguarding-concerns/00000000-0000-4000-8000-000000000000', [{ status: 'outcome', outcome: 'x' }, { status: 'closed' }]],
  ['POST', '/api/v1/children-decisions/00000000-0000-4000-8000-000000000000', [{ decision: 'x', referralMade: 'yes' }]],
  ['POST', `/api/v1/cases/${ids.case}/interventions`, [{ kind: 'mediation', personId: ids.person, otherPartyId: ids.person, screening: { capacity: 'both_able', powerImbalance: 'none', willingness: 'both_willing', result: 'suitable' } }, { kind: 'enforcement', type: 'civil_injunction', personId: ids.person, startDate: '2026-02-30' }, { kind: 'support_referral', type: 'mental_health', personId: ids.person, receivingService: 'x'.repeat(300), consent: true }]],
  ['PATCH', `/api/v1/interventions/${ids.intervention}`, [{ outcome: 'better' }, { endDate: '1900-01-01' }]],
  ['PATCH', `/api/v1/interventions/${ids.intervention}/requirements/00000000-0000-4000-8000-000000000000`, [{ status: 'completed' }]],
  ['POST', `/api/v1/interventions/${ids.intervention}/compliance-checks`, [{ checkedAt: '2999-01-01T00:00:00Z', complied: true }, { checkedAt: 'yesterday', complied: 1 }]],
  ['POST', `/api/v1/interventions/${ids.intervention}/breaches`, [{ occurredAt: new Date().toISOString(), description: NUL }]],
  ['PUT', `/api/v1/cases/${ids.case}/outcome`, [{ outcome: 'solved' }]],
] as const;

describe('bad input', () => {
  it('answers every malformed body with a 4xx problem, never a 500, and writes nothing', async () => {
    const before = await t.db.query<{ n: number }>('select (select count(*) from assessments) + (select count(*) from interventions) + (select count(*) from proportionality_records) + (select count(*) from safeguarding_concerns) + (select count(*) from breaches) + (select count(*) from compliance_checks) + (select count(*) from case_outcomes) as n');
    for (const [method, url, extra] of ROUTES()) {
      for (const payload of [...JUNK, ...extra]) {
        const r = await t.as('officer@council.demo', { method, url, payload: payload as never, headers: { 'content-type': 'application/json' } });
        expect(r.statusCode, `${method} ${url} ${JSON.stringify(payload)?.slice(0, 80)}`).toBeGreaterThanOrEqual(400);
        expect(r.statusCode, `${method} ${url} ${JSON.stringify(payload)?.slice(0, 80)}`).toBeLessThan(500);
        expect(r.headers['content-type']).toMatch(/problem\+json/);
        if (r.statusCode === 400) expect(r.json().errors?.[0]?.path ?? r.json().detail).toBeTruthy();
      }
    }
    for (const url of ['/api/v1/questionnaires/x/abc', '/api/v1/assessments/nope', '/api/v1/people/nope/risk', '/api/v1/reviews/overdue?teamId=1', `/api/v1/cases/${ids.case}/proportionality/check?personId=x&type=civil_injunction`, `/api/v1/cases/${ids.case}/proportionality/check?personId=${ids.person}&type=banishment`, '/api/v1/safeguarding-concerns?status=lost', '/api/v1/children-decisions?status=x']) {
      const r = await t.as('officer@council.demo', { url });
      expect(r.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, url).toBeLessThan(500);
    }
    const after = await t.db.query<{ n: number }>('select (select count(*) from assessments) + (select count(*) from interventions) + (select count(*) from proportionality_records) + (select count(*) from safeguarding_concerns) + (select count(*) from breaches) + (select count(*) from compliance_checks) + (select count(*) from case_outcomes) as n');
    expect(Number(after.rows[0].n)).toBe(Number(before.rows[0].n));
  });
});
