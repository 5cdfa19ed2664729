/**
 * The load driver, run as its own process, for `seconds`, each request picking a route by weight.
 * Closed loop (no `rate`): `connections` keep-alive loops, each asking again as soon as it has its
 * answer, so it finds the most the server can serve. Open loop (`rate`): requests are due at a fixed
 * rate whatever the answers, over at most `connections` connections, and each latency counts from
 * when its request was due, so time spent waiting for a free connection counts too.
 * Prints one JSON line: per-route counts, errors and latency percentiles.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { MIX, reportedPerson, type OnFile, type RouteName } from './mix.js';

interface Plan {
  base: string;
  token: string;
  /** Signed in as the web app: its session cookie and CSRF token, sent instead of the API token. */
  session?: { cookie: string; csrf: string };
  seconds: number;
  connections: number;
  caseIds: string[];
  people: { personId: string; caseId: string }[];
  names: string[];
  /** People on file with their dates of birth, for reports that name them again. */
  onFile: OnFile[];
  addresses: { line1: string; postcode: string }[];
  answers: Record<string, unknown>;
  /** Only the routes whose names start with this (to measure one route's cost); all when absent. */
  only?: string;
  /** Requests a second, due at even intervals (open loop); absent: closed loop. */
  rate?: number;
}

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Plan;
const agent = new http.Agent({ keepAlive: true, maxSockets: plan.connections });
const base = new URL(plan.base);
let seq = 0;
const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];

type Req = { method: 'GET' | 'POST'; path: string; body?: unknown };
// How each route's request is made; MIX gives their names and weights.
const MAKE: { name: RouteName; make: () => Req }[] = [
  {
    name: 'POST /reports (intake + linking)',
    make: () => ({
      method: 'POST',
      path: '/api/v1/reports',
      body: {
        receivedAt: new Date().toISOString(),
        channel: 'phone',
        category: 'noise',
        description: `Loud music and shouting again, call ${++seq}`,
        location: { address: pick(plan.addresses) },
        people: [{ role: 'victim', ...reportedPerson(plan.onFile, plan.names) }],
      },
    }),
  },
  { name: 'GET /cases/{id}', make: () => ({ method: 'GET', path: `/api/v1/cases/${pick(plan.caseIds)}` }) },
  { name: 'GET /cases/{id}/chronology', make: () => ({ method: 'GET', path: `/api/v1/cases/${pick(plan.caseIds)}/chronology` }) },
  { name: 'GET /people?q= (search)', make: () => ({ method: 'GET', path: `/api/v1/people?q=${encodeURIComponent(pick(plan.names))}` }) },
  { name: 'GET /cases (my list)', make: () => ({ method: 'GET', path: '/api/v1/cases?mine=true&pageSize=20' }) },
  {
    name: 'POST /assessments',
    make: () => {
      const p = pick(plan.people);
      return { method: 'POST', path: '/api/v1/assessments', body: { personId: p.personId, caseId: p.caseId, questionnaireId: 'wellbeing-vulnerability', answers: plan.answers } };
    },
  },
];
const ROUTES = MAKE.map((r) => ({ ...r, weight: MIX.find((m) => m.name === r.name)!.weight }));
// A route named in full is that route alone ("GET /cases/{id}" is also the start of the chronology's name).
const chosen = ROUTES.some((r) => r.name === plan.only) ? ROUTES.filter((r) => r.name === plan.only) : ROUTES.filter((r) => !plan.only || r.name.startsWith(plan.only));
const total = chosen.reduce((s, r) => s + r.weight, 0);
const choose = () => {
  let x = Math.random() * total;
  for (const r of chosen) if ((x -= r.weight) < 0) return r;
  return chosen[0];
};

const credentials: Record<string, string> = plan.session ? { cookie: `convene_session=${plan.session.cookie}` } : { authorization: `Bearer ${plan.token}` };
const csrf: Record<string, string> = plan.session ? { 'x-csrf-token': plan.session.csrf } : {};

function send(r: Req): Promise<number> {
  return new Promise((resolve) => {
    const body = r.body ? JSON.stringify(r.body) : undefined;
    const req = http.request(
      { agent, host: base.hostname, port: base.port, method: r.method, path: r.path, headers: { ...credentials, ...(body ? { ...csrf, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

const stats = new Map<string, { times: number[]; errors: number; statuses: Record<number, number> }>();
for (const r of chosen) stats.set(r.name, { times: [], errors: 0, statuses: {} });
const end = Date.now() + plan.seconds * 1000;

function record(name: string, since: number, status: number) {
  const st = stats.get(name)!;
  st.times.push(performance.now() - since);
  st.statuses[status] = (st.statuses[status] ?? 0) + 1;
  if (status === 0 || status >= 400) st.errors++;
}

async function loop() {
  while (Date.now() < end) {
    const route = choose();
    const s = performance.now();
    record(route.name, s, await send(route.make()));
  }
}

/** Sends each request when it is due; the agent holds those with no free connection until one is. */
async function paced(rate: number) {
  const t0 = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let k = 0; ; k++) {
    const due = t0 + (k * 1000) / rate;
    if (due >= t0 + plan.seconds * 1000) break;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const route = choose();
    const p = send(route.make()).then((status) => record(route.name, due, status));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }
  await Promise.all(inFlight);
}

const started = performance.now();
if (plan.rate) await paced(plan.rate);
else await Promise.all(Array.from({ length: plan.connections }, loop));
const seconds = (performance.now() - started) / 1000;
const pct = (xs: number[], p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : 0);
const all: number[] = [];
const routes = [...stats].map(([name, s]) => {
  s.times.sort((a, b) => a - b);
  all.push(...s.times);
  return { name, requests: s.times.length, errors: s.errors, statuses: s.statuses, p50: pct(s.times, 50), p95: pct(s.times, 95), p99: pct(s.times, 99) };
});
all.sort((a, b) => a - b);
console.log(JSON.stringify({ seconds, requests: all.length, rps: all.length / seconds, p50: pct(all, 50), p95: pct(all, 95), p99: pct(all, 99), routes }));
agent.destroy();
