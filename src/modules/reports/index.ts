import type { Module } from '../../platform/http/app.js';
import type { AppContext } from '../../platform/http/context.js';
import { addJob } from '../../platform/jobs/registry.js';
import { createReportsToLink, linkWhatIsLeft, type ReportsToLink } from './followup.js';
import { reportRoutes } from './routes.js';

export const reportsModule: Module = {
  name: 'reports',
  init: (ctx: AppContext) => {
    ctx.services.reportsToLink = createReportsToLink(ctx) satisfies ReportsToLink;
    addJob(ctx, {
      name: 'reports-linking-to-follow',
      description: 'Links reports stored while their linking could not be done (the database went away, or a check failed), and tells the officer what it found.',
      everyMinutes: 1,
      run: ({ access, now }) => linkWhatIsLeft(ctx, access, now),
    });
  },
  routes: reportRoutes,
};
