import type { Access } from '../../platform/access/access.js';
import type { AppContext } from '../../platform/http/context.js';
import type { RiskData } from '../risk/rules/index.js';
import { defaultEnforcementLadder, latestRule } from '../risk/rules/index.js';
import type { RiskNeeds } from '../risk/index.js';
import { approachOf, tabulateApproaches, type ApproachRow, type Outcome } from './rules.js';
import * as store from './store.js';

export const APPROACHES_BASIS =
  'One row per person with interventions on a case in your area. Approach: enforcement above a warning is enforcement-led (blended with support or mediation alongside); support or mediation without it is support-led. ' +
  "Outcome: the person's latest recorded intervention outcome, else the case's behaviour outcome, else open. Mental health needs: a \"yes\" to a mental health question in any assessment, or a mental health referral.";

/**
 * Which approaches work for which needs: outcomes of support-led, enforcement-led and blended
 * approaches, where mental health needs were recorded and where not. Counts only, no people.
 */
export async function approachesInsight(ctx: AppContext, access: Access) {
  const actor = access.requireRole('officer', 'team_leader', 'partner', 'dpo');
  const rows = await store.areaInterventions(access.db, actor.areaId);
  const ladder = latestRule((ctx.services.riskData as RiskData | undefined)?.enforcementLadders ?? []) ?? defaultEnforcementLadder();
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = `${r.case_id}:${r.person_id}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const people = [...new Set(rows.map((r) => r.person_id))];
  const needs = await ((ctx.services.riskNeeds as RiskNeeds | undefined)?.recordedNeeds(access.db, people) ?? Promise.resolve(new Map()));
  const table: ApproachRow[] = [];
  for (const list of groups.values()) {
    const approach = approachOf(list, ladder);
    if (!approach) continue;
    const decided = list.filter((r) => r.outcome).sort((a, b) => new Date(b.outcome_at ?? b.created_at).getTime() - new Date(a.outcome_at ?? a.created_at).getTime());
    const outcome = (decided[0]?.outcome ?? list[0].case_outcome ?? null) as Outcome | null;
    const personId = list[0].person_id;
    const mentalHealthNeeds = !!needs.get(personId)?.has('mental_health') || list.some((r) => r.kind === 'support_referral' && r.type === 'mental_health');
    table.push({ approach, mentalHealthNeeds, outcome });
  }
  return { basis: APPROACHES_BASIS, people: table.length, groups: tabulateApproaches(table) };
}
