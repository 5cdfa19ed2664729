/**
 * The benchmark's mixed workload: each route and its share of requests (out of 100). The load
 * driver picks routes by these weights; `bench:api -- --route-costs` weighs what each costs alone
 * by them, to say which route the mix's CPU goes to.
 */
export const MIX = [
  { name: 'POST /reports (intake + linking)', weight: 15 },
  { name: 'GET /cases/{id}', weight: 25 },
  { name: 'GET /cases/{id}/chronology', weight: 20 },
  { name: 'GET /people?q= (search)', weight: 20 },
  { name: 'GET /cases (my list)', weight: 10 },
  { name: 'POST /assessments', weight: 10 },
] as const;

export type RouteName = (typeof MIX)[number]['name'];
