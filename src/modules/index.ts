import type { Module } from '../platform/http/app.js';
import { directoryModule } from './directory/index.js';
import { placesModule } from './places/index.js';
import { peopleModule } from './people/index.js';
import { reportsModule } from './reports/index.js';
import { casesModule } from './cases/index.js';
import { linkingModule } from './linking/index.js';
import { tasksModule } from './tasks/index.js';
import { riskModule } from './risk/index.js';
import { sharingModule } from './sharing/index.js';
import { meetingsModule } from './meetings/index.js';
import { interventionsModule } from './interventions/index.js';
import { victimsModule } from './victims/index.js';
import { supervisionModule } from './supervision/index.js';
import { portalModule } from './portal/index.js';
import { insightModule } from './insight/index.js';

/** Every domain module, in dependency order (a module's init may use services registered before it). */
export const modules: Module[] = [
  directoryModule,
  placesModule,
  peopleModule,
  reportsModule,
  casesModule,
  linkingModule,
  tasksModule,
  riskModule,
  sharingModule,
  meetingsModule,
  interventionsModule,
  victimsModule,
  supervisionModule,
  portalModule,
  insightModule,
];
