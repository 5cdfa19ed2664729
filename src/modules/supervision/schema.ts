import { z } from 'zod';
import { pastDate, text } from '../../platform/validation.js';
import { SESSION_KINDS } from './rules.js';

export const SessionInput = z.object({
  kind: z.enum(SESSION_KINDS),
  heldOn: pastDate('heldOn'),
  practitionerId: z.uuid(),
  /** The supervisor, or the peer for a check-in; defaults to you when you are the practitioner's team leader. */
  supervisorId: z.uuid().optional(),
  casesDiscussed: z.array(z.object({ caseId: z.uuid(), note: text(2000).optional() })).max(50).default([]),
  wellbeing: z.object({
    /** How the practitioner says they are: 1 struggling … 5 thriving. */
    score: z.number().int().min(1).max(5),
    workloadManageable: z.enum(['yes', 'no', 'unsure']),
    distressingExposure: z.boolean().default(false),
    supportAgreed: text(2000).optional(),
  }),
  reflections: text(20_000).optional(),
  actions: z
    .array(z.object({ description: text(500).pipe(z.string().min(3, 'describe the action')), ownerUserId: z.uuid().optional(), dueDate: z.iso.date().optional() }))
    .max(20)
    .default([]),
});

export const SessionListQuery = z.object({
  practitionerId: z.uuid().optional(),
  kind: z.enum(SESSION_KINDS).optional(),
});

export const PractitionerParams = z.object({ userId: z.uuid() });

const State = z.enum(['not_due', 'due_soon', 'overdue']);

export const SupervisionStatus = z.object({
  lastSupervisionOn: z.string().nullable(),
  lastCheckInOn: z.string().nullable(),
  nextDue: z.string(),
  state: State,
});

export const CaseloadView = z.object({
  practitioner: z.object({ id: z.string(), name: z.string(), role: z.string(), teamId: z.string().nullable() }),
  openCasesLed: z.number(),
  highRiskCases: z.number().nullable(),
  casesWithSafeguardingConcerns: z.number().nullable(),
  cases: z.array(
    z.object({ id: z.string(), reference: z.string(), title: z.string(), status: z.string(), openedAt: z.string(), highestRisk: z.enum(['standard', 'medium', 'high']).nullable(), safeguardingConcern: z.boolean().nullable() }),
  ),
  overdue: z.object({
    tasks: z.number(),
    caseActions: z.number(),
    items: z.array(z.object({ kind: z.enum(['task', 'case_action']), id: z.string(), title: z.string(), dueAt: z.string().nullable(), caseId: z.string().nullable(), caseReference: z.string().nullable() })),
  }),
  supervision: SupervisionStatus,
});
