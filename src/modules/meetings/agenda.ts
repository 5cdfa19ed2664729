import type { Access } from '../../platform/access/access.js';
import type { CaseScope } from '../../platform/access/policy.js';
import type { Queryable } from '../../platform/db/db.js';
import type { AppContext } from '../../platform/http/context.js';
import { caseChronologyEntries, type ChronologyEntry } from '../cases/chronology.js';
import { personScopes } from '../people/store.js';
import type { PersonRiskSummary, RiskSummary } from '../risk/index.js';
import { openCaseActions } from './store.js';

/** How much recent history the agenda carries: enough to brief a room, not the whole file. */
const RECENT_ENTRIES = 15;

/**
 * The agenda as data, unfiltered: risk levels of everyone on the case, the recent multi-agency
 * chronology, open actions. Stored as it stood when the meeting was held; filtered on every read.
 */
export interface RawAgenda {
  builtAt: string;
  risk: PersonRiskSummary[];
  recent: ChronologyEntry[];
  openActions: { id: string; description: string; owner: string | null; agencyName: string; dueDate: string | null; overdue: boolean; source: string }[];
}

export async function buildAgenda(ctx: AppContext, q: Queryable, caseId: string, now = new Date()): Promise<RawAgenda> {
  const summary = ctx.services.riskSummary as RiskSummary | undefined;
  const today = now.toISOString().slice(0, 10);
  const entries = await caseChronologyEntries(ctx, q, caseId);
  entries.sort((a, b) => b.at.localeCompare(a.at));
  const actions = await openCaseActions(q, caseId);
  return {
    builtAt: now.toISOString(),
    risk: summary ? await summary(q, caseId) : [],
    recent: entries.slice(0, RECENT_ENTRIES),
    openActions: actions.map((a) => ({ id: a.id, description: a.description, owner: a.owner, agencyName: a.agency_name, dueDate: a.due_date, overdue: !!a.due_date && a.due_date < today, source: a.source })),
  };
}

/** The agenda as this actor may see it: levels and entries owned by other agencies pass the policy. */
export async function filterAgenda(access: Access, scope: CaseScope, raw: RawAgenda) {
  const onCase = (ownerAgencyId: string) => ({ ownerAgencyIds: [ownerAgencyId], caseAgencyIds: scope.agencyIds, caseIds: [scope.id] });
  const people = await personScopes(access.db, raw.risk.map((p) => p.personId));
  const risk = [];
  for (const p of raw.risk) {
    const pScope = people.get(p.personId) ?? { ownerAgencyIds: [], caseAgencyIds: scope.agencyIds, caseIds: [scope.id], personId: p.personId };
    const name = (await access.filter(pScope, { displayName: p.displayName }, { displayName: 'minimal_identity' })).value.displayName;
    const lens = async (l: PersonRiskSummary['harmFaced']) => (l ? (await access.filter(onCase(l.agencyId), { l }, { l: 'risk' })).value.l : null);
    risk.push({ personId: p.personId, displayName: name, roles: p.roles, harmFaced: await lens(p.harmFaced), harmPosed: await lens(p.harmPosed) });
  }
  const recent = [];
  for (const e of raw.recent) {
    const d = await access.allows(onCase(e.agencyId), e.category);
    recent.push(d === 'allow' ? e : { at: e.at, kind: e.kind, agencyId: e.agencyId, agencyName: e.agencyName, category: e.category, withheld: true, title: `${e.kind} recorded by ${e.agencyName}`, summary: `Withheld: ask ${e.agencyName}.` });
  }
  return { builtAt: raw.builtAt, risk, recent, openActions: raw.openActions };
}
