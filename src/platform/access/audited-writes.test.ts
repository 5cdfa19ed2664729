import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
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

// A write and its audit rows travel in one statement (writeOne) or in the write's last statement
// (withAudit): they must still land together or not at all, and stay in the sealed chain.
describe('audited writes in fewer round trips', () => {
  it('writeOne: the row and its audit event in one statement, queued for the chain', async () => {
    const db = t.db as { query: typeof t.db.query };
    const real = db.query;
    let statements = 0;
    db.query = (sql, params) => {
      statements++;
      return real(sql, params);
    };
    const id = randomUUID();
    try {
      const r = await access.writeOne<{ id: string }>(insertPlace, [id, '1 Audit Row', `audit-row-${id}`], [{ subjectType: 'place', subjectId: id, action: 'create' }]);
      expect(r.rows).toEqual([{ id }]);
    } finally {
      db.query = real;
    }
    expect(statements).toBe(1);
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

  it('withAudit: events so far go with the last statement, later ones after it; a later failure undoes both', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await access.write(async (q, audit, withAudit) => {
      await q.query(insertPlace, [a, '3 Audit Row', `audit-row-${a}`]);
      audit({ subjectType: 'place', subjectId: a, action: 'create' });
      await withAudit(insertPlace, [b, '4 Audit Row', `audit-row-${b}`]);
      audit({ subjectType: 'place', subjectId: b, action: 'create' });
    });
    expect(await count("audit_events where subject_id = any($1::text[]) and action = 'create'", [[a, b]])).toBe(2);

    const before = await count('audit_events');
    const c = randomUUID();
    await expect(
      access.write(async (q, audit, withAudit) => {
        audit({ subjectType: 'place', subjectId: c, action: 'create' });
        await withAudit(insertPlace, [c, '5 Audit Row', `audit-row-${c}`]);
        await q.query(insertPlace, [randomUUID(), '6 Audit Row', null]);
      }),
    ).rejects.toThrow();
    expect(await count('audit_events')).toBe(before);
    expect(await count('places where id = $1', [c])).toBe(0);
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });
});
