import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { completeAnswers } from '../risk/rules/test-support.js';
import { latestQuestionnaire, loadAllQuestionnaires } from '../risk/rules/index.js';
import { personColumns } from './store.js';

let t: TestApp;
let person: string;
let caseId: string;
let assessment: string;
const officer = 'officer@council.demo';
const nurse = 'nurse@health.demo';

beforeAll(async () => {
  t = await createTestApp();
  const r = (await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: { receivedAt: new Date().toISOString(), channel: 'phone', category: 'harassment', description: 'Abuse', location: { address: { line1: '3 Mill Lane', postcode: 'M9 4FP' } }, people: [{ role: 'victim', givenName: 'Edith', familyName: 'Crane', dateOfBirth: '1944-04-04', phone: '07700 900444', address: { line1: '3 Mill Lane', postcode: 'M9 4FP' } }] } })).json();
  person = r.people[0].personId;
  caseId = (await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Crane', reportIds: [r.id], partnerAgencyIds: [t.dir.agencies.health] } })).json().id;
  const wb = latestQuestionnaire(loadAllQuestionnaires(), 'wellbeing-vulnerability')!;
  assessment = (await t.as(officer, { method: 'POST', url: '/api/v1/assessments', payload: { personId: person, caseId, questionnaireId: 'wellbeing-vulnerability', answers: completeAnswers(wb, { mental_health: { value: 'yes' }, mental_health_support: { value: 'waiting' } }) } })).json().id;
  await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/contacts`, payload: { personId: person, contactedAt: new Date().toISOString(), method: 'phone', summary: 'Called' } });
});
afterAll(() => t.close());

const answersFor = async (email: string, purpose?: string) => (await t.as(email, { url: `/api/v1/assessments/${assessment}`, headers: purpose ? { 'x-convene-purpose': purpose } : {} })).json().answers;

describe('information sharing agreements', () => {
  it('lets a health partner see mental-health answers only under a signed agreement in force with that category and purpose', async () => {
    expect((await answersFor(nurse)).withheld).toBe(true);
    const draft = await t.as('leader@council.demo', {
      method: 'POST',
      url: '/api/v1/sharing-agreements',
      payload: {
        title: 'Riverside ASB and mental health',
        purposes: ['safeguarding'],
        partyAgencyIds: [t.dir.agencies.council, t.dir.agencies.health],
        categories: [{ category: 'health', lawfulBasis: 'UK GDPR Art. 6(1)(e) public task', specialCategoryCondition: 'Art. 9(2)(g); DPA 2018 Sch. 1 para 18 (safeguarding)', statutoryGateway: 'Crime and Disorder Act 1998 s115' }],
        startDate: '2026-01-01',
        reviewDate: '2027-01-01',
      },
    });
    expect(draft.statusCode).toBe(201);
    const id = draft.json().id;
    // Unsigned by health: shares nothing.
    expect((await t.as('leader@council.demo', { method: 'POST', url: `/api/v1/sharing-agreements/${id}/sign`, payload: { signatoryName: 'Tom Okafor' } })).statusCode).toBe(204);
    expect((await answersFor(nurse, 'safeguarding')).withheld).toBe(true);
    // Health's DPO signs for health: a partner role cannot.
    expect((await t.as(nurse, { method: 'POST', url: `/api/v1/sharing-agreements/${id}/sign`, payload: { signatoryName: 'R' } })).statusCode).toBe(403);
    await t.db.query("update agreement_parties set signed_at = now(), signatory_name = 'Health Caldicott Guardian' where agreement_id = $1", [id]);
    const agreements = (await t.as(nurse, { url: '/api/v1/sharing-agreements' })).json();
    expect(agreements[0].state).toBe('in_force');
    // In force, but only for safeguarding: case management purpose still withheld; safeguarding purpose shown.
    expect((await answersFor(nurse)).withheld).toBe(true);
    expect((await answersFor(nurse, 'safeguarding')).mental_health.value).toBe('yes');
    // Special category data without an Art. 9 condition is refused.
    const bad = await t.as('leader@council.demo', { method: 'POST', url: '/api/v1/sharing-agreements', payload: { title: 'x', purposes: ['case_management'], partyAgencyIds: [t.dir.agencies.council, t.dir.agencies.health], categories: [{ category: 'health', lawfulBasis: 'Art. 6(1)(e)' }], startDate: '2026-01-01', reviewDate: '2027-01-01' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('body.categories');
  });

  it('records emergency access with a reason, opens the record for a time, and shows it to the DPO', async () => {
    const housing = 'officer@housing.demo';
    expect((await t.as(housing, { url: `/api/v1/people/${person}` })).json().dateOfBirth).toBeUndefined();
    expect((await t.as(housing, { method: 'POST', url: '/api/v1/break-glass', payload: { personId: person, reason: 'short' } })).statusCode).toBe(400);
    const g = await t.as(housing, { method: 'POST', url: '/api/v1/break-glass', payload: { personId: person, reason: 'Tenant found collapsed; paramedics need next of kin and medical history now.' } });
    expect(g.statusCode).toBe(201);
    expect((await t.as(housing, { url: `/api/v1/people/${person}` })).json().dateOfBirth).toBe('1944-04-04');
    const alerts = (await t.as('dpo@council.demo', { url: '/api/v1/dpo/alerts' })).json();
    expect(alerts[0]).toMatchObject({ kind: 'break_glass' });
    const log = (await t.as('dpo@council.demo', { url: `/api/v1/dpo/people/${person}/access-log` })).json();
    expect(log.some((e: { action: string; reason: string | null }) => e.action === 'break_glass' && e.reason?.includes('paramedics'))).toBe(true);
    expect(log.some((e: { action: string; agency: string }) => e.action === 'read' && e.agency === 'Riverside Homes')).toBe(true);
    expect((await t.as(officer, { url: `/api/v1/dpo/people/${person}/access-log` })).statusCode).toBe(403);
    // A search that showed them is in their log (the record names them in its detail); one that did not is not.
    const searches = async () =>
      (await t.as('dpo@council.demo', { url: `/api/v1/dpo/people/${person}/access-log` })).json().filter((e: { subjectType: string }) => e.subjectType === 'person_search').length;
    const before = await searches();
    expect((await t.as(housing, { url: '/api/v1/people?q=Edith%20Crane' })).json().items.map((i: { id: string }) => i.id)).toContain(person);
    expect(await searches()).toBe(before + 1);
    expect((await t.as(housing, { url: '/api/v1/people?q=Zacchaeus%20Prendergast' })).json().items.map((i: { id: string }) => i.id)).not.toContain(person);
    expect(await searches()).toBe(before + 1);
    // Once the grant expires the record closes again.
    await t.db.query('update break_glass_grants set expires_at = now() - interval \'1 minute\'');
    expect((await t.as(housing, { url: `/api/v1/people/${person}` })).json().dateOfBirth).toBeUndefined();
  });

  it('finds every column that points at a person, as the information schema lists them', async () => {
    const { rows } = await t.db.query<{ table: string; column: string }>(
      `select kcu.table_name as table, kcu.column_name as column
       from information_schema.table_constraints tc
       join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
       join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
       where tc.constraint_type = 'FOREIGN KEY' and ccu.table_name = 'people' and ccu.column_name = 'id' and tc.table_schema = current_schema()
         and not (kcu.table_name = 'people' and kcu.column_name = 'merged_into')
       order by 1, 2`,
    );
    expect(rows.length).toBeGreaterThan(20);
    expect(await personColumns(t.db)).toEqual(rows);
  });

  it('exports everything held about the person from every table that points at them', async () => {
    const x = await t.as('dpo@council.demo', { url: `/api/v1/dpo/people/${person}/export` });
    expect(x.statusCode).toBe(200);
    const body = x.json();
    const columns = await personColumns(t.db);
    // Every table with a row for this person appears in the export.
    for (const { table, column } of columns) {
      const n = (await t.db.query<{ n: number }>(`select count(*)::int as n from "${table}" where "${column}" = $1`, [person])).rows[0].n;
      expect(body.tables[table]?.length ?? 0, `${table}.${column}`).toBeGreaterThanOrEqual(n);
    }
    expect(Object.keys(body.tables)).toEqual(expect.arrayContaining(['people', 'person_names', 'person_birth_dates', 'person_contacts', 'person_addresses', 'report_people', 'reports', 'case_people', 'cases', 'contacts', 'assessments']));
    expect(body.tables.person_contacts[0].value).toBe('07700 900444');
    const html = await t.as('dpo@council.demo', { url: `/api/v1/dpo/people/${person}/export?format=html` });
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('Edith');
  });

  it('restricts processing so only the DPO sees beyond the name, and dry-runs retention', async () => {
    expect((await t.as('dpo@council.demo', { method: 'PATCH', url: `/api/v1/dpo/people/${person}`, payload: { restricted: true, rectificationNote: 'Date of birth disputed' } })).statusCode).toBe(204);
    const own = (await t.as(officer, { url: `/api/v1/people/${person}` })).json();
    expect(own.displayName).toBe('Edith Crane');
    expect(own.dateOfBirth).toBeUndefined();
    const dpo = (await t.as('dpo@council.demo', { url: `/api/v1/people/${person}`, headers: { 'x-convene-purpose': 'subject_access' } })).json();
    expect(dpo.dateOfBirth).toBe('1944-04-04');
    const dry = (await t.as('dpo@council.demo', { url: '/api/v1/dpo/retention/dry-run' })).json();
    expect(dry.deleted).toBe(0);
    expect(dry.rules.length).toBeGreaterThan(3);
  });
});
