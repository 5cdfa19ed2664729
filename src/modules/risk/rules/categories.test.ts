import { describe, expect, it } from 'vitest';
import { answerCategories, loadAllQuestionnaires } from './index.js';

const defs = loadAllQuestionnaires();
const HEALTH = ['mental_health', 'mental_health_support', 'substance_use', 'alcohol_drugs', 'care_support_needs', 'capacity_concern', 'capacity_assessment', 'suicidal_thoughts', 'self_harm_or_suicide', 'learning_disability_autism'];

describe('answer categories for the access policy', () => {
  it.each(defs.map((d) => [`${d.id} v${d.version}`, d] as const))('%s: health questions are health data, safeguarding answers safeguarding', (_n, def) => {
    const cats = answerCategories(def);
    for (const [id, category] of cats) {
      if (HEALTH.includes(id)) expect(category, id).toBe('health');
      if (def.lens === 'safeguarding') expect(category, id).toBe('safeguarding');
    }
    expect(cats.size).toBe(def.sections.reduce((n, s) => n + s.questions.length, 0));
  });

  it('marks exploitation and cuckooing signs as safeguarding data', () => {
    const wb = defs.find((d) => d.id === 'wellbeing-vulnerability')!;
    expect(answerCategories(wb).get('cuckooing_signs')).toBe('safeguarding');
    expect(answerCategories(wb).get('isolated')).toBe('risk');
  });
});
