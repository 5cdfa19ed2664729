import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../../../../test/support/scratch.js';
import { loadAllQuestionnaires, loadRiskData, QUESTIONNAIRES_DIR, RiskDataError } from './loader.js';
import { findQuestionnaire, latestQuestionnaire, questionsOf } from './questionnaire.js';

const shippedFile = (name: string) => JSON.parse(readFileSync(join(fileURLToPath(QUESTIONNAIRES_DIR), name), 'utf8'));

function folder(files: Record<string, unknown>): string {
  const dir = scratchDir('convene-risk-');
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), typeof body === 'string' ? body : JSON.stringify(body));
  return dir;
}

describe('shipped data', () => {
  const data = loadRiskData();

  it('loads every questionnaire and rule file', () => {
    expect(data.questionnaires.map((d) => `${d.id}.v${d.version}`).sort()).toEqual([
      'asb-victim-risk.v1',
      'harm-to-others.v1',
      'safeguarding-questions.v1',
      'wellbeing-vulnerability.v1',
    ]);
    expect(data.persistenceRules).toHaveLength(1);
    expect(data.reviewCadences[0].days).toEqual({ high: 7, medium: 28, standard: 90 });
    expect(data.enforcementLadders[0].steps).toHaveLength(9);
  });

  it.each([
    { id: 'asb-victim-risk', lens: 'harm_faced' },
    { id: 'wellbeing-vulnerability', lens: 'harm_faced' },
    { id: 'harm-to-others', lens: 'harm_posed' },
    { id: 'safeguarding-questions', lens: 'safeguarding' },
  ])('$id is on the $lens lens', ({ id, lens }) => {
    expect(latestQuestionnaire(data.questionnaires, id)?.lens).toBe(lens);
  });

  it('wellbeing applies to alleged perpetrators as well as victims', () => {
    expect(latestQuestionnaire(data.questionnaires, 'wellbeing-vulnerability')!.appliesTo).toEqual(
      expect.arrayContaining(['victim', 'alleged_perpetrator']),
    );
  });

  it('carries the legal-literacy notes in plain English', () => {
    const notes = data.questionnaires.flatMap((d) => d.legalNotes);
    const text = (id: string) => notes.filter((n) => n.id === id).map((n) => [n.text, ...(n.points ?? [])].join(' ')).join(' ');
    expect(notes.find((n) => n.id === 'mca-2005')!.points).toHaveLength(5);
    for (const phrase of ['Presume capacity', 'Support to decide', 'Unwise decisions', 'Best interests', 'Least restrictive']) {
      expect(text('mca-2005')).toContain(phrase);
    }
    expect(text('care-act-s42')).toMatch(/care and support.*abuse or neglect.*cannot protect themselves/s);
    expect(text('information-sharing')).toMatch(/UK GDPR.*Data Protection Act 2018/s);
    expect(text('information-sharing')).toContain('Crime and Disorder Act 1998 s115');
    expect(text('information-sharing')).toMatch(/necessary and proportionate/);
    expect(text('information-sharing')).toMatch(/Record .* why/);
  });

  it('the seven safeguarding questions are yes/no/unknown with a required reason and a task for yes', () => {
    const qs = questionsOf(latestQuestionnaire(data.questionnaires, 'safeguarding-questions')!);
    expect(qs).toHaveLength(7);
    for (const q of qs) {
      expect(q).toMatchObject({ type: 'yes_no_unknown', required: true, reasonRequired: true, createsTask: { when: ['yes'] } });
    }
  });
});

describe('versions', () => {
  it('keeps old versions readable and serves the latest for new assessments', () => {
    const v1 = shippedFile('harm-to-others.v1.json');
    const v2 = { ...v1, version: 2, title: 'Harm to others assessment (revised)' };
    const defs = loadAllQuestionnaires(folder({ 'harm-to-others.v1.json': v1, 'harm-to-others.v2.json': v2 }));
    expect(findQuestionnaire(defs, 'harm-to-others', 1)?.title).toBe(v1.title);
    expect(latestQuestionnaire(defs, 'harm-to-others')?.version).toBe(2);
    expect(findQuestionnaire(defs, 'harm-to-others', 3)).toBeUndefined();
    expect(latestQuestionnaire(defs, 'no-such-questionnaire')).toBeUndefined();
  });
});

describe('a bad file gives a clear error naming the file and the path inside it', () => {
  const good = shippedFile('harm-to-others.v1.json');
  const withQuestion = (patch: object) => {
    const copy = structuredClone(good);
    Object.assign(copy.sections[1].questions[0], patch);
    return copy;
  };

  it.each([
    { case: 'invalid JSON', name: 'x.v1.json', body: '{ "id": ', error: /x\.v1\.json: not readable JSON/ },
    { case: 'bad file name', name: 'harm to others.json', body: good, error: /harm to others\.json: file name must be <id>\.v<version>\.json/ },
    { case: 'version disagrees with file name', name: 'harm-to-others.v2.json', body: good, error: /harm-to-others\.v2\.json at version: must be 2/ },
    {
      case: 'choice with no options',
      name: 'harm-to-others.v1.json',
      body: withQuestion({ options: undefined }),
      error: /harm-to-others\.v1\.json at sections\[1\]\.questions\[0\]\.options: options are required for a "choice" question/,
    },
    {
      case: 'misspelt key',
      name: 'harm-to-others.v1.json',
      body: withQuestion({ reasonRequird: true }),
      error: /harm-to-others\.v1\.json at sections\[1\]\.questions\[0\]: Unrecognized key/,
    },
    {
      case: 'unknown question type',
      name: 'harm-to-others.v1.json',
      body: withQuestion({ type: 'slider' }),
      error: /harm-to-others\.v1\.json at sections\[1\]\.questions\[0\]\.type/,
    },
    {
      case: 'trigger on a missing question',
      name: 'harm-to-others.v1.json',
      body: { ...good, triggers: [{ id: 't', description: 'd', when: [{ question: 'nope', in: ['yes'] }], level: 'high' }] },
      error: /harm-to-others\.v1\.json at triggers\[0\]\.when\[0\]\.question: trigger: no earlier question "nope"/,
    },
    {
      case: 'trigger on an impossible answer',
      name: 'harm-to-others.v1.json',
      body: { ...good, triggers: [{ id: 't', description: 'd', when: [{ question: 'weapons', in: ['often'] }], level: 'high' }] },
      error: /at triggers\[0\]\.when\[0\]\.in: trigger: "often" is not an answer to "weapons"/,
    },
    {
      case: 'thresholds the wrong way round',
      name: 'harm-to-others.v1.json',
      body: { ...good, thresholds: { medium: 12, high: 6 } },
      error: /at thresholds: "medium" must be below "high"/,
    },
    {
      case: 'legal note that does not exist',
      name: 'harm-to-others.v1.json',
      body: withQuestion({ legalNoteIds: ['magna-carta'] }),
      error: /at sections\[1\]\.questions\[0\]\.legalNoteIds\[0\]: no legal note "magna-carta"/,
    },
  ])('$case', ({ name, body, error }) => {
    const dir = folder({ [name]: body });
    expect(() => loadAllQuestionnaires(dir)).toThrow(RiskDataError);
    expect(() => loadAllQuestionnaires(dir)).toThrow(error);
  });

  it('reports every bad file at once', () => {
    const dir = folder({ 'a.v1.json': '{', 'b.v1.json': '[' , 'review-cadence.v1.json': { id: 'review-cadence', version: 1, description: 'x', days: { high: 30, medium: 7, standard: 90 } } });
    try {
      loadRiskData(dir);
      expect.unreachable();
    } catch (err) {
      const files = (err as RiskDataError).problems.map((p) => p.file);
      expect(files).toEqual(['a.v1.json', 'b.v1.json', 'review-cadence.v1.json']);
    }
  });
});
