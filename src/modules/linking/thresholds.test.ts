import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { distinctThreads, type VictimThread } from './thresholds.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const officer = 'officer@council.demo';
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();

const report = (at: string, line1: string, victim: Record<string, string>) =>
  t.as(officer, {
    method: 'POST',
    url: '/api/v1/reports',
    payload: { receivedAt: at, channel: 'phone', category: 'noise', description: 'Noise late at night', location: { address: { line1, postcode: 'M4 5BD' } }, people: [{ role: 'victim', ...victim }] },
  });

describe('people and places past the ASB Case Review threshold', () => {
  it('lists a victim and a place with three reports in the window and no open case, until a case is opened', async () => {
    const victim = { givenName: 'Hephzibah', familyName: 'Throssell', dateOfBirth: '1947-08-19', phone: '07700 900871' };
    const reports = [];
    for (const d of [150, 60, 5]) reports.push((await report(daysAgo(d), '41 Tanner Row', victim)).json());
    // Staff confirm the suggested links, so the three records are one person (the list counts people by their records, merged).
    for (const r of reports.slice(1)) {
      const suggestion = (await t.as(officer, { url: `/api/v1/link-suggestions?reportId=${r.id}` })).json().items[0];
      expect((await t.as(officer, { method: 'POST', url: `/api/v1/link-suggestions/${suggestion.id}/confirm` })).statusCode).toBe(200);
    }
    const personId = reports[0].people[0].personId;
    // Two reports in the window and one before it: not past the threshold.
    const other = { givenName: 'Lancelot', familyName: 'Oddie', dateOfBirth: '1960-01-12', phone: '07700 900872' };
    for (const d of [400, 30, 3]) await report(daysAgo(d), '9 Cooper Yard', other);

    const people = (await t.as(officer, { url: '/api/v1/thresholds' })).json();
    expect(people.threshold).toEqual({ reports: 3, windowDays: 183 });
    expect(people.items).toEqual([expect.objectContaining({ personId, displayName: 'Hephzibah Throssell', reports: 3, agencies: 1, caseReviewEligible: true })]);
    const places = (await t.as(officer, { url: '/api/v1/thresholds?kind=places' })).json();
    expect(places.items.map((p: { line1: string; reports: number; caseReviewEligible: boolean }) => [p.line1, p.reports, p.caseReviewEligible])).toEqual([['41 Tanner Row', 3, true]]);

    // Once the reports are in an open case, the victim and the place are being dealt with.
    expect((await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Noise at Tanner Row', reportIds: [reports[0].id] } })).statusCode).toBe(201);
    expect((await t.as(officer, { url: '/api/v1/thresholds' })).json().items).toEqual([]);
    expect((await t.as(officer, { url: '/api/v1/thresholds?kind=places' })).json().items).toEqual([]);
    expect((await t.as('admin@council.demo', { url: '/api/v1/thresholds' })).statusCode).toBe(403);
  });
});

describe('the threshold lists count as intake does, within the area', () => {
  let f: TestApp;
  beforeAll(async () => {
    // Counts kept no time, so each list below is counted afresh.
    f = await createTestApp({ INSIGHT_CACHE_SECONDS: '0' });
  });
  afterAll(() => f.close());

  const reportAs = (who: string, at: string, line1: string, victim: Record<string, string>) =>
    f.as(who, {
      method: 'POST',
      url: '/api/v1/reports',
      payload: { receivedAt: at, channel: 'phone', category: 'noise', description: 'Shouting and banging at night', location: { address: { line1, postcode: 'M9 4QT' } }, people: [{ role: 'victim', ...victim }] },
    });

  it('lists a victim flagged at intake once, over records not yet confirmed as one person', async () => {
    const victim = { givenName: 'Perpetua', familyName: 'Ashworth', dateOfBirth: '1951-03-02', phone: '07700 900914' };
    const sent = [];
    for (const d of [90, 40, 2]) sent.push((await reportAs(officer, daysAgo(d), '3 Weaver Fold', victim)).json());
    // Three records, one a report: intake already counts them together for the Case Review.
    expect(new Set(sent.map((r) => r.people[0].personId)).size).toBe(3);
    expect(sent[2].flags).toContain('case_review_eligible');
    expect(sent[2].flagDetails.case_review_eligible).toEqual(expect.objectContaining({ reports: 3 }));

    const items = (await f.as(officer, { url: '/api/v1/thresholds' })).json().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toEqual(expect.objectContaining({ displayName: 'Perpetua Ashworth', reports: 3, agencies: 1, linkedRecords: 2, caseReviewEligible: true }));
    expect(sent.map((r) => r.people[0].personId)).toContain(items[0].personId);
    // The reports the count is made of come with it, to open a case from.
    expect(items[0].reportIds).toEqual(sent.map((r) => r.id).sort());

    // A case naming any of the three records deals with the victim.
    expect((await f.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Noise at Weaver Fold', reportIds: [sent[1].id] } })).statusCode).toBe(201);
    expect((await f.as(officer, { url: '/api/v1/thresholds' })).json().items).toEqual([]);
  });

  it("lists only the officer's own area, and a place by its reports in the Case Review window", async () => {
    const admin = 'admin@council.demo';
    const area = (await f.as(admin, { method: 'POST', url: '/api/v1/areas', payload: { name: 'Hillside', caseReviewReportCount: 3, caseReviewWindowDays: 183 } })).json().id;
    const agency = (await f.as(admin, { method: 'POST', url: '/api/v1/agencies', payload: { areaId: area, name: 'Hillside Council', kind: 'council' } })).json().id;
    const user = (await f.as(admin, { method: 'POST', url: '/api/v1/users', payload: { agencyId: agency, email: 'officer@hillside.example', displayName: 'Hillside officer', role: 'officer', password: 'a long enough password' } })).json().id;
    const token = (await f.as(admin, { method: 'POST', url: '/api/v1/auth/tokens', payload: { userId: user, name: 'test' } })).json().token;
    const asHillside = (opts: { method?: 'GET' | 'POST'; url: string; payload?: object }) => f.app.inject({ ...opts, headers: { authorization: `Bearer ${token}` } });

    const victim = { givenName: 'Ottoline', familyName: 'Braithwaite', dateOfBirth: '1939-11-30', phone: '07700 900915' };
    for (const d of [100, 50, 10]) {
      const r = await asHillside({ method: 'POST', url: '/api/v1/reports', payload: { receivedAt: daysAgo(d), channel: 'phone', category: 'noise', description: 'Music through the wall', location: { address: { line1: '8 Beacon Rise', postcode: 'M9 7HH' } }, people: [{ role: 'victim', ...victim }] } });
      expect(r.statusCode).toBe(201);
    }
    // A place with three reports in the repeat-location year, one of them in the Case Review window.
    for (const d of [300, 250, 20]) expect((await reportAs(officer, daysAgo(d), '12 Mill Brow', { givenName: 'Anon', familyName: `Neighbour${d}` })).statusCode).toBe(201);

    const hillsidePeople = (await asHillside({ url: '/api/v1/thresholds' })).json().items;
    expect(hillsidePeople.map((p: { displayName: string }) => p.displayName)).toEqual(['Ottoline Braithwaite']);
    const hillsidePlaces = (await asHillside({ url: '/api/v1/thresholds?kind=places' })).json().items;
    expect(hillsidePlaces.map((p: { line1: string; caseReviewReports: number; caseReviewEligible: boolean }) => [p.line1, p.caseReviewReports, p.caseReviewEligible])).toEqual([['8 Beacon Rise', 3, true]]);
    // A case opened from the place's reports takes it off the list.
    const opened = await asHillside({ method: 'POST', url: '/api/v1/cases', payload: { title: 'Beacon Rise', reportIds: hillsidePlaces[0].reportIds } });
    expect(opened.statusCode).toBe(201);
    expect(hillsidePlaces[0].reportIds).toHaveLength(3);
    expect((await asHillside({ url: '/api/v1/thresholds?kind=places' })).json().items).toEqual([]);

    const riversidePeople = (await f.as(officer, { url: '/api/v1/thresholds' })).json().items;
    expect(riversidePeople.map((p: { displayName: string }) => p.displayName)).not.toContain('Ottoline Braithwaite');
    const riversidePlaces = (await f.as(officer, { url: '/api/v1/thresholds?kind=places' })).json().items;
    expect(riversidePlaces.map((p: { line1: string; reports: number; caseReviewReports: number; caseReviewEligible: boolean }) => [p.line1, p.reports, p.caseReviewReports, p.caseReviewEligible])).toEqual([['12 Mill Brow', 3, 1, false]]);
  });
});

describe('distinctThreads', () => {
  const t = (personId: string, linked: string[] = []): VictimThread => ({ personId, reports: 3, agencies: 1, linked, reportIds: [] });
  const cases: [string, VictimThread[], string[], number, string[]][] = [
    ['keeps the order given', [t('a'), t('b'), t('c')], [], 10, ['a', 'b', 'c']],
    ['stops at the most asked for', [t('a'), t('b'), t('c')], [], 2, ['a', 'b']],
    ['lists a thread once, from its first record', [t('a', ['b']), t('b', ['a']), t('c')], [], 10, ['a', 'c']],
    ['leaves out a person dealt with', [t('a'), t('b')], ['a'], 10, ['b']],
    ['leaves out a person whose linked record is dealt with', [t('a', ['x']), t('b')], ['x'], 10, ['b']],
    ['leaves out a person linked to one dealt with', [t('a', ['b']), t('b', ['a', 'c'])], ['a'], 10, []],
    ['links are not followed further than one record', [t('a', ['b']), t('b', ['a', 'c']), t('c', ['b'])], [], 10, ['a', 'c']],
  ];
  it.each(cases)('%s', (_name, threads, dealtWith, max, expected) => {
    expect(distinctThreads(threads, new Set(dealtWith), max).map((x) => x.personId)).toEqual(expected);
  });
});
