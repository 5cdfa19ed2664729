import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { sentWhile } from '../../../test/support/statements.js';
import { runJobs } from '../../platform/jobs/runner.js';
import { completeAnswers } from '../risk/rules/test-support.js';
import { latestQuestionnaire, loadAllQuestionnaires } from '../risk/rules/index.js';

let t: TestApp;
const officer = 'officer@council.demo';
const leader = 'leader@council.demo';
let officerId: string;
let caseId: string;
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

const session = (over: Record<string, unknown> = {}) => ({
  kind: 'reflective_supervision',
  heldOn: daysAgo(0),
  practitionerId: officerId,
  casesDiscussed: [{ caseId, note: 'Worried about the victim sitting in the dark; talked through the safety plan.' }],
  wellbeing: { score: 3, workloadManageable: 'unsure', distressingExposure: true, supportAgreed: 'Protected time on Friday afternoons.' },
  reflections: 'Hard week: the perpetrator may be being exploited; keep both lenses open.',
  actions: [{ description: 'Book a debrief with the mental health nurse', dueDate: daysAgo(-7) }],
  ...over,
});

beforeAll(async () => {
  t = await createTestApp();
  officerId = t.dir.users[officer];
  const r = await t.as(officer, {
    method: 'POST',
    url: '/api/v1/reports',
    payload: { receivedAt: '2026-03-02T10:15:00Z', channel: 'phone', category: 'harassment', description: 'Threats through the letterbox at night.', location: { postcode: 'M1 1AE' }, people: [{ role: 'victim', name: 'Ann Lee' }] },
  });
  caseId = (await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Letterbox threats', reportIds: [r.json().id] } })).json().id;
  await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/actions`, payload: { description: 'Visit the neighbours', ownerUserId: officerId, dueDate: daysAgo(3) } });
});
afterAll(() => t.close());

const caseloadUrl = () => `/api/v1/supervision/practitioners/${officerId}/caseload`;
const reminders = async () => (await t.db.query<{ status: string; assignee_user_id: string }>("select status, assignee_user_id from tasks where kind = 'supervision_due' and detail->>'practitionerId' = $1", [officerId])).rows;

describe('practitioners supported', () => {
  it("shows the caseload to the practitioner and their team leader only", async () => {
    const mine = await t.as(officer, { url: caseloadUrl() });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ openCasesLed: 1, highRiskCases: 0, overdue: { caseActions: 1 }, supervision: { lastSupervisionOn: null, state: 'not_due' } });
    expect(mine.json().cases[0]).toMatchObject({ id: caseId, highestRisk: null });
    expect((await t.as(leader, { url: caseloadUrl() })).statusCode).toBe(200);
    for (const other of ['leader@housing.demo', 'officer@housing.demo', 'pc@police.demo', 'dpo@council.demo', 'admin@council.demo']) {
      expect((await t.as(other, { url: caseloadUrl() })).statusCode, other).toBe(403);
    }
  });

  it('flags supervision overdue, reminds the team leader once however often the job runs, and a session clears it', async () => {
    const old = await t.as(leader, { method: 'POST', url: '/api/v1/supervision/sessions', payload: session({ heldOn: daysAgo(40), actions: [] }) });
    expect(old.statusCode).toBe(201);
    expect((await t.as(officer, { url: caseloadUrl() })).json().supervision).toMatchObject({ lastSupervisionOn: daysAgo(40), state: 'overdue' });
    const team = (await t.as(leader, { url: '/api/v1/supervision/team' })).json();
    expect(team.find((p: { practitioner: { id: string } }) => p.practitioner.id === officerId).supervision.state).toBe('overdue');

    expect((await runJobs(t.ctx, { only: ['supervision-reminders'] }))[0]).toMatchObject({ status: 'ran', result: { created: 1 } });
    expect((await runJobs(t.ctx, { only: ['supervision-reminders'] }))[0].status).toBe('skipped');
    expect((await runJobs(t.ctx, { only: ['supervision-reminders'], force: true }))[0]).toMatchObject({ status: 'ran', result: { created: 0 } });
    expect(await reminders()).toEqual([{ status: 'open', assignee_user_id: t.dir.users[leader] }]);
    expect((await t.as(leader, { url: '/api/v1/tasks?kind=supervision_due' })).json()[0].title).toContain('Priya Shah');

    const now = await t.as(leader, { method: 'POST', url: '/api/v1/supervision/sessions', payload: session() });
    expect(now.statusCode).toBe(201);
    expect(await reminders()).toEqual([{ status: 'done', assignee_user_id: t.dir.users[leader] }]);
    expect((await t.as(officer, { url: caseloadUrl() })).json().supervision).toMatchObject({ lastSupervisionOn: daysAgo(0), state: 'not_due' });

    // The record: its cases, wellbeing and actions (on the officer's task list), to the two of them only.
    const s = (await t.as(officer, { url: `/api/v1/supervision/sessions/${now.json().id}` })).json();
    expect(s).toMatchObject({ kind: 'reflective_supervision', supervisor: { id: t.dir.users[leader] }, wellbeing: { score: 3, distressingExposure: true } });
    expect(s.casesDiscussed[0].caseId).toBe(caseId);
    expect(s.actions).toEqual([expect.objectContaining({ description: 'Book a debrief with the mental health nurse', owner: 'Priya Shah', status: 'open' })]);
    expect((await t.as(officer, { url: '/api/v1/tasks?kind=supervision_action' })).json()).toHaveLength(1);
    expect((await t.as('pc@police.demo', { url: `/api/v1/supervision/sessions/${now.json().id}` })).statusCode).toBe(403);
    expect((await t.as(officer, { url: '/api/v1/supervision/sessions' })).json()).toHaveLength(2);
    const audit = await t.db.query("select count(*)::int as n from audit_events where subject_type = 'supervision_session' and action = 'read'");
    expect(audit.rows[0].n).toBeGreaterThan(0);
  });

  it("takes a peer check-in without restarting the supervision clock", async () => {
    const before = (await t.as(officer, { url: caseloadUrl() })).json().supervision;
    const peer = await t.as(officer, { method: 'POST', url: '/api/v1/supervision/sessions', payload: session({ kind: 'peer_check_in', supervisorId: t.dir.users['pc@police.demo'], casesDiscussed: [], actions: [] }) });
    expect(peer.statusCode).toBe(201);
    const after = (await t.as(officer, { url: caseloadUrl() })).json().supervision;
    expect(after).toMatchObject({ lastSupervisionOn: before.lastSupervisionOn, nextDue: before.nextDue, lastCheckInOn: daysAgo(0) });
  });

  it('refuses bad records naming the field, and others recording for someone outside their team', async () => {
    const bad = await t.as(leader, { method: 'POST', url: '/api/v1/supervision/sessions', payload: session({ heldOn: daysAgo(-3), wellbeing: { score: 7, workloadManageable: 'maybe' } }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['body.heldOn', 'body.wellbeing.score', 'body.wellbeing.workloadManageable']));
    const noCase = await t.as(leader, { method: 'POST', url: '/api/v1/supervision/sessions', payload: session({ casesDiscussed: [{ caseId: '00000000-0000-4000-8000-000000000000' }] }) });
    expect(noCase.json().errors[0].path).toBe('body.casesDiscussed.0.caseId');
    const owner = await t.as(leader, { method: 'POST', url: '/api/v1/supervision/sessions', payload: session({ actions: [{ description: 'Tell the police', ownerUserId: t.dir.users['pc@police.demo'] }] }) });
    expect(owner.json().errors[0].path).toBe('body.actions.0.ownerUserId');
    const self = await t.as(officer, { method: 'POST', url: '/api/v1/supervision/sessions', payload: session({ casesDiscussed: [], actions: [] }) });
    expect(self.json().errors[0].path).toBe('body.supervisorId');
    expect((await t.as('leader@housing.demo', { method: 'POST', url: '/api/v1/supervision/sessions', payload: session() })).statusCode).toBe(403);
    expect((await t.as(officer, { url: '/api/v1/supervision/team' })).statusCode).toBe(403);
  });
});

describe('a caseload at a glance', () => {
  it('shows the highest level on either lens of anyone on each case, in the same reads however many cases', async () => {
    const t = await createTestApp();
    const defs = loadAllQuestionnaires();
    const open = async (title: string, people: Record<string, unknown>[]) => {
      const r = await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: { receivedAt: '2026-03-02T10:15:00Z', channel: 'phone', category: 'harassment', description: 'Threats at the door.', people } });
      const c = await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title, reportIds: [r.json().id] } });
      return { caseId: c.json().id as string, people: r.json().people.map((p: { personId: string }) => p.personId) as string[] };
    };
    const assess = async (personId: string, caseId: string, questionnaireId: string, answers: Record<string, unknown>) => {
      const a = await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId, caseId, questionnaireId, answers: completeAnswers(latestQuestionnaire(defs, questionnaireId)!, answers as never) } });
      expect(a.statusCode).toBe(201);
      return a.json().level as string;
    };
    const yes = { value: 'yes' };
    const a = await open('Stairwell threats', [{ role: 'victim', name: 'Iris Moss' }, { role: 'alleged_perpetrator', name: 'Jed Pike' }]);
    const b = await open('Knife threats', [{ role: 'alleged_perpetrator', name: 'Kit Vane' }]);
    const c = await open('Noise', [{ role: 'victim', name: 'Lou Reed' }]);
    expect(await assess(a.people[0], a.caseId, 'asb-victim-risk', { mental_health: yes, previous_reports: yes, sleep: yes, fear_of_harm: yes })).toBe('medium');
    expect(await assess(a.people[1], a.caseId, 'harm-to-others', {})).toBe('standard');
    expect(await assess(b.people[0], b.caseId, 'harm-to-others', { weapons: yes, violence_or_threats: yes, escalating: yes, targets_vulnerable: yes })).toBe('high');
    const officerId = t.dir.users[officer];
    const read = () => sentWhile(t, () => t.as(officer, { url: `/api/v1/supervision/practitioners/${officerId}/caseload` }));
    const { out, sent } = await read();
    const body = out.json();
    const level = (id: string) => body.cases.find((x: { id: string }) => x.id === id).highestRisk;
    expect([level(a.caseId), level(b.caseId), level(c.caseId)]).toEqual(['medium', 'high', null]);
    expect(body).toMatchObject({ openCasesLed: 3, highRiskCases: 1 });
    // Two more cases with assessed people: the same number of statements.
    const d = await open('Garden fires', [{ role: 'alleged_perpetrator', name: 'Max Rowe' }]);
    await assess(d.people[0], d.caseId, 'harm-to-others', {});
    await open('Graffiti', [{ role: 'victim', name: 'Nia Shaw' }]);
    const more = await read();
    expect(more.out.json().openCasesLed).toBe(5);
    expect(more.sent.length).toBe(sent.length);
    // An overdue action for one case, then the team view: each practitioner's figures as their caseload page has them.
    await t.as(officer, { method: 'POST', url: `/api/v1/cases/${b.caseId}/actions`, payload: { description: 'Visit', ownerUserId: officerId, dueDate: daysAgo(2) } });
    const team = (await t.as(leader, { url: '/api/v1/supervision/team' })).json() as { practitioner: { id: string }; openCasesLed: number; highRiskCases: number; casesWithSafeguardingConcerns: number; overdueItems: number; supervision: unknown }[];
    expect(team.map((r) => r.practitioner.id)).toContain(officerId);
    for (const row of team) {
      const page = (await t.as(leader, { url: `/api/v1/supervision/practitioners/${row.practitioner.id}/caseload` })).json();
      expect(row).toEqual({ practitioner: page.practitioner, openCasesLed: page.openCasesLed, highRiskCases: page.highRiskCases, casesWithSafeguardingConcerns: page.casesWithSafeguardingConcerns, overdueItems: page.overdue.tasks + page.overdue.caseActions, supervision: page.supervision });
    }
    expect(team.find((r) => r.practitioner.id === officerId)).toMatchObject({ openCasesLed: 5, highRiskCases: 1, overdueItems: 1 });
    // The read is recorded once for the team, naming every practitioner whose figures it showed.
    const reads = await t.db.query<{ detail: { practitioners: string[]; cases: number } }>("select detail from audit_events where subject_type = 'team' and action = 'read'");
    expect(reads.rows.length).toBe(1);
    expect(reads.rows[0].detail.practitioners.sort()).toEqual(team.map((r) => r.practitioner.id).sort());
    expect(reads.rows[0].detail.cases).toBe(team.reduce((n, r) => n + r.openCasesLed, 0));
    await t.close();
  });
});

