import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { runJobs } from '../../platform/jobs/runner.js';

let t: TestApp;
const officer = 'officer@council.demo';
const leader = 'leader@council.demo';
const pc = 'pc@police.demo';
const nurse = 'nurse@health.demo';
let caseId: string;
let meetingId: string;
const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestApp();
  const r = await t.as(officer, {
    method: 'POST',
    url: '/api/v1/reports',
    payload: {
      receivedAt: '2026-09-02T10:15:00Z',
      channel: 'phone',
      category: 'harassment',
      description: 'Repeated shouting and threats on the landing; the victim is frightened to go out.',
      location: { address: { line1: '3 Canal Row', postcode: 'M1 1AE' } },
      people: [
        { role: 'victim', givenName: 'Irene', familyName: 'Walsh', dateOfBirth: '1949-02-03' },
        { role: 'alleged_perpetrator', name: 'Dean Morley' },
      ],
    },
  });
  const c = await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Canal Row harassment', reportIds: [r.json().id], partnerAgencyIds: [t.dir.agencies.police] } });
  caseId = c.json().id;
});
afterAll(() => t.close());

const meeting = (as = officer) => t.as(as, { url: `/api/v1/meetings/${meetingId}` });
const tasksOf = async (email: string, kind: string) =>
  (await t.db.query<{ id: string; status: string; title: string }>('select id, status, title from tasks where assignee_user_id = $1 and kind = $2 order by created_at', [t.dir.users[email], kind])).rows;

describe('multi-agency case conferences', () => {
  it('schedules a conference; invited agencies join the case and named invitees are asked for their view', async () => {
    const bad = await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/meetings`, payload: { kind: 'case_conference', title: 'x', scheduledAt: `${day(7)}T10:00:00Z`, invitees: [{ agencyId: '00000000-0000-4000-8000-000000000000' }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('body.invitees.0.agencyId');
    const wrongPerson = await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/meetings`, payload: { kind: 'case_conference', title: 'x', scheduledAt: `${day(7)}T10:00:00Z`, invitees: [{ agencyId: t.dir.agencies.health, userId: t.dir.users[pc] }] } });
    expect(wrongPerson.json().errors[0].path).toBe('body.invitees.0.userId');
    // Only the lead agency convenes; a partner on the case may not.
    expect((await t.as(pc, { method: 'POST', url: `/api/v1/cases/${caseId}/meetings`, payload: { kind: 'case_conference', title: 'x', scheduledAt: `${day(7)}T10:00:00Z`, invitees: [{ agencyId: t.dir.agencies.health }] } })).statusCode).toBe(403);

    const res = await t.as(officer, {
      method: 'POST',
      url: `/api/v1/cases/${caseId}/meetings`,
      payload: {
        kind: 'case_conference',
        title: 'Canal Row: risk to Irene Walsh',
        scheduledAt: `${day(7)}T10:00:00Z`,
        location: 'Civic Centre, room 2',
        invitees: [{ agencyId: t.dir.agencies.police, userId: t.dir.users[pc] }, { agencyId: t.dir.agencies.health, userId: t.dir.users[nurse] }, { agencyId: t.dir.agencies.asc }],
      },
    });
    expect(res.statusCode).toBe(201);
    meetingId = res.json().id;
    const m = (await meeting()).json();
    expect(m).toMatchObject({ kind: 'case_conference', status: 'scheduled', chair: { id: t.dir.users[officer] } });
    expect(m.invitees.map((i: { agencyName: string }) => i.agencyName).sort()).toEqual(['Riverside Adult Social Care', 'Riverside Borough Council', 'Riverside Community Mental Health', 'Riverside Neighbourhood Policing']);
    // The agenda is built from the case: both lenses for everyone on it, recent chronology, open actions.
    expect(m.agenda.risk.map((p: { displayName: string }) => p.displayName).sort()).toEqual(['Dean Morley', 'Irene Walsh']);
    expect(m.agenda.recent.some((e: { kind: string }) => e.kind === 'report')).toBe(true);
    expect(m.agenda.frozen).toBe(false);
    // Health was not on the case: invited, it joins, so it can read the case and give its view.
    expect((await t.as(nurse, { url: `/api/v1/cases/${caseId}` })).statusCode).toBe(200);
    expect(await tasksOf(nurse, 'meeting_view')).toHaveLength(1);
    const listed = async (as: string, scope: string) => ((await t.as(as, { url: `/api/v1/meetings?scope=${scope}` })).json() as { id: string }[]).map((x) => x.id);
    // Mine: invited by name, or in the chair; upcoming: on a case the agency is party to.
    expect(await listed(pc, 'mine')).toContain(meetingId);
    expect(await listed(officer, 'mine')).toContain(meetingId);
    expect(await listed(officer, 'upcoming')).toContain(meetingId);
    expect(await listed('officer@housing.demo', 'mine')).not.toContain(meetingId);
    expect((await t.as(officer, { url: `/api/v1/cases/${caseId}/meetings` })).json()).toHaveLength(1);
    // An agency that is not on the case does not see the meeting at all.
    expect((await meeting('officer@housing.demo')).statusCode).toBe(404);
    expect((await t.as('officer@housing.demo', { url: '/api/v1/meetings' })).json()).toHaveLength(0);
  });

  it("records each agency's view side by side, health's under its own category, with the gaps visible", async () => {
    const empty = await t.as(nurse, { method: 'PUT', url: `/api/v1/meetings/${meetingId}/views/mine`, payload: { view: '   ' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].path).toBe('body.view');
    expect((await t.as(nurse, { method: 'PUT', url: `/api/v1/meetings/${meetingId}/views/mine`, payload: { view: 'Known to the community mental health team; recent crisis admission.', concerns: 'Low mood since bereavement.', category: 'health' } })).statusCode).toBe(204);
    expect((await t.as(pc, { method: 'PUT', url: `/api/v1/meetings/${meetingId}/views/mine`, payload: { view: 'Four calls in six weeks; threats recorded on body-worn video.', recommendation: 'Consider a civil injunction with positive requirements.' } })).statusCode).toBe(204);
    expect((await tasksOf(nurse, 'meeting_view'))[0].status).toBe('done');

    const asNurse = (await meeting(nurse)).json();
    const side = (m: { views: { agencyName: string }[] }, name: string) => m.views.find((v) => v.agencyName === name) as Record<string, unknown>;
    expect(side(asNurse, 'Riverside Community Mental Health')).toMatchObject({ given: true, category: 'health', view: 'Known to the community mental health team; recent crisis admission.' });
    expect(side(asNurse, 'Riverside Adult Social Care')).toEqual({ agencyId: t.dir.agencies.asc, agencyName: 'Riverside Adult Social Care', given: false });
    // The council has no agreement covering health data from the mental health team: withheld, with the category.
    const asOfficer = (await meeting()).json();
    expect(side(asOfficer, 'Riverside Community Mental Health').view).toMatchObject({ withheld: true, category: 'health' });
    expect(side(asOfficer, 'Riverside Community Mental Health').author).toBe('Ruth Adeyemi');
    // Replacing a view keeps one per agency.
    await t.as(pc, { method: 'PUT', url: `/api/v1/meetings/${meetingId}/views/mine`, payload: { view: 'Five calls in six weeks.' } });
    expect((await t.db.query('select 1 from meeting_views where meeting_id = $1', [meetingId])).rowCount).toBe(2);
  });

  it("records decisions and actions; overdue actions surface to the owner's team leader once, however often the job runs", async () => {
    expect((await t.as(pc, { method: 'POST', url: `/api/v1/meetings/${meetingId}/decisions`, payload: { decision: 'x' } })).statusCode).toBe(403);
    const d = await t.as(officer, { method: 'POST', url: `/api/v1/meetings/${meetingId}/decisions`, payload: { decision: 'Seek a civil injunction with a positive requirement to engage with the mental health team.', rationale: 'Support alone has not stopped the threats.' } });
    expect(d.statusCode).toBe(201);
    const a = await t.as(officer, { method: 'POST', url: `/api/v1/meetings/${meetingId}/actions`, payload: { description: 'Draft the injunction application', ownerUserId: t.dir.users[officer], dueDate: day(-2) } });
    expect(a.statusCode).toBe(201);
    const m = (await meeting()).json();
    expect(m.decisions).toHaveLength(1);
    expect(m.actions).toEqual([expect.objectContaining({ id: a.json().id, owner: 'Priya Shah', status: 'open' })]);
    const onCase = (await t.as(officer, { url: `/api/v1/cases/${caseId}` })).json().actions;
    expect(onCase.find((x: { id: string }) => x.id === a.json().id)).toMatchObject({ source: 'conference', overdue: true });

    const first = await runJobs(t.ctx, { only: ['overdue-actions'], force: true });
    const second = await runJobs(t.ctx, { only: ['overdue-actions'], force: true });
    expect(first[0].result).toMatchObject({ created: 1 });
    expect(second[0].result).toMatchObject({ created: 0 });
    const reminders = await tasksOf(leader, 'action_overdue');
    expect(reminders).toHaveLength(1);
    expect(reminders[0].title).toContain('Draft the injunction application');
    const audited = await t.db.query<{ subject_id: string }>("select subject_id from audit_events where subject_type = 'task' and action = 'create' and detail->>'job' = 'overdue-actions' and detail->>'actionId' = $1", [a.json().id]);
    expect(audited.rows.map((r) => r.subject_id)).toEqual([reminders[0].id]);
    // Done, the reminder closes itself at the next run.
    await t.as(officer, { method: 'PATCH', url: `/api/v1/cases/${caseId}/actions/${a.json().id}`, payload: { status: 'done' } });
    const third = await runJobs(t.ctx, { only: ['overdue-actions'], force: true });
    expect(third[0].result).toMatchObject({ created: 0, closed: 1 });
    expect((await tasksOf(leader, 'action_overdue'))[0].status).toBe('done');
  });

  it('is marked held with minutes, freezing the agenda as it stood; the chronology shows it', async () => {
    expect((await t.as(officer, { method: 'PATCH', url: `/api/v1/meetings/${meetingId}`, payload: { status: 'held' } })).json().errors[0].path).toBe('body.minutes');
    const held = await t.as(officer, {
      method: 'PATCH',
      url: `/api/v1/meetings/${meetingId}`,
      payload: { status: 'held', minutes: 'All four agencies present. Agreed injunction route with support.', attendance: [{ agencyId: t.dir.agencies.police, userId: t.dir.users[pc], attended: true }, { agencyId: t.dir.agencies.asc, attended: false }] },
    });
    expect(held.statusCode).toBe(204);
    await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/notes`, payload: { body: 'Written after the meeting.' } });
    const m = (await meeting()).json();
    expect(m).toMatchObject({ status: 'held', minutes: 'All four agencies present. Agreed injunction route with support.' });
    expect(m.agenda.frozen).toBe(true);
    expect(m.agenda.recent.some((e: { kind: string }) => e.kind === 'note')).toBe(false);
    expect(m.invitees.find((i: { agencyId: string }) => i.agencyId === t.dir.agencies.police).attended).toBe(true);
    expect((await t.as(officer, { method: 'PATCH', url: `/api/v1/meetings/${meetingId}`, payload: { scheduledAt: `${day(3)}T10:00:00Z` } })).statusCode).toBe(409);
    const chron = (await t.as(officer, { url: `/api/v1/cases/${caseId}/chronology` })).json().entries;
    expect(chron.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['meeting', 'decision']));
  });
});

describe('professional challenge', () => {
  it('goes to a named role, is answered, escalated with its history kept, and resolved by the raiser', async () => {
    const decisionId = (await meeting()).json().decisions[0].id;
    const noSubject = await t.as(pc, { method: 'POST', url: '/api/v1/challenges', payload: { caseId, subjectType: 'meeting_decision', reason: 'x' } });
    expect(noSubject.json().errors[0].path).toBe('body.subjectId');
    expect((await t.as('officer@housing.demo', { method: 'POST', url: '/api/v1/challenges', payload: { caseId, subjectType: 'case', reason: 'x' } })).statusCode).toBe(404);
    const raised = await t.as(pc, { method: 'POST', url: '/api/v1/challenges', payload: { caseId, subjectType: 'meeting_decision', subjectId: decisionId, reason: 'An injunction is premature: the perpetrator has not yet been offered a mental health assessment.' } });
    expect(raised.statusCode).toBe(201);
    const id = raised.json().id;
    expect((await tasksOf(leader, 'professional_challenge')).filter((x) => x.status === 'open')).toHaveLength(1);
    expect((await meeting()).json().decisions[0].openChallenges).toBe(1);

    const toLeader = (await t.as(leader, { url: '/api/v1/challenges?scope=to_me' })).json();
    expect(toLeader).toEqual([expect.objectContaining({ id, status: 'open', forMe: true, raisedBy: 'PC Jordan Reid', toRole: 'team_leader', level: 1 })]);
    // Only the recipient responds; only the raiser escalates.
    expect((await t.as(officer, { method: 'PATCH', url: `/api/v1/challenges/${id}`, payload: { status: 'responded', response: 'x' } })).statusCode).toBe(403);
    expect((await t.as(leader, { method: 'PATCH', url: `/api/v1/challenges/${id}`, payload: { status: 'responded', response: 'The injunction will carry a positive requirement to attend assessment.' } })).statusCode).toBe(204);
    expect((await tasksOf(pc, 'professional_challenge_reply'))).toHaveLength(1);
    expect((await t.as(leader, { method: 'PATCH', url: `/api/v1/challenges/${id}`, payload: { status: 'escalated', reason: 'x', toRole: 'officer' } })).statusCode).toBe(403);
    // Escalation goes to an agency on the case: the landlord joins, and its team leader takes it.
    expect((await t.as(pc, { method: 'PATCH', url: `/api/v1/challenges/${id}`, payload: { status: 'escalated', reason: 'x', toRole: 'team_leader', toAgencyId: t.dir.agencies.housing } })).json().errors[0].path).toBe('body.toAgencyId');
    await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/agencies`, payload: { agencyId: t.dir.agencies.housing } });
    const esc = await t.as(pc, { method: 'PATCH', url: `/api/v1/challenges/${id}`, payload: { status: 'escalated', reason: 'Not answered: no assessment has been offered.', toRole: 'team_leader', toAgencyId: t.dir.agencies.housing } });
    expect(esc.statusCode).toBe(204);
    const mine = (await t.as(pc, { url: '/api/v1/challenges?scope=mine' })).json()[0];
    expect(mine).toMatchObject({ status: 'open', level: 2, toRole: 'team_leader', toAgency: 'Riverside Homes', response: null });
    expect(mine.history).toEqual([expect.objectContaining({ level: 1, toRole: 'team_leader', response: 'The injunction will carry a positive requirement to attend assessment.' })]);
    expect((await tasksOf('leader@housing.demo', 'professional_challenge')).filter((x) => x.status === 'open')).toHaveLength(1);
    expect((await tasksOf(leader, 'professional_challenge')).filter((x) => x.status === 'open')).toHaveLength(0);

    await t.as('leader@housing.demo', { method: 'PATCH', url: `/api/v1/challenges/${id}`, payload: { status: 'responded', response: 'Assessment referral made today.' } });
    expect((await t.as(pc, { method: 'PATCH', url: `/api/v1/challenges/${id}`, payload: { status: 'resolved', note: 'Satisfied.' } })).statusCode).toBe(204);
    expect((await t.as(pc, { method: 'PATCH', url: `/api/v1/challenges/${id}`, payload: { status: 'withdrawn' } })).statusCode).toBe(409);
    expect((await t.as(pc, { url: '/api/v1/challenges?scope=mine' })).json()[0].status).toBe('resolved');
    expect((await t.db.query("select 1 from tasks where dedupe_key like $1 and status = 'open'", [`challenge%:${id}:%`])).rowCount).toBe(0);
    // Others on the case see the challenge through the policy: the police's words are police case notes.
    const onCase = (await t.as(nurse, { url: `/api/v1/challenges?scope=case&caseId=${caseId}` })).json()[0];
    expect(onCase.reason).toMatchObject({ withheld: true, category: 'case_notes' });
    const audit = await t.db.query("select action from audit_events where subject_type = 'professional_challenge' and subject_id = $1 order by id", [id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['create', 'responded', 'escalated', 'responded', 'resolved']);
  });
});
