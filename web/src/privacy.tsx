import { useState, type FormEvent } from 'react';
import { api } from './api';
import { errorText, fmtDate, fmtDateTime, Loading, Problem, Section, useApi, words } from './ui';

interface Alert { id: string; kind: string; createdAt: string; acknowledged: boolean; detail: { user?: string; personId?: string | null; caseId?: string | null; reason?: string; expiresAt?: string } }
interface LogEntry { at: string; actor: string | null; agency: string | null; purpose: string; subjectType: string; action: string; fields: string[]; reason: string | null }
interface Agreement { id: string; title: string; state: string; reviewDate: string; reviewOverdue: boolean; parties: { name: string; signedAt: string | null }[]; categories: { category: string; lawfulBasis: string }[] }
interface Retention { rules: { category: string; keepMonths: number; basis: string }[]; wouldDelete: { reportsNotOnLiveCases: number; closedCases: number } }
interface Found { id: string; displayName: string }
// What the DPO looks at here is for audit: the access policy lets them see the whole record for it, and the log says so.
const AUDIT = 'audit';

/**
 * The data protection officer's page: emergency access to review, who has seen a person's record
 * and why (with their subject access export and the controls on processing), the sharing agreements
 * and what the retention rules would delete. Everything here is read and changed through the same API
 * as the rest of the app, and each look at a person's log is itself audited.
 */
export function PrivacyPage() {
  // The person whose log is open: found by name, or from an emergency access under review.
  const [person, setPerson] = useState<Found | null>(null);
  return (
    <main id="main">
      <h1>Data protection</h1>
      <EmergencyAccess onReview={setPerson} />
      <Section title="A person's record: who has seen it, and their subject access export" id="record-log">
        <p className="note">What you look at here is logged for the audit purpose.</p>
        <PersonRecord person={person} setPerson={setPerson} />
      </Section>
      <Section title="Information sharing agreements">
        <Agreements />
      </Section>
      <Section title="Retention">
        <RetentionDryRun />
      </Section>
    </main>
  );
}

function EmergencyAccess({ onReview }: { onReview: (p: Found) => void }) {
  const alerts = useApi<Alert[]>('/dpo/alerts');
  const [error, setError] = useState<string | null>(null);
  // Whose record was opened: their name read for audit, and their log shown below.
  async function review(personId: string) {
    setError(null);
    try {
      const p = await api<{ id: string; displayName: string }>(`/people/${personId}`, { purpose: AUDIT });
      onReview({ id: p.id, displayName: p.displayName });
      document.getElementById('record-log')?.scrollIntoView();
    } catch (err) {
      setError(errorText(err));
    }
  }
  async function acknowledge(id: string) {
    setError(null);
    try {
      await api(`/dpo/alerts/${id}/acknowledge`, { method: 'POST' });
      alerts.reload();
    } catch (err) {
      setError(errorText(err));
    }
  }
  const waiting = (alerts.data ?? []).filter((a) => !a.acknowledged);
  return (
    <Section title={`Emergency access to review (${waiting.length})`} id="emergency-access">
      {alerts.loading && <Loading />}
      <Problem error={alerts.error ?? error ?? undefined} />
      {alerts.data && alerts.data.length === 0 && <p>No one in your area has used emergency access.</p>}
      <ul className="cards">
        {(alerts.data ?? []).map((a) => (
          <li key={a.id} className="card">
            <strong>{a.detail.user ?? 'Someone'}</strong> opened {a.detail.caseId ? 'a case' : "a person's record"} in an emergency on {fmtDateTime(a.createdAt)}
            {a.detail.expiresAt && <> (access until {fmtDateTime(a.detail.expiresAt)})</>}.
            <p>Reason given: {a.detail.reason ?? '—'}</p>
            {a.detail.personId && (
              <button type="button" className="secondary small" onClick={() => review(a.detail.personId!)}>See who has seen that record</button>
            )}{' '}
            {a.acknowledged ? (
              <span className="badge due-not_due"><span aria-hidden="true">●</span> reviewed</span>
            ) : (
              <button type="button" className="secondary small" onClick={() => acknowledge(a.id)}>Mark as reviewed</button>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function PersonRecord({ person, setPerson }: { person: Found | null; setPerson: (p: Found | null) => void }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Found[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function search(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setPerson(null);
    try {
      setFound((await api<{ items: Found[] }>(`/people?q=${encodeURIComponent(q)}&pageSize=10`, { purpose: AUDIT })).items);
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <>
      <form className="inline" onSubmit={search} role="search">
        <div>
          <label htmlFor="dpo-person">Name</label>
          <input id="dpo-person" value={q} onChange={(e) => setQ(e.target.value)} required minLength={2} />
        </div>
        <button type="submit">Find</button>
      </form>
      <Problem error={error ?? undefined} />
      {found && found.length === 0 && <p>No one by that name in your area.</p>}
      {found && found.length > 0 && !person && (
        <ul>
          {found.map((p) => (
            <li key={p.id}>
              {p.displayName}{' '}
              <button type="button" className="secondary small" onClick={() => setPerson(p)}>Show who has seen their record</button>
            </li>
          ))}
        </ul>
      )}
      {person && <AccessLog key={person.id} person={person} onBack={() => setPerson(null)} />}
    </>
  );
}

function AccessLog({ person, onBack }: { person: Found; onBack: () => void }) {
  const log = useApi<LogEntry[]>(`/dpo/people/${person.id}/access-log`);
  const record = useApi<{ restricted?: boolean }>(`/people/${person.id}`, [], AUDIT);
  const [note, setNote] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function control(body: { restricted?: boolean; rectificationNote?: string }, done: string) {
    setError(null);
    setSaved(null);
    try {
      await api(`/dpo/people/${person.id}`, { method: 'PATCH', body, purpose: AUDIT });
      setSaved(done);
      if (body.rectificationNote) setNote('');
      record.reload();
      log.reload();
    } catch (err) {
      setError(errorText(err));
    }
  }
  const restricted = !!record.data?.restricted;
  const exportUrl = `/api/v1/dpo/people/${person.id}/export`;
  return (
    <div>
      <h3>{person.displayName}</h3>
      <p>
        Subject access export: <a href={`${exportUrl}?format=html`} target="_blank" rel="noreferrer">readable (HTML)</a> ·{' '}
        <a href={exportUrl} target="_blank" rel="noreferrer">data (JSON)</a>{' '}
        <button type="button" className="secondary small" onClick={onBack}>Choose someone else</button>
      </p>
      <p>
        Processing is <strong>{restricted ? 'restricted' : 'not restricted'}</strong> (UK GDPR Art. 18).{' '}
        <button type="button" className="secondary small" onClick={() => control({ restricted: !restricted }, restricted ? 'Restriction lifted.' : 'Processing restricted.')}>
          {restricted ? 'Lift the restriction' : 'Restrict processing'}
        </button>
      </p>
      <form className="inline" onSubmit={(e) => { e.preventDefault(); void control({ rectificationNote: note }, 'Rectification note recorded.'); }}>
        <div>
          <label htmlFor="rectification">Rectification note</label>
          <input id="rectification" value={note} onChange={(e) => setNote(e.target.value)} required maxLength={4000} />
        </div>
        <button type="submit" className="secondary">Record the note</button>
      </form>
      {saved && <p role="status">{saved}</p>}
      <Problem error={error ?? record.error ?? log.error ?? undefined} />
      {log.loading ? (
        <Loading />
      ) : (
        <table>
          <caption>Who read or changed the record, newest first ({log.data?.length ?? 0}; searches that showed them included)</caption>
          <thead>
            <tr><th>When</th><th>Who</th><th>Agency</th><th>Purpose</th><th>What</th><th>Reason given</th></tr>
          </thead>
          <tbody>
            {(log.data ?? []).map((e, i) => (
              <tr key={i}>
                <td className="nowrap">{fmtDateTime(e.at)}</td>
                <td>{e.actor ?? 'the system'}</td>
                <td>{e.agency ?? '—'}</td>
                <td>{words(e.purpose)}</td>
                <td>{words(e.action)}{e.fields.length ? ` (${e.fields.map(words).join(', ')})` : ''}</td>
                <td>{e.reason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Agreements() {
  const list = useApi<Agreement[]>('/sharing-agreements');
  if (list.loading) return <Loading />;
  if (list.error) return <Problem error={list.error} />;
  if (!list.data?.length) return <p>No information sharing agreements yet.</p>;
  return (
    <table>
      <thead>
        <tr><th>Agreement</th><th>State</th><th>Parties signed</th><th>Data shared</th><th>Review by</th></tr>
      </thead>
      <tbody>
        {list.data.map((a) => (
          <tr key={a.id}>
            <td>{a.title}</td>
            <td>{words(a.state)}</td>
            <td>{a.parties.filter((p) => p.signedAt).length} of {a.parties.length}{a.parties.some((p) => !p.signedAt) && `: waiting for ${a.parties.filter((p) => !p.signedAt).map((p) => p.name).join(', ')}`}</td>
            <td>{a.categories.map((c) => words(c.category)).join(', ')}</td>
            <td>
              {fmtDate(a.reviewDate)}
              {a.reviewOverdue && <span className="badge due-overdue"><span aria-hidden="true">▲</span> review overdue</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RetentionDryRun() {
  const r = useApi<Retention>('/dpo/retention/dry-run');
  if (r.loading) return <Loading />;
  if (r.error || !r.data) return <Problem error={r.error} />;
  return (
    <>
      <p>
        If the retention rules ran now they would delete <strong>{r.data.wouldDelete.reportsNotOnLiveCases}</strong> reports that are on no live case and{' '}
        <strong>{r.data.wouldDelete.closedCases}</strong> closed cases. Nothing is deleted from this page.
      </p>
      <table>
        <thead>
          <tr><th>Records</th><th>Kept for</th><th>Why</th></tr>
        </thead>
        <tbody>
          {r.data.rules.map((x) => (
            <tr key={x.category}><td>{words(x.category)}</td><td>{x.keepMonths % 12 === 0 ? `${x.keepMonths / 12} years` : `${x.keepMonths} months`}</td><td>{x.basis}</td></tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
