import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { completeTask, createTask, mayActOnTask } from './service.js';

let t: TestApp;
const officer = 'officer@council.demo';
const leader = 'leader@council.demo';
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('who may close a task', () => {
  const task = { assignee_user_id: 'u1', team_id: 'team-a', agency_id: 'agency-a' };
  it.each([
    ['its assignee', { userId: 'u1', role: 'officer', teamId: 'team-a', agencyId: 'agency-a' }, true],
    ['a colleague', { userId: 'u2', role: 'officer', teamId: 'team-a', agencyId: 'agency-a' }, false],
    ['the team leader', { userId: 'l1', role: 'team_leader', teamId: 'team-a', agencyId: 'agency-a' }, true],
    ['a team leader of the agency, another team', { userId: 'l2', role: 'team_leader', teamId: 'team-b', agencyId: 'agency-a' }, true],
    ['a team leader elsewhere', { userId: 'l3', role: 'team_leader', teamId: 'team-c', agencyId: 'agency-b' }, false],
    ['a partner', { userId: 'p1', role: 'partner', teamId: 'team-a', agencyId: 'agency-a' }, false],
  ] as const)('%s → %s', (_who, actor, allowed) => {
    expect(mayActOnTask(actor, task)).toBe(allowed);
  });
});

describe('the shared task queue', () => {
  it('creates a task once per dedupe key, filling in the assignee\'s team and agency', async () => {
    const a = await createTask(t.db, { kind: 'test_kind', title: 'Ring Mrs Doyle back', assigneeUserId: t.dir.users[officer], dedupeKey: 'test:1', dueAt: new Date(Date.now() - 86_400_000) });
    const b = await createTask(t.db, { kind: 'test_kind', title: 'Ring Mrs Doyle back (again)', assigneeUserId: t.dir.users[officer], dedupeKey: 'test:1' });
    expect(a.created).toBe(true);
    expect(b).toEqual({ id: a.id, created: false });
    const row = (await t.db.query<{ team_id: string; agency_id: string; title: string }>('select team_id, agency_id, title from tasks where id = $1', [a.id])).rows[0];
    expect(row).toEqual({ team_id: t.dir.teams.council, agency_id: t.dir.agencies.council, title: 'Ring Mrs Doyle back' });
  });

  it("lists my tasks, and a team leader's team queue including unassigned team work", async () => {
    await createTask(t.db, { kind: 'test_team', title: 'Arrange cover for the drop-in', teamId: t.dir.teams.council, agencyId: t.dir.agencies.council, dedupeKey: 'test:team' });
    const mine = await t.as(officer, { url: '/api/v1/tasks' });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toEqual([expect.objectContaining({ kind: 'test_kind', overdue: true, assignee: 'Priya Shah', status: 'open' })]);
    expect((await t.as(officer, { url: '/api/v1/tasks?overdue=true&kind=test_kind' })).json()).toHaveLength(1);
    expect((await t.as(officer, { url: '/api/v1/tasks?scope=team' })).statusCode).toBe(403);
    const team = (await t.as(leader, { url: '/api/v1/tasks?scope=team' })).json().map((x: { kind: string }) => x.kind);
    expect(team).toEqual(expect.arrayContaining(['test_kind', 'test_team']));
    expect((await t.as('leader@housing.demo', { url: '/api/v1/tasks?scope=team' })).json()).toHaveLength(0);
    const audit = await t.db.query("select count(*)::int as n from audit_events where subject_type = 'task_list'");
    expect(audit.rows[0].n).toBeGreaterThan(0);
    const bad = await t.as(officer, { url: '/api/v1/tasks?status=finished' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('querystring.status');
  });

  it('closes a task with a note: its assignee or team leader only, once', async () => {
    const id = (await t.db.query<{ id: string }>("select id from tasks where dedupe_key = 'test:1'")).rows[0].id;
    expect((await t.as('officer@housing.demo', { method: 'PATCH', url: `/api/v1/tasks/${id}`, payload: { status: 'done' } })).statusCode).toBe(403);
    const bad = await t.as(officer, { method: 'PATCH', url: `/api/v1/tasks/${id}`, payload: { status: 'finished' } });
    expect(bad.json().errors[0].path).toBe('body.status');
    expect((await t.as(officer, { method: 'PATCH', url: `/api/v1/tasks/${id}`, payload: { status: 'done', note: 'Spoke to her on the phone.' } })).statusCode).toBe(204);
    expect((await t.as(officer, { method: 'PATCH', url: `/api/v1/tasks/${id}`, payload: { status: 'cancelled' } })).statusCode).toBe(409);
    expect((await t.as(officer, { method: 'PATCH', url: '/api/v1/tasks/00000000-0000-4000-8000-000000000000', payload: { status: 'done' } })).statusCode).toBe(404);
    const done = (await t.as(officer, { url: '/api/v1/tasks?status=done' })).json();
    expect(done[0]).toMatchObject({ id, note: 'Spoke to her on the phone.' });
    expect(done[0].doneAt).not.toBeNull();
    const teamTask = (await t.db.query<{ id: string }>("select id from tasks where dedupe_key = 'test:team'")).rows[0].id;
    expect((await t.as(leader, { method: 'PATCH', url: `/api/v1/tasks/${teamTask}`, payload: { status: 'cancelled', note: 'Drop-in moved.' } })).statusCode).toBe(204);
    const audit = await t.db.query<{ action: string }>("select action from audit_events where subject_type = 'task' and subject_id = any($1::text[]) order by id", [[id, teamTask]]);
    expect(audit.rows.map((r) => r.action)).toEqual(['done', 'cancelled']);
  });

  it('lets other modules complete their own tasks by key prefix or kind, leaving closed ones alone', async () => {
    await createTask(t.db, { kind: 'test_prefix', title: 'One', dedupeKey: 'test_prefix:a:1' });
    await createTask(t.db, { kind: 'test_prefix', title: 'Two', dedupeKey: 'test_prefix:a:2' });
    await createTask(t.db, { kind: 'test_prefix', title: 'Other', dedupeKey: 'test_prefix:b:1' });
    expect(await completeTask(t.db, { dedupeKeyPrefix: 'test_prefix:a:' })).toHaveLength(2);
    expect(await completeTask(t.db, { dedupeKeyPrefix: 'test_prefix:a:' })).toHaveLength(0);
    expect(await completeTask(t.db, { kind: 'test_prefix' }, { status: 'cancelled', note: 'No longer needed' })).toHaveLength(1);
    // A prefix is literal: "_" is not a wildcard.
    await createTask(t.db, { kind: 'test_prefix', title: 'Look-alike', dedupeKey: 'testXprefix:a:3' });
    expect(await completeTask(t.db, { dedupeKeyPrefix: 'test_prefix:' })).toHaveLength(0);
  });
});
