import rulesJson from './linking-rules.v1.json' with { type: 'json' };

export interface LinkingRules {
  version: string;
  suggestThreshold: number;
  linkThreshold: number;
  maxSuggestions: number;
  repeatVictim: { minReports: number; windowDays: number };
  repeatPerpetrator: { minReports: number; windowDays: number };
  repeatLocation: { minReports: number; windowDays: number };
  vulnerableRising: { minReports: number; windowDays: number };
}

export const LINKING_RULES: LinkingRules = rulesJson;

/** One earlier (or this) report as the flag rules see it. */
export interface ReportFact {
  reportId: string;
  receivedAt: string;
  agencyId: string;
  channel: string;
}

export interface FlagInput {
  now: string;
  /** Reports about each victim on this report (their linked cluster), this report included. */
  victims: { personId: string; reports: ReportFact[]; harmFaced?: 'standard' | 'medium' | 'high' | null }[];
  perpetrators: { personId: string; reports: ReportFact[] }[];
  place: { placeId: string; reports: ReportFact[] } | null;
  caseReview: { reportCount: number; windowDays: number };
}

export interface FlagResult {
  flags: string[];
  details: Record<string, unknown>;
}

const within = (reports: ReportFact[], now: string, days: number) => {
  const from = new Date(now).getTime() - days * 86_400_000;
  return reports.filter((r) => new Date(r.receivedAt).getTime() >= from);
};

const distinct = <T>(xs: T[]) => [...new Set(xs)];

/**
 * The derived flags of DESIGN §2.3, as a pure function of the report history:
 * repeat victim / perpetrator / location, vulnerable victim with rising reports, and ASB Case Review
 * eligibility (N reports about the same problem — same victim or same place — in the area's window).
 */
export function deriveFlags(input: FlagInput, rules: LinkingRules = LINKING_RULES): FlagResult {
  const flags = new Set<string>();
  const details: Record<string, unknown> = {};
  for (const v of input.victims) {
    const recent = within(v.reports, input.now, rules.repeatVictim.windowDays);
    if (recent.length >= rules.repeatVictim.minReports) {
      flags.add('repeat_victim');
      (details.repeat_victim as unknown[] | undefined) ?? (details.repeat_victim = []);
      (details.repeat_victim as unknown[]).push({ personId: v.personId, reports: recent.length, windowDays: rules.repeatVictim.windowDays });
    }
    const rising = within(v.reports, input.now, rules.vulnerableRising.windowDays);
    if (v.harmFaced === 'high' && rising.length >= rules.vulnerableRising.minReports) {
      flags.add('vulnerable_victim_rising');
      details.vulnerable_victim_rising = { personId: v.personId, reports: rising.length, windowDays: rules.vulnerableRising.windowDays };
    }
  }
  for (const p of input.perpetrators) {
    const recent = within(p.reports, input.now, rules.repeatPerpetrator.windowDays);
    if (recent.length >= rules.repeatPerpetrator.minReports) {
      flags.add('repeat_perpetrator');
      details.repeat_perpetrator = { personId: p.personId, reports: recent.length, windowDays: rules.repeatPerpetrator.windowDays };
    }
  }
  if (input.place) {
    const recent = within(input.place.reports, input.now, rules.repeatLocation.windowDays);
    if (recent.length >= rules.repeatLocation.minReports) {
      flags.add('repeat_location');
      details.repeat_location = { placeId: input.place.placeId, reports: recent.length, windowDays: rules.repeatLocation.windowDays };
    }
  }
  // Case Review: the strongest "same problem" thread, by victim or by place.
  const threads = [
    ...input.victims.map((v) => ({ about: { personId: v.personId }, reports: within(v.reports, input.now, input.caseReview.windowDays) })),
    ...(input.place ? [{ about: { placeId: input.place.placeId }, reports: within(input.place.reports, input.now, input.caseReview.windowDays) }] : []),
  ].sort((a, b) => b.reports.length - a.reports.length);
  const best = threads[0];
  if (best && best.reports.length >= input.caseReview.reportCount) {
    flags.add('case_review_eligible');
    const agencies = distinct(best.reports.map((r) => r.agencyId));
    const channels = distinct(best.reports.map((r) => r.channel));
    details.case_review_eligible = {
      ...best.about,
      reports: best.reports.length,
      threshold: input.caseReview.reportCount,
      windowDays: input.caseReview.windowDays,
      agencies: agencies.length,
      channels: channels.length,
      // Reports spread across agencies are exactly the ones nobody saw together: say so.
      acrossAgencies: agencies.length > 1 || channels.length > 1,
    };
  }
  return { flags: [...flags], details };
}
