import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { sentWhile } from '../../../test/support/statements.js';
import { verifyAudit } from '../audit/audit.js';
import { findActor } from '../auth/store.js';
import { Access } from './access.js';

let t: TestApp;
let access: Access;
beforeAll(async () => {
  t = await createTestApp();
  access = new Access(t.db, await findActor(t.db, t.dir.users['officer@council.demo']), 'case_management', t.ctx.policySource);
});
afterAll(() => t.close());

const count = async (sql: string, params: unknown[] = []) => (await t.db.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params)).rows[0].n;
const insertPlace = 'insert into places (id, line1, match_key) values ($1, $2, $3) returning id';

// A write and its audit rows travel in one statement (writeOne, writeComposed): they must still land
// together or not at all, and stay in the sealed chain.
describe('audited writes in fewer round trips', () => {
  it('writeOne: the row and its audit event in one statement, queued for the chain', async () => {
    const id = randomUUID();
    const { out: r, sent, transactions } = await sentWhile(t, () => access.writeOne<{ id: string }>(insertPlace, [id, '1 Audit Row', `audit-row-${id}`], [{ subjectType: 'place', subjectId: id, action: 'create' }]));
    expect(r.rows).toEqual([{ id }]);
    expect(sent).toHaveLength(1);
    expect(transactions).toBe(0);
    expect(await count('places where id = $1', [id])).toBe(1);
    expect(await count("audit_events e join audit_pending p on p.event_id = e.id where e.subject_id = $1 and e.action = 'create' and e.actor_user_id is not null", [id])).toBe(1);
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });

  it('writeOne: a failing write leaves no audit event behind', async () => {
    const before = await count('audit_events');
    const id = randomUUID();
    await expect(access.writeOne(insertPlace, [id, '2 Audit Row', null], [{ subjectType: 'place', subjectId: id, action: 'create' }])).rejects.toThrow();
    expect(await count('audit_events')).toBe(before);
    expect(await count('places where id = $1', [id])).toBe(0);
  });

  // One place written by a composed statement: its audit event only when the place was, with a
  // detail value only the statement knows.
  const placeWrite = (id: string, line1: string, write: boolean) => ({
    ctes: [`place as (insert into places (id, line1, match_key) select $1, $2, $3 where $4 returning id, line1)`],
    sql: 'select id from place',
    params: [id, line1, `audit-row-${id}`, write],
    auditWhen: 'exists (select 1 from place)',
    auditDetail: "jsonb_build_object('line1', (select line1 from place))",
  });

  it('writeComposed: the audit event goes with what was written, carrying what the statement knew', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const { out, sent, transactions } = await sentWhile(t, () => access.writeComposed<{ id: string }>(placeWrite(a, '3 Audit Row', true), [{ subjectType: 'place', subjectId: a, action: 'create', detail: { by: 'test' } }]));
    expect(out).toEqual([{ id: a }]);
    expect([sent.length, transactions]).toEqual([1, 0]);
    const event = await t.db.query<{ detail: unknown }>("select detail from audit_events where subject_id = $1 and action = 'create'", [a]);
    expect(event.rows.map((e) => e.detail)).toEqual([{ by: 'test', line1: '3 Audit Row' }]);
    // Nothing written, no event.
    expect(await access.writeComposed(placeWrite(b, '4 Audit Row', false), [{ subjectType: 'place', subjectId: b, action: 'create' }])).toEqual([]);
    expect(await count('audit_events where subject_id = $1', [b])).toBe(0);
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });

  it('writeComposed: what follows the statement shares its transaction; a failure there undoes both', async () => {
    const before = await count('audit_events');
    const [c, d] = [randomUUID(), randomUUID()];
    await expect(
      access.writeComposed(placeWrite(c, '5 Audit Row', true), [{ subjectType: 'place', subjectId: c, action: 'create' }], async (q, rows) => {
        expect(rows).toEqual([{ id: c }]);
        await q.query(insertPlace, [d, '6 Audit Row', null]);
      }),
    ).rejects.toThrow();
    expect(await count('audit_events')).toBe(before);
    expect(await count('places where id = any($1::uuid[])', [[c, d]])).toBe(0);
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });
});
