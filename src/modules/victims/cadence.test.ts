import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuleDataError } from '../../platform/jobs/cadence.js';
import { effectiveLevel, loadUpdateCadence, nextUpdateDue, updateState, type Level } from './cadence.js';
import { scratchDir } from '../../../test/support/scratch.js';

const cadence = loadUpdateCadence();
const opened = new Date('2026-03-01T10:00:00Z');

describe('victim update cadence', () => {
  it('ships high weekly, medium fortnightly, standard monthly', () => {
    expect(cadence.every).toEqual({ high: { days: 7 }, medium: { days: 14 }, standard: { months: 1 } });
    expect(cadence.defaultLevel).toBe('standard');
  });

  it.each([
    // assessed, set by officer, → level, source
    [null, null, 'standard', 'default'],
    ['medium', null, 'medium', 'assessment'],
    [null, 'high', 'high', 'officer'],
    ['high', 'standard', 'high', 'assessment'],
    ['standard', 'high', 'high', 'officer'],
    ['medium', 'medium', 'medium', 'assessment'],
  ] as const)('assessed %s, officer %s → %s (%s)', (assessed, set, level, source) => {
    expect(effectiveLevel(assessed, set, 'standard')).toEqual({ level, source });
  });

  it.each([
    // level, last update, → next due
    ['standard', null, '2026-04-01T10:00:00.000Z'],
    ['medium', null, '2026-03-15T10:00:00.000Z'],
    ['high', null, '2026-03-08T10:00:00.000Z'],
    ['high', '2026-03-10T16:30:00Z', '2026-03-17T16:30:00.000Z'],
    ['standard', '2026-01-31T09:00:00Z', '2026-02-28T09:00:00.000Z'],
  ] as const)('%s, last updated %s → due %s', (level, last, due) => {
    expect(nextUpdateDue({ lastUpdateAt: last ? new Date(last) : null, caseOpenedAt: opened }, level as Level, cadence).toISOString()).toBe(due);
  });

  it('moving a victim from standard to high shortens the due date', () => {
    const anchor = { lastUpdateAt: new Date('2026-03-05T12:00:00Z'), caseOpenedAt: opened };
    const standard = nextUpdateDue(anchor, effectiveLevel(null, 'standard', 'standard').level, cadence);
    const high = nextUpdateDue(anchor, effectiveLevel(null, 'high', 'standard').level, cadence);
    expect(high.getTime()).toBeLessThan(standard.getTime());
    expect((standard.getTime() - high.getTime()) / 86_400_000).toBe(24);
  });

  it.each([
    ['2026-03-01T00:00:00Z', 'not_due'],
    ['2026-03-06T10:00:00Z', 'due_soon'],
    ['2026-03-08T10:00:00Z', 'due_soon'],
    ['2026-03-08T10:00:01Z', 'overdue'],
  ] as const)('due 8 March 10:00, two days warning: at %s it is %s', (now, state) => {
    expect(updateState(new Date('2026-03-08T10:00:00Z'), new Date(now), 2)).toBe(state);
  });

  it('refuses a cadence file with a bad period, naming the path', () => {
    const dir = scratchDir('cadence-');
    const file = join(dir, 'update-cadence.v2.json');
    writeFileSync(file, JSON.stringify({ id: 'update-cadence', version: 2, every: { high: { days: 0 }, medium: { days: 14 }, standard: { months: 1 } }, remindDaysAhead: 2, defaultLevel: 'standard' }));
    expect(() => loadUpdateCadence(file)).toThrow(RuleDataError);
    expect(() => loadUpdateCadence(file)).toThrow(/every\.high/);
    writeFileSync(file, JSON.stringify({ id: 'update-cadence', version: 1, every: { high: { days: 3 }, medium: { days: 14 }, standard: { months: 1 } }, remindDaysAhead: 2, defaultLevel: 'standard' }));
    expect(() => loadUpdateCadence(file)).toThrow(/version must be 2/);
  });
});
