import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { casesWithOpenConcerns } from './caseload.js';

let t: TestApp;
const officer = 'officer@council.demo';
const leader = 'leader@council.demo';
const sw = 'social.worker@asc.demo';
let officerId: string;

beforeAll(async () => {
  t = await createTestApp();
  officerId = t.dir.users[officer];
});
afterAll(() => t.close());

/** A case opened from one report, led by whoever opens it; returns the case id and the victim's person id. */
async function openCase(title: string, as = officer) {
  const r = await t.as(as, {
    method: 'POST',
    url: '/api/v1/reports',
    payload: { receivedAt: new Date().toISOString(), channel: 'phone', category: 'harassment', description: `${title}: threats at the door`, people: [{ role: 'victim', name: `${title} Victim` }] },
  });
  expect(r.statusCode).toBe(201);
  const c = await t.as(as, { method: 'POST', url: '/api/v1/cases', payload: { title, reportIds: [r.json().id] } });
  expect(c.statusCode).toBe(201);
  return { caseId: c.json().id as string, personId: r.json().people[0].personId as string };
}

const raise = async (personId: string, caseId?: string) => {
  const r = await t.as(officer, { method: 'POST', url: '/api/v1/safeguarding-concerns', payload: { kind: 'adult', personId, caseId, reason: 'Care and support needs; repeat targeting', whatShared: 'Risk assessment' } });
  expect(r.statusCode).toBe(201);
  return r.json().id as string;
};
const move = async (id: string, status: string, outcome?: string) =>
  expect((await t.as(sw, { method: 'PATCH', url: `/api/v1/safeguarding-concerns/${id}`, payload: { status, outcome } })).statusCode).toBe(204);

const caseload = async (as = officer) => {
  const r = await t.as(as, { url: `/api/v1/supervision/practitioners/${officerId}/caseload` });
  expect(r.statusCode).toBe(200);
  return r.json() as { openCasesLed: number; casesWithSafeguardingConcerns: number | null; cases: { id: string; safeguardingConcern: boolean | null }[] };
};
const flagOf = (c: Awaited<ReturnType<typeof caseload>>, id: string) => c.cases.find((x) => x.id === id)?.safeguardingConcern;

describe('caseload: cases with safeguarding concerns', () => {
  it('counts a case while its concern is open (raised, acknowledged, enquiry) and drops it at the outcome', async () => {
    const quiet = await openCase('Quiet');
    const worried = await openCase('Worried');
    const before = await caseload();
    expect(before).toMatchObject({ openCasesLed: 2, casesWithSafeguardingConcerns: 0 });
    expect(flagOf(before, worried.caseId)).toBe(false);

    const id = await raise(worried.personId, worried.caseId);
    // A concern about the same person with no case counts for no case.
    await raise(quiet.personId);
    for (const step of [null, 'acknowledged', 'enquiry']) {
      if (step) await move(id, step);
      const c = await caseload();
      expect(c.casesWithSafeguardingConcerns, step ?? 'raised').toBe(1);
      expect(flagOf(c, worried.caseId)).toBe(true);
      expect(flagOf(c, quiet.caseId)).toBe(false);
    }
    // The team leader sees the same figure on the team overview.
    const team = (await t.as(leader, { url: '/api/v1/supervision/team' })).json() as { practitioner: { id: string }; casesWithSafeguardingConcerns: number | null }[];
    expect(team.find((p) => p.practitioner.id === officerId)?.casesWithSafeguardingConcerns).toBe(1);

    await move(id, 'outcome', 'Section 42 enquiry: care package put in place');
    const after = await caseload();
    expect(after.casesWithSafeguardingConcerns).toBe(0);
    expect(flagOf(after, worried.caseId)).toBe(false);
  });

  it('counts a case once however many concerns it has, and only cases asked about', async () => {
    const many = await openCase('Many');
    const other = await openCase('Other lead', 'leader@council.demo');
    await raise(many.personId, many.caseId);
    await raise(many.personId, many.caseId);
    await raise(other.personId, other.caseId);
    const c = await caseload();
    expect(c.casesWithSafeguardingConcerns).toBe(1);
    expect(c.cases.some((x) => x.id === other.caseId)).toBe(false);
    expect([...(await casesWithOpenConcerns(t.db, [many.caseId]))]).toEqual([many.caseId]);
    expect((await casesWithOpenConcerns(t.db, [])).size).toBe(0);
  });
});
