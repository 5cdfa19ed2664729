import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, type Me } from './api';
import { DueState, errorText, fmtDate, Loading, Problem, RiskBadge, Section, useApi, words } from './ui';

interface Supervision { lastSupervisionOn: string | null; lastCheckInOn: string | null; nextDue: string; state: string }
interface Practitioner { id: string; name: string; role: string; teamId: string | null }
interface Caseload {
  practitioner: Practitioner;
  openCasesLed: number; highRiskCases: number | null; casesWithSafeguardingConcerns: number | null;
  cases: { id: string; reference: string; title: string; status: string; openedAt: string; highestRisk: string | null; safeguardingConcern: boolean | null }[];
  overdue: { tasks: number; caseActions: number; items: { kind: string; id: string; title: string; dueAt: string | null; caseId: string | null; caseReference: string | null }[] };
  supervision: Supervision;
}
interface TeamRow { practitioner: Practitioner; openCasesLed: number; highRiskCases: number | null; casesWithSafeguardingConcerns: number | null; overdueItems: number; supervision: Supervision }
interface Session {
  id: string; kind: string; heldOn: string; supervisor: { name: string } | null; recordedBy: string | null;
  casesDiscussed: { caseId: string; reference: string; title: string; note: string | null }[];
  wellbeing: { score: number; workloadManageable: string; distressingExposure: boolean; supportAgreed: string | null };
  reflections: string | null;
  actions: { taskId: string; description: string; owner: string | null; dueAt: string | null; status: string }[];
}

const SCORE = ['', 'struggling', 'finding it hard', 'getting by', 'doing well', 'thriving'];
const KINDS: Record<string, string> = { reflective_supervision: 'Reflective supervision', peer_check_in: 'Peer check-in' };
const count = (n: number | null) => (n === null ? '—' : n);

function Figures({ c }: { c: Caseload }) {
  return (
    <>
      <div className="grid stats">
        <p className="stat"><span>{c.openCasesLed}</span> open cases led</p>
        <p className="stat"><span>{count(c.highRiskCases)}</span> with someone at high risk</p>
        <p className="stat"><span>{count(c.casesWithSafeguardingConcerns)}</span> with an open safeguarding concern</p>
        <p className="stat"><span>{c.overdue.tasks + c.overdue.caseActions}</span> overdue tasks and actions</p>
        <p className="stat"><span>{fmtDate(c.supervision.nextDue)}</span> supervision next due <DueState state={c.supervision.state} /></p>
      </div>
      {(c.highRiskCases === null || c.casesWithSafeguardingConcerns === null) && <p className="note">— means the figure is not available on this system yet.</p>}
    </>
  );
}

function CasesLed({ c }: { c: Caseload }) {
  if (!c.cases.length) return <p>No open cases led.</p>;
  return (
    <table>
      <caption>{c.cases.length} open cases led</caption>
      <thead>
        <tr><th scope="col">Case</th><th scope="col">Highest risk (either side)</th><th scope="col">Safeguarding concern</th><th scope="col">Opened</th></tr>
      </thead>
      <tbody>
        {c.cases.map((k) => (
          <tr key={k.id}>
            <td><Link to={`/cases/${k.id}`}>{k.reference}</Link> {k.title}</td>
            <td><RiskBadge lens="Highest" level={k.highestRisk} /></td>
            <td>{k.safeguardingConcern === null ? '—' : k.safeguardingConcern ? 'Yes, open' : 'None open'}</td>
            <td>{fmtDate(k.openedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SessionList({ practitionerId }: { practitionerId: string }) {
  const list = useApi<Session[]>(`/supervision/sessions?practitionerId=${practitionerId}`);
  if (list.loading) return <Loading />;
  if (list.error) return <Problem error={list.error} />;
  if (!list.data?.length) return <p>No supervision recorded yet.</p>;
  return (
    <ul className="cards">
      {list.data.map((s) => (
        <li key={s.id} className="card">
          <h3>{KINDS[s.kind] ?? words(s.kind)}, {fmtDate(s.heldOn)}{s.supervisor && ` with ${s.supervisor.name}`}</h3>
          <p>
            Wellbeing {s.wellbeing.score} of 5 ({SCORE[s.wellbeing.score]}); workload manageable: {s.wellbeing.workloadManageable}
            {s.wellbeing.distressingExposure && '; exposed to distressing material or events'}.
            {s.wellbeing.supportAgreed && <> Support agreed: {s.wellbeing.supportAgreed}.</>}
          </p>
          {s.casesDiscussed.length > 0 && <p>Cases discussed: {s.casesDiscussed.map((k) => k.reference).join(', ')}</p>}
          {s.reflections && <p className="minutes">{s.reflections}</p>}
          {s.actions.length > 0 && (
            <ul aria-label="Actions agreed">
              {s.actions.map((a) => <li key={a.taskId}>{a.description} — {a.owner ?? 'unassigned'}, {a.dueAt ? `due ${fmtDate(a.dueAt)}` : 'no due date'}, {a.status}</li>)}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}

/** A team leader records a supervision session (or peer check-in) with a member of their team. */
function RecordSession({ c, onSaved }: { c: Caseload; onSaved: (m: string) => void }) {
  const [error, setError] = useState<string>();
  const [actions, setActions] = useState(1);
  const today = new Date().toISOString().slice(0, 10);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setError(undefined);
    const acts = Array.from({ length: actions }, (_, i) => ({ description: String(f.get(`action${i}`) ?? '').trim(), dueDate: String(f.get(`due${i}`) ?? '') || undefined }))
      .filter((a) => a.description)
      .map((a) => ({ ...a, ownerUserId: c.practitioner.id }));
    try {
      await api('/supervision/sessions', {
        method: 'POST',
        body: {
          kind: f.get('kind'),
          heldOn: f.get('heldOn'),
          practitionerId: c.practitioner.id,
          casesDiscussed: f.getAll('cases').map((caseId) => ({ caseId })),
          wellbeing: { score: Number(f.get('score')), workloadManageable: f.get('workload'), distressingExposure: f.get('distress') === 'on', supportAgreed: f.get('support') || undefined },
          reflections: f.get('reflections') || undefined,
          actions: acts,
        },
      });
      form.reset();
      setActions(1);
      onSaved(`Supervision with ${c.practitioner.name} recorded.`);
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <form onSubmit={submit}>
      <fieldset>
        <legend>Kind of session</legend>
        {Object.entries(KINDS).map(([k, label]) => (
          <label key={k} className="choice"><input type="radio" name="kind" value={k} defaultChecked={k === 'reflective_supervision'} /> {label}</label>
        ))}
      </fieldset>
      <label htmlFor="heldOn">Date held</label>
      <input id="heldOn" name="heldOn" type="date" max={today} defaultValue={today} required />
      {c.cases.length > 0 && (
        <fieldset>
          <legend>Cases discussed</legend>
          {c.cases.map((k) => (
            <label key={k.id} className="choice"><input type="checkbox" name="cases" value={k.id} /> {k.reference}: {k.title}</label>
          ))}
        </fieldset>
      )}
      <fieldset>
        <legend>How is {c.practitioner.name} doing, in their own view?</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className="choice"><input type="radio" name="score" value={n} defaultChecked={n === 3} /> {n}: {SCORE[n]}</label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Is their workload manageable?</legend>
        {['yes', 'no', 'unsure'].map((w) => (
          <label key={w} className="choice"><input type="radio" name="workload" value={w} defaultChecked={w === 'yes'} /> {w === 'unsure' ? 'Not sure' : w === 'yes' ? 'Yes' : 'No'}</label>
        ))}
      </fieldset>
      <label className="choice"><input type="checkbox" name="distress" /> They have been exposed to distressing material or events since the last session</label>
      <label htmlFor="support">Support agreed (optional)</label>
      <input id="support" name="support" />
      <label htmlFor="reflections">Reflections (optional)</label>
      <textarea id="reflections" name="reflections" rows={4} />
      <fieldset>
        <legend>Actions agreed (optional)</legend>
        {Array.from({ length: actions }, (_, i) => (
          <div key={i} className="inline">
            <span>
              <label htmlFor={`action${i}`}>Action {i + 1}</label>
              <input id={`action${i}`} name={`action${i}`} size={40} />
            </span>
            <span>
              <label htmlFor={`due${i}`}>Due by</label>
              <input id={`due${i}`} name={`due${i}`} type="date" min={today} />
            </span>
          </div>
        ))}
        {actions < 5 && <button type="button" className="secondary" onClick={() => setActions(actions + 1)}>Add another action</button>}
      </fieldset>
      <Problem error={error} />
      <button type="submit">Record the session</button>
    </form>
  );
}

function TeamOverview() {
  const team = useApi<TeamRow[]>('/supervision/team');
  if (team.loading) return <Loading />;
  if (team.error) return <Problem error={team.error} />;
  if (!team.data?.length) return <p>No practitioners in your team.</p>;
  return (
    <table>
      <caption>Your team</caption>
      <thead>
        <tr><th scope="col">Practitioner</th><th scope="col">Open cases</th><th scope="col">High risk</th><th scope="col">Safeguarding concerns</th><th scope="col">Overdue</th><th scope="col">Supervision due</th></tr>
      </thead>
      <tbody>
        {team.data.map((r) => (
          <tr key={r.practitioner.id}>
            <td><Link to={`/caseload/${r.practitioner.id}`}>{r.practitioner.name}</Link> ({words(r.practitioner.role)})</td>
            <td>{r.openCasesLed}</td>
            <td>{count(r.highRiskCases)}</td>
            <td>{count(r.casesWithSafeguardingConcerns)}</td>
            <td>{r.overdueItems}</td>
            <td>{fmtDate(r.supervision.nextDue)} <DueState state={r.supervision.state} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "My caseload and supervision": figures, cases led, overdue items and supervision records. */
export function CaseloadPage({ me }: { me: Me['user'] }) {
  const { userId } = useParams();
  const who = userId ?? me.id;
  const c = useApi<Caseload>(`/supervision/practitioners/${who}/caseload`, [who]);
  const [msg, setMsg] = useState<string>();
  const [tick, setTick] = useState(0);
  const own = who === me.id;
  const leads = me.role === 'team_leader';
  if (c.loading && !c.data) return <main id="main"><Loading /></main>;
  if (!c.data) return <main id="main"><h1>Caseload and supervision</h1><Problem error={c.error} /></main>;
  const k = c.data;
  return (
    <main id="main">
      <h1>{own ? 'My caseload and supervision' : `${k.practitioner.name}: caseload and supervision`}</h1>
      {!own && <p><Link to="/caseload">Back to my caseload and team</Link></p>}
      <Figures c={k} />
      {own && leads && (
        <Section title="My team">
          <TeamOverview />
        </Section>
      )}
      <Section title={own ? 'Cases I lead' : 'Cases led'} id="cases-led">
        <CasesLed c={k} />
      </Section>
      <Section title="Overdue tasks and case actions">
        {k.overdue.items.length ? (
          <ul>
            {k.overdue.items.map((x) => (
              <li key={x.id}>
                {x.title} {x.caseId && <Link to={`/cases/${x.caseId}`}>{x.caseReference}</Link>} — was due {fmtDate(x.dueAt)} <DueState state="overdue" />
              </li>
            ))}
          </ul>
        ) : (
          <p>Nothing overdue.</p>
        )}
      </Section>
      <Section title="Supervision records">
        <p>
          Last supervision: {k.supervision.lastSupervisionOn ? fmtDate(k.supervision.lastSupervisionOn) : 'none recorded'}. Last peer check-in: {k.supervision.lastCheckInOn ? fmtDate(k.supervision.lastCheckInOn) : 'none recorded'}. These records are seen only by {own ? 'you' : k.practitioner.name} and {own ? 'your' : 'their'} team leader.
        </p>
        {msg && <p role="status">{msg}</p>}
        <SessionList key={tick} practitionerId={k.practitioner.id} />
      </Section>
      {!own && leads && (
        <Section title="Record a supervision session">
          <RecordSession c={k} onSaved={(m) => { setMsg(m); setTick((t) => t + 1); c.reload(); }} />
        </Section>
      )}
    </main>
  );
}
