import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const monthsAgo = (m: number) => new Date(Date.now() - m * 30.4 * 86_400_000).toISOString();
const address = { line1: '7 Canal Street', town: 'Riverside', postcode: 'M1 3HW' };

/** Eight reports over ten months from three agencies about one victim, each written a little differently. */
const SCENARIO = [
  { by: 'officer@housing.demo', channel: 'housing_system', m: 10, victim: { givenName: 'Catherine', familyName: 'McAllister', dateOfBirth: '1971-05-09', phone: '07700 900111', address } },
  { by: 'officer@council.demo', channel: 'phone', m: 9, victim: { givenName: 'Cathy', familyName: 'McAllister', dateOfBirth: '1971-05-09', phone: '07700900111' } },
  { by: 'pc@police.demo', channel: 'police_system', m: 8, victim: { givenName: 'Catherine', familyName: 'Mcalister', dateOfBirth: '1971-09-05', address } },
  { by: 'officer@council.demo', channel: 'online', m: 6, victim: { givenName: 'Kathryn', familyName: 'McAllister', dateOfBirth: '1971-05-09', phone: '+44 7700 900222', address } },
  { by: 'officer@housing.demo', channel: 'in_person', m: 5, victim: { givenName: 'Catherine', familyName: 'MacAllister', phone: '07700 900222', address } },
  { by: 'pc@police.demo', channel: 'police_system', m: 3, victim: { name: 'Catherine McAllister', dateOfBirth: '1971-05-09', address } },
  { by: 'officer@council.demo', channel: 'email', m: 1, victim: null },
  { by: 'pc@police.demo', channel: 'police_system', m: 0.2, victim: { givenName: 'Cath', familyName: 'McAllister', dateOfBirth: '1971-05-09', phone: '07700900222' } },
];

describe('linking the unconnected', () => {
  it('links eight reports about one victim from police, council and housing and flags repeat victim and case review', async () => {
    // Other people in the area, so the victim is found among strangers (and a namesake is not linked).
    for (const [given, family, dob] of [['Catherine', 'Morris', '1980-02-02'], ['Colin', 'McAllister', '1950-03-03'], ['Peter', 'Shaw', '1971-05-09']]) {
      await t.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: { receivedAt: monthsAgo(11), channel: 'phone', category: 'noise', description: 'Noise', people: [{ role: 'victim', givenName: given, familyName: family, dateOfBirth: dob }] } });
    }
    const results: { id: string; people: { personId: string }[]; links: { kind: string; probability: number; matchedPersonId: string; evidence: { field: string; weight: number }[] }[]; flags: string[]; flagDetails: Record<string, { acrossAgencies?: boolean }> }[] = [];
    for (const [i, s] of SCENARIO.entries()) {
      const r = await t.as(s.by, {
        method: 'POST',
        url: '/api/v1/reports',
        payload: {
          receivedAt: monthsAgo(s.m),
          channel: s.channel,
          category: 'harassment',
          description: `Report ${i + 1}: abuse shouted at the resident of 7 Canal Street.`,
          location: { address },
          people: s.victim ? [{ role: 'victim', ...s.victim }] : [],
        },
      });
      expect(r.statusCode).toBe(201);
      results.push(r.json());
    }
    const first = results[0].people[0].personId;
    // Every later report with a victim links that victim to an earlier record of the same person, with evidence.
    for (const [i, r] of results.entries()) {
      if (i === 0 || !SCENARIO[i].victim) continue;
      const personLinks = r.links.filter((l: { kind: string; probability: number }) => l.kind === 'person' && l.probability >= 0.9);
      expect(personLinks.length, `report ${i + 1} links its victim`).toBeGreaterThan(0);
      expect(personLinks[0].evidence.some((e: { field: string; weight: number }) => e.weight > 0)).toBe(true);
      const linkedTo = new Set(personLinks.map((l: { matchedPersonId: string }) => l.matchedPersonId));
      expect(linkedTo.has(first) || [...linkedTo].some((id) => results.slice(0, i).some((p) => p.people[0]?.personId === id))).toBe(true);
    }
    // The address-only report is linked to all the earlier ones through the place.
    const addressOnly = results[6];
    expect(addressOnly.links.filter((l: { kind: string }) => l.kind === 'report')).toHaveLength(6);
    expect(addressOnly.flags).toContain('repeat_location');
    expect(addressOnly.flags).toContain('case_review_eligible');
    const last = results[7];
    expect(last.flags).toEqual(expect.arrayContaining(['repeat_victim', 'case_review_eligible']));
    expect(last.flagDetails.case_review_eligible.acrossAgencies).toBe(true);
    // The namesake with the same date of birth but another name is not suggested at the link threshold.
    const names = last.links.filter((l: { kind: string; probability: number }) => l.kind === 'person' && l.probability >= 0.9).map((l: { matchedPersonId: string }) => l.matchedPersonId);
    const shaw = await t.db.query<{ id: string }>("select id from people where display_name = 'Peter Shaw'");
    expect(names).not.toContain(shaw.rows[0].id);
  });

  it('lets staff confirm a link (merging the records), undo it, and reject another', async () => {
    const post = (given: string) =>
      t.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: { receivedAt: monthsAgo(1), channel: 'phone', category: 'noise', description: 'Noise', people: [{ role: 'victim', givenName: given, familyName: 'Okonkwo-Reilly', dateOfBirth: '1990-01-31', phone: '07700 900555' }] } });
    const a = (await post('Chidi')).json();
    const b = (await post('Chidi')).json();
    const found = async () => (await t.as('officer@council.demo', { url: '/api/v1/people?q=Chidi%20Okonkwo-Reilly' })).json().items.map((i: { id: string }) => i.id).sort();
    expect(await found()).toEqual([a.people[0].personId, b.people[0].personId].sort());
    const link = b.links.find((l: { kind: string }) => l.kind === 'person');
    expect(link.matchedPersonId).toBe(a.people[0].personId);
    const list = await t.as('officer@council.demo', { url: `/api/v1/link-suggestions?reportId=${b.id}` });
    expect(list.json().items[0].evidence.length).toBeGreaterThan(0);
    const confirmed = await t.as('officer@council.demo', { method: 'POST', url: `/api/v1/link-suggestions/${link.suggestionId}/confirm` });
    expect(confirmed.statusCode).toBe(200);
    const { mergeId, survivorId } = confirmed.json();
    expect(survivorId).toBe(a.people[0].personId);
    const merged = (await t.as('officer@council.demo', { url: `/api/v1/people/${b.people[0].personId}` })).json();
    expect(merged.id).toBe(survivorId);
    expect(merged.roles).toHaveLength(2);
    // Search finds the merged record's names under the record it was merged into, once.
    expect(await found()).toEqual([survivorId]);
    expect((await t.as('officer@council.demo', { method: 'POST', url: `/api/v1/link-suggestions/${link.suggestionId}/confirm` })).statusCode).toBe(409);
    const undone = await t.as('officer@council.demo', { method: 'POST', url: `/api/v1/merges/${mergeId}/undo` });
    expect(undone.statusCode).toBe(200);
    const apart = (await t.as('officer@council.demo', { url: `/api/v1/people/${b.people[0].personId}` })).json();
    expect(apart.id).toBe(b.people[0].personId);
    expect(apart.roles).toHaveLength(1);
    expect(await found()).toEqual([a.people[0].personId, b.people[0].personId].sort());
    const audit = await t.db.query<{ action: string }>("select action from audit_events where action in ('confirm','merge','unmerge') order by id");
    expect(audit.rows.map((r) => r.action)).toEqual(['confirm', 'merge', 'unmerge']);
  });

  it('lists people past the case review threshold without an open case', async () => {
    const r = await t.as('officer@council.demo', { url: '/api/v1/thresholds?kind=places' });
    expect(r.statusCode).toBe(200);
    expect(r.json().items.some((i: { postcode: string; caseReviewEligible: boolean }) => i.postcode === 'M1 3HW' && i.caseReviewEligible)).toBe(true);
    const people = await t.as('officer@council.demo', { url: '/api/v1/thresholds?kind=people' });
    expect(people.statusCode).toBe(200);
  });
});

describe('the flags of a report naming several people', () => {
  it("reads each victim's and perpetrator's linked history together, not one after another, and flags each", async () => {
    const who = [
      { role: 'victim', givenName: 'Rosalind', familyName: 'Okafor-Baxter', dateOfBirth: '1966-01-12' },
      { role: 'victim', givenName: 'Tobias', familyName: 'Okafor-Baxter', dateOfBirth: '1964-07-30' },
      { role: 'alleged_perpetrator', givenName: 'Declan', familyName: 'Fennimore-Price', dateOfBirth: '1993-04-18' },
    ];
    const first = (await t.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: { receivedAt: monthsAgo(2), channel: 'phone', category: 'harassment', description: 'Threats on the landing', people: who } })).json();
    // The second report names the same people by their records, so their histories are certain.
    const db = t.ctx.db as { query: typeof t.db.query };
    const query = db.query;
    let inFlight = 0;
    let most = 0;
    let histories = 0;
    db.query = async (sql, params) => {
      const history = sql.startsWith('select distinct r.id, r.received_at, r.reporting_agency_id, r.channel');
      if (!history) return query(sql, params);
      histories++;
      most = Math.max(most, ++inFlight);
      try {
        return await query(sql, params);
      } finally {
        inFlight--;
      }
    };
    try {
      const second = await t.as('officer@council.demo', {
        method: 'POST',
        url: '/api/v1/reports',
        payload: { receivedAt: monthsAgo(1), channel: 'phone', category: 'harassment', description: 'Threats on the landing again', people: who.map((p, i) => ({ role: p.role, personId: first.people[i].personId })) },
      });
      expect(second.statusCode).toBe(201);
      expect(histories).toBe(3);
      expect(most).toBe(3);
      expect(second.json().flags).toEqual(expect.arrayContaining(['repeat_victim', 'repeat_perpetrator']));
      expect(Object.keys(second.json().flagDetails)).toEqual(expect.arrayContaining(['repeat_victim', 'repeat_perpetrator']));
    } finally {
      db.query = query;
    }
  });
});
