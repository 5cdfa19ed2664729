import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { sentWhile } from '../../../test/support/statements.js';
import type { Queryable } from '../../platform/db/db.js';
import { caseChronologyEntries, chronologyParts } from './chronology.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const officer = 'officer@council.demo';

describe('merged chronology', () => {
  it('reads every module\'s entries for a case in one statement, oldest first', async () => {
    const report = async (receivedAt: string) =>
      (
        await t.as(officer, {
          method: 'POST',
          url: '/api/v1/reports',
          payload: { receivedAt, channel: 'phone', category: 'noise', description: 'Music until 3am again.', location: { address: { line1: '3 Canal Row', postcode: 'M1 1AE' } }, people: [{ role: 'victim', name: 'Ada Rowe' }] },
        })
      ).json().id as string;
    const later = await report('2026-05-02T21:00:00Z');
    const earlier = await report('2026-04-01T21:00:00Z');
    const c = await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Canal Row noise', reportIds: [later, earlier], partnerAgencyIds: [] } });
    const caseId = c.json().id as string;
    expect((await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/notes`, payload: { body: 'Visited; diary sheets left.' } })).statusCode).toBe(201);

    let statements = 0;
    const counting: Queryable = {
      query: (sql, params) => {
        statements++;
        return t.db.query(sql, params);
      },
      exec: (sql) => t.db.exec(sql),
    };
    const entries = await caseChronologyEntries(t.ctx, counting, caseId);
    // Cases, risk, interventions, victims and meetings all contribute parts; still one round trip.
    expect(new Set(chronologyParts(t.ctx).map((p) => p.sql)).size).toBeGreaterThanOrEqual(16);
    expect(statements).toBe(1);
    expect(entries.map((e) => e.kind)).toEqual(['report', 'report', 'note']);
    expect(entries[0].ref.id).toBe(earlier);
    expect(entries[1].ref.id).toBe(later);
    expect(entries[0].title).toMatch(/^Report ASB-\d{4}-\d{6}: .+ \(phone\)$/);
  });
});

describe('round trips of the busiest reads', () => {
  // The case page, the chronology and a name search each bring their rows, the case and the access
  // policy's facts back in one statement; the read audit is the only other one.
  it('reads the case page, the chronology and a search in one statement each, plus the audit', async () => {
    const r = await t.as(officer, {
      method: 'POST',
      url: '/api/v1/reports',
      payload: { receivedAt: '2026-06-01T21:00:00Z', channel: 'phone', category: 'noise', description: 'Shouting in the stairwell.', location: { address: { line1: '5 Canal Row', postcode: 'M1 1AE' } }, people: [{ role: 'victim', name: 'Nell Arden' }] },
    });
    const c = await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Stairwell', reportIds: [r.json().id], partnerAgencyIds: [] } });
    const caseId = c.json().id as string;
    for (const url of [`/api/v1/cases/${caseId}`, `/api/v1/cases/${caseId}/chronology`, '/api/v1/people?q=Nell%20Arden']) {
      const { out: res, sent } = await sentWhile(t, () => t.as(officer, { method: 'GET', url }));
      expect(res.statusCode, url).toBe(200);
      expect(sent, url).toHaveLength(2);
    }
    // What came back in that one statement is the real page: the party, the report, the entry.
    const page = (await t.as(officer, { method: 'GET', url: `/api/v1/cases/${caseId}` })).json();
    expect(page.parties.map((p: { displayName: string }) => p.displayName)).toEqual(['Nell Arden']);
    const chronology = (await t.as(officer, { method: 'GET', url: `/api/v1/cases/${caseId}/chronology` })).json();
    expect(chronology.entries.map((e: { kind: string }) => e.kind)).toEqual(['report']);
    const found = (await t.as(officer, { method: 'GET', url: '/api/v1/people?q=Nell%20Arden' })).json();
    expect(found.items[0].displayName).toBe('Nell Arden');
  });
});
