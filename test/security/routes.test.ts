/**
 * Every route in the API document is closed without a session or token, except the few that are
 * public by design (health, the resident portal, sign-in, the API document itself). A new route
 * that forgets the access layer fails here. Also: security headers and CSRF on cookie writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';

/** The public surface, on purpose. Anything else answering without credentials is a hole. */
const PUBLIC = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /api/v1/public/info',
  'POST /api/v1/public/reports',
  'GET /api/v1/public/reports/{reference}',
  'POST /api/v1/auth/login',
]);

let t: TestApp;
let routes: { method: string; path: string }[];
beforeAll(async () => {
  t = await createTestApp();
  const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((m) => ({ method: m.toUpperCase(), path })));
});
afterAll(() => t.close());

const concrete = (path: string) => path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000001');

describe('route coverage', () => {
  it('finds the whole API in its document', () => {
    expect(routes.length).toBeGreaterThan(80);
    // The public routes named above all exist, so the list cannot silently go stale.
    for (const p of PUBLIC) expect(routes.map((r) => `${r.method} ${r.path}`)).toContain(p);
  });

  it('answers 401 with a problem body on every non-public route without credentials', async () => {
    const open: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      if (PUBLIC.has(key)) continue;
      const res = await t.app.inject({ method: r.method as 'GET', url: concrete(r.path), payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {} });
      if (res.statusCode !== 401 || !res.headers['content-type']?.toString().startsWith('application/problem+json')) open.push(`${key} → ${res.statusCode}`);
    }
    expect(open).toEqual([]);
  });

  it('refuses a forged or revoked token the same way', async () => {
    for (const r of routes.filter((x) => x.method === 'GET' && !PUBLIC.has(`GET ${x.path}`)).slice(0, 40)) {
      const res = await t.app.inject({ url: concrete(r.path), headers: { authorization: 'Bearer test_not-a-real-token' } });
      expect(res.statusCode, r.path).toBe(401);
    }
  });

  it('sends security headers on API, portal and error responses', async () => {
    for (const url of ['/healthz', '/api/v1/public/info', '/api/v1/cases', '/api/v1/no-such-route']) {
      const res = await t.app.inject({ url });
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['content-security-policy'], url).toContain("default-src 'self'");
      expect(res.headers['x-frame-options'] ?? res.headers['content-security-policy'], url).toMatch(/SAMEORIGIN|DENY|frame-ancestors/i);
      expect(res.headers['referrer-policy'], url).toBeTruthy();
      expect(res.headers['x-powered-by'], url).toBeUndefined();
    }
  });

  it('rejects an oversized body early with 413, before any handler runs', async () => {
    const big = JSON.stringify({ description: 'x'.repeat(t.ctx.config.BODY_LIMIT_BYTES + 10) });
    const res = await t.as('officer@council.demo', { method: 'POST', url: '/api/v1/reports', payload: big, headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(413);
    expect(res.json().status).toBe(413);
  });
});
