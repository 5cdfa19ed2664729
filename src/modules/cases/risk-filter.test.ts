import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { latestQuestionnaire, loadAllQuestionnaires } from '../risk/rules/index.js';
import { completeAnswers } from '../risk/rules/test-support.js';

let t: TestApp;
const officer = 'officer@council.demo';
const nurse = 'nurse@health.demo';
const defs = loadAllQuestionnaires();
const cases: Record<'alder' | 'birch' | 'cedar', string> = { alder: '', birch: '', cedar: '' };
let alderVictim: string;

async function openCase(title: string, partnerAgencyIds: string[] = []) {
  const r = await t.as(officer, {
    method: 'POST',
    url: '/api/v1/reports',
    payload: {
      receivedAt: new Date().toISOString(),
      channel: 'phone',
      category: 'harassment',
      description: `${title}: threats and shouting`,
      people: [{ role: 'victim', name: `${title} Victim` }, { role: 'alleged_perpetrator', name: `${title} Neighbour` }],
    },
  });
  expect(r.statusCode).toBe(201);
  const c = await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title, reportIds: [r.json().id], partnerAgencyIds } });
  expect(c.statusCode).toBe(201);
  const [victim, perpetrator] = r.json().people.map((p: { personId: string }) => p.personId as string);
  return { caseId: c.json().id as string, victim, perpetrator };
}

async function assess(personId: string, caseId: string, questionnaireId: string, answers: Record<string, unknown>, level: string) {
  const r = await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId, caseId, questionnaireId, answers: completeAnswers(latestQuestionnaire(defs, questionnaireId)!, answers as never) } });
  expect(r.statusCode).toBe(201);
  expect(r.json().level).toBe(level);
}

beforeAll(async () => {
  t = await createTestApp();
  // Alder: the victim faces high harm (health is a partner). Birch: the victim is at standard, the neighbour poses high harm. Cedar: nobody assessed.
  const alder = await openCase('Alder', [t.dir.agencies.health]);
  const birch = await openCase('Birch');
  const cedar = await openCase('Cedar');
  Object.assign(cases, { alder: alder.caseId, birch: birch.caseId, cedar: cedar.caseId });
  alderVictim = alder.victim;
  await assess(alder.victim, alder.caseId, 'asb-victim-risk', { risk_to_life: { value: 'yes' } }, 'high');
  await assess(birch.victim, birch.caseId, 'asb-victim-risk', {}, 'standard');
  await assess(birch.perpetrator, birch.caseId, 'harm-to-others', { threats_to_kill: { value: 'yes' } }, 'high');
});
afterAll(() => t.close());

const list = async (query: string, as = officer) => {
  const r = await t.as(as, { url: `/api/v1/cases?${query}` });
  expect(r.statusCode, query).toBe(200);
  const body = r.json() as { total: number; items: { id: string }[] };
  return { total: body.total, ids: body.items.map((i) => i.id) };
};
const sorted = (...xs: string[]) => [...xs].sort();

describe('GET /cases filtered by risk level', () => {
  it("filters on each case's highest current level per lens, before paging", async () => {
    expect((await list('')).total).toBe(3);
    expect(await list('harmFaced=high')).toEqual({ total: 1, ids: [cases.alder] });
    expect(await list('harmFaced=standard')).toEqual({ total: 1, ids: [cases.birch] });
    expect(await list('harmFaced=medium')).toEqual({ total: 0, ids: [] });
    expect(await list('harmPosed=high')).toEqual({ total: 1, ids: [cases.birch] });
    // Both lenses: a case must meet both.
    expect(await list('harmFaced=standard&harmPosed=high')).toEqual({ total: 1, ids: [cases.birch] });
    expect(await list('harmFaced=high&harmPosed=high')).toEqual({ total: 0, ids: [] });
    // Several levels on a lens ("medium or high", "assessed at any level").
    expect(await list('harmFaced=medium&harmFaced=high')).toEqual({ total: 1, ids: [cases.alder] });
    const assessed = await list('harmFaced=standard&harmFaced=medium&harmFaced=high');
    expect(assessed.total).toBe(2);
    expect(sorted(...assessed.ids)).toEqual(sorted(cases.alder, cases.birch));
    // Combined with the other filters.
    expect(await list('harmFaced=high&q=Birch')).toEqual({ total: 0, ids: [] });
    expect(await list('harmFaced=high&status=open&mine=true')).toEqual({ total: 1, ids: [cases.alder] });
  });

  it('filters on either side, and finds the cases nobody has assessed', async () => {
    // Alder: faced high. Birch: faced standard, posed high. Cedar: nobody assessed.
    const either = await list('harmEither=high');
    expect(either.total).toBe(2);
    expect(sorted(...either.ids)).toEqual(sorted(cases.alder, cases.birch));
    expect(await list('harmEither=standard')).toEqual({ total: 1, ids: [cases.birch] });
    expect(await list('harmEither=medium')).toEqual({ total: 0, ids: [] });
    expect(await list('harmEither=high&harmFaced=standard')).toEqual({ total: 1, ids: [cases.birch] });
    // Sides nobody has been assessed on. Alder: harm posed missing (its neighbour). Cedar: both missing.
    expect(await list('unassessed=both')).toEqual({ total: 1, ids: [cases.cedar] });
    expect(await list('unassessed=harmFaced')).toEqual({ total: 1, ids: [cases.cedar] });
    for (const side of ['harmPosed', 'either']) {
      const got = await list(`unassessed=${side}`);
      expect(sorted(...got.ids), side).toEqual(sorted(cases.alder, cases.cedar));
    }
    expect(await list('unassessed=harmPosed&harmEither=high')).toEqual({ total: 1, ids: [cases.alder] });
    for (const query of ['harmEither=severe', 'unassessed=true']) {
      const r = await t.as(officer, { url: `/api/v1/cases?${query}` });
      expect(r.statusCode, query).toBe(400);
      expect(r.json().errors[0].path, query).toBe(`querystring.${query.split('=')[0]}`);
    }
  });

  it('pages the filtered cases with the filtered total', async () => {
    const one = await list('harmFaced=standard&harmFaced=high&pageSize=1&page=1');
    const two = await list('harmFaced=standard&harmFaced=high&pageSize=1&page=2');
    expect([one.total, two.total]).toEqual([2, 2]);
    expect([one.ids.length, two.ids.length]).toEqual([1, 1]);
    expect(sorted(...one.ids, ...two.ids)).toEqual(sorted(cases.alder, cases.birch));
  });

  it('agrees with /risk/case-levels for the cases it returns', async () => {
    const levels = (await t.as(officer, { url: `/api/v1/risk/case-levels?caseId=${cases.alder}&caseId=${cases.birch}&caseId=${cases.cedar}` })).json() as {
      caseId: string;
      harmFaced: { level: string | null };
      harmPosed: { level: string | null };
    }[];
    for (const level of ['standard', 'medium', 'high']) {
      for (const lens of ['harmFaced', 'harmPosed'] as const) {
        const expected = levels.filter((l) => l[lens].level === level).map((l) => l.caseId);
        const got = await list(`${lens}=${level}`);
        expect(sorted(...got.ids), `${lens}=${level}`).toEqual(sorted(...expected));
        expect(got.total).toBe(expected.length);
      }
    }
  });

  it('refuses a bad level with a 400 naming the field', async () => {
    for (const query of ['harmPosed=extreme', 'harmPosed=HIGH', 'harmPosed=high&harmPosed=bogus', 'harmPosed=']) {
      const r = await t.as(officer, { url: `/api/v1/cases?${query}` });
      expect(r.statusCode, query).toBe(400);
      expect(r.json().errors[0].path, query).toMatch(/^querystring\.harmPosed/);
    }
    const faced = await t.as(officer, { url: '/api/v1/cases?harmFaced=low' });
    expect(faced.statusCode).toBe(400);
    expect(faced.json().errors[0].path).toBe('querystring.harmFaced');
  });

  it("never reveals a level the user may not see: another agency's assessment counts only under an agreement", async () => {
    // Health is a partner on Alder only; the council's assessment is withheld from it without an agreement.
    expect(await list('', nurse)).toEqual({ total: 1, ids: [cases.alder] });
    const withheld = (await t.as(nurse, { url: `/api/v1/risk/case-levels?caseId=${cases.alder}` })).json();
    expect(withheld[0].harmFaced).toEqual({ level: null, withheld: true });
    for (const level of ['standard', 'medium', 'high']) expect(await list(`harmFaced=${level}`, nurse)).toEqual({ total: 0, ids: [] });
    expect(await list('harmEither=high', nurse)).toEqual({ total: 0, ids: [] });
    // Withheld is not the same as never assessed.
    expect(await list('unassessed=both', nurse)).toEqual({ total: 0, ids: [] });

    const id = '00000000-0000-4000-8000-0000000000c1';
    await t.db.query("insert into sharing_agreements (id, title, purposes, start_date, review_date) values ($1, 'Council and health', '{case_management,safeguarding}', current_date - 10, current_date + 300)", [id]);
    for (const agency of [t.dir.agencies.council, t.dir.agencies.health]) await t.db.query("insert into agreement_parties (agreement_id, agency_id, signed_at, signatory_name) values ($1, $2, now(), 'Signed')", [id, agency]);
    await t.db.query("insert into agreement_categories (agreement_id, category, lawful_basis) values ($1, 'risk', 'Art. 6(1)(e)')", [id]);
    expect(await list('harmFaced=high', nurse)).toEqual({ total: 1, ids: [cases.alder] });
    expect(await list('harmFaced=standard', nurse)).toEqual({ total: 0, ids: [] });
  });

  it("goes by each person's latest assessment", async () => {
    await assess(alderVictim, cases.alder, 'asb-victim-risk', {}, 'standard');
    expect(await list('harmFaced=high')).toEqual({ total: 0, ids: [] });
    expect(sorted(...(await list('harmFaced=standard')).ids)).toEqual(sorted(cases.alder, cases.birch));
  });
});

describe('GET /cases counts', () => {
  it('counts the matches up to a cap, saying when there are more, and pages newest first', async () => {
    const { listCases } = await import('./store.js');
    const agencyId = t.dir.agencies.council;
    expect((await list('')).total).toBe(3);
    expect((await t.as(officer, { url: '/api/v1/cases' })).json().totalExact).toBe(true);
    const capped = await listCases(t.db, { agencyId, seeAll: false, limit: 1, offset: 0 }, 2);
    expect(capped).toMatchObject({ total: 2, totalExact: false });
    expect(capped.rows.map((r) => r.id)).toEqual([cases.cedar]);
    expect(await listCases(t.db, { agencyId, seeAll: false, limit: 2, offset: 1 }, 3)).toMatchObject({ total: 3, totalExact: true, rows: [{ id: cases.birch }, { id: cases.alder }] });
    // A page past the end still says how many there are.
    expect(await listCases(t.db, { agencyId, seeAll: false, limit: 2, offset: 10 }, 3)).toMatchObject({ total: 3, totalExact: true, rows: [] });
  });
});
