import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const officer = 'officer@council.demo';
const pc = 'pc@police.demo';

const report = (over: Record<string, unknown> = {}) => ({
  receivedAt: '2026-03-02T10:15:00Z',
  channel: 'phone',
  category: 'harassment',
  description: 'Neighbour shouting abuse at the victim on the stairwell, banging on the door late at night.',
  location: { address: { line1: '14 Elm Court', town: 'Riverside', postcode: 'M1 1AE' } },
  people: [
    { role: 'victim', givenName: 'Margaret', familyName: 'Doyle', dateOfBirth: '1958-04-11', phone: '07700 900123' },
    { role: 'alleged_perpetrator', name: 'Kyle Benson', address: { line1: '16 Elm Court', postcode: 'M1 1AE' } },
  ],
  ...over,
});

async function counts() {
  const r = await t.db.query<{ reports: number; people: number; places: number; audit: number }>(
    'select (select count(*)::int from reports) as reports, (select count(*)::int from people) as people, (select count(*)::int from places) as places, (select count(*)::int from audit_events) as audit',
  );
  return r.rows[0];
}

describe('casework journey', () => {
  it('takes reports from two agencies into one case and reads a merged chronology in time order', async () => {
    const first = await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: report() });
    expect(first.statusCode).toBe(201);
    const r1 = first.json();
    expect(r1.reference).toMatch(/^ASB-\d{4}-\d{6}$/);
    expect(r1.people).toHaveLength(2);
    expect(Array.isArray(r1.links)).toBe(true);
    expect(Array.isArray(r1.flags)).toBe(true);
    const victimId = r1.people.find((p: { role: string }) => p.role === 'victim').personId;

    const opened = await t.as(officer, {
      method: 'POST',
      url: '/api/v1/cases',
      payload: { title: 'Elm Court harassment', reportIds: [r1.id], partnerAgencyIds: [t.dir.agencies.police] },
    });
    expect(opened.statusCode).toBe(201);
    const caseId = opened.json().id;

    // The police send a later report naming the same victim (a confirmed link by personId).
    const second = await t.as(pc, {
      method: 'POST',
      url: '/api/v1/reports',
      payload: report({ receivedAt: '2026-03-09T22:40:00Z', channel: 'police_system', category: 'intimidation', description: 'Officers attended: threats made through the letterbox.', people: [{ role: 'victim', personId: victimId }] }),
    });
    expect(second.statusCode).toBe(201);
    expect((await t.as(pc, { method: 'POST', url: `/api/v1/cases/${caseId}/reports`, payload: { reportId: second.json().id } })).statusCode).toBe(204);

    const c1 = await t.as(officer, {
      method: 'POST',
      url: `/api/v1/cases/${caseId}/contacts`,
      payload: { personId: victimId, contactedAt: '2026-03-03T09:00:00Z', method: 'in_person', summary: 'Home visit', demeanour: 'Tearful, not sleeping', homeConditions: 'Tidy', coping: 'Struggling', updatedOnProgress: true },
    });
    expect(c1.statusCode).toBe(201);
    const c2 = await t.as(pc, { method: 'POST', url: `/api/v1/cases/${caseId}/contacts`, payload: { personId: victimId, contactedAt: '2026-03-10T11:00:00Z', method: 'phone', summary: 'Reassurance call after the incident' } });
    expect(c2.statusCode).toBe(201);

    const chron = await t.as(officer, { url: `/api/v1/cases/${caseId}/chronology` });
    expect(chron.statusCode).toBe(200);
    const entries = chron.json().entries as { at: string; kind: string; agencyName: string; withheld?: boolean }[];
    const times = entries.map((e) => e.at);
    expect([...times].sort()).toEqual(times);
    expect(new Set(entries.map((e) => e.agencyName))).toEqual(new Set(['Riverside Borough Council', 'Riverside Neighbourhood Policing']));
    expect(entries.filter((e) => e.kind === 'report')).toHaveLength(2);
    expect(entries.filter((e) => e.kind === 'contact')).toHaveLength(2);

    const view = await t.as(officer, { url: `/api/v1/cases/${caseId}` });
    expect(view.statusCode).toBe(200);
    const v = view.json();
    expect(v.reports).toHaveLength(2);
    expect(v.parties.map((p: { roles: string[] }) => p.roles).flat().sort()).toEqual(['alleged_perpetrator', 'victim']);
    // The case list counts the case's reports and people and shows when the latest report came in
    // (the report's own date, not when it was added to the case).
    const listed = (await t.as(officer, { url: '/api/v1/cases?pageSize=50' })).json().items.find((i: { id: string }) => i.id === caseId);
    expect(listed).toMatchObject({ reportCount: 2, peopleCount: 2, lastReportAt: '2026-03-09T22:40:00.000Z' });

    // A person holds roles across cases: the same victim is later an alleged perpetrator elsewhere.
    const third = await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: report({ category: 'noise', description: 'Loud music from flat 14', people: [{ role: 'alleged_perpetrator', personId: victimId }] }) });
    const other = await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Noise from 14 Elm Court', reportIds: [third.json().id] } });
    expect(other.statusCode).toBe(201);
    const person = (await t.as(officer, { url: `/api/v1/people/${victimId}` })).json();
    expect(person.cases.map((c: { role: string }) => c.role).sort()).toEqual(['alleged_perpetrator', 'victim']);
    expect(person.contacts[0].value).toBe('07700 900123');

    // An agency that is not a party cannot see the case at all.
    expect((await t.as('officer@housing.demo', { url: `/api/v1/cases/${caseId}` })).statusCode).toBe(404);
  });

  it('adds actions owned by another agency, notes and documents, and closes with an outcome', async () => {
    const r = (await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: report() })).json();
    const caseId = (await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { title: 'Plan test', reportIds: [r.id], partnerAgencyIds: [t.dir.agencies.health] } })).json().id;
    const action = await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/actions`, payload: { description: 'Mental health assessment', ownerUserId: t.dir.users['nurse@health.demo'], dueDate: '2026-12-01' } });
    expect(action.statusCode).toBe(201);
    expect((await t.as('nurse@health.demo', { method: 'PATCH', url: `/api/v1/cases/${caseId}/actions/${action.json().id}`, payload: { status: 'done' } })).statusCode).toBe(204);
    expect((await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/notes`, payload: { body: 'Discussed with housing.' } })).statusCode).toBe(201);
    const pdf = Buffer.from('%PDF-1.4\n%test document\n').toString('base64');
    const doc = await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/attachments`, payload: { filename: 'letter.pdf', contentType: 'application/pdf', contentBase64: pdf } });
    expect(doc.statusCode).toBe(201);
    const dl = await t.as(officer, { url: `/api/v1/cases/${caseId}/attachments/${doc.json().id}` });
    expect(dl.body).toContain('%PDF-1.4');
    const fake = await t.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/attachments`, payload: { filename: 'x.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('MZ executable').toString('base64') } });
    expect(fake.statusCode).toBe(400);
    expect(fake.json().errors[0].path).toBe('body.contentType');
    const noOutcome = await t.as(officer, { method: 'PATCH', url: `/api/v1/cases/${caseId}`, payload: { status: 'closed' } });
    expect(noOutcome.statusCode).toBe(400);
    expect((await t.as(officer, { method: 'PATCH', url: `/api/v1/cases/${caseId}`, payload: { status: 'closed', outcome: 'Behaviour stopped after support' } })).statusCode).toBe(204);
    // Only the lead agency manages the case.
    expect((await t.as('nurse@health.demo', { method: 'PATCH', url: `/api/v1/cases/${caseId}`, payload: { status: 'open' } })).statusCode).toBe(403);
  });
});

describe('bad input is refused whole', () => {
  const big = 'x'.repeat(10 * 1024 * 1024);
  const cases: [string, Record<string, unknown>, string][] = [
    ['missing description', { description: undefined }, 'body.description'],
    ['missing receivedAt', { receivedAt: undefined }, 'body.receivedAt'],
    ['wrong type', { people: 'Margaret' }, 'body.people'],
    ['invalid postcode', { location: { address: { line1: '1 High St', postcode: 'NOT A PC' } } }, 'body.location.address.postcode'],
    ['invalid person postcode', { people: [{ role: 'victim', name: 'A B', address: { line1: '1 x', postcode: 'QQ1' } }] }, 'body.people.0.address.postcode'],
    ['received in the future', { receivedAt: '2099-01-01T00:00:00Z' }, 'body.receivedAt'],
    ['date of birth in the future', { people: [{ role: 'victim', name: 'A B', dateOfBirth: '2099-01-01' }] }, 'body.people.0.dateOfBirth'],
    ['10 MB description', { description: big }, 'body.description'],
    ['unknown channel', { channel: 'carrier_pigeon' }, 'body.channel'],
    ['unknown role', { people: [{ role: 'bystander', name: 'A B' }] }, 'body.people.0.role'],
    ['unknown category', { category: 'not_a_category' }, 'body.category'],
    ['person with nothing', { people: [{ role: 'victim' }] }, 'body.people.0'],
    ['unknown personId', { people: [{ role: 'victim', personId: '00000000-0000-4000-8000-000000000000' }] }, 'body.people.0.personId'],
  ];
  it.each(cases)('%s → 400 naming %s, nothing written', async (_name, over, path) => {
    const before = await counts();
    const r = await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: report(over) });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    const body = r.json();
    expect(body.status).toBe(400);
    expect(body.errors.map((e: { path: string }) => e.path).some((p: string) => p.startsWith(path))).toBe(true);
    expect(await counts()).toEqual(before);
  });
  it('rejects bodies over the size limit early with 413', async () => {
    const r = await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: report({ description: 'x'.repeat(13 * 1024 * 1024) }) });
    expect(r.statusCode).toBe(413);
    expect(r.json().status).toBe(413);
  });
});

describe('search', () => {
  it('finds "John Smith" when asked for "Jon Smyth", and pages results', async () => {
    for (const [given, family] of [['John', 'Smith'], ['Joan', 'Smithers'], ['Mary', 'Jones'], ['Jon', 'Smithson']]) {
      await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: report({ people: [{ role: 'witness', givenName: given, familyName: family }] }) });
    }
    const r = await t.as(officer, { url: '/api/v1/people?q=Jon%20Smyth' });
    expect(r.statusCode).toBe(200);
    const names = r.json().items.map((i: { displayName: string }) => i.displayName);
    expect(names[0]).toBe('John Smith');
    expect(names).not.toContain('Mary Jones');

    const all = (await t.as(officer, { url: '/api/v1/reports?pageSize=2&page=1' })).json();
    expect(all.items).toHaveLength(2);
    expect(all.total).toBeGreaterThan(4);
    const p2 = (await t.as(officer, { url: '/api/v1/reports?pageSize=2&page=2' })).json();
    expect(p2.items[0].id).not.toBe(all.items[0].id);
    expect((await t.as(officer, { url: '/api/v1/reports?pageSize=500' })).statusCode).toBe(400);
    const byRef = (await t.as(officer, { url: `/api/v1/reports?q=${all.items[0].reference}` })).json();
    expect(byRef.items).toHaveLength(1);
    const byPostcode = (await t.as(officer, { url: '/api/v1/places?postcode=m11ae' })).json();
    expect(byPostcode.items.length).toBeGreaterThan(0);
    const range = (await t.as(officer, { url: '/api/v1/reports?from=2026-03-09&to=2026-03-09' })).json();
    expect(range.items.every((i: { receivedAt: string }) => i.receivedAt.startsWith('2026-03-09'))).toBe(true);
  });

  it('puts equally good matches in order of the name that matched, an alias included', async () => {
    const add = (person: Record<string, unknown>) => t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: report({ people: [{ role: 'witness', ...person }] }) });
    await add({ givenName: 'Zara', familyName: 'Quillfeather', aliases: ['Tam Orrick'] });
    await add({ givenName: 'Tom', familyName: 'Orrick' });
    const items = (await t.as(officer, { url: '/api/v1/people?q=Tim%20Orick' })).json().items as { displayName: string; score: number }[];
    const found = items.filter((i) => ['Zara Quillfeather', 'Tom Orrick'].includes(i.displayName));
    expect(found).toHaveLength(2);
    expect(found[0].score).toBe(found[1].score);
    // "tam orrick" comes before "tom orrick", whatever the records' own names.
    expect(found.map((i) => i.displayName)).toEqual(['Zara Quillfeather', 'Tom Orrick']);
  });

  it('shows only the name to an agency outside the person\'s cases', async () => {
    const r = (await t.as(officer, { method: 'POST', url: '/api/v1/reports', payload: report({ people: [{ role: 'victim', givenName: 'Zebedee', familyName: 'Quill', dateOfBirth: '1970-01-01', phone: '07700900999' }] }) })).json();
    const id = r.people[0].personId;
    const own = (await t.as(officer, { url: `/api/v1/people/${id}` })).json();
    expect(own.dateOfBirth).toBe('1970-01-01');
    const outsider = (await t.as('officer@housing.demo', { url: `/api/v1/people/${id}` })).json();
    expect(outsider.displayName).toBe('Zebedee Quill');
    expect(outsider.dateOfBirth).toBeUndefined();
    expect(outsider.contacts).toBeUndefined();
  });
});
