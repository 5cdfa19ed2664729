import { useState, type FormEvent } from 'react';
import { api } from './api';
import { errorText, fmtDate, Loading, Maybe, Problem, useApi, words } from './ui';

export interface Party { personId: string; displayName: unknown; roles: string[] }
interface Concern {
  id: string; kind: 'adult' | 'child'; personId: string; person: string; caseId: string | null; status: string; raisedAt: string; updatedAt: string;
  raisedBy: string | null; raisingAgency: string; receivingAgency: string; reason: unknown; whatShared: unknown; outcome: unknown;
}
interface ChildDecision { id: string; reportReference: string; childPersonId: string; child: string; withAdult: string | null; promptedAt: string; decision: unknown; referralMade: unknown; recordedAt: string | null }

const STEPS = ['raised', 'acknowledged', 'enquiry', 'outcome'];
const STEP_WORDS: Record<string, string> = { raised: 'Raised', acknowledged: 'Acknowledged', enquiry: 'Enquiry open', outcome: 'Outcome recorded' };
const NEXT: Record<string, string[]> = { raised: ['acknowledged'], acknowledged: ['enquiry', 'outcome'], enquiry: ['outcome'], outcome: [] };
const KIND = { adult: 'Adult safeguarding concern (Care Act s42)', child: "Children's safeguarding concern" };

const nameOf = (p: Party) => (typeof p.displayName === 'string' ? p.displayName : 'Name withheld');

/** Where the concern has got to, as a row of steps (ticked when reached), not colour alone. */
function Steps({ status }: { status: string }) {
  const at = STEPS.indexOf(status);
  return (
    <ol className="steps" aria-label={`Progress: ${STEP_WORDS[status] ?? status}`}>
      {STEPS.map((s, i) => (
        <li key={s} className={i <= at ? 'done' : ''}>{STEP_WORDS[s]}</li>
      ))}
    </ol>
  );
}

/** The receiving agency moves a concern on: acknowledged, enquiry, outcome. */
function MoveOn({ c, onSaved }: { c: Concern; onSaved: (m: string) => void }) {
  const [next, setNext] = useState(NEXT[c.status][0]);
  const [error, setError] = useState<string>();
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(undefined);
    try {
      await api(`/safeguarding-concerns/${c.id}`, { method: 'PATCH', body: { status: next, outcome: next === 'outcome' ? f.get('outcome') : undefined } });
      onSaved(`Concern about ${c.person}: ${STEP_WORDS[next].toLowerCase()}.`);
    } catch (err) {
      setError(errorText(err));
    }
  }
  const id = (s: string) => `${s}-${c.id}`;
  return (
    <form onSubmit={submit}>
      <label htmlFor={id('next')}>Your agency received this: next step</label>
      <select id={id('next')} value={next} onChange={(e) => setNext(e.target.value)}>
        {NEXT[c.status].map((s) => <option key={s} value={s}>{STEP_WORDS[s]}</option>)}
      </select>
      {next === 'outcome' && (
        <>
          <label htmlFor={id('outcome')}>Outcome</label>
          <textarea id={id('outcome')} name="outcome" rows={3} required />
        </>
      )}
      <Problem error={error} />
      <button type="submit">Update the concern</button>
    </form>
  );
}

function RaiseConcern({ caseId, parties, onSaved }: { caseId: string; parties: Party[]; onSaved: (m: string) => void }) {
  const [error, setError] = useState<string>();
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setError(undefined);
    try {
      const r = await api<{ toAgency: string }>('/safeguarding-concerns', {
        method: 'POST',
        body: { kind: f.get('kind'), personId: f.get('personId'), caseId, reason: f.get('reason'), whatShared: f.get('whatShared') },
      });
      form.reset();
      onSaved(`Concern raised to ${r.toAgency}. They have a task to acknowledge it.`);
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <form onSubmit={submit}>
      <fieldset>
        <legend>Who is at risk?</legend>
        <label className="choice"><input type="radio" name="kind" value="adult" defaultChecked /> An adult with care and support needs</label>
        <label className="choice"><input type="radio" name="kind" value="child" /> A child</label>
      </fieldset>
      <label htmlFor="concern-person">Person</label>
      <select id="concern-person" name="personId" required>
        {parties.map((p) => <option key={p.personId} value={p.personId}>{nameOf(p)} ({p.roles.map(words).join(', ')})</option>)}
      </select>
      <label htmlFor="concern-reason">Why you are concerned</label>
      <textarea id="concern-reason" name="reason" rows={3} required />
      <label htmlFor="concern-shared">What you are sharing, and why it is needed</label>
      <textarea id="concern-shared" name="whatShared" rows={3} required />
      <Problem error={error} />
      <button type="submit">Raise the concern</button>
    </form>
  );
}

/** Safeguarding concerns raised on the case by or to my agency, tracked to their outcome. */
export function CaseConcerns({ caseId, parties, canRaise }: { caseId: string; parties: Party[]; canRaise: boolean }) {
  const list = useApi<Concern[]>(`/safeguarding-concerns?caseId=${caseId}`);
  const received = useApi<Concern[]>(canRaise ? `/safeguarding-concerns?caseId=${caseId}&direction=received` : null);
  const [msg, setMsg] = useState<string>();
  const saved = (m: string) => {
    setMsg(m);
    list.reload();
    received.reload();
  };
  const mine = new Set(received.data?.map((c) => c.id));
  return (
    <>
      {msg && <p role="status">{msg}</p>}
      {list.loading ? <Loading /> : list.error ? <Problem error={list.error} /> : list.data?.length ? (
        <ul className="cards">
          {list.data.map((c) => (
            <li key={c.id} className="card concern">
              <p>
                <strong>{KIND[c.kind]}</strong> about {c.person} — raised {fmtDate(c.raisedAt)} by {c.raisedBy ?? c.raisingAgency} ({c.raisingAgency}) to {c.receivingAgency}
              </p>
              <Steps status={c.status} />
              <p>Why: <Maybe value={c.reason} /></p>
              {c.outcome != null && <p>Outcome: <strong><Maybe value={c.outcome} /></strong></p>}
              {mine.has(c.id) && NEXT[c.status].length > 0 && <MoveOn c={c} onSaved={saved} />}
            </li>
          ))}
        </ul>
      ) : (
        <p>No safeguarding concerns raised on this case by or to your agency.</p>
      )}
      {canRaise && parties.length > 0 && (
        <details>
          <summary>Raise a safeguarding concern</summary>
          <RaiseConcern caseId={caseId} parties={parties} onSaved={saved} />
        </details>
      )}
    </>
  );
}

function RecordDecision({ d, onSaved }: { d: ChildDecision; onSaved: (m: string) => void }) {
  const [error, setError] = useState<string>();
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(undefined);
    try {
      await api(`/children-decisions/${d.id}`, { method: 'POST', body: { decision: f.get('decision'), referralMade: f.get('referral') === 'yes' } });
      onSaved(`Decision recorded for ${d.child}.`);
    } catch (err) {
      setError(errorText(err));
    }
  }
  const id = (s: string) => `${s}-${d.id}`;
  return (
    <form onSubmit={submit}>
      <label htmlFor={id('decision')}>Decision and reasons</label>
      <textarea id={id('decision')} name="decision" rows={2} required />
      <fieldset>
        <legend>Was a referral made to children's social care?</legend>
        <label className="choice"><input type="radio" name="referral" value="yes" /> Yes</label>
        <label className="choice"><input type="radio" name="referral" value="no" defaultChecked /> No</label>
      </fieldset>
      <Problem error={error} />
      <button type="submit">Record the decision</button>
    </form>
  );
}

/** Children on the case, and the safeguarding decisions their reports prompted. */
export function ChildrenImpacted({ caseId, parties, canDecide }: { caseId: string; parties: Party[]; canDecide: boolean }) {
  // The server narrows to this case's reports (and checks the case), rather than listing every decision here.
  const pending = useApi<ChildDecision[]>(canDecide ? `/children-decisions?status=pending&caseId=${caseId}` : null, [caseId]);
  const recorded = useApi<ChildDecision[]>(canDecide ? `/children-decisions?status=recorded&caseId=${caseId}` : null, [caseId]);
  const [msg, setMsg] = useState<string>();
  const children = parties.filter((p) => p.roles.includes('child'));
  const decisions = [...(pending.data ?? []), ...(recorded.data ?? [])];
  return (
    <>
      {msg && <p role="status">{msg}</p>}
      {children.length ? (
        <p>Children on this case: {children.map(nameOf).join(', ')}.</p>
      ) : (
        <p>No children are recorded on this case. If a child lives with or is affected by anyone here, add them to the case.</p>
      )}
      {decisions.length > 0 && (
        <ul className="cards">
          {decisions.map((d) => (
            <li key={d.id} className="card">
              <p>
                <strong>{d.child}</strong>{d.withAdult && <> listed with {d.withAdult}</>} on report {d.reportReference}, {fmtDate(d.promptedAt)}
              </p>
              {d.recordedAt ? (
                <p>
                  Decision ({fmtDate(d.recordedAt)}): <Maybe value={d.decision} />. Referral made: <Maybe value={typeof d.referralMade === 'boolean' ? (d.referralMade ? 'yes' : 'no') : d.referralMade} />
                </p>
              ) : (
                <>
                  <p><strong>Decision needed:</strong> record whether to refer to children's social care, and why.</p>
                  <RecordDecision d={d} onSaved={(m) => { setMsg(m); pending.reload(); recorded.reload(); }} />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
