import { describe, expect, it } from 'vitest';
import { loadSupervisionCadence, maySeePractitioner, supervisionDue } from './rules.js';

const cadence = loadSupervisionCadence();

describe('who sees a practitioner\'s supervision and caseload', () => {
  const practitioner = { id: 'p', teamId: 'team-a' };
  it.each([
    ['the practitioner', { userId: 'p', role: 'officer', teamId: 'team-a' }, true],
    ['their team leader', { userId: 'l', role: 'team_leader', teamId: 'team-a' }, true],
    ['another team\'s leader', { userId: 'm', role: 'team_leader', teamId: 'team-b' }, false],
    ['a colleague in the team', { userId: 'c', role: 'officer', teamId: 'team-a' }, false],
    ['a team leader with no team', { userId: 'n', role: 'team_leader', teamId: null }, false],
    ['the DPO', { userId: 'd', role: 'dpo', teamId: 'team-a' }, false],
    ['an administrator', { userId: 'x', role: 'admin', teamId: 'team-a' }, false],
  ] as const)('%s → %s', (_who, actor, allowed) => {
    expect(maySeePractitioner(actor, practitioner)).toBe(allowed);
  });
  it('a practitioner with no team is seen only by themselves', () => {
    expect(maySeePractitioner({ userId: 'l', role: 'team_leader', teamId: null }, { id: 'p', teamId: null })).toBe(false);
    expect(maySeePractitioner({ userId: 'p', role: 'partner', teamId: null }, { id: 'p', teamId: null })).toBe(true);
  });
});

describe('supervision cadence', () => {
  const joined = new Date('2026-01-10T09:00:00Z');
  it.each([
    // last session, now, → due, state
    [null, '2026-01-20T00:00:00Z', '2026-02-10T09:00:00.000Z', 'not_due'],
    [null, '2026-02-06T00:00:00Z', '2026-02-10T09:00:00.000Z', 'due_soon'],
    [null, '2026-02-11T00:00:00Z', '2026-02-10T09:00:00.000Z', 'overdue'],
    ['2026-03-31', '2026-04-10T00:00:00Z', '2026-04-30T00:00:00.000Z', 'not_due'],
    ['2026-03-31', '2026-04-26T00:00:00Z', '2026-04-30T00:00:00.000Z', 'due_soon'],
    ['2026-01-31', '2026-03-01T00:00:00Z', '2026-02-28T00:00:00.000Z', 'overdue'],
  ] as const)('last %s, at %s → due %s, %s', (last, now, due, state) => {
    const r = supervisionDue(last, joined, cadence, new Date(now));
    expect(r.due.toISOString()).toBe(due);
    expect(r.state).toBe(state);
  });
  it('ships monthly reflective supervision for officers and partners', () => {
    expect(cadence).toMatchObject({ every: { months: 1 }, roles: ['officer', 'partner'], countsTowardCadence: ['reflective_supervision'] });
  });
});
