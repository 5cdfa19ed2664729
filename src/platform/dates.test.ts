import { describe, expect, it } from 'vitest';
import { ukDay } from './dates.js';

describe('ukDay', () => {
  it.each([
    ['2026-12-13', '13 Dec 2026'],
    ['2026-12-13T10:00:00Z', '13 Dec 2026'],
    // Summer time: 23:30 UTC is already the next day in the UK.
    ['2026-06-30T23:30:00Z', '1 Jul 2026'],
    ['2026-01-31T23:30:00Z', '31 Jan 2026'],
    [new Date('2027-03-05T12:00:00Z'), '5 Mar 2027'],
  ])('%s → %s', (d, out) => expect(ukDay(d)).toBe(out));
});
