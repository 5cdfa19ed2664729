/**
 * The authorisation matrix: every route that returns personal data × every role × agreement state
 * (none, active, expired). Cases are generated from the two tables below, not written one by one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { completeAnswers } from '../../src/modules/risk/rules/test-support.js';
import { latestQuestionnaire, loadAllQuestionnaires } from '../../src/modules/risk/rules/index.js';

type Seen = 'shown' | 'withheld' | 'absent' | 'no_access';
type State = 'none' | 'active' | 'expired';
const STATES: State[] = ['none', 'active', 'expired'];

/** Who each demo user is relative to the data: the council records it; health is a partner on the case. */
const ROLES = {
  owner: 'officer@council.demo',
  owner_team_leader: 'leader@council.demo',
  partner_on_case: 'nurse@health.demo',
  agency_not_on_case: 'officer@housing.demo',
  dpo: 'dpo@council.demo',
  admin: 'admin@council.demo',
} as const;
type Role = keyof typeof ROLES;

/** Expected visibility of a category-protected field, by role and agreement state. */
const EXPECT: Record<Role, (s: State, caseRoute: boolean) => Seen> = {
  owner: () => 'shown',
  owner_team_leader: () => 'shown',
  partner_on_case: (s) => (s === 'active' ? 'shown' : 'withheld'),
  agency_not_on_case: (_s, caseRoute) => (caseRoute ? 'no_access' : 'absent'),
  dpo: (_s, caseRoute) => (caseRoute ? 'no_access' : 'absent'),
  admin: (_s, caseRoute) => (caseRoute ? 'no_access' : 'absent'),
};

interface Probe {
  route: string;
  url: (ids: Ids) => string;
  field: string;
  caseRoute: boolean;
  pick: (body: Record<string, unknown>) => unknown;
  /** The name is minimal identity: everyone who may see the route at all sees it. */
  alwaysShown?: boolean;
}
interface Ids {
  person: string;
  report: string;
  caseId: string;
  assessment: string;
  meeting: string;
}
const at = (path: (string | number)[]) => (b: Record<string, unknown>) => path.reduce<unknown>((v, k) => (v == null ? undefined : (v as Record<string | number, unknown>)[k]), b);

const PROBES: Probe[] = [
  { route: 'GET /people/{id}', url: (i) => `/api/v1/people/${i.person}`, field: 'displayName', caseRoute: false, pick: at(['displayName']), alwaysShown: true },
  { route: 'GET /people/{id}', url: (i) => `/api/v1/people/${i.person}`, field: 'dateOfBirth (identity)', caseRoute: false, pick: at(['dateOfBirth']) },
  { route: 'GET /people/{id}', url: (i) => `/api/v1/people/${i.person}`, field: 'contacts (contact)', caseRoute: false, pick: at(['contacts']) },
  { route: 'GET /people/{id}', url: (i) => `/api/v1/people/${i.person}`, field: 'roles (asb_history)', caseRoute: false, pick: at(['roles']) },
  { route: 'GET /people?q=', url: () => '/api/v1/people?q=Winifred%20Oakes', field: 'displayName', caseRoute: false, pick: at(['items', 0, 'displayName']), alwaysShown: true },
  { route: 'GET /reports/{id}', url: (i) => `/api/v1/reports/${i.report}`, field: 'description (asb_history)', caseRoute: false, pick: at(['description']) },
  { route: 'GET /reports?q=', url: (i) => `/api/v1/reports?q=${encodeURIComponent('stairwell')}`, field: 'description (asb_history)', caseRoute: false, pick: (b) => (b.items as Record<string, unknown>[]).find((x) => x.id)?.description },
  { route: 'GET /people/{id}/risk', url: (i) => `/api/v1/people/${i.person}/risk`, field: 'history level (risk)', caseRoute: false, pick: at(['history', 0, 'level']) },
  { route: 'GET /assessments/{id}', url: (i) => `/api/v1/assessments/${i.assessment}`, field: 'answers (health)', caseRoute: false, pick: at(['answers']) },
  { route: 'GET /cases/{id}', url: (i) => `/api/v1/cases/${i.caseId}`, field: 'note body (case_notes)', caseRoute: true, pick: at(['notes', 0, 'body']) },
  { route: 'GET /cases/{id}', url: (i) => `/api/v1/cases/${i.caseId}`, field: 'party displayName', caseRoute: true, pick: at(['parties', 0, 'displayName']), alwaysShown: true },
  { route: 'GET /cases/{id}/chronology', url: (i) => `/api/v1/cases/${i.caseId}/chronology`, field: 'report entry summary (asb_history)', caseRoute: true, pick: (b) => {
    const e = (b.entries as Record<string, unknown>[]).find((x) => x.kind === 'report');
    return e?.withheld ? { withheld: true } : e?.summary;
  } },
  { route: 'GET /cases/{id}/interventions', url: (i) => `/api/v1/cases/${i.caseId}/interventions`, field: 'referral details (health)', caseRoute: true, pick: at([0, 'details']) },
  { route: 'GET /meetings/{id}', url: (i) => `/api/v1/meetings/${i.meeting}`, field: "council's view (health)", caseRoute: true, pick: (b) => (b.views as Record<string, unknown>[]).find((v) => v.agencyName === 'Riverside Borough Council')?.view },
  { route: 'GET /meetings/{id}', url: (i) => `/api/v1/meetings/${i.meeting}`, field: 'agenda harm-faced level (risk)', caseRoute: true, pick: at(['agenda', 'risk', 0, 'harmFaced']) },
  { route: 'GET /meetings/{id}', url: (i) => `/api/v1/meetings/${i.meeting}`, field: 'agenda person displayName', caseRoute: true, pick: at(['agenda', 'risk', 0, 'displayName']), alwaysShown: true },
  { route: 'GET /risk/case-levels', url: (i) => `/api/v1/risk/case-levels?caseId=${i.caseId}`, field: 'highest harm-faced level (risk)', caseRoute: false, pick: at([0, 'harmFaced']) },
  { route: 'GET /challenges?scope=case', url: (i) => `/api/v1/challenges?scope=case&caseId=${i.caseId}`, field: 'reason (case_notes)', caseRoute: true, pick: at([0, 'reason']) },
];

function classify(status: number, v: unknown): Seen {
  if (status === 404 || status === 403) return 'no_access';
  if (v === undefined) return 'absent';
  if (v && typeof v === 'object' && (v as { withheld?: boolean }).withheld) return 'withheld';
  return 'shown';
}

let t: TestApp;
let ids: Ids;
beforeAll(async () => {
  t = await createTestApp();
  const as = t.as;
  const r = await as(ROLES.owner, { method: 'POST', url: '/api/v1/reports', payload: { receivedAt: new Date().toISOString(), channel: 'phone', category: 'harassment', description: 'Shouting on the stairwell', people: [{ role: 'victim', givenName: 'Winifred', familyName: 'Oakes', dateOfBirth: '1950-05-05', phone: '07700 900321' }] } });
  const report = r.json();
  const person = report.people[0].personId;
  const caseId = (await as(ROLES.owner, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Oakes', reportIds: [report.id], partnerAgencyIds: [t.dir.agencies.health] } })).json().id;
  await as(ROLES.owner, { method: 'POST', url: `/api/v1/cases/${caseId}/notes`, payload: { body: 'Victim told us about her diagnosis.' } });
  const wb = latestQuestionnaire(loadAllQuestionnaires(), 'wellbeing-vulnerability')!;
  const a = await as(ROLES.owner, { method: 'POST', url: '/api/v1/assessments', payload: { personId: person, caseId, questionnaireId: 'wellbeing-vulnerability', answers: completeAnswers(wb, { mental_health: { value: 'yes' }, mental_health_support: { value: 'engaged' } }) } });
  await as(ROLES.owner, { method: 'POST', url: `/api/v1/cases/${caseId}/interventions`, payload: { kind: 'support_referral', type: 'mental_health', personId: person, receivingService: 'Community mental health team', consent: true } });
  const meeting = (await as(ROLES.owner, { method: 'POST', url: `/api/v1/cases/${caseId}/meetings`, payload: { kind: 'case_conference', title: 'Oakes conference', scheduledAt: new Date(Date.now() + 86_400_000).toISOString(), invitees: [{ agencyId: t.dir.agencies.health }] } })).json().id;
  await as(ROLES.owner, { method: 'PUT', url: `/api/v1/meetings/${meeting}/views/mine`, payload: { view: 'She told us about her diagnosis.', category: 'health' } });
  await as(ROLES.owner, { method: 'POST', url: '/api/v1/challenges', payload: { caseId, subjectType: 'case', reason: 'Her diagnosis was not considered.' } });
  ids = { person, report: report.id, caseId, assessment: a.json().id, meeting };
});
afterAll(() => t.close());

/** Puts the council–health agreement into the given state, directly in the database. */
async function setAgreement(state: State) {
  await t.db.exec('delete from agreement_categories; delete from agreement_parties; delete from sharing_agreements;');
  if (state === 'none') return;
  const end = state === 'expired' ? "current_date - 1" : 'null';
  await t.db.query(`insert into sharing_agreements (id, title, purposes, start_date, review_date, end_date) values ('00000000-0000-4000-8000-0000000000a1', 'Council and health', '{case_management,safeguarding}', current_date - 400, current_date + 300, ${end})`);
  for (const agency of [t.dir.agencies.council, t.dir.agencies.health]) await t.db.query("insert into agreement_parties (agreement_id, agency_id, signed_at, signatory_name) values ('00000000-0000-4000-8000-0000000000a1', $1, now(), 'Signed')", [agency]);
  for (const c of ['identity', 'contact', 'asb_history', 'risk', 'health', 'case_notes']) await t.db.query("insert into agreement_categories (agreement_id, category, lawful_basis, special_category_condition) values ('00000000-0000-4000-8000-0000000000a1', $1, 'Art. 6(1)(e)', 'Art. 9(2)(g); DPA 2018 Sch. 1 para 6')", [c]);
}

const rows = STATES.flatMap((state) =>
  (Object.keys(ROLES) as Role[]).flatMap((role) =>
    PROBES.map((p) => {
      let expected = EXPECT[role](state, p.caseRoute);
      if (p.alwaysShown && expected !== 'no_access') expected = 'shown';
      return { state, role, route: p.route, field: p.field, probe: p, expected };
    }),
  ),
);

describe.each(STATES)('agreement %s', (state) => {
  beforeAll(() => setAgreement(state));
  it.each(rows.filter((r) => r.state === state))('$role × $route × $field → $expected', async ({ role, probe, expected }) => {
    const res = await t.as(ROLES[role], { url: probe.url(ids) });
    expect(res.statusCode).toBeLessThan(500);
    const seen = classify(res.statusCode, res.statusCode < 300 ? probe.pick(res.json()) : undefined);
    expect(seen).toBe(expected);
  });
});
