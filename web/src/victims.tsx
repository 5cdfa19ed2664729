import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { DueState, fmtDate, Loading, Maybe, Problem, RiskBadge, useApi, words } from './ui';
import { ImpactForm, OfferAnswer, SupportForm } from './victim-forms';

interface Due { caseId: string; caseReference: string; caseTitle: string; personId: string; displayName?: unknown; level?: unknown; nextUpdateDue: string; state: string; lastUpdateAt: string | null; leadOfficer: string | null }
interface CaseVictim { personId: string; displayName: unknown; level: unknown; levelSource: string; cadence: string; lastUpdateAt: string | null; nextUpdateDue: string; state: string }
interface Offer { id: string; agencyName: string; offeredBy: string | null; service: string; provider: unknown; status: string; reason: unknown; offeredAt: string; respondedAt: string | null }
interface Impact { id: string; agencyName: string; recordedBy: string | null; recordedAt: string; how: string; inTheirWords: unknown }
interface VictimView { supportOffers: Offer[]; impactStatements: Impact[]; feelsSaferLatest: string | null }

/** Victims due an update on progress, soonest first (home page). */
export function VictimsDue({ showOfficer }: { showOfficer?: boolean }) {
  const due = useApi<Due[]>('/victims/due?withinDays=14');
  if (due.loading) return <Loading />;
  if (due.error) return <Problem error={due.error} />;
  if (!due.data?.length) return <p>No victims due an update in the next two weeks.</p>;
  return (
    <ul>
      {due.data.map((d) => (
        <li key={d.caseId + d.personId}>
          <strong><Maybe value={d.displayName ?? 'Victim'} /></strong> on <Link to={`/cases/${d.caseId}`}>{d.caseReference}: {d.caseTitle}</Link> — update due {fmtDate(d.nextUpdateDue)} <DueState state={d.state} />
          {showOfficer && d.leadOfficer && <span className="note"> (lead officer {d.leadOfficer})</span>}
        </li>
      ))}
    </ul>
  );
}

const CADENCE: Record<string, string> = { weekly: 'every week', fortnightly: 'every two weeks', monthly: 'every month' };

function VictimCard({ caseId, v, canRecord }: { caseId: string; v: CaseVictim; canRecord: boolean }) {
  const detail = useApi<VictimView>(`/cases/${caseId}/victims/${v.personId}`);
  const [msg, setMsg] = useState<string>();
  const saved = (m: string) => {
    setMsg(m);
    detail.reload();
  };
  const name = typeof v.displayName === 'string' ? v.displayName : 'this victim';
  const d = detail.data;
  return (
    <article className="card victim" aria-label={`Victim: ${name}`}>
      <h3><Maybe value={v.displayName} /></h3>
      <p>
        <RiskBadge lens="Level for updates" level={v.level} /> <DueState state={v.state} />
      </p>
      <p>
        Kept up to date {CADENCE[v.cadence] ?? words(v.cadence)}. Last update {fmtDate(v.lastUpdateAt)}; next due <strong>{fmtDate(v.nextUpdateDue)}</strong>.
        {d?.feelsSaferLatest && <> At the last contact, asked if they feel safer: <strong>{words(d.feelsSaferLatest)}</strong>.</>}
      </p>
      {msg && <p role="status">{msg}</p>}
      {detail.loading && !d ? <Loading /> : detail.error ? <Problem error={detail.error} /> : null}
      <h4>Support offered</h4>
      {d?.supportOffers.length ? (
        <ul className="offers">
          {d.supportOffers.map((o) => (
            <li key={o.id}>
              {words(o.service)} ({fmtDate(o.offeredAt)}): {o.status === 'offered' ? 'awaiting their answer' : o.status}
              {o.provider != null && <> — <Maybe value={o.provider} /></>}
              {o.status === 'declined' && o.reason != null && <> (reason: <Maybe value={o.reason} />)</>}
              <span className="note"> · {o.agencyName}</span>
              {o.status === 'offered' && canRecord && <OfferAnswer caseId={caseId} personId={v.personId} offerId={o.id} service={o.service} onSaved={saved} />}
            </li>
          ))}
        </ul>
      ) : (
        <p className="note">No support offer recorded yet.</p>
      )}
      <h4>The impact on them, in their words</h4>
      {d?.impactStatements.length ? (
        d.impactStatements.map((s) => (
          <figure key={s.id} className="impact">
            <blockquote><Maybe value={s.inTheirWords} /></blockquote>
            <figcaption className="note">{words(s.how)}, {fmtDate(s.recordedAt)}, recorded by {s.recordedBy ?? s.agencyName}</figcaption>
          </figure>
        ))
      ) : (
        <p className="note">No account of the impact recorded yet.</p>
      )}
      {canRecord && (
        <>
          <details>
            <summary>Record support offered to {name}</summary>
            <SupportForm caseId={caseId} personId={v.personId} onSaved={saved} />
          </details>
          <details>
            <summary>Record {name}'s account of the impact</summary>
            <ImpactForm caseId={caseId} personId={v.personId} onSaved={saved} />
          </details>
        </>
      )}
    </article>
  );
}

/** Victims on the case: when each is next due an update, support offered and taken up, their words. */
export function CaseVictims({ caseId, canRecord }: { caseId: string; canRecord: boolean }) {
  const list = useApi<CaseVictim[]>(`/cases/${caseId}/victims`);
  if (list.loading) return <Loading />;
  if (list.error) return <Problem error={list.error} />;
  if (!list.data?.length) return <p>No victims recorded on this case.</p>;
  return (
    <div className="grid">
      {list.data.map((v) => <VictimCard key={v.personId} caseId={caseId} v={v} canRecord={canRecord} />)}
    </div>
  );
}

interface Kpi { victims: number; withSupportOffer: number; percentWithSupportOffer: number | null; accepted: number; declined: number }

/** The share of victims with an offer of support recorded, and what they said (dashboard). */
export function VictimsSupported() {
  const k = useApi<Kpi>('/victims/kpi');
  if (k.loading) return <Loading />;
  if (!k.data) return <Problem error={k.error} />;
  const x = k.data;
  const pct = x.percentWithSupportOffer;
  const bars = [
    { label: 'Victims', n: x.victims },
    { label: 'Offered support', n: x.withSupportOffer },
    { label: 'Accepted', n: x.accepted },
    { label: 'Declined', n: x.declined },
    { label: 'No offer yet', n: x.victims - x.withSupportOffer },
  ];
  return (
    <>
      <p className="stat-inline">
        <strong className="big">{pct === null ? '—' : `${Math.round(pct)}%`}</strong> of {x.victims} victims on cases this year have an offer of support recorded ({x.accepted} accepted, {x.declined} declined).
      </p>
      <div className="meter" aria-hidden="true">
        <span style={{ width: `${pct ?? 0}%` }} />
      </div>
      <figure className="chart" aria-label="Victims supported: how many were offered support, accepted and declined">
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={bars}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="n" name="Victims" fill="#0b5cad" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
        <figcaption className="note">A victim who accepted one offer and declined another counts in both.</figcaption>
      </figure>
    </>
  );
}
