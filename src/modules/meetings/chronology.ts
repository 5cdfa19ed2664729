import type { ChronologySource } from '../cases/chronology.js';

const iso = (d: Date | string) => new Date(d).toISOString();
const clip = (s: string, n = 280) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const LABEL: Record<string, string> = { case_conference: 'Case conference', complex_case_panel: 'Complex case panel' };

/** Meetings held (with what they decided) and professional challenges, on the merged clock. */
export const meetingChronology: ChronologySource = async (q, caseId) => {
  const [held, decisions, challenges] = await Promise.all([
    q.query<{ id: string; kind: string; title: string; held_at: Date; agency_id: string; agency_name: string; chair: string; agencies: number }>(
      `select m.id, m.kind, m.title, m.held_at, u.agency_id, a.name as agency_name, u.display_name as chair,
         (select count(distinct agency_id)::int from meeting_invitees i where i.meeting_id = m.id and i.attended) as agencies
       from meetings m join users u on u.id = m.chair_user_id join agencies a on a.id = u.agency_id where m.case_id = $1 and m.status = 'held'`,
      [caseId],
    ),
    q.query<{ id: string; decision: string; recorded_at: Date; agency_id: string; agency_name: string; by_name: string; kind: string }>(
      `select d.id, d.decision, d.recorded_at, u.agency_id, a.name as agency_name, u.display_name as by_name, m.kind
       from meeting_decisions d join meetings m on m.id = d.meeting_id join users u on u.id = d.recorded_by join agencies a on a.id = u.agency_id where m.case_id = $1`,
      [caseId],
    ),
    q.query<{ id: string; reason: string; created_at: Date; raised_by_agency_id: string; agency_name: string; by_name: string; status: string }>(
      `select c.id, c.reason, c.created_at, c.raised_by_agency_id, a.name as agency_name, u.display_name as by_name, c.status
       from professional_challenges c join agencies a on a.id = c.raised_by_agency_id join users u on u.id = c.raised_by where c.case_id = $1`,
      [caseId],
    ),
  ]);
  return [
    ...held.rows.map((m) => ({
      at: iso(m.held_at),
      kind: 'meeting',
      agencyId: m.agency_id,
      agencyName: m.agency_name,
      title: `${LABEL[m.kind] ?? 'Meeting'} held: ${m.title}`,
      summary: `Chaired by ${m.chair}; ${m.agencies} ${m.agencies === 1 ? 'agency' : 'agencies'} attended.`,
      category: 'case_notes' as const,
      ref: { type: 'meeting', id: m.id },
      by: m.chair,
    })),
    ...decisions.rows.map((d) => ({
      at: iso(d.recorded_at),
      kind: 'decision',
      agencyId: d.agency_id,
      agencyName: d.agency_name,
      title: `${LABEL[d.kind] ?? 'Meeting'} decision`,
      summary: clip(d.decision),
      category: 'case_notes' as const,
      ref: { type: 'meeting_decision', id: d.id },
      by: d.by_name,
    })),
    ...challenges.rows.map((c) => ({
      at: iso(c.created_at),
      kind: 'challenge',
      agencyId: c.raised_by_agency_id,
      agencyName: c.agency_name,
      title: `Professional challenge (${c.status})`,
      summary: clip(c.reason),
      category: 'case_notes' as const,
      ref: { type: 'professional_challenge', id: c.id },
      by: c.by_name,
    })),
  ];
};
