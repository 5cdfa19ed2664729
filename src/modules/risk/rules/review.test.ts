import { describe, expect, it } from 'vitest';
import { defaultReviewCadence } from './loader.js';
import { earlyReviewReason, isOverdue, nextReviewDate } from './review.js';
import { dualLens, type AssessmentSummary } from './dual-lens.js';

const cadence = defaultReviewCadence();

describe('review cadence v1', () => {
  it.each([
    { level: 'high', due: '2025-03-08T10:00:00.000Z' },
    { level: 'medium', due: '2025-03-29T10:00:00.000Z' },
    { level: 'standard', due: '2025-05-30T10:00:00.000Z' },
  ] as const)('$level → due $due', ({ level, due }) => {
    expect(nextReviewDate(level, '2025-03-01T10:00:00Z', cadence).toISOString()).toBe(due);
  });

  it('is unaffected by the clocks going forward (UK, 30 March 2025)', () => {
    expect(nextReviewDate('high', new Date('2025-03-27T09:00:00Z'), cadence).toISOString()).toBe('2025-04-03T09:00:00.000Z');
  });

  it.each([
    { now: '2025-03-07T23:59:59Z', overdue: false },
    { now: '2025-03-08T10:00:00Z', overdue: false },
    { now: '2025-03-08T10:00:01Z', overdue: true },
  ])('due 2025-03-08T10:00Z, now $now → overdue $overdue', ({ now, overdue }) => {
    expect(isOverdue('2025-03-08T10:00:00Z', now)).toBe(overdue);
  });
});

describe('early review', () => {
  it.each([
    { event: { kind: 'linked_report', reportId: 'ASB-2025-00042' } as const, code: 'new_linked_report' },
    { event: { kind: 'contact', deterioration: true, note: 'Not sleeping, tearful' } as const, code: 'deterioration_noted' },
    { event: { kind: 'contact', deterioration: false } as const, code: null },
  ])('$event.kind → $code', ({ event, code }) => {
    expect(earlyReviewReason(event)?.code ?? null).toBe(code);
  });

  it('names the report that prompted it', () => {
    expect(earlyReviewReason({ kind: 'linked_report', reportId: 'ASB-2025-00042' })?.message).toContain('ASB-2025-00042');
  });
});

describe('dual lens', () => {
  const a = (lens: AssessmentSummary['lens'], level: AssessmentSummary['level'], assessedAt: string, reviewDue: string, id: string): AssessmentSummary => ({
    id,
    questionnaireId: lens === 'harm_posed' ? 'harm-to-others' : lens === 'safeguarding' ? 'safeguarding-questions' : 'wellbeing-vulnerability',
    questionnaireVersion: 1,
    lens,
    level,
    assessedAt,
    reviewDue,
  });

  it('shows the latest of each lens side by side, with dates and overdue flags', () => {
    const view = dualLens(
      [
        a('harm_posed', 'high', '2025-01-01T00:00:00Z', '2025-01-08T00:00:00Z', 'p1'),
        a('harm_posed', 'medium', '2025-02-01T00:00:00Z', '2025-03-01T00:00:00Z', 'p2'),
        a('harm_faced', 'high', '2025-02-10T00:00:00Z', '2025-02-17T00:00:00Z', 'f1'),
        a('safeguarding', 'high', '2025-03-01T00:00:00Z', '2025-03-08T00:00:00Z', 's1'),
      ],
      '2025-02-20T00:00:00Z',
    );
    expect(view.harmPosed).toMatchObject({ level: 'medium', assessmentId: 'p2', overdue: false, reviewDue: new Date('2025-03-01T00:00:00Z') });
    expect(view.harmFaced).toMatchObject({ level: 'high', assessmentId: 'f1', overdue: true, assessedAt: new Date('2025-02-10T00:00:00Z') });
  });

  it('leaves a lens empty when it has not been assessed, and omits overdue without a clock', () => {
    const view = dualLens([a('harm_faced', 'standard', '2025-01-01T00:00:00Z', '2025-04-01T00:00:00Z', 'f1')]);
    expect(view.harmPosed).toBeNull();
    expect(view.harmFaced).not.toHaveProperty('overdue');
  });

  it('on a tie in time shows the higher level', () => {
    const view = dualLens([
      a('harm_faced', 'medium', '2025-01-01T00:00:00Z', '2025-01-29T00:00:00Z', 'f1'),
      a('harm_faced', 'high', '2025-01-01T00:00:00Z', '2025-01-08T00:00:00Z', 'f2'),
      a('harm_faced', 'standard', '2025-01-01T00:00:00Z', '2025-04-01T00:00:00Z', 'f3'),
    ]);
    expect(view.harmFaced?.assessmentId).toBe('f2');
  });
});
