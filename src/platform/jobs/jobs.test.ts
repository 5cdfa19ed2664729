import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import type { AppContext } from '../http/context.js';
import { addJob, registeredJobs } from './registry.js';
import { runJobs, runKeyFor } from './runner.js';
import { createScheduler } from './scheduler.js';
import { addPeriod, describePeriod } from './cadence.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const DAY = 86_400_000;

describe('job slots and periods', () => {
  it.each([
    [60, '2026-03-01T10:59:59Z', '2026-03-01T10:00:00.000Z'],
    [60, '2026-03-01T11:00:00Z', '2026-03-01T11:00:00.000Z'],
    [15, '2026-03-01T10:44:00Z', '2026-03-01T10:30:00.000Z'],
    [1440, '2026-03-01T23:59:00Z', '2026-03-01T00:00:00.000Z'],
  ])('every %i min at %s → slot %s', (every, now, slot) => {
    expect(runKeyFor(every, new Date(now))).toBe(slot);
  });
  it.each([
    [{ days: 7 }, '2026-03-29T12:00:00Z', '2026-04-05T12:00:00.000Z', 'weekly'],
    [{ days: 14 }, '2026-03-01T00:00:00Z', '2026-03-15T00:00:00.000Z', 'fortnightly'],
    [{ months: 1 }, '2026-01-31T08:00:00Z', '2026-02-28T08:00:00.000Z', 'monthly'],
    [{ months: 1 }, '2028-01-31T08:00:00Z', '2028-02-29T08:00:00.000Z', 'monthly'],
    [{ months: 3 }, '2026-11-30T08:00:00Z', '2027-02-28T08:00:00.000Z', 'every 3 months'],
  ])('%j from %s → %s (%s)', (p, from, to, words) => {
    expect(addPeriod(new Date(from), p).toISOString()).toBe(to);
    expect(describePeriod(p)).toBe(words);
  });
});

describe('the job registry and runner', () => {
  it('refuses a job registered twice or badly named', () => {
    const ctx = { services: {} } as AppContext;
    const job = { name: 'nightly-thing', description: 'x', everyMinutes: 60, run: async () => ({}) };
    addJob(ctx, job);
    expect(() => addJob(ctx, job)).toThrow(/twice/);
    expect(() => addJob(ctx, { ...job, name: 'Bad Name' })).toThrow(/lower-case/);
    expect(() => addJob(ctx, { ...job, name: 'too-often', everyMinutes: 0 })).toThrow(/once a minute/);
  });

  it('registers the victim-update and supervision reminder jobs', () => {
    expect(registeredJobs(t.ctx).map((j) => j.name)).toEqual(expect.arrayContaining(['victim-updates', 'supervision-reminders']));
  });

  it('runs each slot once, records failures without stopping the other jobs, and retries a failed slot', async () => {
    let runs = 0;
    let fail = true;
    addJob(t.ctx, { name: 'test-count', description: 'counts', everyMinutes: 60, run: async () => ({ runs: ++runs }) });
    addJob(t.ctx, {
      name: 'test-flaky',
      description: 'fails once',
      everyMinutes: 60,
      run: async () => {
        if (fail) throw new Error('partner system down');
        return { ok: true };
      },
    });
    const now = new Date('2030-01-01T10:30:00Z');
    const first = await runJobs(t.ctx, { now, only: ['test-count', 'test-flaky'] });
    expect(first.map((o) => [o.job, o.status])).toEqual([['test-count', 'ran'], ['test-flaky', 'failed']]);
    expect(first[1].error).toBe('partner system down');
    fail = false;
    const second = await runJobs(t.ctx, { now, only: ['test-count', 'test-flaky'] });
    expect(second.map((o) => o.status)).toEqual(['skipped', 'ran']);
    expect(runs).toBe(1);
    const recorded = await t.db.query<{ job: string; result: { status: string } }>("select job, result from job_runs where job like 'test-%' order by job");
    expect(recorded.rows.map((r) => [r.job, r.result.status])).toEqual([['test-count', 'done'], ['test-flaky', 'done']]);
    await expect(runJobs(t.ctx, { only: ['no-such-job'] })).rejects.toThrow(/No such job: no-such-job/);
  });

  it('runs on a timer and stops cleanly, waiting for a run in progress', async () => {
    let runs = 0;
    addJob(t.ctx, { name: 'test-timer', description: 'slow', everyMinutes: 1, run: async () => (await new Promise((r) => setTimeout(r, 50)), { runs: ++runs }) });
    const s = createScheduler({ ...t.ctx, services: { jobs: registeredJobs(t.ctx).filter((j) => j.name === 'test-timer') } }, { intervalSeconds: 1, firstRunSeconds: 0 });
    s.start();
    await new Promise((r) => setTimeout(r, 20));
    await s.stop();
    expect(runs).toBe(1);
    await new Promise((r) => setTimeout(r, 1200));
    expect(runs).toBe(1);
    const off = createScheduler(t.ctx, { intervalSeconds: 0 });
    off.start();
    await off.stop();
  });
});

describe('jobs run twice create no duplicate tasks', () => {
  it('creates victim-update and supervision tasks once across repeated and forced runs', async () => {
    const officer = 'officer@council.demo';
    const r = await t.as(officer, {
      method: 'POST',
      url: '/api/v1/reports',
      payload: { receivedAt: '2026-03-02T10:15:00Z', channel: 'phone', category: 'noise', description: 'Loud music every night until 3am.', location: { postcode: 'M1 1AE' }, people: [{ role: 'victim', name: 'Joe Bloggs' }] },
    });
    await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Night noise', reportIds: [r.json().id] } });
    const later = new Date(Date.now() + 45 * DAY);
    const only = ['victim-updates', 'supervision-reminders'];
    const count = async () => (await t.db.query<{ n: number }>("select count(*)::int as n from tasks where kind in ('victim_update', 'supervision_due')")).rows[0].n;
    const first = await runJobs(t.ctx, { now: later, only });
    const created = first.reduce((n, o) => n + (o.result?.created ?? 0), 0);
    expect(first.find((o) => o.job === 'victim-updates')!.result!.created).toBe(1);
    // Every officer and partner in a team is due supervision 45 days after joining.
    expect(first.find((o) => o.job === 'supervision-reminders')!.result!.created).toBeGreaterThanOrEqual(5);
    expect(await count()).toBe(created);
    expect((await runJobs(t.ctx, { now: later, only })).map((o) => o.status)).toEqual(['skipped', 'skipped']);
    const forced = await runJobs(t.ctx, { now: later, only, force: true });
    expect(forced.map((o) => o.result?.created)).toEqual([0, 0]);
    expect(await count()).toBe(created);
    const dupes = await t.db.query("select dedupe_key from tasks group by dedupe_key having count(*) > 1");
    expect(dupes.rowCount).toBe(0);
    const audited = await t.db.query<{ n: number }>("select count(*)::int as n from audit_events where subject_type = 'task' and action = 'create' and actor_user_id is null");
    expect(audited.rows[0].n).toBe(created);
  });
});
