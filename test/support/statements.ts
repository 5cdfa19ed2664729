import type { ReportsToLink } from '../../src/modules/reports/followup.js';
import type { TestApp } from './app.js';

/** The statements (and transactions) the app sends to its database while `fn` runs. */
export async function sentWhile<T>(t: TestApp, fn: () => Promise<T>): Promise<{ out: T; sent: string[]; transactions: number }> {
  // Reports linked earlier have their still-to-link marks cleared now, not on their timer while `fn` runs.
  await (t.ctx.services.reportsToLink as ReportsToLink).flush();
  const db = t.ctx.db as { query: typeof t.db.query; tx: typeof t.db.tx };
  const [query, tx] = [db.query, db.tx];
  const sent: string[] = [];
  let transactions = 0;
  db.query = (sql, params) => {
    sent.push(sql);
    return query(sql, params);
  };
  db.tx = (inner) => {
    transactions++;
    return tx(inner);
  };
  try {
    return { out: await fn(), sent, transactions };
  } finally {
    [db.query, db.tx] = [query, tx];
  }
}
