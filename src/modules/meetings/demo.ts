import type { DemoSeeder } from '../../seed/demo.js';
import { addDecision, addMeetingAction, recordView, scheduleMeeting, updateMeeting } from './service.js';

const day = (offset: number, hour = 10) => {
  const d = new Date(Date.now() + offset * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

/** The Elm Court case gets a conference already held (views, decisions, actions) and a review panel coming up. */
export const seedMeetings: DemoSeeder = async (ctx, demo) => {
  const elm = demo.cases.find((c) => c.story.title.startsWith('Elm Court'));
  if (!elm) return;
  const officer = await demo.actorFor('officer@council.demo');
  const a = demo.agencies;
  const u = demo.users;
  const held = await scheduleMeeting(officer, elm.id, {
    kind: 'case_conference',
    title: 'Elm Court: risk to the resident and support for the household',
    scheduledAt: day(-6),
    location: 'Riverside Civic Centre, room 2',
    invitees: [
      { agencyId: a.police, userId: u['pc@police.demo'] },
      { agencyId: a.health, userId: u['nurse@health.demo'] },
      { agencyId: a.housing, userId: u['officer@housing.demo'] },
      { agencyId: a.victims, userId: u['caseworker@victims.demo'] },
    ],
  });
  await recordView(officer, held.id, { view: 'Eleven reports in ten months from three agencies; the resident lives alone and is frightened to leave the flat.', recommendation: 'Joint visit this week; consider a civil injunction with positive requirements.', category: 'case_notes' });
  await recordView(await demo.actorFor('pc@police.demo'), held.id, { view: 'Two calls last month with threats recorded on body-worn video; the neighbour has no previous convictions.', concerns: 'Escalation at night, after drinking.', category: 'criminal_justice' });
  await recordView(await demo.actorFor('nurse@health.demo'), held.id, { view: 'The resident is known to the community mental health team; recent low mood and poor sleep.', recommendation: 'Fast-track review with the care coordinator.', category: 'health' });
  await recordView(await demo.actorFor('officer@housing.demo'), held.id, { view: 'Both are our tenants; the neighbour has rent arrears and asked for support with debt.', category: 'case_notes' });
  await addDecision(officer, held.id, { decision: 'Seek a civil injunction with a positive requirement to engage with alcohol support.', rationale: 'Warnings and an Acceptable Behaviour Contract have not stopped the threats; the resident is at high risk.' });
  await addMeetingAction(officer, held.id, { description: 'Draft the injunction application with legal services', ownerUserId: u['officer@council.demo'], dueDate: day(4).slice(0, 10) });
  await addMeetingAction(officer, held.id, { description: 'Refer the neighbour to alcohol and debt support', ownerUserId: u['officer@housing.demo'], dueDate: day(-1).slice(0, 10) });
  await updateMeeting(ctx, officer, held.id, {
    status: 'held',
    minutes: 'All five agencies attended. Agreed the injunction route with positive requirements and a fast-track mental health review for the resident. Victim Support to call the resident twice a week.',
    attendance: [
      { agencyId: a.police, userId: u['pc@police.demo'], attended: true },
      { agencyId: a.health, userId: u['nurse@health.demo'], attended: true },
      { agencyId: a.housing, userId: u['officer@housing.demo'], attended: true },
      { agencyId: a.victims, userId: u['caseworker@victims.demo'], attended: true },
    ],
  });
  await scheduleMeeting(officer, elm.id, {
    kind: 'complex_case_panel',
    title: 'Elm Court: review of the injunction and support',
    scheduledAt: day(8),
    location: 'Online',
    invitees: [{ agencyId: a.police, userId: u['pc@police.demo'] }, { agencyId: a.health, userId: u['nurse@health.demo'] }, { agencyId: a.asc }],
  });
};
