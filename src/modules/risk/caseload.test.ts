import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { completeAnswers } from './rules/test-support.js';
import { latestQuestionnaire, loadAllQuestionnaires } from './rules/index.js';
import { casesAtLevelSql, casesWithOpenConcerns, highestOnCases, type CasesForm } from './caseload.js';

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

/** The officer's open high-risk cases as the team view counts them, found either way (see casesAtLevelSql). */
const highRiskBy = async (form: CasesForm) =>
  (await t.db.query<{ n: number }>(`select count(*)::int as n from (${casesAtLevelSql("select id from cases where lead_officer_id = $1 and status <> 'closed'", 'high', form)}) x`, [officerId])).rows[0].n;

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

describe('caseload: the highest risk level on each case', () => {
  const defs = loadAllQuestionnaires();
  const yes = { value: 'yes' };
  const assess = async (personId: string, caseId: string, questionnaireId: string, answers: Record<string, unknown>) => {
    const a = await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId, caseId, questionnaireId, answers: completeAnswers(latestQuestionnaire(defs, questionnaireId)!, answers as never) } });
    expect(a.statusCode).toBe(201);
    return a.json().level as string;
  };
  const high = { weapons: yes, violence_or_threats: yes, escalating: yes, targets_vulnerable: yes };

  it('is the same read person by person (a caseload) or from the assessments outward (a large team)', async () => {
    const victimOnly = await openCase('Levels plain');
    const superseded = await openCase('Levels superseded');
    const unassessed = await openCase('Levels none');
    const survivor = await openCase('Levels survivor');
    const mergedAway = await openCase('Levels merged');
    const other = await openCase('Levels other');
    // Two people on one case: the higher of their levels, on either lens.
    const second = await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: { receivedAt: new Date().toISOString(), channel: 'phone', category: 'harassment', description: 'Threats again', people: [{ role: 'alleged_perpetrator', name: 'Levels Neighbour' }] } });
    expect((await t.as(officer, { method: 'POST', url: `/api/v1/cases/${victimOnly.caseId}/reports`, payload: { reportId: second.json().id } })).statusCode).toBeLessThan(300);
    expect(await assess(victimOnly.personId, victimOnly.caseId, 'asb-victim-risk', { mental_health: yes, previous_reports: yes, sleep: yes, fear_of_harm: yes })).toBe('medium');
    expect(await assess(second.json().people[0].personId, victimOnly.caseId, 'harm-to-others', {})).toBe('standard');
    // A later assessment on the same lens replaces the earlier level, however high that was.
    expect(await assess(superseded.personId, superseded.caseId, 'harm-to-others', high)).toBe('high');
    expect(await assess(superseded.personId, superseded.caseId, 'harm-to-others', {})).toBe('standard');
    // A record merged into another: its assessments count for the survivor, on the survivor's case and its own.
    expect(await assess(mergedAway.personId, mergedAway.caseId, 'harm-to-others', high)).toBe('high');
    expect(await assess(other.personId, other.caseId, 'harm-to-others', high)).toBe('high');
    await t.db.query('update people set merged_into = $1 where id = $2', [survivor.personId, mergedAway.personId]);

    const ids = [victimOnly, superseded, unassessed, survivor, mergedAway].map((c) => c.caseId);
    const expected = new Map([
      [victimOnly.caseId, 'medium'],
      [superseded.caseId, 'standard'],
      [survivor.caseId, 'high'],
      [mergedAway.caseId, 'high'],
    ]);
    const byPerson = await highestOnCases(t.db, ids, Infinity);
    const byAssessment = await highestOnCases(t.db, ids, 1);
    expect(byPerson).toEqual(expected);
    expect(byAssessment).toEqual(expected);
    expect((await highestOnCases(t.db, [], 1)).size).toBe(0);

    // The team view counts them in its own statement: the same high-risk cases as the caseload.
    const mine = (await t.as(officer, { url: `/api/v1/supervision/practitioners/${officerId}/caseload` })).json() as { highRiskCases: number; cases: { id: string; highestRisk: string | null }[] };
    expect(mine.cases.filter((c) => c.highestRisk === 'high').map((c) => c.id).sort()).toEqual([survivor.caseId, mergedAway.caseId, other.caseId].sort());
    const team = (await t.as(leader, { url: '/api/v1/supervision/team' })).json() as { practitioner: { id: string }; openCasesLed: number; highRiskCases: number }[];
    expect(team.find((p) => p.practitioner.id === officerId)).toMatchObject({ highRiskCases: 3, openCasesLed: mine.cases.length });
    // Found from the people on the cases (a team) or from the high-level assessments outward (an area): the same.
    expect(await highRiskBy('by_person')).toBe(3);
    expect(await highRiskBy('by_assessment')).toBe(3);
  });

  it('counts the higher of two levels given at the same moment, everywhere (never hiding risk on a tie)', async () => {
    const tie = await openCase('Levels tie');
    expect(await assess(tie.personId, tie.caseId, 'harm-to-others', high)).toBe('high');
    expect(await assess(tie.personId, tie.caseId, 'harm-to-others', {})).toBe('standard');
    const highCount = async () => ((await t.as(leader, { url: '/api/v1/supervision/team' })).json() as { practitioner: { id: string }; highRiskCases: number }[]).find((p) => p.practitioner.id === officerId)!.highRiskCases;
    const before = await highCount();
    expect((await highestOnCases(t.db, [tie.caseId], Infinity)).get(tie.caseId)).toBe('standard');
    await t.db.query('update assessments set assessed_at = $2 where person_id = $1', [tie.personId, new Date().toISOString()]);
    expect((await highestOnCases(t.db, [tie.caseId], Infinity)).get(tie.caseId)).toBe('high');
    expect((await highestOnCases(t.db, [tie.caseId], 1)).get(tie.caseId)).toBe('high');
    expect(await highCount()).toBe(before + 1);
    expect(await highRiskBy('by_person')).toBe(before + 1);
    expect(await highRiskBy('by_assessment')).toBe(before + 1);
    expect((await t.as(officer, { url: `/api/v1/people/${tie.personId}/risk` })).json().current.harmPosed.level).toBe('high');
  });
});
