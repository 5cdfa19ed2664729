import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError } from './api';
import { fmtDate, Loading, Maybe, Problem, useApi } from './ui';

interface Due { caseId: string; caseReference: string; personId: string; displayName?: unknown; level?: unknown; nextUpdateDue: string; state: string; lastUpdateAt: string | null }
interface CaseVictim { personId: string; displayName: unknown; level: unknown; cadence: string; lastUpdateAt: string | null; nextUpdateDue: string; state: string }
interface Offer { id: string; service: string; provider: unknown; status: string; offeredAt: string }
interface VictimView { supportOffers?: Offer[]; impactStatements?: { id: string; inTheirWords: unknown; recordedAt: string }[] }

const STATE: Record<string, string> = { overdue: 'overdue', due_soon: 'due soon', not_due: 'not yet due' };

/** Victims due an update on progress, soonest first (home page). */
export function VictimsDue() {
  const due = useApi<Due[]>('/victims/due?withinDays=14');
  if (due.loading) return <Loading />;
  if (due.error) return <Problem error={due.error} />;
  if (!due.data?.length) return <p>No victims due an update in the next two weeks.</p>;
  return (
    <ul>
      {due.data.map((d) => (
        <li key={d.caseId + d.personId} className={d.state === 'overdue' ? 'overdue' : ''}>
          <Maybe value={d.displayName} /> on <Link to={`/cases/${d.caseId}`}>{d.caseReference}</Link>: update due {fmtDate(d.nextUpdateDue)}
          {d.state === 'overdue' && <strong> (overdue)</strong>}
        </li>
      ))}
    </ul>
  );
}

const SERVICES = ['victim_support', 'mental_health', 'counselling', 'housing_support', 'floating_support', 'target_hardening', 'mediation', 'restorative_justice', 'independent_advocate'];

function SupportForm({ caseId, personId, onSaved }: { caseId: string; personId: string; onSaved: () => void }) {
  const [error, setError] = useState<string>();
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(undefined);
    try {
      await api(`/cases/${caseId}/victims/${personId}/support-offers`, {
        method: 'POST',
        body: { service: f.get('service'), provider: f.get('provider') || undefined, status: f.get('status'), reason: f.get('reason') || undefined, offeredAt: new Date().toISOString() },
      });
      onSaved();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }
  const id = (s: string) => `${s}-${personId}`;
  return (
    <form onSubmit={submit} className="stack">
      <label htmlFor={id('service')}>Support offered</label>
      <select id={id('service')} name="service">
        {SERVICES.map((s) => <option key={s} value={s}>{s.replace(/_/g, ' ')}</option>)}
      </select>
      <label htmlFor={id('provider')}>Provider (optional)</label>
      <input id={id('provider')} name="provider" />
      <label htmlFor={id('status')}>Their answer</label>
      <select id={id('status')} name="status" defaultValue="offered">
        <option value="offered">Not answered yet</option>
        <option value="accepted">Accepted</option>
        <option value="declined">Declined</option>
      </select>
      <label htmlFor={id('reason')}>Why declined (needed if declined)</label>
      <input id={id('reason')} name="reason" />
      <button type="submit">Record the offer</button>
      <Problem error={error} />
    </form>
  );
}

function VictimCard({ caseId, v }: { caseId: string; v: CaseVictim }) {
  const detail = useApi<VictimView>(`/cases/${caseId}/victims/${v.personId}`);
  return (
    <div className="card">
      <p>
        <strong><Maybe value={v.displayName} /></strong>: updates {v.cadence}, last {fmtDate(v.lastUpdateAt)}, next due {fmtDate(v.nextUpdateDue)} ({STATE[v.state] ?? v.state})
      </p>
      {detail.data?.supportOffers?.length ? (
        <ul aria-label="Support offered">
          {detail.data.supportOffers.map((o) => (
            <li key={o.id}>{o.service.replace(/_/g, ' ')} ({fmtDate(o.offeredAt)}): {o.status}</li>
          ))}
        </ul>
      ) : (
        <p className="note">No support offer recorded yet.</p>
      )}
      {detail.data?.impactStatements?.map((s) => (
        <blockquote key={s.id}><Maybe value={s.inTheirWords} /></blockquote>
      ))}
      <details>
        <summary>Record support offered</summary>
        <SupportForm caseId={caseId} personId={v.personId} onSaved={detail.reload} />
      </details>
    </div>
  );
}

/** Victims on the case: when each is next due an update, support offered and taken up, their words. */
export function CaseVictims({ caseId }: { caseId: string }) {
  const list = useApi<CaseVictim[]>(`/cases/${caseId}/victims`);
  if (list.loading) return <Loading />;
  if (!list.data?.length) return <p>No victims recorded on this case.</p>;
  return (
    <div className="grid">
      {list.data.map((v) => <VictimCard key={v.personId} caseId={caseId} v={v} />)}
    </div>
  );
}

interface Concern { id: string; kind: string; person: string; status: string; raisedAt: string; raisingAgency: string; receivingAgency: string; reason: unknown; outcome: unknown }

/** Safeguarding concerns raised on the case, tracked to their outcome. */
export function CaseConcerns({ caseId }: { caseId: string }) {
  const list = useApi<Concern[]>(`/safeguarding-concerns?caseId=${caseId}`);
  if (list.loading) return <Loading />;
  if (list.error) return <Problem error={list.error} />;
  if (!list.data?.length) return <p>No safeguarding concerns raised on this case by or to your agency.</p>;
  return (
    <ul>
      {list.data.map((c) => (
        <li key={c.id}>
          {c.kind.replace(/_/g, ' ')} about {c.person}, {c.raisingAgency} to {c.receivingAgency} on {fmtDate(c.raisedAt)}: <strong>{c.status}</strong>
          {c.outcome != null && <> — outcome: <Maybe value={c.outcome} /></>}
        </li>
      ))}
    </ul>
  );
}

/** The share of victims with an offer of support recorded (dashboard). */
export function VictimsSupported() {
  const k = useApi<{ victims: number; withSupportOffer: number; percentWithSupportOffer: number | null; accepted: number; declined: number }>('/victims/kpi');
  if (k.loading) return <Loading />;
  if (!k.data) return <Problem error={k.error} />;
  const pct = k.data.percentWithSupportOffer;
  return (
    <figure aria-label="Victims with an offer of support recorded">
      <div className="meter" role="img" aria-label={`${pct ?? 0}% of victims have an offer of support recorded`}>
        <span style={{ width: `${pct ?? 0}%` }} />
      </div>
      <figcaption>
        <strong>{pct === null ? '—' : `${Math.round(pct)}%`}</strong> of {k.data.victims} victims on cases this year have an offer of support recorded ({k.data.accepted} accepted, {k.data.declined} declined).
      </figcaption>
    </figure>
  );
}
