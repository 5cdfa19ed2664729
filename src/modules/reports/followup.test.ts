/**
 * A report stored just before the database went away (between storing it and linking it) is answered
 * as stored, with its linking to follow; the reports-linking-to-follow job then links it as intake
 * would have, tells the officer what it found, and does nothing twice.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { testConfig } from '../../platform/config.js';
import type { Db } from '../../platform/db/db.js';
import { buildApp } from '../../platform/http/app.js';
import { runJobs } from '../../platform/jobs/runner.js';
import { modules } from '../index.js';
import { completeAnswers } from '../risk/rules/test-support.js';
import { latestQuestionnaire, loadAllQuestionnaires } from '../risk/rules/index.js';
import { createReportsToLink, foundSummary, retryDelayMinutes, type ReportsToLink } from './followup.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const report = (person: Record<string, unknown>, description = 'Music through the wall') => ({ receivedAt: new Date().toISOString(), channel: 'phone', category: 'noise', description, people: [person] });

/**
 * The app on the same database, where the database goes away as the next `fails` reports' linking
 * reads their facts. Intake tries a failed report's linking again after `retrySoonMs` (not at all by
 * default, so the job's part can be seen alone).
 */
async function flakyApp(retrySoonMs: number[] = []) {
  const state = { fails: 0 };
  const flaky = Object.assign(Object.create(t.db) as Db, {
    async query(sql: string, params?: unknown[]) {
      if (state.fails > 0 && sql.includes('case_review_report_count')) {
        state.fails--;
        throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
      }
      return t.db.query(sql, params);
    },
  });
  const { app, ctx } = await buildApp({ config: testConfig({ WEB_DIST: '/nonexistent' }), db: flaky, modules });
  await app.ready();
  ctx.services.reportsToLink = createReportsToLink(ctx, { retrySoonMs });
  const as = (email: string, opts: InjectOptions) => app.inject({ ...opts, headers: { authorization: `Bearer test_${t.dir.users[email]}` } });
  const followUp = async (now: Date) => {
    // Marks of reports linked at intake are cleared first (a moment later, on the apps' own timers).
    for (const c of [ctx, t.ctx]) await (c.services.reportsToLink as ReportsToLink).flush();
    const [o] = await runJobs(ctx, { now, only: ['reports-linking-to-follow'], force: true });
    expect(o.status).toBe('ran');
    return o.result as { linked: number; failed: number; created: number };
  };
  return { app, ctx, as, state, followUp };
}

const minutes = (n: number) => new Date(Date.now() + n * 60_000);
const personLinks = (body: { links: { kind: string; matchedPersonId?: string }[] }) => body.links.filter((l) => l.kind === 'person').map((l) => l.matchedPersonId);
const marked = async (reportId: string) => (await t.db.query<{ attempts: number; retry_after: Date | null; last_error: string | null }>('select attempts, retry_after, last_error from reports_to_link where report_id = $1', [reportId])).rows[0];

describe('a report whose linking could not be done when it was stored', () => {
  it('is answered 201 with its linking to follow; the job links it later, tells the recording officer, and does nothing twice', async () => {
    const person = { role: 'victim', givenName: 'Perpetua', familyName: 'Oyelaran-Hughes', dateOfBirth: '1961-02-14', phone: '07700 900733' };
    const first = await t.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: report(person) });
    expect(first.statusCode).toBe(201);
    expect(first.json().linking).toBe('done');
    const onFile = first.json().people[0].personId;

    const s = await flakyApp();
    try {
      s.state.fails = 1;
      const stored = await s.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: report(person, 'Shouting and banging again') });
      expect(stored.statusCode).toBe(201);
      const body = stored.json();
      expect(body).toMatchObject({ linking: 'to_follow', links: [], flags: [] });
      expect(body.linkingDetail).toBe(`Report ${body.reference} is stored. Linking it to earlier reports and people, and its safeguarding checks, could not be done just now; they follow automatically, and you get a task if they find anything.`);
      expect(await marked(body.id)).toMatchObject({ attempts: 0 });
      const newPerson = body.people[0].personId;

      // Where its linking stands, for an agency system told `to_follow`: in hand at first, then to follow.
      const linking = async () => (await t.as('officer@council.demo', { url: `/api/v1/reports/${body.id}` })).json().linking;
      expect(await linking()).toBe('in_progress');
      await t.db.query("update reports_to_link set marked_at = marked_at - interval '1 minute' where report_id = $1", [body.id]);
      expect(await linking()).toBe('to_follow');

      // Not yet: intake may still have it in hand.
      expect(await s.followUp(new Date())).toEqual({ linked: 0, failed: 0, created: 0 });
      expect(await s.followUp(minutes(3))).toEqual({ linked: 1, failed: 0, created: 1 });
      expect(await marked(body.id)).toBeUndefined();
      expect(await linking()).toBe('done');
      const suggestions = await t.db.query('select report_id, person_id, candidate_person_id from link_suggestions where person_id = $1', [newPerson]);
      expect(suggestions.rows).toEqual([{ report_id: body.id, person_id: newPerson, candidate_person_id: onFile }]);
      const task = await t.db.query<{ title: string; assignee_user_id: string; kind: string; detail: { reportId: string; flags: string[] } }>("select title, assignee_user_id, kind, detail from tasks where dedupe_key = $1", [`report_linked_later:${body.id}`]);
      expect(task.rows).toHaveLength(1);
      expect(task.rows[0].assignee_user_id).toBe(t.dir.users['officer@council.demo']);
      expect(task.rows[0].title).toBe(`Report ${body.reference} is now linked: ${foundSummary(1, task.rows[0].detail.flags)}`);
      expect(task.rows[0].title).toContain('1 possible match with people on file to confirm or reject');
      const audit = await t.db.query<{ detail: { matches: number } }>("select detail from audit_events where subject_type = 'report' and subject_id = $1 and action = 'linked_later'", [body.id]);
      expect(audit.rows.map((r) => r.detail.matches)).toEqual([1]);

      // Run again: nothing left, nothing made twice.
      expect(await s.followUp(minutes(4))).toEqual({ linked: 0, failed: 0, created: 0 });
      expect((await t.db.query('select 1 from link_suggestions where person_id = $1', [newPerson])).rowCount).toBe(1);
    } finally {
      await s.app.close();
    }
  });

  it('keeps only what intake would have found: someone recorded after it found it already, so the pair is suggested once', async () => {
    const person = { role: 'alleged_perpetrator', givenName: 'Casimir', familyName: 'Adebayo-Lindqvist', dateOfBirth: '1990-09-30', phone: '07700 900274' };
    const s = await flakyApp();
    try {
      s.state.fails = 1;
      const earlier = (await s.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: report(person, 'Kicking the door') })).json();
      expect(earlier.linking).toBe('to_follow');
      const later = (await s.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: report(person, 'Kicking the door again') })).json();
      expect(later.linking).toBe('done');
      expect(personLinks(later)).toEqual([earlier.people[0].personId]);

      expect((await s.followUp(minutes(3))).linked).toBe(1);
      const pairs = await t.db.query('select person_id, candidate_person_id from link_suggestions where person_id = any($1::uuid[]) or candidate_person_id = any($1::uuid[])', [[earlier.people[0].personId, later.people[0].personId]]);
      expect(pairs.rows).toEqual([{ person_id: later.people[0].personId, candidate_person_id: earlier.people[0].personId }]);
    } finally {
      await s.app.close();
    }
  });

  it('tries one that fails again later, waiting longer each time', async () => {
    const person = { role: 'witness', givenName: 'Leocadia', familyName: 'Fairweather-Mbeki', dateOfBirth: '1975-12-01' };
    const s = await flakyApp();
    try {
      s.state.fails = 2;
      const stored = (await s.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: report(person) })).json();
      expect(stored.linking).toBe('to_follow');
      const at = minutes(3);
      expect(await s.followUp(at)).toMatchObject({ linked: 0, failed: 1 });
      const m = await marked(stored.id);
      expect(m.attempts).toBe(1);
      expect(m.last_error).toBe('terminating connection due to administrator command');
      expect(new Date(m.retry_after!).getTime()).toBe(at.getTime() + retryDelayMinutes(1) * 60_000);
      expect(await s.followUp(minutes(4))).toMatchObject({ linked: 0, failed: 0 });
      expect(await s.followUp(minutes(6))).toMatchObject({ linked: 1, failed: 0, created: 0 });
      expect(await marked(stored.id)).toBeUndefined();
    } finally {
      await s.app.close();
    }
  });

  it('is tried again within seconds by the server that took it, so the officer hears at once when the database is back', async () => {
    const person = { role: 'victim', givenName: 'Wilhelmina', familyName: 'Adeyemi-Stroud', dateOfBirth: '1949-08-23', phone: '07700 900846' };
    const onFile = (await t.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: report(person) })).json().people[0].personId;
    const s = await flakyApp([30, 30]);
    try {
      // Down for the intake and for the first try after it.
      s.state.fails = 2;
      const stored = (await s.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: report(person, 'Banging on the door at night') })).json();
      expect(stored.linking).toBe('to_follow');
      for (let i = 0; i < 100 && (await marked(stored.id)); i++) await new Promise((r) => setTimeout(r, 20));
      expect(await marked(stored.id)).toBeUndefined();
      expect(s.state.fails).toBe(0);
      const suggestions = await t.db.query('select candidate_person_id from link_suggestions where person_id = $1', [stored.people[0].personId]);
      expect(suggestions.rows).toEqual([{ candidate_person_id: onFile }]);
      const task = await t.db.query<{ assignee_user_id: string }>('select assignee_user_id from tasks where dedupe_key = $1', [`report_linked_later:${stored.id}`]);
      expect(task.rows).toEqual([{ assignee_user_id: t.dir.users['officer@council.demo'] }]);
      const audit = await t.db.query<{ actor_user_id: string; detail: { attempts: number } }>("select actor_user_id, detail from audit_events where subject_id = $1 and action = 'linked_later'", [stored.id]);
      expect(audit.rows).toEqual([{ actor_user_id: t.dir.users['officer@council.demo'], detail: expect.objectContaining({ attempts: 2, matches: 1 }) }]);
      // Nothing left for the job.
      expect(await s.followUp(minutes(3))).toMatchObject({ linked: 0, failed: 0 });
    } finally {
      await s.app.close();
    }
  });

  it("raises the safeguarding prompts it would have raised at intake, with their tasks to the officer who recorded the report", async () => {
    // An adult assessed as posing a high risk of harm.
    const first = (await t.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: report({ role: 'alleged_perpetrator', givenName: 'Barnaby', familyName: 'Quiggley-Osei', dateOfBirth: '1982-10-10' }, 'Threats to a neighbour') })).json();
    const adult = first.people[0].personId;
    const caseId = (await t.as('officer@council.demo', { method: 'POST', url: '/api/v1/cases', payload: { title: 'Quiggley-Osei', reportIds: [first.id] } })).json().id;
    const def = latestQuestionnaire(loadAllQuestionnaires(), 'harm-to-others')!;
    const assessed = await t.as('officer@council.demo', { method: 'POST', url: '/api/v1/assessments', payload: { personId: adult, caseId, questionnaireId: 'harm-to-others', answers: completeAnswers(def, { threats_to_kill: { value: 'yes' } } as never) } });
    expect(assessed.json().level).toBe('high');
    const s = await flakyApp();
    try {
      s.state.fails = 1;
      const stored = (
        await s.as('officer@council.demo', {
          method: 'POST',
          url: '/api/v1/reports',
          payload: { receivedAt: new Date().toISOString(), channel: 'phone', category: 'harassment', description: 'Shouting at a child in the garden', people: [{ role: 'alleged_perpetrator', personId: adult }, { role: 'child', name: 'Posy Quiggley-Osei', dateOfBirth: '2017-02-02' }] },
        })
      ).json();
      expect(stored.linking).toBe('to_follow');
      expect((await t.db.query('select 1 from children_decisions where report_id = $1', [stored.id])).rowCount).toBe(0);
      expect((await s.followUp(minutes(3))).linked).toBe(1);
      const decisions = await t.db.query<{ adult_person_id: string }>('select adult_person_id from children_decisions where report_id = $1', [stored.id]);
      expect(decisions.rows).toEqual([{ adult_person_id: adult }]);
      const tasks = await t.db.query<{ kind: string; assignee_user_id: string }>("select kind, assignee_user_id from tasks where detail->>'reportId' = $1 order by kind", [stored.id]);
      expect(tasks.rows).toEqual([
        { kind: 'children_decision', assignee_user_id: t.dir.users['officer@council.demo'] },
        { kind: 'report_linked_later', assignee_user_id: t.dir.users['officer@council.demo'] },
      ]);
    } finally {
      await s.app.close();
    }
  });

  it('gives a resident using the portal their reference and status code', async () => {
    const s = await flakyApp();
    try {
      s.state.fails = 1;
      const r = await s.app.inject({
        method: 'POST',
        url: '/api/v1/public/reports',
        payload: { kind: 'asb', category: 'noise', whatHappened: 'Dogs barking all night next door.', where: { postcode: 'M9 5GN' }, you: { name: 'Ottilie Brandreth-Osei', phone: '07700 900319' } },
      });
      expect(r.statusCode).toBe(201);
      expect(r.json().statusToken).toMatch(/.{20,}/);
      const status = await s.app.inject({ url: `/api/v1/public/reports/${r.json().reference}?token=${r.json().statusToken}` });
      expect(status.statusCode).toBe(200);
    } finally {
      await s.app.close();
    }
  });
});

describe('a report linked at intake', () => {
  it('has its mark cleared, so the job leaves it alone', async () => {
    // What the tests above left to follow is linked first.
    await runJobs(t.ctx, { now: minutes(3), only: ['reports-linking-to-follow'], force: true });
    const r = await t.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: report({ role: 'witness', name: 'Someone Passing By' }) });
    expect(r.json().linking).toBe('done');
    await (t.ctx.services.reportsToLink as ReportsToLink).flush();
    expect(await marked(r.json().id)).toBeUndefined();
    expect((await t.as('officer@council.demo', { url: `/api/v1/reports/${r.json().id}` })).json().linking).toBe('done');
    const [o] = await runJobs(t.ctx, { now: minutes(3), only: ['reports-linking-to-follow'], force: true });
    expect(o.result).toEqual({ linked: 0, failed: 0, created: 0 });
  });
});

describe('retryDelayMinutes', () => {
  it.each([
    [1, 2],
    [2, 4],
    [5, 32],
    [6, 60],
    [20, 60],
  ])('after %i failures waits %i minutes', (attempts, wait) => expect(retryDelayMinutes(attempts)).toBe(wait));
});
