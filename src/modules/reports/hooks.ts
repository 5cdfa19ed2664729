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
  /** Who recorded it (null: the portal or another agency's system); tasks it raises go to them. */
  recordedBy?: string | null;
  /**
   * Set when the report is linked later than intake (see followup.ts): it is matched against the people
   * on file when it was stored (its `created_at`); anyone recorded since was matched against it already.
   */
  linkedLater?: boolean;
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
  /**
   * What the hook goes on to find while the hooks after it run: reads they need not wait for (a
   * hook sees what the hooks before it wrote, not what their `rest` reads). Merged after the hook's own.
   */
  rest?: Promise<HookResult>;
}

/** A module that reacts to new reports (linking, safeguarding prompts); results are merged into the 201 body. */
export type ReportHook = (access: Access, report: NewReport) => Promise<HookResult>;

/**
 * Runs the hooks in order, each once the one before it has returned, and merges their results in
 * that order (each hook's `rest` after its own), whatever order the rests finish in.
 */
export async function runReportHooks(ctx: AppContext, access: Access, report: NewReport): Promise<Required<Omit<HookResult, 'rest'>>> {
  const results: (HookResult | Promise<HookResult>)[] = [];
  for (const hook of reportHooks(ctx)) {
    const r = await hook(access, report);
    results.push(r);
    if (r.rest) {
      // Awaited below; a hook after it failing meanwhile must not leave it unhandled.
      r.rest.catch(() => undefined);
      results.push(r.rest);
    }
  }
  const out = { links: [] as Link[], flags: [] as string[], flagDetails: {} as Record<string, unknown> };
  for (const r of await Promise.all(results)) {
    out.links.push(...(r.links ?? []));
    for (const f of r.flags ?? []) if (!out.flags.includes(f)) out.flags.push(f);
    Object.assign(out.flagDetails, r.flagDetails ?? {});
  }
  return out;
}

export function reportHooks(ctx: AppContext): ReportHook[] {
  return ((ctx.services.reportHooks as ReportHook[] | undefined) ??= []);
}

export function addReportHook(ctx: AppContext, hook: ReportHook) {
  reportHooks(ctx).push(hook);
}
