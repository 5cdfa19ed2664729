import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api } from './api';
import { CaseMeetings, UpcomingMeetings } from './conference';
import { CaseInterventions } from './interventions';
import { CaseConcerns, ChildrenImpacted } from './safeguarding';
import { errorText, fmtDate, fmtDateTime, Loading, Maybe, Problem, RiskBadge, Section, useApi, worksCases } from './ui';
import { PastCaseReviewThreshold } from './thresholds';
import { CaseVictims, VictimsDue } from './victims';
import { EmergencyAccess } from './emergency';
import { OverdueReviews } from './reviews';

interface Task { id: string; kind: string; title: string; dueAt: string | null; caseId: string | null; caseReference: string | null; overdue: boolean }
interface Suggestion { id: string; personName: string; candidateName: string; probability: number; reportReference: string | null; evidence: { field: string; level: string; weight: number }[] }

const FIELD_NAMES: Record<string, string> = { given: 'first name', surname: 'surname', dob: 'date of birth', house: 'house number', street: 'street', town: 'town', postcode: 'postcode', phone: 'phone', email: 'email', idNumber: 'ID number', place: 'address' };

export function evidenceText(ev: { field: string; level: string; weight: number }[]) {
  const agreed = ev.filter((e) => e.weight > 0 || e.level === 'same_address').map((e) => `${FIELD_NAMES[e.field] ?? e.field}${e.level === 'exact' || e.level === 'same_address' ? '' : ` (${e.level.replace(/_/g, ' ')})`}`);
  return agreed.length ? `matched on ${agreed.join(', ')}` : 'weak match';
}

/** Links waiting for a decision: all of them, one report's, or one person's. */
export function LinkSuggestions({ reportId, personId }: { reportId?: string; personId?: string }) {
  const s = useApi<{ items: Suggestion[] }>(`/link-suggestions${reportId ? `?reportId=${reportId}` : personId ? `?personId=${personId}` : ''}`);
  const [msg, setMsg] = useState<string>();
  const [error, setError] = useState<string>();
  if (s.loading) return <Loading />;
  if (s.missing) return <p>Link suggestions are not available.</p>;
  if (!s.data?.items.length) return <p>No links waiting for a decision.</p>;
  const decide = async (id: string, d: 'confirm' | 'reject') => {
    setError(undefined);
    try {
      await api(`/link-suggestions/${id}/${d}`, { method: 'POST' });
      setMsg(d === 'confirm' ? 'Link confirmed: the records are now one person (this can be undone).' : 'Link rejected.');
      s.reload();
    } catch (err) {
      // Partners see suggestions but officers and team leaders decide them; the answer says so.
      setError(errorText(err));
    }
  };
  return (
    <>
      {msg && <p role="status">{msg}</p>}
      <Problem error={error} />
      <ul className="cards">
        {s.data.items.slice(0, 8).map((x) => (
          <li key={x.id} className="card">
            <p>
              <strong>{x.personName}</strong> may be <strong>{x.candidateName}</strong> — {(x.probability * 100).toFixed(0)}%
            </p>
            <p className="evidence">{evidenceText(x.evidence)}</p>
            <button onClick={() => decide(x.id, 'confirm')}>Confirm same person</button>{' '}
            <button className="secondary" onClick={() => decide(x.id, 'reject')}>
              Not the same
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

export function Home({ name, role }: { name: string; role: string }) {
  const tasks = useApi<Task[]>('/tasks');
  return (
    <main id="main">
      <h1>Good to see you, {name}</h1>
      <div className="grid">
        <Section title="My tasks">
          {tasks.loading ? <Loading /> : tasks.data?.length ? (
            <ul>
              {tasks.data.map((t) => (
                <li key={t.id} className={t.overdue ? 'overdue' : ''}>
                  {t.title} {t.caseId && <Link to={`/cases/${t.caseId}`}>{t.caseReference}</Link>} — due {fmtDate(t.dueAt)} {t.overdue && <strong>(overdue)</strong>}
                </li>
              ))}
            </ul>
          ) : (
            <p>No open tasks.</p>
          )}
        </Section>
        {(role === 'officer' || role === 'team_leader') && (
          <Section title="Overdue risk reviews">
            <OverdueReviews showOfficer={role === 'team_leader'} />
          </Section>
        )}
        {(role === 'officer' || role === 'team_leader') && (
          <Section title="Victims due an update">
            <VictimsDue showOfficer={role === 'team_leader'} />
          </Section>
        )}
        {(role === 'officer' || role === 'team_leader') && (
          <Section title="Past the ASB Case Review threshold">
            <PastCaseReviewThreshold />
          </Section>
        )}
        <Section title="New link suggestions">
          <LinkSuggestions />
        </Section>
        <Section title="Coming up: case conferences and panels">
          <UpcomingMeetings />
        </Section>
      </div>
    </main>
  );
}

interface CaseItem { id: string; reference: string; title: string; status: string; caseType: string; leadOfficerName: string | null; reportCount: number; lastReportAt: string | null }

interface CaseLevels { caseId: string; harmFaced: { level: string | null; withheld: boolean }; harmPosed: { level: string | null; withheld: boolean } }

/** Both lenses as shape-and-text badges; a level another agency holds shows as withheld, not as low. */
function CaseRisk({ l }: { l?: CaseLevels }) {
  if (!l) return <span className="note">—</span>;
  const show = (x: CaseLevels['harmFaced']) => x.level ?? (x.withheld ? 'withheld' : null);
  return (
    <>
      <RiskBadge lens="Faced" level={show(l.harmFaced)} /> <RiskBadge lens="Posed" level={show(l.harmPosed)} />
    </>
  );
}

/** The risk filter's choices as the levels the API takes: the highest current level on the chosen side is one of these. */
const RISK_FILTER: Record<string, string[]> = { high: ['high'], medium: ['medium', 'high'], standard: ['standard', 'medium', 'high'] };
const RISK_SIDE: Record<string, string> = { either: 'harmEither', faced: 'harmFaced', posed: 'harmPosed' };

export function Cases() {
  const [status, setStatus] = useState('open');
  const [mine, setMine] = useState(false);
  const [level, setLevel] = useState('any');
  const [side, setSide] = useState('either');
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  // The risk filter runs on the server, before paging, so the total and the rows shown are right across every page.
  // "Not assessed yet" on a side: that side missing; on either side: one side (or both) missing.
  const risk = level === 'none' ? `&unassessed=${side === 'either' ? 'either' : RISK_SIDE[side]}` : (RISK_FILTER[level] ?? []).map((l) => `&${RISK_SIDE[side]}=${l}`).join('');
  const path = `/cases?status=${status}&mine=${mine}&pageSize=100${risk}${search ? `&q=${encodeURIComponent(search)}` : ''}`;
  const list = useApi<{ items: CaseItem[]; total: number; totalExact: boolean }>(path, [path]);
  // Which request the rows on screen answer: rows from the previous filters are never shown under the new ones.
  const [loadedFor, setLoadedFor] = useState<string>();
  useEffect(() => {
    if (!list.loading) setLoadedFor(path);
  }, [list.loading, list.data]);
  const ids = list.data?.items.map((c) => `caseId=${c.id}`).join('&');
  const levels = useApi<CaseLevels[]>(ids ? `/risk/case-levels?${ids}` : null, [ids]);
  const levelOf = (id: string) => levels.data?.find((l) => l.caseId === id);
  const shown = list.data?.items ?? [];
  return (
    <main id="main">
      <h1>Cases</h1>
      <div className="filters">
        <span>
          <label htmlFor="status">Status</label>
          <select id="status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="open">Open</option>
            <option value="under_review">Under review</option>
            <option value="closed">Closed</option>
          </select>
        </span>
        <span>
          <label htmlFor="risk-level">Risk level</label>
          <select id="risk-level" value={level} onChange={(e) => setLevel(e.target.value)}>
            <option value="any">Any</option>
            <option value="high">High</option>
            <option value="medium">Medium or high</option>
            <option value="standard">Assessed (any level)</option>
            <option value="none">Not assessed yet</option>
          </select>
        </span>
        <span>
          <label htmlFor="risk-side">Side of the risk</label>
          <select id="risk-side" value={side} onChange={(e) => setSide(e.target.value)} disabled={level === 'any'}>
            <option value="either">Either side</option>
            <option value="faced">Harm faced (vulnerability)</option>
            <option value="posed">Harm posed</option>
          </select>
        </span>
        <form role="search" className="inline" onSubmit={(e) => { e.preventDefault(); setSearch(q.trim()); }}>
          <span>
            <label htmlFor="case-search">Search cases</label>
            <input id="case-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
          </span>
          <button type="submit">Search</button>
        </form>
        <label className="choice">
          <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} /> Only cases I lead
        </label>
      </div>
      <p className="legend">
        Risk badges: <span aria-hidden="true">▲</span> high, <span aria-hidden="true">◆</span> medium, <span aria-hidden="true">●</span> standard, <span aria-hidden="true">○</span> not assessed, <span aria-hidden="true">⊘</span> withheld (held by another agency without an agreement to share it with you). "Faced" is the harm someone on the case faces (their vulnerability); "Posed" is the harm someone on the case poses.
      </p>
      {list.loading || loadedFor !== path ? <Loading /> : (
        <table>
          <caption>
            {`${(list.data?.total ?? 0).toLocaleString('en-GB')}${list.data?.totalExact === false ? ' or more' : ''} cases${level === 'any' ? '' : ' at this risk level'}`}
            {(list.data?.total ?? 0) > (list.data?.items.length ?? 0) && ` (first ${list.data?.items.length} shown: narrow the search)`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Reference</th>
              <th scope="col">Title</th>
              <th scope="col">Type</th>
              <th scope="col">Highest risk (both sides)</th>
              <th scope="col">Lead officer</th>
              <th scope="col">Reports</th>
              <th scope="col">Last report</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/cases/${c.id}`}>{c.reference}</Link>
                </td>
                <td>{c.title}</td>
                <td>{c.caseType.replace(/_/g, ' ')}</td>
                <td>
                  <CaseRisk l={levelOf(c.id)} />
                </td>
                <td>{c.leadOfficerName}</td>
                <td>{c.reportCount}</td>
                <td>{fmtDate(c.lastReportAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

const LEVEL_NUM: Record<string, number> = { standard: 1, medium: 2, high: 3 };

interface Risk { current: { harmFaced: { level: string } | null; harmPosed: { level: string } | null }; history: { assessedAt: string; lens: string; level: string | object }[] }

export function RiskPanel({ personId, name }: { personId: string; name: string }) {
  const risk = useApi<Risk>(`/people/${personId}/risk`);
  if (risk.loading) return <Loading />;
  if (!risk.data) return <Problem error={risk.error} />;
  const points = risk.data.history
    .filter((h) => typeof h.level === 'string')
    .map((h) => ({ date: fmtDate(h.assessedAt), [h.lens === 'harm_faced' ? 'Harm faced' : 'Harm posed']: LEVEL_NUM[h.level as string] }));
  return (
    <div className="risk">
      <h3>{name}</h3>
      <RiskBadge lens="Harm faced" level={risk.data.current.harmFaced?.level} /> <RiskBadge lens="Harm posed" level={risk.data.current.harmPosed?.level} />
      {points.length > 0 && (
        <figure className="chart" aria-label={`Risk over time for ${name}`}>
          <ResponsiveContainer width="100%" height={180}>
            <LineChart data={points}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="date" />
              <YAxis domain={[0, 3]} ticks={[1, 2, 3]} tickFormatter={(v: number) => ['', 'standard', 'medium', 'high'][v]} width={70} />
              <Tooltip />
              <Legend />
              <Line type="stepAfter" dataKey="Harm faced" stroke="#0b5cad" strokeWidth={2} connectNulls isAnimationActive={false} />
              <Line type="stepAfter" dataKey="Harm posed" stroke="#b35900" strokeDasharray="6 3" strokeWidth={2} connectNulls isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
          <figcaption>Risk over time (1 standard, 2 medium, 3 high)</figcaption>
        </figure>
      )}
      <p>
        <Link to={`/assess/${personId}`}>Assess {name}</Link>
      </p>
    </div>
  );
}

interface CaseView {
  id: string; reference: string; title: string; status: string; caseType: string; leadAgency: { name: string }; leadOfficer: { name: string } | null;
  agencies: { id: string; name: string; role: string }[];
  parties: { personId: string; displayName: unknown; roles: string[]; otherRoles?: { caseReference: string; role: string }[] }[];
  actions: { id: string; description: string; owner: string | null; ownerAgencyName: string; dueDate: string | null; status: string; overdue: boolean }[];
  contacts: { id: string; person: string; method: string; contactedAt: string; summary: unknown; agencyName: string }[];
  reports: { id: string; reference: string }[];
}

export function CasePage({ role }: { role: string }) {
  const { id } = useParams();
  const c = useApi<CaseView>(`/cases/${id}`);
  const chron = useApi<{ entries: { at: string; kind: string; agencyName: string; title: string; summary: string; withheld?: boolean }[] }>(`/cases/${id}/chronology`);
  const partner = worksCases(role);
  if (c.loading && !c.data) return <main id="main"><Loading /></main>;
  if (!c.data && c.missing && partner)
    return (
      <main id="main">
        <h1>This case is not shared with you</h1>
        <p>Your agency is not a party to it (or there is no such case in your area).</p>
        <EmergencyAccess what={{ caseId: id! }} onGranted={() => { c.reload(); chron.reload(); }} />
      </main>
    );
  if (!c.data) return <main id="main"><Problem error={c.error} /></main>;
  const k = c.data;
  return (
    <main id="main">
      <h1>
        {k.reference}: {k.title}
      </h1>
      <p>
        {k.caseType.replace(/_/g, ' ')} · {k.status.replace('_', ' ')} · led by {k.leadAgency.name}
        {k.leadOfficer && ` (${k.leadOfficer.name})`} · partners: {k.agencies.filter((a) => a.role === 'partner').map((a) => a.name).join(', ') || 'none'}
      </p>
      <Section title="People and both sides of their risk">
        <div className="grid">
          {k.parties.map((p) => (
            <div key={p.personId} className="card">
              <p>
                <strong><Maybe value={p.displayName} /></strong> — {p.roles.map((r) => r.replace(/_/g, ' ')).join(', ')}
              </p>
              {Array.isArray(p.otherRoles) && p.otherRoles.length > 0 && <p className="note">Also: {p.otherRoles.map((o) => `${o.role.replace(/_/g, ' ')} on ${o.caseReference}`).join('; ')}</p>}
              <RiskPanel personId={p.personId} name={typeof p.displayName === 'string' ? p.displayName : 'this person'} />
            </div>
          ))}
        </div>
      </Section>
      <Section title="Victims: kept informed and supported">
        <CaseVictims caseId={k.id} canRecord={partner} />
      </Section>
      <Section title="Safeguarding concerns">
        <CaseConcerns caseId={k.id} parties={k.parties} canRaise={partner} />
      </Section>
      <Section title="Children affected">
        <ChildrenImpacted caseId={k.id} parties={k.parties} canDecide={partner} />
      </Section>
      <Section title="Multi-agency chronology">
        {chron.data ? (
          <ol className="chronology">
            {chron.data.entries.map((e, i) => (
              <li key={i} className={e.withheld ? 'withheld' : ''}>
                <span className="when">{fmtDateTime(e.at)}</span> <span className="agency">{e.agencyName}</span> <strong>{e.title}</strong>
                <p>{e.summary}</p>
              </li>
            ))}
          </ol>
        ) : (
          <Loading />
        )}
      </Section>
      <div className="grid">
        <Section title="Case plan actions">
          <ul>
            {k.actions.map((a) => (
              <li key={a.id} className={a.overdue ? 'overdue' : ''}>
                {a.description} — {a.owner ?? a.ownerAgencyName} ({a.ownerAgencyName}), due {fmtDate(a.dueDate)}, {a.status} {a.overdue && <strong>overdue</strong>}
              </li>
            ))}
          </ul>
        </Section>
        <Section title="Contacts">
          <ul>
            {k.contacts.map((x) => (
              <li key={x.id}>
                {fmtDate(x.contactedAt)} {x.method.replace('_', ' ')} with {x.person} ({x.agencyName}): <Maybe value={x.summary} />
              </li>
            ))}
          </ul>
        </Section>

        <Section title="Meetings">
          <CaseMeetings caseId={k.id} />
        </Section>
        <Section title="Interventions">
          <CaseInterventions caseId={k.id} />
        </Section>
      </div>
    </main>
  );
}
