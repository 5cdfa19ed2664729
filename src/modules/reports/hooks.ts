import type { Access } from '../../platform/access/access.js';
import type { AppContext } from '../../platform/http/context.js';

/** What intake tells other modules about a new report once it is committed. */
export interface NewReport {
  id: string;
  reference: string;
  receivedAt: string;
  agencyId: string;
  channel: string;
  category: string;
  placeId: string | null;
  people: { personId: string; role: string; index: number; input: Record<string, unknown> }[];
}

export interface Link {
  kind: 'person' | 'report' | 'place';
  probability: number;
  evidence: { field: string; level: string; weight: number; [k: string]: unknown }[];
  [k: string]: unknown;
}

export interface HookResult {
  links?: Link[];
  flags?: string[];
  flagDetails?: Record<string, unknown>;
}

/** A module that reacts to new reports (linking, safeguarding prompts); results are merged into the 201 body. */
export type ReportHook = (access: Access, report: NewReport) => Promise<HookResult>;

export function reportHooks(ctx: AppContext): ReportHook[] {
  return ((ctx.services.reportHooks as ReportHook[] | undefined) ??= []);
}

export function addReportHook(ctx: AppContext, hook: ReportHook) {
  reportHooks(ctx).push(hook);
}
