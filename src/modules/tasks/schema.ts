import { z } from 'zod';
import { text } from '../../platform/validation.js';
import { TASK_STATUSES } from './store.js';

export const TaskListQuery = z.object({
  scope: z.enum(['mine', 'team']).default('mine'),
  status: z.enum(TASK_STATUSES).default('open'),
  kind: z.string().regex(/^[a-z_]{2,60}$/, 'must be a task kind such as victim_update').optional(),
  overdue: z.enum(['true', 'false']).optional(),
});

export const TaskUpdate = z.object({
  status: z.enum(['done', 'cancelled']),
  note: text(2000).optional(),
});

const isoOrNull = z.string().nullable();

export const TaskView = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  detail: z.record(z.string(), z.unknown()),
  caseId: z.string().nullable(),
  caseReference: z.string().nullable(),
  personId: z.string().nullable(),
  assigneeUserId: z.string().nullable(),
  assignee: z.string().nullable(),
  teamId: z.string().nullable(),
  dueAt: isoOrNull,
  status: z.enum(TASK_STATUSES),
  overdue: z.boolean(),
  createdAt: z.string(),
  doneAt: isoOrNull,
  note: z.string().nullable(),
});
