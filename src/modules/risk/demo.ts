import type { AppContext } from '../../platform/http/context.js';
import type { DemoData } from '../../seed/demo.js';
import { createAssessment } from './service.js';
import { answersScoring } from './rules/test-support.js';
import { latestQuestionnaire, type RiskData } from './rules/index.js';

/**
 * Demo assessments: each story's people assessed on both lenses at the levels the story gives,
 * plus an earlier assessment so the risk chart shows a change over time.
 */
export async function seedRisk(ctx: AppContext, demo: DemoData) {
  const data = ctx.services.riskData as RiskData;
  const leadEmail = { council: 'officer@council.demo', housing: 'officer@housing.demo', police: 'pc@police.demo' } as const;
  for (const c of demo.cases) {
    const access = await demo.actorFor(leadEmail[c.lead as keyof typeof leadEmail]);
    for (const [key, levels] of Object.entries(c.story.risk)) {
      const personId = c.people[key];
      if (!personId) continue;
      for (const [lens, level] of [['faced', levels.faced], ['posed', levels.posed]] as const) {
        if (!level) continue;
        const id = lens === 'posed' ? 'harm-to-others' : c.story.people[key] && Object.values(c.story.reports).some((r) => r.people.some((p) => p.key === key && p.role === 'victim')) ? 'asb-victim-risk' : 'wellbeing-vulnerability';
        const def = latestQuestionnaire(data.questionnaires, id)!;
        // Raw scores that land on the level once persistence (this person's linked reports) is added.
        const target = (l: string) => (l === 'high' ? def.thresholds.high : l === 'medium' ? def.thresholds.medium : 0);
        const earlier = level === 'high' ? 'medium' : 'standard';
        for (const [when, l] of [[40, earlier], [3, level]] as const) {
          let score = Math.max(0, target(l) - 2);
          for (; score >= 0; score--) {
            try {
              answersScoring(def, score);
              break;
            } catch {
              /* not every total is reachable: try one lower */
            }
          }
          await createAssessment(data, access, {
            personId,
            caseId: c.id,
            questionnaireId: id,
            assessedAt: new Date(Date.now() - when * 86_400_000).toISOString(),
            answers: answersScoring(def, Math.max(score, 0)) as Record<string, unknown>,
          });
        }
      }
    }
  }
}
