import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from './api';
import { errorText, fmtDate, fmtDateTime, Loading, Maybe, Problem, RiskBadge, Section, useApi } from './ui';

interface MeetingItem { id: string; caseId: string; caseReference: string; kind: string; title: string; scheduledAt: string; location: string | null; status: string; chair: string }
interface Side { agencyId: string; agencyName: string; given: boolean; author?: string; recordedAt?: string; category?: string; view?: unknown; concerns?: unknown; recommendation?: unknown }
type Lens = { level: string } | { withheld: true; category: string } | null;
interface Meeting {
  id: string; caseId: string; caseReference: string; kind: string; title: string; scheduledAt: string; location: string | null; status: string; minutes: string | null;
  chair: { id: string; name: string };
  invitees: { agencyId: string; agencyName: string; name: string | null; attended: boolean | null }[];
  agenda: { frozen: boolean; builtAt: string; risk: { personId: string; displayName: unknown; roles: string[]; harmFaced: Lens; harmPosed: Lens }[]; recent: { at: string; agencyName: string; title: string; summary: string; withheld?: boolean }[]; openActions: { id: string; description: string; owner: string | null; agencyName: string; dueDate: string | null; overdue: boolean }[] };
  views: Side[];
  decisions: { id: string; decision: string; rationale: string | null; recordedBy: string; recordedAt: string; openChallenges: number }[];
  actions: { id: string; description: string; owner: string | null; agencyName: string; dueDate: string | null; status: string }[];
}

const KIND: Record<string, string> = { case_conference: 'Case conference', complex_case_panel: 'Complex case panel' };

const lensLevel = (l: Lens) => (l && 'level' in l ? l.level : null);
const lensText = (l: Lens) => (l && 'withheld' in l ? 'withheld' : undefined);

/** Upcoming meetings for the home page. */
export function UpcomingMeetings() {
  const list = useApi<MeetingItem[]>('/meetings?scope=upcoming');
  if (list.loading) return <Loading />;
  if (!list.data?.length) return <p>No meetings coming up.</p>;
  return (
    <ul>
      {list.data.map((m) => (
        <li key={m.id}>
          <Link to={`/meetings/${m.id}`}>{KIND[m.kind]}: {m.title}</Link> — {fmtDateTime(m.scheduledAt)} ({m.caseReference})
        </li>
      ))}
    </ul>
  );
}

/** The case page's meetings panel. */
export function CaseMeetings({ caseId }: { caseId: string }) {
  const list = useApi<MeetingItem[]>(`/cases/${caseId}/meetings`);
  if (list.loading) return <Loading />;
  return list.data?.length ? (
    <ul>
      {list.data.map((m) => (
        <li key={m.id}>
          <Link to={`/meetings/${m.id}`}>{KIND[m.kind]}: {m.title}</Link> — {fmtDateTime(m.scheduledAt)}, {m.status}
        </li>
      ))}
    </ul>
  ) : (
    <p>No meetings yet.</p>
  );
}

/** Record or replace my agency's view. */
function MyView({ meetingId, onSaved }: { meetingId: string; onSaved: () => void }) {
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(undefined);
    try {
      await api(`/meetings/${meetingId}/views/mine`, { method: 'PUT', body: { view: f.get('view'), concerns: f.get('concerns') || undefined, recommendation: f.get('recommendation') || undefined, category: f.get('category') } });
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <form onSubmit={submit} className="stack">
      <label htmlFor="view">Your agency's view</label>
      <textarea id="view" name="view" required rows={4} />
      <label htmlFor="concerns">Concerns (optional)</label>
      <textarea id="concerns" name="concerns" rows={2} />
      <label htmlFor="recommendation">Recommendation (optional)</label>
      <textarea id="recommendation" name="recommendation" rows={2} />
      <label htmlFor="category">What the view holds (partners without an agreement for it see it as withheld)</label>
      <select id="category" name="category" defaultValue="case_notes">
        <option value="case_notes">Case notes</option>
        <option value="health">Health and mental health</option>
        <option value="criminal_justice">Criminal justice</option>
        <option value="children">Children's details</option>
        <option value="safeguarding">Safeguarding</option>
      </select>
      <button type="submit">Save our view</button>
      {saved && <p role="status">Saved.</p>}
      <Problem error={error} />
    </form>
  );
}

/** The case conference: agenda from the case, each agency's view side by side, decisions and actions. */
export function MeetingPage() {
  const { id } = useParams();
  const m = useApi<Meeting>(`/meetings/${id}`);
  if (m.loading && !m.data) return <main id="main"><Loading /></main>;
  if (!m.data) return <main id="main"><Problem error={m.error} /></main>;
  const k = m.data;
  return (
    <main id="main">
      <h1>{KIND[k.kind]}: {k.title}</h1>
      <p>
        {fmtDateTime(k.scheduledAt)}{k.location && ` · ${k.location}`} · chaired by {k.chair.name} · {k.status} · case <Link to={`/cases/${k.caseId}`}>{k.caseReference}</Link>
      </p>
      <p>Invited: {k.invitees.map((i) => `${i.agencyName}${i.name ? ` (${i.name})` : ''}${i.attended === true ? ' ✓ attended' : i.attended === false ? ' – did not attend' : ''}`).join('; ')}</p>
      <Section title={k.agenda.frozen ? 'Agenda (as it stood when the meeting was held)' : 'Agenda, built from the case'}>
        <h3>Risk: both sides for everyone on the case</h3>
        <ul>
          {k.agenda.risk.map((p) => (
            <li key={p.personId}>
              <strong><Maybe value={p.displayName} /></strong> ({p.roles.map((r) => r.replace(/_/g, ' ')).join(', ')}):{' '}
              <RiskBadge lens="Harm faced" level={lensLevel(p.harmFaced) ?? lensText(p.harmFaced)} /> <RiskBadge lens="Harm posed" level={lensLevel(p.harmPosed) ?? lensText(p.harmPosed)} />
            </li>
          ))}
        </ul>
        <h3>Open actions</h3>
        {k.agenda.openActions.length ? (
          <ul>
            {k.agenda.openActions.map((a) => (
              <li key={a.id} className={a.overdue ? 'overdue' : ''}>{a.description} — {a.owner ?? a.agencyName}, due {fmtDate(a.dueDate)} {a.overdue && <strong>(overdue)</strong>}</li>
            ))}
          </ul>
        ) : <p>None open.</p>}
        <h3>Recent chronology</h3>
        <ol className="chronology">
          {k.agenda.recent.map((e, i) => (
            <li key={i} className={e.withheld ? 'withheld' : ''}><span className="when">{fmtDateTime(e.at)}</span> <span className="agency">{e.agencyName}</span> <strong>{e.title}</strong><p>{e.summary}</p></li>
          ))}
        </ol>
      </Section>
      <Section title="Each agency's view, side by side">
        <div className="sides">
          {k.views.map((v) => (
            <article key={v.agencyId} className="card" aria-label={`${v.agencyName}'s view`}>
              <h3>{v.agencyName}</h3>
              {v.given ? (
                <>
                  <p><Maybe value={v.view} /></p>
                  {v.concerns != null && <p><strong>Concerns:</strong> <Maybe value={v.concerns} /></p>}
                  {v.recommendation != null && <p><strong>Recommends:</strong> <Maybe value={v.recommendation} /></p>}
                  <p className="note">{v.author}, {fmtDateTime(v.recordedAt)}</p>
                </>
              ) : (
                <p className="note">No view given yet.</p>
              )}
            </article>
          ))}
        </div>
        {k.status !== 'cancelled' && (
          <details>
            <summary>Give or update your agency's view</summary>
            <MyView meetingId={k.id} onSaved={m.reload} />
          </details>
        )}
      </Section>
      <div className="grid">
        <Section title="Decisions">
          {k.decisions.length ? (
            <ul>
              {k.decisions.map((d) => (
                <li key={d.id}>{d.decision}{d.rationale && ` — because ${d.rationale}`} <span className="note">({d.recordedBy}, {fmtDate(d.recordedAt)}{d.openChallenges ? `; ${d.openChallenges} open challenge` : ''})</span></li>
              ))}
            </ul>
          ) : <p>None recorded yet.</p>}
        </Section>
        <Section title="Actions agreed">
          {k.actions.length ? (
            <ul>
              {k.actions.map((a) => (
                <li key={a.id}>{a.description} — {a.owner ?? a.agencyName} ({a.agencyName}), due {fmtDate(a.dueDate)}, {a.status}</li>
              ))}
            </ul>
          ) : <p>None recorded yet.</p>}
        </Section>
      </div>
      {k.minutes && (
        <Section title="Minutes">
          <p className="minutes">{k.minutes}</p>
        </Section>
      )}
    </main>
  );
}
