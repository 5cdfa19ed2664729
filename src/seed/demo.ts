import type { Config } from '../platform/config.js';
import type { Db } from '../platform/db/db.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { appendAudit } from '../platform/audit/audit.js';
import { insertAgency, insertArea, insertTeam, insertUser } from '../modules/directory/store.js';

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

/** Loads the whole demo area into an empty database. */
export async function seedDemo(db: Db, config: Config): Promise<DemoDirectory> {
  const dir = await seedDirectory(db, config);
  return dir;
}
