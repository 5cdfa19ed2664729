import type { Queryable } from '../../platform/db/db.js';
import type { AppContext } from '../../platform/http/context.js';
import { effectiveLevel, describeCadence, nextUpdateDue, updateState, type Level, type LevelSource, type RiskLevels, type UpdateCadence, type UpdateState } from './cadence.js';
import * as store from './store.js';
import type { VictimRow } from './store.js';

/** What the victims module reads from the context: its cadence (set at init) and, if present, the risk service. */
export interface VictimDeps {
  cadence: UpdateCadence;
  riskLevels?: RiskLevels;
}

export function victimDeps(ctx: AppContext): VictimDeps {
  return { cadence: ctx.services.victimUpdateCadence as UpdateCadence, riskLevels: ctx.services.riskLevels as RiskLevels | undefined };
}

export interface UpdateStatus {
  level: Level;
  levelSource: LevelSource;
  assessedLevel: Level | null;
  cadence: string;
  lastUpdateAt: Date | null;
  nextUpdateDue: Date;
  state: UpdateState;
  /** The clock the current update cycle runs from: its task's dedupe key carries it. */
  anchor: string;
}

/** Victims on cases (see `store.victimsOnOpenCases`), each with their latest assessed level when the risk module is present. */
export function victimRows(q: Queryable, d: VictimDeps, f: Parameters<typeof store.victimsOnOpenCases>[1]): Promise<VictimRow[]> {
  return store.victimsOnOpenCases(q, f, d.riskLevels ? (p) => d.riskLevels!.harmFacedSql(p) : undefined);
}

/** One victim's update status now: level (assessment or officer, the higher), cadence, when next due. */
export function updateStatus(d: VictimDeps, row: VictimRow, now: Date): UpdateStatus {
  const assessed = row.assessed_level;
  const { level, source } = effectiveLevel(assessed, row.level_set, d.cadence.defaultLevel);
  const lastUpdateAt = row.last_update_at ? new Date(row.last_update_at) : null;
  const due = nextUpdateDue({ lastUpdateAt, caseOpenedAt: new Date(row.opened_at) }, level, d.cadence);
  return {
    level,
    levelSource: source,
    assessedLevel: assessed,
    cadence: describeCadence(level, d.cadence),
    lastUpdateAt,
    nextUpdateDue: due,
    state: updateState(due, now, d.cadence.remindDaysAhead),
    anchor: lastUpdateAt ? lastUpdateAt.toISOString() : 'opened',
  };
}

/** The "update the victim" task for this update cycle: one per case, victim and last update. */
export const updateTaskKey = (caseId: string, personId: string, anchor: string) => `victim_update:${caseId}:${personId}:${anchor}`;

/** The status as it goes on the wire (the level passes the policy separately). */
export function statusView(s: UpdateStatus) {
  return {
    level: s.level,
    levelSource: s.levelSource,
    cadence: s.cadence,
    lastUpdateAt: s.lastUpdateAt?.toISOString() ?? null,
    nextUpdateDue: s.nextUpdateDue.toISOString(),
    state: s.state,
  };
}
