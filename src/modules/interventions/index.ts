import type { Module } from '../../platform/http/app.js';
import { addChronologySource } from '../cases/chronology.js';
import { interventionRoutes } from './routes.js';

/** interventions: support, mediation and proportionate enforcement with positive requirements. */
export const interventionsModule: Module = {
  name: 'interventions',
  init: (ctx) =>
    addChronologySource(ctx, async (q, caseId) => {
      const { rows } = await q.query<{ id: string; created_at: Date; kind: string; type: string; status: string; person: string; agency_id: string; agency: string }>(
        'select i.id, i.created_at, i.kind, i.type, i.status, p.display_name as person, i.agency_id, a.name as agency from interventions i join people p on p.id = i.person_id join agencies a on a.id = i.agency_id where i.case_id = $1',
        [caseId],
      );
      const breaches = await q.query<{ id: string; occurred_at: Date; description: string; agency_id: string; agency: string; type: string }>(
        'select b.id, b.occurred_at, b.description, i.agency_id, a.name as agency, i.type from breaches b join interventions i on i.id = b.intervention_id join agencies a on a.id = i.agency_id where i.case_id = $1',
        [caseId],
      );
      return [
        ...rows.map((r) => ({
          at: new Date(r.created_at).toISOString(),
          kind: r.kind === 'enforcement' ? 'enforcement' : r.kind === 'mediation' ? 'mediation' : 'referral',
          agencyId: r.agency_id,
          agencyName: r.agency,
          title: `${r.type.replace(/_/g, ' ')} for ${r.person}`,
          summary: `Status: ${r.status}`,
          category: r.kind === 'enforcement' ? ('criminal_justice' as const) : ('case_notes' as const),
          ref: { type: 'intervention', id: r.id },
        })),
        ...breaches.rows.map((b) => ({
          at: new Date(b.occurred_at).toISOString(),
          kind: 'breach',
          agencyId: b.agency_id,
          agencyName: b.agency,
          title: `Breach of ${b.type.replace(/_/g, ' ')}`,
          summary: b.description,
          category: 'criminal_justice' as const,
          ref: { type: 'breach', id: b.id },
        })),
      ];
    }),
  routes: interventionRoutes,
};
