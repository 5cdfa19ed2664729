import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { sentWhile } from '../../../test/support/statements.js';
import { runJobs } from '../../platform/jobs/runner.js';
import { completeAnswers } from '../risk/rules/test-support.js';
import { latestQuestionnaire, loadAllQuestionnaires } from '../risk/rules/index.js';

let t: TestApp;
const officer = 'officer@council.demo';
const leader = 'leader@council.demo';
let caseId: string;
let victimId: string;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp();
  const r = await t.as(officer, {
    method: 'POST',
    url: '/api/v1/reports',
    payload: {
      receivedAt: '2026-03-02T10:15:00Z',
      channel: 'phone',
      category: 'harassment',
      description: 'Neighbour shouting abuse at the victim on the stairwell, banging on the door late at night.',
      location: { address: { line1: '14 Elm Court', postcode: 'M1 1AE' } },
      people: [
        { role: 'victim', givenName: 'Margaret', familyName: 'Doyle', dateOfBirth: '1958-04-11' },
        { role: 'alleged_perpetrator', name: 'Kyle Benson' },
      ],
    },
  });
  victimId = r.json().people.find((p: { role: string }) => p.role === 'victim').personId;
  const c = await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Elm Court harassment', reportIds: [r.json().id], partnerAgencyIds: [t.dir.agencies.police] } });
  caseId = c.json().id;
});
afterAll(() => t.close());

const victimUrl = () => `/api/v1/cases/${caseId}/victims/${victimId}`;
const victimTasks = async () => (await t.db.query<{ status: string; due_at: Date }>("select status, due_at from tasks where kind = 'victim_update' and case_id = $1 order by created_at", [caseId])).rows;

describe('victims kept informed', () => {
  it('moving a victim from standard to high shortens the due date, and the due list follows', async () => {
    const before = (await t.as(officer, { url: `/api/v1/cases/${caseId}/victims` })).json();
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ personId: victimId, level: 'standard', levelSource: 'default', cadence: 'monthly', lastUpdateAt: null, state: 'not_due' });
    expect((await t.as(officer, { url: '/api/v1/victims/due?withinDays=7' })).json()).toHaveLength(0);

    const set = await t.as(officer, { method: 'PUT', url: `${victimUrl()}/level`, payload: { level: 'high', reason: 'Repeat targeting; lives alone; not sleeping.' } });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ level: 'high', levelSource: 'officer', cadence: 'weekly' });
    expect(new Date(set.json().nextUpdateDue).getTime()).toBeLessThan(new Date(before[0].nextUpdateDue).getTime());
    expect(new Date(set.json().nextUpdateDue).getTime() - new Date(before[0].nextUpdateDue).getTime()).toBeLessThan(-20 * DAY);

    const due = (await t.as(officer, { url: '/api/v1/victims/due?withinDays=7' })).json();
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({ caseId, personId: victimId, displayName: 'Margaret Doyle', level: 'high', state: 'not_due' });
    // A team leader may look at an officer in their team; another agency's leader may not.
    expect((await t.as(leader, { url: `/api/v1/victims/due?officerId=${t.dir.users[officer]}` })).statusCode).toBe(200);
    expect((await t.as('leader@housing.demo', { url: `/api/v1/victims/due?officerId=${t.dir.users[officer]}` })).statusCode).toBe(403);
  });

  it('creates one "update the victim" task when due, however often the job runs, and a progress update closes it', async () => {
    const soon = new Date(Date.now() + 6 * DAY);
    const first = await runJobs(t.ctx, { now: soon, only: ['victim-updates'] });
    expect(first[0]).toMatchObject({ status: 'ran', result: { created: 1 } });
    expect((await runJobs(t.ctx, { now: soon, only: ['victim-updates'] }))[0].status).toBe('skipped');
    expect((await runJobs(t.ctx, { now: soon, only: ['victim-updates'], force: true }))[0]).toMatchObject({ status: 'ran', result: { created: 0 } });
    expect(await victimTasks()).toHaveLength(1);
    const mine = (await t.as(officer, { url: '/api/v1/tasks?kind=victim_update' })).json();
    expect(mine).toHaveLength(1);
    expect(mine[0].title).toContain('Margaret Doyle');

    // Lowering the level the officer set moves the open task's date out (the job keeps one task per cycle).
    await t.as(officer, { method: 'PUT', url: `${victimUrl()}/level`, payload: { level: 'medium', reason: 'Perpetrator moved away.' } });
    const moved = await victimTasks();
    expect(moved).toHaveLength(1);
    expect(new Date(moved[0].due_at).getTime() - new Date(mine[0].dueAt).getTime()).toBeCloseTo(7 * DAY, -4);

    const contact = await t.as(officer, {
      method: 'POST',
      url: `/api/v1/cases/${caseId}/contacts`,
      payload: { personId: victimId, contactedAt: new Date().toISOString(), method: 'phone', summary: 'Told her about the warning letter.', updatedOnProgress: true, feelsSafer: 'yes' },
    });
    expect(contact.statusCode).toBe(201);
    expect((await victimTasks()).map((x) => x.status)).toEqual(['done']);
    const after = (await t.as(officer, { url: victimUrl() })).json();
    expect(after.lastUpdateAt).not.toBeNull();
    expect(after.state).toBe('not_due');
    expect(after.feelsSaferLatest).toBe('yes');
    // A new cycle: nothing due yet, so the job makes nothing new.
    expect((await runJobs(t.ctx, { only: ['victim-updates'], force: true }))[0].result).toMatchObject({ created: 0 });
  });

  it("records support offered, accepted or declined with reasons, and the victim's own words", async () => {
    const declined = await t.as(officer, { method: 'POST', url: `${victimUrl()}/support-offers`, payload: { service: 'mental_health', offeredAt: new Date().toISOString(), status: 'declined' } });
    expect(declined.statusCode).toBe(400);
    expect(declined.json().errors[0].path).toBe('body.reason');
    const offer = await t.as(officer, { method: 'POST', url: `${victimUrl()}/support-offers`, payload: { service: 'victim_support', provider: 'Victim Support Riverside', offeredAt: new Date().toISOString() } });
    expect(offer.statusCode).toBe(201);
    expect((await t.as(officer, { method: 'PATCH', url: `${victimUrl()}/support-offers/${offer.json().id}`, payload: { status: 'accepted' } })).statusCode).toBe(204);
    const words = "I dread coming home. I sit with the lights off so they don't know I'm in.";
    expect((await t.as(officer, { method: 'POST', url: `${victimUrl()}/impact`, payload: { inTheirWords: words, how: 'in_person' } })).statusCode).toBe(201);

    const v = (await t.as(officer, { url: victimUrl() })).json();
    expect(v.supportOffers).toEqual([expect.objectContaining({ service: 'victim_support', provider: 'Victim Support Riverside', status: 'accepted' })]);
    expect(v.impactStatements[0].inTheirWords).toBe(words);
    expect(v.contacts.some((c: { feelsSafer: string }) => c.feelsSafer === 'yes')).toBe(true);

    const kpi = (await t.as(leader, { url: '/api/v1/victims/kpi' })).json();
    expect(kpi).toMatchObject({ victims: 1, withSupportOffer: 1, percentWithSupportOffer: 100, accepted: 1 });
    // Kept for the area like the dashboard's figures: the next reader within the minute causes no read.
    const again = await sentWhile(t, () => t.as(officer, { url: '/api/v1/victims/kpi' }));
    expect(again.out.json()).toEqual(kpi);
    expect(again.sent).toEqual([]);
    const chron = (await t.as(officer, { url: `/api/v1/cases/${caseId}/chronology` })).json().entries.map((e: { kind: string }) => e.kind);
    expect(chron).toEqual(expect.arrayContaining(['support_offer', 'victim_impact']));
    const audit = await t.db.query("select action from audit_events where subject_type in ('victim', 'victim_support_offer', 'victim_impact')");
    expect(audit.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['set_update_level', 'create', 'accepted', 'read']));
  });

  it('keeps victims to the case parties and the level to the lead agency, and names bad fields', async () => {
    expect((await t.as('officer@housing.demo', { url: victimUrl() })).statusCode).toBe(404);
    expect((await t.as('pc@police.demo', { url: victimUrl() })).statusCode).toBe(200);
    expect((await t.as('pc@police.demo', { method: 'PUT', url: `${victimUrl()}/level`, payload: { level: 'high', reason: 'Seen again.' } })).statusCode).toBe(403);
    const bad = await t.as(officer, { method: 'PUT', url: `${victimUrl()}/level`, payload: { level: 'extreme', reason: '' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['body.level', 'body.reason']));
    const perpetrator = (await t.db.query<{ person_id: string }>("select person_id from case_people where case_id = $1 and role = 'alleged_perpetrator'", [caseId])).rows[0].person_id;
    expect((await t.as(officer, { url: `/api/v1/cases/${caseId}/victims/${perpetrator}` })).statusCode).toBe(404);
    expect((await t.as(officer, { url: `/api/v1/cases/${caseId}/victims/not-a-uuid` })).statusCode).toBe(400);
  });
});

describe('the hourly round over every victim', () => {
  it('creates each victim their task at the cadence of their level (assessed, set or default) in a few statements, however many victims', async () => {
    const t = await createTestApp();
    const names = ['Ada Brook', 'Bert Cole', 'Cath Dunn', 'Dev Earl', 'Edna Fox', 'Fred Gale', 'Gwen Hart', 'Hal Ives'];
    const cases: { caseId: string; victimId: string; openedAt: number }[] = [];
    for (const [i, name] of names.entries()) {
      const r = await t.as(officer, {
        method: 'POST',
        url: '/api/v1/reports',
        payload: { receivedAt: '2026-03-02T10:15:00Z', channel: 'phone', category: 'noise', description: 'Music through the wall every night.', location: { address: { line1: `${i + 1} Ash Row`, postcode: 'M1 1AE' } }, people: [{ role: 'victim', name, dateOfBirth: `1960-01-0${i + 1}` }] },
      });
      const victimId = r.json().people[0].personId;
      const c = (await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: `${name} noise`, reportIds: [r.json().id] } })).json();
      const opened = (await t.db.query<{ opened_at: Date }>('select opened_at from cases where id = $1', [c.id])).rows[0].opened_at;
      cases.push({ caseId: c.id, victimId, openedAt: new Date(opened).getTime() });
    }
    // The first assessed at medium risk of harm (fortnightly), the second set at high by the officer (weekly).
    const def = latestQuestionnaire(loadAllQuestionnaires(), 'asb-victim-risk')!;
    const answers = completeAnswers(def, { mental_health: { value: 'yes' }, previous_reports: { value: 'yes' }, sleep: { value: 'yes' }, fear_of_harm: { value: 'yes' } });
    const a = await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId: cases[0].victimId, caseId: cases[0].caseId, questionnaireId: 'asb-victim-risk', answers } });
    expect(a.json().level).toBe('medium');
    const set = await t.as(officer, { method: 'PUT', url: `/api/v1/cases/${cases[1].caseId}/victims/${cases[1].victimId}/level`, payload: { level: 'high', reason: 'Lives alone; not sleeping.' } });
    expect(set.statusCode).toBe(200);

    const now = new Date(Date.now() + 40 * DAY);
    const { out, sent, transactions } = await sentWhile(t, () => runJobs(t.ctx, { now, only: ['victim-updates'], force: true }));
    expect(out[0]).toMatchObject({ status: 'ran', result: { created: names.length, rescheduled: 0 } });
    // Not a read and a transaction per victim: the victims with their levels, the tasks there, one write.
    expect(sent.length).toBeLessThan(names.length);
    expect(transactions).toBeLessThan(names.length);
    const tasks = (await t.db.query<{ case_id: string; due_at: Date; detail: { levelSource: string }; assignee_user_id: string; team_id: string | null; title: string }>("select case_id, due_at, detail, assignee_user_id, team_id, title from tasks where kind = 'victim_update'")).rows;
    const byCase = new Map(tasks.map((x) => [x.case_id, x]));
    const days = (c: (typeof cases)[number]) => Math.round((new Date(byCase.get(c.caseId)!.due_at).getTime() - c.openedAt) / DAY);
    expect([byCase.get(cases[0].caseId)!.detail.levelSource, days(cases[0])]).toEqual(['assessment', 14]);
    expect([byCase.get(cases[1].caseId)!.detail.levelSource, days(cases[1])]).toEqual(['officer', 7]);
    for (const c of cases.slice(2)) expect(byCase.get(c.caseId)!.detail.levelSource).toBe('default');
    expect(new Set(cases.slice(2).map(days)).size).toBe(1);
    expect(days(cases[2])).toBeGreaterThanOrEqual(28);
    // Each goes to the lead officer, in their team's queue, named for the victim.
    expect(new Set(tasks.map((x) => x.assignee_user_id))).toEqual(new Set([t.dir.users[officer]]));
    expect(tasks.every((x) => x.team_id !== null)).toBe(true);
    expect(tasks.find((x) => x.case_id === cases[4].caseId)!.title).toContain('Edna Fox');
    const audited = await t.db.query<{ n: number }>("select count(*)::int as n from audit_events where subject_type = 'task' and action = 'create' and detail->>'job' = 'victim-updates'");
    expect(audited.rows[0].n).toBe(names.length);

    // Run again: every task is there, so nothing is written.
    const again = await sentWhile(t, () => runJobs(t.ctx, { now, only: ['victim-updates'], force: true }));
    expect(again.out[0]).toMatchObject({ status: 'ran', result: { created: 0, rescheduled: 0 } });
    expect(again.transactions).toBeLessThan(transactions);
    await t.close();
  });
});
