import type { Config } from '../platform/config.js';
import type { Db } from '../platform/db/db.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { appendAudit } from '../platform/audit/audit.js';
import { insertAgency, insertArea, insertTeam, insertUser } from '../modules/directory/store.js';
import { Access } from '../platform/access/access.js';
import { findActor } from '../platform/auth/store.js';
import type { AppContext } from '../platform/http/context.js';
import { createReport } from '../modules/reports/service.js';
import { addAction, addContact, openCase } from '../modules/cases/service.js';
import { BACKGROUND, FAMILY, GIVEN, STORIES, STREETS, type Story } from './scenarios.js';
import { newId } from '../platform/ids.js';

export const DEMO_PASSWORD = 'convene-demo-2026';

export interface DemoLogin {
  email: string;
  password: string;
  role: string;
  agency: string;
}

export async function isSeeded(db: Db): Promise<boolean> {
  const r = await db.query<{ n: number }>('select count(*)::int as n from users');
  return r.rows[0].n > 0;
}

const AGENCIES = [
  { key: 'council', name: 'Riverside Borough Council', kind: 'council', team: 'Community Safety Team' },
  { key: 'housing', name: 'Riverside Homes', kind: 'housing', team: 'Tenancy Enforcement and Support' },
  { key: 'police', name: 'Riverside Neighbourhood Policing', kind: 'police', team: 'Northgate Neighbourhood Team' },
  { key: 'health', name: 'Riverside Community Mental Health', kind: 'health', team: 'Community Mental Health Team' },
  { key: 'asc', name: 'Riverside Adult Social Care', kind: 'adult_social_care', team: 'Safeguarding Adults Team' },
  { key: 'csc', name: "Riverside Children's Services", kind: 'childrens_social_care', team: 'Front Door' },
  { key: 'victims', name: 'Victim Support Riverside', kind: 'victim_support', team: 'ASB Victims Service' },
] as const;

const USERS = [
  { email: 'officer@council.demo', name: 'Priya Shah', role: 'officer', agency: 'council' },
  { email: 'leader@council.demo', name: 'Tom Okafor', role: 'team_leader', agency: 'council' },
  { email: 'dpo@council.demo', name: 'Helen Price', role: 'dpo', agency: 'council' },
  { email: 'admin@council.demo', name: 'Sam Ellis', role: 'admin', agency: 'council' },
  { email: 'officer@housing.demo', name: 'Gareth Lewis', role: 'officer', agency: 'housing' },
  { email: 'leader@housing.demo', name: 'Ama Mensah', role: 'team_leader', agency: 'housing' },
  { email: 'pc@police.demo', name: 'PC Jordan Reid', role: 'officer', agency: 'police' },
  { email: 'nurse@health.demo', name: 'Ruth Adeyemi', role: 'partner', agency: 'health' },
  { email: 'social.worker@asc.demo', name: 'Daniel Byrne', role: 'partner', agency: 'asc' },
  { email: 'front.door@csc.demo', name: 'Chloe Martin', role: 'partner', agency: 'csc' },
  { email: 'caseworker@victims.demo', name: 'Nadia Hussain', role: 'partner', agency: 'victims' },
] as const;

/** The demo sign-ins, as printed on start. */
export const DEMO_LOGINS: DemoLogin[] = USERS.map((u) => ({ email: u.email, password: DEMO_PASSWORD, role: u.role, agency: AGENCIES.find((a) => a.key === u.agency)!.name }));

/** Is this database the demo area? (its administrator exists) */
export async function isDemo(db: Db): Promise<boolean> {
  const r = await db.query("select 1 from users where email = 'admin@council.demo'");
  return r.rowCount > 0;
}

export type AgencyKey = (typeof AGENCIES)[number]['key'];

export interface DemoDirectory {
  areaId: string;
  agencies: Record<AgencyKey, string>;
  teams: Record<AgencyKey, string>;
  users: Record<string, string>;
  logins: DemoLogin[];
}

/** The demo area's directory: seven agencies and a user for each role. */
export async function seedDirectory(db: Db, config: Config): Promise<DemoDirectory> {
  const hash = await hashPassword(DEMO_PASSWORD, config.PASSWORD_HASH_COST);
  return db.tx(async (q) => {
    const areaId = await insertArea(q, { name: 'Riverside', caseReviewReportCount: 3, caseReviewWindowDays: 183 });
    const agencies = {} as Record<AgencyKey, string>;
    const teams = {} as Record<AgencyKey, string>;
    for (const a of AGENCIES) {
      agencies[a.key] = await insertAgency(q, { areaId, name: a.name, kind: a.kind });
      teams[a.key] = await insertTeam(q, { agencyId: agencies[a.key], name: a.team });
    }
    const users: Record<string, string> = {};
    for (const u of USERS) {
      users[u.email] = await insertUser(q, { agencyId: agencies[u.agency], teamId: teams[u.agency], email: u.email, displayName: u.name, role: u.role, passwordHash: hash });
    }
    await appendAudit(q, [{ actorUserId: null, actorAgencyId: null, purpose: 'administration', subjectType: 'area', subjectId: areaId, action: 'seed_demo' }]);
    const logins = USERS.map((u) => ({ email: u.email, password: DEMO_PASSWORD, role: u.role, agency: AGENCIES.find((a) => a.key === u.agency)!.name }));
    return { areaId, agencies, teams, users, logins };
  });
}

/** Demo modules may add their own data once reports and cases exist (risk, victims, meetings). */
export type DemoSeeder = (ctx: AppContext, demo: DemoData) => Promise<void>;

export interface DemoData extends DemoDirectory {
  cases: { id: string; story: Story; people: Record<string, string>; lead: AgencyKey }[];
  actorFor: (email: string) => Promise<Access>;
}

/** Loads the whole demo area into an empty database, through the same services the API uses. */
export async function seedDemo(ctx: AppContext): Promise<DemoData> {
  const dir = await seedDirectory(ctx.db, ctx.config);
  await seedAgreements(ctx.db, dir);
  const actorFor = async (email: string) => new Access(ctx.db, await findActor(ctx.db, dir.users[email]), 'case_management', ctx.policySource);
  const officers: Record<'council' | 'housing' | 'police', Access> = {
    council: await actorFor('officer@council.demo'),
    housing: await actorFor('officer@housing.demo'),
    police: await actorFor('pc@police.demo'),
  };
  const channelFor = { council: 'phone', housing: 'housing_system', police: 'police_system' } as const;
  const rand = mulberry32(20261125);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const now = Date.now();
  const at = (daysAgo: number, hour = 10) => new Date(now - daysAgo * 86_400_000 - (now % 86_400_000) + hour * 3_600_000).toISOString();

  // Background reports: a year of everyday ASB across the borough, some about the same few households.
  const regulars = Array.from({ length: 40 }, () => ({ givenName: pick(GIVEN), familyName: pick(FAMILY), dateOfBirth: `19${50 + Math.floor(rand() * 50)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}` }));
  for (let i = 0; i < 200; i++) {
    const agency = pick(['council', 'housing', 'police'] as const);
    const [category, description] = pick(BACKGROUND);
    const [street, postcode, lsoa] = pick(STREETS);
    const people = rand() < 0.7 ? [{ role: 'victim' as const, ...pick(regulars) }] : [];
    if (rand() < 0.3) people.push({ role: 'alleged_perpetrator' as const, ...pick(regulars) } as never);
    await createReport(ctx, officers[agency], {
      receivedAt: at(Math.floor(rand() * 365), 8 + Math.floor(rand() * 14)),
      channel: channelFor[agency],
      category,
      description,
      location: { address: { line1: `${1 + Math.floor(rand() * 60)} ${street}`, postcode }, lsoaCode: lsoa },
      people,
    });
  }

  const cases: DemoData['cases'] = [];
  for (const story of STORIES) {
    const people: Record<string, string> = {};
    const reportIds: string[] = [];
    for (const r of story.reports) {
      const [street, postcode, lsoa] = STREETS[r.street];
      const res = await createReport(ctx, officers[r.agency], {
        receivedAt: at(r.daysAgo),
        channel: r.channel,
        category: r.category,
        description: r.description,
        location: { address: { line1: (story.people[r.people[0]?.key]?.address as { line1?: string } | undefined)?.line1 ?? street, postcode }, lsoaCode: lsoa },
        people: r.people.map((p) => (people[p.key] ? { role: p.role, personId: people[p.key], ...(p.as ?? {}) } : { role: p.role, ...story.people[p.key], ...(p.as ?? {}) })) as never,
      });
      res.people.forEach((p, i) => (people[r.people[i].key] ??= p.personId));
      reportIds.push(res.id);
    }
    const lead = officers[story.lead];
    const opened = await openCase(lead, { title: story.title, caseType: story.caseType, reportIds, partnerAgencyIds: story.partners.map((k) => dir.agencies[k]) });
    const victimKey = Object.keys(story.risk).find((k) => story.risk[k].faced && !story.risk[k].posed) ?? Object.keys(people)[0];
    if (people[victimKey]) {
      await addContact(ctx, lead, opened.id, { personId: people[victimKey], contactedAt: at(5), method: 'in_person', summary: 'Home visit to talk through the plan and what support would help.', demeanour: 'Anxious but engaged', homeConditions: 'Clean and tidy', coping: 'Finding evenings hard', updatedOnProgress: true, deterioration: false, feelsSafer: 'unsure' });
    }
    const partnerUser = story.partners.includes('health') ? dir.users['nurse@health.demo'] : dir.users['pc@police.demo'];
    await addAction(lead, opened.id, { description: 'Share what we know and agree a joint plan at the next case conference.', ownerUserId: partnerUser, dueDate: at(-7).slice(0, 10) });
    await addAction(lead, opened.id, { description: 'Update the victim on progress.', ownerUserId: lead.actor!.userId, dueDate: at(2).slice(0, 10) });
    cases.push({ id: opened.id, story, people, lead: story.lead });
  }
  const demo: DemoData = { ...dir, cases, actorFor };
  for (const seeder of (ctx.services.demoSeeders as DemoSeeder[] | undefined) ?? []) await seeder(ctx, demo);
  return demo;
}

/** Small deterministic PRNG so the demo area is the same on every machine. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The area's information sharing agreements, signed by every party, as a live partnership has them. */
export async function seedAgreements(db: Db, dir: DemoDirectory) {
  const a = dir.agencies;
  const agreements = [
    {
      title: 'Riverside Community Safety Partnership: ASB information sharing',
      purposes: ['case_management', 'case_review', 'safeguarding'],
      parties: [a.council, a.housing, a.police, a.victims],
      categories: [
        ['identity', 'UK GDPR Art. 6(1)(e) public task', null],
        ['contact', 'UK GDPR Art. 6(1)(e) public task', null],
        ['asb_history', 'UK GDPR Art. 6(1)(e); Crime and Disorder Act 1998 s115', 'DPA 2018 Sch. 1 para 10 (preventing or detecting unlawful acts)'],
        ['risk', 'UK GDPR Art. 6(1)(e) public task', null],
        ['case_notes', 'UK GDPR Art. 6(1)(e) public task', null],
        ['criminal_justice', 'UK GDPR Art. 6(1)(e); Crime and Disorder Act 1998 s115', 'DPA 2018 s10(5) and Sch. 1 para 10'],
      ],
    },
    {
      title: 'Riverside vulnerability and safeguarding protocol',
      purposes: ['safeguarding', 'case_management'],
      parties: [a.council, a.housing, a.police, a.health, a.asc, a.csc],
      categories: [
        ['identity', 'UK GDPR Art. 6(1)(e) public task', null],
        ['contact', 'UK GDPR Art. 6(1)(e) public task', null],
        ['asb_history', 'UK GDPR Art. 6(1)(e) public task', null],
        ['risk', 'UK GDPR Art. 6(1)(e) public task', null],
        ['health', 'UK GDPR Art. 6(1)(e) public task', 'Art. 9(2)(g); DPA 2018 Sch. 1 para 18 (safeguarding of individuals at risk)'],
        ['safeguarding', 'UK GDPR Art. 6(1)(e); Care Act 2014 s42', 'Art. 9(2)(g); DPA 2018 Sch. 1 para 18'],
        ['children', 'UK GDPR Art. 6(1)(e); Children Act 2004 s11', 'Art. 9(2)(g); DPA 2018 Sch. 1 para 18'],
        ['case_notes', 'UK GDPR Art. 6(1)(e) public task', null],
      ],
    },
  ];
  await db.tx(async (q) => {
    for (const g of agreements) {
      const id = newId();
      await q.query("insert into sharing_agreements (id, title, purposes, start_date, review_date) values ($1,$2,$3, current_date - 365, current_date + 180)", [id, g.title, g.purposes]);
      for (const p of g.parties) await q.query("insert into agreement_parties (agreement_id, agency_id, signatory_name, signed_at) values ($1,$2,'Information governance lead', now() - interval '300 days')", [id, p]);
      for (const [category, basis, condition] of g.categories)
        await q.query('insert into agreement_categories (agreement_id, category, lawful_basis, special_category_condition) values ($1,$2,$3,$4)', [id, category, basis, condition]);
    }
  });
}
