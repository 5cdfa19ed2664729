import { PGlite } from '@electric-sql/pglite';
import type { EventEmitter } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { isUnavailable } from './db.js';
import { connectClient } from './pglite.js';

const lite = await PGlite.create('memory://');
afterAll(() => lite.close());

describe('the embedded database connection', () => {
  it('prepares named statements and, once its connection fails, answers every statement as unavailable instead of crashing', async () => {
    const client = await connectClient(lite);
    expect((await client.query({ name: 'plus_one', text: 'select $1::int + 1 as n', values: [41] })).rows[0].n).toBe(42);
    expect((await client.query('select count(*)::int as n from pg_prepared_statements where name = $1', ['plus_one'])).rows[0].n).toBe(1);
    (client as unknown as { connection: EventEmitter }).connection.emit('error', new Error('the embedded database stopped'));
    const failed = await client.query('select 1').then(
      () => null,
      (err: unknown) => err,
    );
    expect(failed).toBeInstanceOf(Error);
    expect(isUnavailable(failed)).toBe(true);
  });
});
