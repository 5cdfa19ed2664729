import { describe, expect, it } from 'vitest';
import { statementName } from './postgres.js';

describe('prepared statement names', () => {
  const a = `select * from cases where id = $1 and lead_agency_id = $2`;
  const b = `select * from cases where id = $1 and opened_by_user = $2`; // the same length as a
  it('are the same for the same text, built afresh each time, and differ for another text of the same length', () => {
    expect(a.length).toBe(b.length);
    const first = statementName(a, [1, 2]);
    expect(first).toMatch(/^c_[0-9a-f]{24}$/);
    expect(statementName(['select * from cases', 'where id = $1 and lead_agency_id = $2'].join(' '), [3, 4])).toBe(first);
    expect(statementName(b, [1, 2])).not.toBe(first);
    expect(statementName(b, [1, 2])).toBe(statementName(`${b}`, [5, 6]));
  });
  it.each([
    ['no parameters', 'select 1', []],
    ['more than 64 parameters (a VALUES list)', a, Array.from({ length: 65 }, (_, i) => i)],
    ['a text over 20,000 characters', `select $1 ${' '.repeat(20_000)}`, [1]],
  ])('are not given to a statement with %s', (_what, sql, params) => {
    expect(statementName(sql, params)).toBeUndefined();
  });
});
