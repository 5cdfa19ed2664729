import { clip, type ChronologyPart, type ChronologyRow } from '../cases/chronology.js';

const iso = (d: Date | string) => new Date(d).toISOString();
const LABEL: Record<string, string> = { case_conference: 'Case conference', complex_case_panel: 'Complex case panel' };

/** Meetings held (with what they decided) and professional challenges, on the merged clock. */
export const meetingChronology: ChronologyPart[] = [
  {
    sql: `select m.held_at as at, u.agency_id, a.name as agency_name, m.id as ref_id, u.display_name as by_name,
            json_build_object('kind', m.kind, 'title', m.title,
              'agencies', (select count(distinct agency_id)::int from meeting_invitees i where i.meeting_id = m.id and i.attended)) as d
          from meetings m join users u on u.id = m.chair_user_id join agencies a on a.id = u.agency_id where m.case_id = $1 and m.status = 'held'`,
    entries: (m: ChronologyRow<{ kind: string; title: string; agencies: number }>) => [
      {
        at: iso(m.at),
        kind: 'meeting',
        agencyId: m.agency_id,
        agencyName: m.agency_name,
        title: `${LABEL[m.d.kind] ?? 'Meeting'} held: ${m.d.title}`,
        summary: `Chaired by ${m.by_name}; ${m.d.agencies} ${m.d.agencies === 1 ? 'agency' : 'agencies'} attended.`,
        category: 'case_notes',
        ref: { type: 'meeting', id: m.ref_id },
        by: m.by_name,
      },
    ],
  },
  {
    sql: `select d.recorded_at as at, u.agency_id, a.name as agency_name, d.id as ref_id, u.display_name as by_name, json_build_object('decision', d.decision, 'kind', m.kind) as d
          from meeting_decisions d join meetings m on m.id = d.meeting_id join users u on u.id = d.recorded_by join agencies a on a.id = u.agency_id where m.case_id = $1`,
    entries: (d: ChronologyRow<{ decision: string; kind: string }>) => [
      { at: iso(d.at), kind: 'decision', agencyId: d.agency_id, agencyName: d.agency_name, title: `${LABEL[d.d.kind] ?? 'Meeting'} decision`, summary: clip(d.d.decision), category: 'case_notes', ref: { type: 'meeting_decision', id: d.ref_id }, by: d.by_name },
    ],
  },
  {
    sql: `select c.created_at as at, c.raised_by_agency_id as agency_id, a.name as agency_name, c.id as ref_id, u.display_name as by_name, json_build_object('reason', c.reason, 'status', c.status) as d
          from professional_challenges c join agencies a on a.id = c.raised_by_agency_id join users u on u.id = c.raised_by where c.case_id = $1`,
    entries: (c: ChronologyRow<{ reason: string; status: string }>) => [
      { at: iso(c.at), kind: 'challenge', agencyId: c.agency_id, agencyName: c.agency_name, title: `Professional challenge (${c.d.status})`, summary: clip(c.d.reason), category: 'case_notes', ref: { type: 'professional_challenge', id: c.ref_id }, by: c.by_name },
    ],
  },
];
