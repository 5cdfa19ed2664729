/**
 * Areas are partnerships of their own: staff of one area see nothing of another's people, reports,
 * places, cases or staff, by any route, and cannot reach them by naming their ids in a write.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { completeAnswers } from '../../src/modules/risk/rules/test-support.js';
import { latestQuestionnaire, loadAllQuestionnaires } from '../../src/modules/risk/rules/index.js';

let t: TestApp;
/** Riverside's (the demo area's) records. */
const held = { person: '', report: '', reference: '', caseId: '', caseReference: '', place: '', assessment: '', meeting: '' };
/** A token for each role in the second area. */
const hillside: Record<'officer' | 'team_leader' | 'partner' | 'dpo', string> = { officer: '', team_leader: '', partner: '', dpo: '' };
const owner = 'officer@council.demo';

beforeAll(async () => {
  t = await createTestApp();
  const r = (
    await t.as(owner, {
      method: 'POST',
      url: '/api/v1/reports',
      payload: {
        receivedAt: new Date(Date.now() - 86_400_000).toISOString(),
        channel: 'phone',
        category: 'harassment',
        description: 'Threats shouted through the letterbox',
        location: { address: { line1: '17 Ropewalk Court', postcode: 'M3 3JE' } },
        people: [{ role: 'victim', givenName: 'Araminta', familyName: 'Pennycook', dateOfBirth: '1944-02-14', phone: '07700 900555' }],
      },
    })
  ).json();
  const c = (await t.as(owner, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Pennycook harassment', reportIds: [r.id], partnerAgencyIds: [t.dir.agencies.health] } })).json();
  const wb = latestQuestionnaire(loadAllQuestionnaires(), 'wellbeing-vulnerability')!;
  const a = await t.as(owner, { method: 'POST', url: '/api/v1/assessments', payload: { personId: r.people[0].personId, caseId: c.id, questionnaireId: 'wellbeing-vulnerability', answers: completeAnswers(wb, { mental_health: { value: 'yes' } }) } });
  const m = await t.as(owner, { method: 'POST', url: `/api/v1/cases/${c.id}/meetings`, payload: { kind: 'case_conference', title: 'Pennycook conference', scheduledAt: new Date(Date.now() + 86_400_000).toISOString(), invitees: [{ agencyId: t.dir.agencies.health }] } });
  // A challenge and a safeguarding concern too, so their lists have something to show.
  expect((await t.as(owner, { method: 'POST', url: '/api/v1/challenges', payload: { caseId: c.id, subjectType: 'case', reason: 'Pennycook was not told of the decision.' } })).statusCode).toBe(201);
  expect((await t.as(owner, { method: 'POST', url: '/api/v1/safeguarding-concerns', payload: { kind: 'adult', personId: r.people[0].personId, caseId: c.id, reason: 'Pennycook is being targeted', whatShared: 'The letterbox threats' } })).statusCode).toBe(201);
  Object.assign(held, { person: r.people[0].personId, report: r.id, reference: r.reference, caseId: c.id, caseReference: c.reference, place: r.placeId, assessment: a.json().id, meeting: m.json().id });

  const admin = 'admin@council.demo';
  const area = (await t.as(admin, { method: 'POST', url: '/api/v1/areas', payload: { name: 'Hillside' } })).json().id;
  const agency = (await t.as(admin, { method: 'POST', url: '/api/v1/agencies', payload: { areaId: area, name: 'Hillside Council', kind: 'council' } })).json().id;
  const team = (await t.as(admin, { method: 'POST', url: '/api/v1/teams', payload: { agencyId: agency, name: 'Hillside ASB team' } })).json().id;
  for (const role of Object.keys(hillside) as (keyof typeof hillside)[]) {
    const user = (await t.as(admin, { method: 'POST', url: '/api/v1/users', payload: { agencyId: agency, teamId: team, email: `${role}@hillside.example`, displayName: `Hillside ${role}`, role, password: 'a long enough password' } })).json().id;
    hillside[role] = (await t.as(admin, { method: 'POST', url: '/api/v1/auth/tokens', payload: { userId: user, name: 'test' } })).json().token;
  }
});
afterAll(() => t.close());

const asHillside = (role: keyof typeof hillside, opts: { method?: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object }) =>
  t.app.inject({ ...opts, url: `/api/v1${opts.url}`, headers: { authorization: `Bearer ${hillside[role]}` } });

/** Anything that would show Riverside's records: names, words, address, references, ids, staff. */
const traces = () => [
  'Pennycook', 'Araminta', 'letterbox', 'Ropewalk', '07700 900555', '1944-02-14', held.reference, held.caseReference,
  held.person, held.report, held.caseId, held.place, held.assessment, held.meeting, 'council.demo', 'Riverside officer',
];

const READS = () => [
  '/users', '/teams', '/tasks', '/reviews/overdue', '/victims/due?withinDays=400', '/meetings?scope=upcoming', '/link-suggestions', `/link-suggestions?personId=${held.person}`, '/thresholds', '/thresholds?kind=places',
  '/cases', '/reports', '/reports?q=letterbox', `/reports?q=${held.reference}`, '/people?q=Araminta%20Pennycook', '/people?q=Pennycook', '/places', '/places?postcode=M3%203JE', '/places?q=Ropewalk',
  '/insight/dashboard', '/insight/hotspots', '/insight/approaches', '/victims/kpi', '/safeguarding-concerns', '/challenges', '/challenges?scope=case', `/challenges?scope=case&caseId=${held.caseId}`,
  '/supervision/team', '/dpo/alerts', '/dpo/retention/dry-run', '/children-decisions?status=pending', '/sharing-agreements',
  `/cases/${held.caseId}`, `/cases/${held.caseId}/chronology`, `/cases/${held.caseId}/victims`, `/cases/${held.caseId}/interventions`, `/cases/${held.caseId}/meetings`,
  `/risk/case-levels?caseId=${held.caseId}`, `/people/${held.person}`, `/people/${held.person}/risk`, `/reports/${held.report}`, `/places/${held.place}`,
  `/assessments/${held.assessment}`, `/meetings/${held.meeting}`, `/dpo/people/${held.person}/export`, `/dpo/people/${held.person}/access-log`,
];

describe("another area's staff", () => {
  it.each(['officer', 'team_leader', 'partner', 'dpo'] as const)('%s sees no trace of Riverside by any read', async (role) => {
    for (const url of READS()) {
      const res = await asHillside(role, { url });
      expect(res.statusCode, url).toBeLessThan(500);
      for (const trace of traces()) expect(res.body.includes(trace), `${url} shows ${trace}`).toBe(false);
    }
  });

  it("cannot reach Riverside's records by naming their ids", async () => {
    const field = async (res: Awaited<ReturnType<typeof asHillside>>) => [res.statusCode, res.json().errors?.[0]?.path ?? res.json().status];
    expect(await field(await asHillside('officer', { method: 'POST', url: '/cases', payload: { title: 'Not ours', reportIds: [held.report] } }))).toEqual([400, 'body.reportIds.0']);
    // Searches find none of them, and count none either.
    for (const url of ['/people?q=Araminta%20Pennycook', '/people?q=Pennycook', '/people?q=Pennycook&dateOfBirth=1944-02-14', '/people', '/reports?q=letterbox', '/places?q=Ropewalk']) {
      const found = (await asHillside('officer', { url })).json();
      expect(found.items.some((x: { id: string }) => [held.person, held.report, held.place].includes(x.id)), url).toBe(false);
      expect(found.total, url).toBe(0);
    }
    const report = { receivedAt: new Date().toISOString(), channel: 'phone', category: 'noise', description: 'Loud music', people: [{ role: 'victim', personId: held.person }] };
    expect(await field(await asHillside('officer', { method: 'POST', url: '/reports', payload: report }))).toEqual([400, 'body.people.0.personId']);
    expect(await field(await asHillside('officer', { method: 'POST', url: '/safeguarding-concerns', payload: { kind: 'adult', personId: held.person, reason: 'Worried about her', whatShared: 'Nothing yet' } }))).toEqual([400, 'body.personId']);
    expect(await field(await asHillside('officer', { method: 'POST', url: '/households', payload: { name: 'Pennycook household', members: [{ personId: held.person }] } }))).toEqual([400, 'body.members.0.personId']);
    expect(await field(await asHillside('officer', { method: 'POST', url: '/break-glass', payload: { personId: held.person, reason: 'An emergency that needs her record now' } }))).toEqual([400, 'body.personId']);
    expect(await field(await asHillside('officer', { method: 'POST', url: '/break-glass', payload: { caseId: held.caseId, reason: 'An emergency that needs the case record now' } }))).toEqual([400, 'body.caseId']);
    expect((await asHillside('dpo', { method: 'PATCH', url: `/dpo/people/${held.person}`, payload: { restricted: true } })).statusCode).toBe(404);
    expect((await asHillside('dpo', { url: `/dpo/people/${held.person}/export` })).statusCode).toBe(404);
    expect((await asHillside('dpo', { url: `/dpo/people/${held.person}/access-log` })).statusCode).toBe(404);
    // Nor can a team leader set Riverside's Case Review threshold (their own area's, yes).
    const riverside = (await asHillside('team_leader', { url: '/areas' })).json().find((x: { name: string }) => x.name !== 'Hillside');
    expect((await asHillside('team_leader', { method: 'PATCH', url: `/areas/${riverside.id}`, payload: { caseReviewReportCount: 9, caseReviewWindowDays: 30 } })).statusCode).toBe(404);
    expect((await t.as(owner, { url: '/api/v1/areas' })).json().find((x: { id: string }) => x.id === riverside.id)).toMatchObject({ caseReviewReportCount: 3, caseReviewWindowDays: 183 });
    const own = (await asHillside('team_leader', { url: '/areas' })).json().find((x: { name: string }) => x.name === 'Hillside');
    expect((await asHillside('team_leader', { method: 'PATCH', url: `/areas/${own.id}`, payload: { caseReviewReportCount: 4, caseReviewWindowDays: 183 } })).statusCode).toBe(204);
    // Nothing was changed: the person is not restricted, and no report or case names her in Hillside.
    expect((await t.as('dpo@council.demo', { url: `/api/v1/people/${held.person}` })).json().restricted).toBe(false);
  });

  it("links a report to nothing of Riverside's, however alike, and counts none of its reports", async () => {
    const report = {
      receivedAt: new Date().toISOString(),
      channel: 'phone',
      category: 'harassment',
      description: 'Threats at the door again',
      location: { address: { line1: '17 Ropewalk Court', postcode: 'M3 3JE' } },
      people: [{ role: 'victim', givenName: 'Araminta', familyName: 'Pennycook', dateOfBirth: '1944-02-14', phone: '07700 900555' }],
    };
    const res = await asHillside('officer', { method: 'POST', url: '/reports', payload: report });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.links).toEqual([]);
    expect(body.flags).toEqual([]);
    // The address is the same place (places are shared geography); nothing else of Riverside's is there.
    for (const trace of traces().filter((x) => x !== held.place)) expect(res.body.includes(trace), `${trace} in ${res.body}`).toBe(false);
    // Nor is Riverside offered Hillside's record, nor told of its report.
    const mine = await t.as(owner, { url: '/api/v1/link-suggestions' });
    expect(mine.body.includes(body.people[0].personId)).toBe(false);
    expect((await t.as(owner, { url: `/api/v1/places/${held.place}` })).json().reports.map((r: { id: string }) => r.id)).toEqual([held.report]);
  });

  it("finds the area's own record however many alike another area holds", async () => {
    const quince = { givenName: 'Bartholomew', familyName: 'Quince', dateOfBirth: '1958-07-21', phone: '07700 900777' };
    const at = (line1: string) => ({ receivedAt: new Date().toISOString(), channel: 'phone', category: 'noise', description: 'Banging on the ceiling', location: { address: { line1, postcode: 'M3 3JE' } }, people: [{ role: 'victim', ...quince }] });
    // More records just like him in Riverside than a report is given suggestions.
    for (let i = 0; i < 12; i++) expect((await t.as(owner, { method: 'POST', url: '/api/v1/reports', payload: at(`${i + 1} Quay Street`) })).statusCode).toBe(201);
    const first = (await asHillside('officer', { method: 'POST', url: '/reports', payload: at('2 Mill Brow') })).json();
    const second = (await asHillside('officer', { method: 'POST', url: '/reports', payload: at('2 Mill Brow') })).json();
    expect(first.links.filter((l: { kind: string }) => l.kind === 'person')).toEqual([]);
    expect(second.links.filter((l: { kind: string }) => l.kind === 'person').map((l: { matchedPersonId: string }) => l.matchedPersonId)).toEqual([first.people[0].personId]);
    // Hillside's queue of suggestions is its own: Riverside's many are neither shown nor counted.
    const queue = (await asHillside('officer', { url: '/link-suggestions' })).json();
    expect(queue.items.map((x: { personId: string; candidatePersonId: string }) => [x.personId, x.candidatePersonId])).toEqual([[second.people[0].personId, first.people[0].personId]]);
    expect(queue.total).toBe(1);
  });

  it("cannot bring Riverside's agencies or staff onto its cases, meetings or actions", async () => {
    const field = async (res: Awaited<ReturnType<typeof asHillside>>) => [res.statusCode, res.json().errors?.[0]?.path];
    const report = (await asHillside('officer', { method: 'POST', url: '/reports', payload: { receivedAt: new Date().toISOString(), channel: 'phone', category: 'noise', description: 'Music at night', people: [{ role: 'victim', name: 'Hillside Resident' }] } })).json();
    const riversideAgency = t.dir.agencies.health;
    const riversideOfficer = t.dir.users[owner];
    expect(await field(await asHillside('officer', { method: 'POST', url: '/cases', payload: { title: 'Ours', reportIds: [report.id], partnerAgencyIds: [riversideAgency] } }))).toEqual([400, 'body.partnerAgencyIds.0']);
    const ours = (await asHillside('officer', { method: 'POST', url: '/cases', payload: { title: 'Ours', reportIds: [report.id] } })).json();
    ours.leadAgencyId = (await asHillside('officer', { url: `/cases/${ours.id}` })).json().leadAgency.id;
    expect(await field(await asHillside('officer', { method: 'POST', url: `/cases/${ours.id}/agencies`, payload: { agencyId: riversideAgency } }))).toEqual([400, 'body.agencyId']);
    expect(await field(await asHillside('officer', { method: 'POST', url: `/cases/${ours.id}/actions`, payload: { description: 'Visit', ownerUserId: riversideOfficer } }))).toEqual([400, 'body.ownerUserId']);
    const meeting = { kind: 'case_conference', title: 'Ours', scheduledAt: new Date(Date.now() + 86_400_000).toISOString() };
    expect(await field(await asHillside('officer', { method: 'POST', url: `/cases/${ours.id}/meetings`, payload: { ...meeting, invitees: [{ agencyId: riversideAgency }] } }))).toEqual([400, 'body.invitees.0.agencyId']);
    expect(await field(await asHillside('officer', { method: 'POST', url: `/cases/${ours.id}/meetings`, payload: { ...meeting, chairUserId: riversideOfficer, invitees: [{ agencyId: ours.leadAgencyId }] } }))).toEqual([400, 'body.chairUserId']);
    // Nor add their own people to Riverside's households.
    const household = (await t.as(owner, { method: 'POST', url: '/api/v1/households', payload: { name: 'Pennycook household', members: [{ personId: held.person }] } })).json().id;
    expect((await asHillside('officer', { method: 'POST', url: `/households/${household}/members`, payload: { personId: report.people[0].personId } })).statusCode).toBe(404);
    expect((await t.as(owner, { url: `/api/v1/people/${held.person}` })).json().households).toHaveLength(1);
    // Nor make a sharing agreement with Riverside's agencies, nor see Riverside's.
    const agreement = { title: 'Across', purposes: ['case_management'], startDate: '2026-01-01', reviewDate: '2027-01-01', partyAgencyIds: [ours.leadAgencyId, riversideAgency], categories: [{ category: 'identity', lawfulBasis: 'UK GDPR Art. 6(1)(e)' }] };
    expect(await field(await asHillside('team_leader', { method: 'POST', url: '/sharing-agreements', payload: agreement }))).toEqual([400, 'body.partyAgencyIds.1']);
    const theirs = { ...agreement, title: 'Riverside health sharing', partyAgencyIds: [t.dir.agencies.council, riversideAgency] };
    expect((await t.as('dpo@council.demo', { method: 'POST', url: '/api/v1/sharing-agreements', payload: theirs })).statusCode).toBe(201);
    expect((await t.as('dpo@council.demo', { url: '/api/v1/sharing-agreements' })).json().map((x: { title: string }) => x.title)).toContain('Riverside health sharing');
    expect((await asHillside('dpo', { url: '/sharing-agreements' })).json()).toEqual([]);
    // The case is still Hillside's alone.
    expect((await asHillside('officer', { url: `/cases/${ours.id}` })).json().agencies).toHaveLength(1);
  });

  it("cannot decide Riverside's link suggestions or undo its merges by naming their ids", async () => {
    const twice = { receivedAt: new Date().toISOString(), channel: 'phone', category: 'noise', description: 'Drilling at night', people: [{ role: 'victim', givenName: 'Ottoline', familyName: 'Featherstonehaugh', dateOfBirth: '1950-05-05' }] };
    await t.as(owner, { method: 'POST', url: '/api/v1/reports', payload: twice });
    const second = (await t.as(owner, { method: 'POST', url: '/api/v1/reports', payload: twice })).json();
    const [first] = (await t.as(owner, { url: `/api/v1/link-suggestions?reportId=${second.id}` })).json().items;
    expect(first).toBeDefined();
    for (const decision of ['confirm', 'reject']) expect((await asHillside('officer', { method: 'POST', url: `/link-suggestions/${first.id}/${decision}` })).statusCode).toBe(404);
    expect((await t.as(owner, { url: `/api/v1/link-suggestions?reportId=${second.id}` })).json().items[0]).toMatchObject({ id: first.id, status: 'suggested' });
    const merge = (await t.as(owner, { method: 'POST', url: `/api/v1/link-suggestions/${first.id}/confirm` })).json();
    expect(merge.mergeId).toBeTruthy();
    expect((await asHillside('team_leader', { method: 'POST', url: `/merges/${merge.mergeId}/undo` })).statusCode).toBe(404);
    expect((await t.as(owner, { method: 'POST', url: `/api/v1/merges/${merge.mergeId}/undo` })).statusCode).toBe(200);
  });

  it('withdraws undecided suggestions made across areas before areas were kept apart (migration 0028)', async () => {
    const hillsideReport = (await asHillside('officer', { method: 'POST', url: '/reports', payload: { receivedAt: new Date().toISOString(), channel: 'phone', category: 'noise', description: 'Shouting', people: [{ role: 'victim', givenName: 'Araminta', familyName: 'Pennycook' }] } })).json();
    const pair = [hillsideReport.id, hillsideReport.people[0].personId];
    const insert = (candidate: string) =>
      t.db.query("insert into link_suggestions (id, report_id, person_id, candidate_person_id, probability, evidence, params_version) values (gen_random_uuid(), $1, $2, $3, 0.9, '[]', 'old') returning id", [...pair, candidate]);
    const across = (await insert(held.person)).rows[0].id as string;
    const within = (await insert(hillsideReport.people[0].personId)).rows[0].id as string;
    await t.db.query(readFileSync(new URL('../../migrations/0028_cross_area_suggestions.sql', import.meta.url), 'utf8'));
    const left = (await t.db.query<{ id: string }>('select id from link_suggestions where id = any($1::uuid[])', [[across, within]])).rows.map((r) => r.id);
    expect(left).toEqual([within]);
  });

  it('leaves Riverside seeing its own records as before', async () => {
    expect((await t.as(owner, { url: `/api/v1/people/${held.person}` })).json().displayName).toBe('Araminta Pennycook');
    expect((await t.as(owner, { url: '/api/v1/reports?q=letterbox' })).json().items.map((r: { id: string }) => r.id)).toEqual([held.report]);
    expect((await t.as(owner, { url: '/api/v1/places?q=Ropewalk' })).json().items).toEqual([expect.objectContaining({ id: held.place, reportCount: 1 })]);
    expect((await t.as('dpo@council.demo', { url: `/api/v1/dpo/people/${held.person}/export` })).statusCode).toBe(200);
  });
});
