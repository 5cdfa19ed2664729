import type { Module } from '../../platform/http/app.js';
import { addJob } from '../../platform/jobs/registry.js';
import { addChronologyParts } from '../cases/chronology.js';
import { meetingChronology } from './chronology.js';
import { seedMeetings } from './demo.js';
import { overdueActionsJob } from './overdue.js';
import { meetingRoutes } from './routes.js';

/** meetings: case conferences and complex-case panels, agencies' views side by side, professional challenge. */
export const meetingsModule: Module = {
  name: 'meetings',
  init: (ctx) => {
    addChronologyParts(ctx, ...meetingChronology);
    addJob(ctx, overdueActionsJob());
    ((ctx.services.demoSeeders as unknown[] | undefined) ??= []).push(seedMeetings);
  },
  routes: meetingRoutes,
};
