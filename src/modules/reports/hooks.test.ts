/**
 * Report hooks run one after another (each sees what the ones before it wrote); what a hook goes on
 * to read (`rest`) runs alongside the hooks after it, and everything is merged in hook order.
 */
import { describe, expect, it } from 'vitest';
import type { Access } from '../../platform/access/access.js';
import type { AppContext } from '../../platform/http/context.js';
import { addReportHook, runReportHooks, type NewReport } from './hooks.js';

const report: NewReport = { id: 'r1', reference: 'ASB-1', receivedAt: '2026-12-01T10:00:00Z', agencyId: 'a1', channel: 'phone', category: 'noise', placeId: null, people: [] };
const access = {} as Access;
const ctxWith = () => ({ services: {} }) as unknown as AppContext;
const link = (id: string) => ({ kind: 'report' as const, reportId: id, probability: 1, evidence: [] });

describe('report hooks', () => {
  it('run in order, let a hook’s rest go on while the next hooks run, and merge in hook order', async () => {
    const ctx = ctxWith();
    const seen: string[] = [];
    let finishRest!: () => void;
    addReportHook(ctx, async () => {
      seen.push('first');
      const rest = new Promise<void>((r) => (finishRest = r)).then(() => (seen.push('first rest'), { flags: ['repeat_victim'], flagDetails: { repeat_victim: { reports: 3 } } }));
      return { links: [link('a')], flags: ['repeat_location'], rest };
    });
    addReportHook(ctx, async () => {
      seen.push('second');
      finishRest();
      return { links: [link('b')], flags: ['safeguarding_prompt', 'repeat_location'], flagDetails: { safeguarding_prompt: { reasons: ['x'] } } };
    });
    const out = await runReportHooks(ctx, access, report);
    expect(seen).toEqual(['first', 'second', 'first rest']);
    expect(out).toEqual({
      links: [link('a'), link('b')],
      flags: ['repeat_location', 'repeat_victim', 'safeguarding_prompt'],
      flagDetails: { repeat_victim: { reports: 3 }, safeguarding_prompt: { reasons: ['x'] } },
    });
  });

  it('fail with the first failure, a rest’s as much as a hook’s, leaving nothing unhandled', async () => {
    const failingRest = ctxWith();
    addReportHook(failingRest, async () => ({ rest: Promise.reject(new Error('flags read failed')) }));
    addReportHook(failingRest, async () => ({ flags: ['safeguarding_prompt'] }));
    await expect(runReportHooks(failingRest, access, report)).rejects.toThrow('flags read failed');

    const failingHook = ctxWith();
    addReportHook(failingHook, async () => ({ rest: new Promise((_, reject) => setTimeout(() => reject(new Error('later failure')), 10)) }));
    addReportHook(failingHook, async () => {
      throw new Error('prompt failed');
    });
    await expect(runReportHooks(failingHook, access, report)).rejects.toThrow('prompt failed');
    await new Promise((r) => setTimeout(r, 30)); // the rest's failure comes and is not unhandled
  });
});
