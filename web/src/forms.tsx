import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from './api';
import { evidenceText } from './staff';
import { errorText, fmtDate, Loading, Problem, RiskBadge, Section, useApi } from './ui';

interface Created { id: string; reference: string; people: { personId: string; role: string }[]; links: { kind: string; probability: number; evidence: { field: string; level: string; weight: number }[]; matchedPersonId?: string; reference?: string; suggestionId?: string }[]; flags: string[]; linking?: 'done' | 'to_follow'; linkingDetail?: string }

/** Report intake: the report is recorded, then its link suggestions and flags are shown with evidence. */
export function Intake() {
  const cats = useApi<{ code: string; label: string; parentCode: string | null }[]>('/report-categories');
  const [created, setCreated] = useState<Created | null>(null);
  const [error, setError] = useState<string>();
  const [decided, setDecided] = useState<Record<string, string>>({});
  // A refused decision (partners record reports; officers and team leaders decide links) says why.
  async function decide(id: string, d: 'confirm' | 'reject') {
    setError(undefined);
    try {
      await api(`/link-suggestions/${id}/${d}`, { method: 'POST' });
      setDecided((was) => ({ ...was, [id]: d === 'confirm' ? 'confirmed' : 'rejected' }));
    } catch (err) {
      setError(errorText(err));
    }
  }
  const navigate = useNavigate();
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const person = (p: string) => (f.get(`${p}Name`) ? { role: p === 'victim' ? 'victim' : 'alleged_perpetrator', name: f.get(`${p}Name`), dateOfBirth: f.get(`${p}Dob`) || undefined, phone: f.get(`${p}Phone`) || undefined } : null);
    try {
      setError(undefined);
      const r = await api<Created>('/reports', {
        method: 'POST',
        body: {
          receivedAt: new Date().toISOString(),
          channel: f.get('channel'),
          category: f.get('category'),
          description: f.get('description'),
          location: f.get('line1') || f.get('postcode') ? { address: { line1: f.get('line1') || undefined, postcode: f.get('postcode') || undefined } } : undefined,
          people: [person('victim'), person('perp')].filter(Boolean),
        },
      });
      setCreated(r);
    } catch (err) {
      setError(errorText(err));
    }
  }
  async function openCase() {
    const r = await api<{ id: string }>('/cases', { method: 'POST', body: { title: `Case from ${created!.reference}`, reportIds: [created!.id] } });
    navigate(`/cases/${r.id}`);
  }
  if (created)
    return (
      <main id="main">
        <h1>Report {created.reference} recorded</h1>
        {created.linking === 'to_follow' && (
          <p role="status">
            {created.linkingDetail}
          </p>
        )}
        <Section title="Flags">
          {created.flags.length ? (
            <ul className="flags">
              {created.flags.map((f) => (
                <li key={f} className="flag">
                  ⚑ {f.replace(/_/g, ' ')}
                </li>
              ))}
            </ul>
          ) : created.linking === 'to_follow' ? (
            <p>Flags follow with the linking.</p>
          ) : (
            <p>No flags raised.</p>
          )}
        </Section>
        <Section title="Link suggestions">
          <Problem error={error} />
          {created.links.length === 0 && created.linking !== 'to_follow' && <p>No earlier people or reports match.</p>}
          <ul className="cards">
            {created.links.map((l, i) => (
              <li key={i} className="card">
                <p>
                  {l.kind === 'person' ? 'Same person as an earlier record' : `Earlier report ${l.reference ?? ''} at the same place`} — {(l.probability * 100).toFixed(0)}%
                </p>
                <p className="evidence">{evidenceText(l.evidence)}</p>
                {l.suggestionId && !decided[l.suggestionId] && (
                  <>
                    <button onClick={() => decide(l.suggestionId!, 'confirm')}>Confirm</button>{' '}
                    <button className="secondary" onClick={() => decide(l.suggestionId!, 'reject')}>Reject</button>
                  </>
                )}
                {l.suggestionId && decided[l.suggestionId] && <p role="status">Link {decided[l.suggestionId]}.</p>}
              </li>
            ))}
          </ul>
        </Section>
        <button onClick={openCase}>Open a case from this report</button>
      </main>
    );
  return (
    <main id="main">
      <h1>Take a report</h1>
      <form onSubmit={submit}>
        <div className="grid">
          <div>
            <label htmlFor="channel">How was it reported?</label>
            <select id="channel" name="channel" defaultValue="phone">
              {['phone', 'online', 'in_person', 'email', 'police_system', 'housing_system'].map((c) => (
                <option key={c} value={c}>{c.replace(/_/g, ' ')}</option>
              ))}
            </select>
            <label htmlFor="category">Category</label>
            <select id="category" name="category" defaultValue="harassment">
              {cats.data?.filter((c) => c.parentCode).map((c) => (
                <option key={c.code} value={c.code}>{c.label}</option>
              ))}
            </select>
            <label htmlFor="description">What happened</label>
            <textarea id="description" name="description" rows={5} required />
            <label htmlFor="line1">Where: address</label>
            <input id="line1" name="line1" />
            <label htmlFor="postcode">Postcode</label>
            <input id="postcode" name="postcode" />
          </div>
          <fieldset>
            <legend>Victim</legend>
            <label htmlFor="victimName">Name</label>
            <input id="victimName" name="victimName" />
            <label htmlFor="victimDob">Date of birth</label>
            <input id="victimDob" name="victimDob" type="date" />
            <label htmlFor="victimPhone">Phone</label>
            <input id="victimPhone" name="victimPhone" type="tel" />
          </fieldset>
          <fieldset>
            <legend>Alleged perpetrator</legend>
            <label htmlFor="perpName">Name</label>
            <input id="perpName" name="perpName" />
            <label htmlFor="perpDob">Date of birth</label>
            <input id="perpDob" name="perpDob" type="date" />
            <label htmlFor="perpPhone">Phone</label>
            <input id="perpPhone" name="perpPhone" type="tel" />
          </fieldset>
        </div>
        <Problem error={error} />
        <button type="submit">Record report and look for links</button>
      </form>
    </main>
  );
}

interface Question { id: string; text: string; guidance?: string; type: string; options?: { value: string; label: string }[]; required?: boolean; reasonRequired?: boolean | string[] }
interface Questionnaire { id: string; version: number; title: string; lens: string; description?: string; sections: { id: string; title: string; guidance?: string; questions: Question[] }[] }

/** An assessment form rendered from the questionnaire definition, guidance notes included. */
export function Assess() {
  const { personId } = useParams();
  const defs = useApi<Questionnaire[]>('/questionnaires');
  const [chosen, setChosen] = useState('asb-victim-risk');
  const [result, setResult] = useState<{ level: string; totalScore: number; reasons: string[]; reviewDue: string; lens: string } | null>(null);
  const [error, setError] = useState<string>();
  if (defs.loading) return <main id="main"><Loading /></main>;
  const latest = new Map<string, Questionnaire>();
  for (const d of defs.data ?? []) if (!latest.has(d.id) || latest.get(d.id)!.version < d.version) latest.set(d.id, d);
  const def = latest.get(chosen);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const answers: Record<string, { value: unknown; reason?: string }> = {};
    for (const s of def!.sections)
      for (const q of s.questions) {
        const v = q.type === 'multi_choice' ? f.getAll(q.id) : f.get(q.id);
        if (v === null || v === '' || (Array.isArray(v) && v.length === 0 && !q.required)) continue;
        const reason = f.get(`${q.id}__reason`);
        answers[q.id] = { value: q.type === 'number' ? Number(v) : v, ...(reason ? { reason: String(reason) } : {}) };
      }
    try {
      setError(undefined);
      setResult(await api('/assessments', { method: 'POST', body: { personId, questionnaireId: def!.id, answers } }));
    } catch (err) {
      setError(err instanceof ApiError ? `${err.message} ${(err.body.errors ?? []).map((x) => `${x.path.replace('body.answers.', '')}: ${x.message}`).join('; ')}` : String(err));
    }
  }
  return (
    <main id="main">
      <h1>Assessment</h1>
      <label htmlFor="questionnaire">Questionnaire</label>
      <select id="questionnaire" value={chosen} onChange={(e) => { setChosen(e.target.value); setResult(null); }}>
        {[...latest.values()].map((d) => (
          <option key={d.id} value={d.id}>{d.title} (v{d.version})</option>
        ))}
      </select>
      {result ? (
        <Section title="Result">
          <p>
            <RiskBadge lens={result.lens.replace('_', ' ')} level={result.level} /> score {result.totalScore}, review by {fmtDate(result.reviewDue)}
          </p>
          <ul>{result.reasons.map((r) => <li key={r}>{r}</li>)}</ul>
          <Link to="/cases">Back to cases</Link>
        </Section>
      ) : def ? (
        <form onSubmit={submit} key={def.id}>
          {def.description && <p>{def.description}</p>}
          {def.sections.map((s) => (
            <fieldset key={s.id}>
              <legend>{s.title}</legend>
              {s.guidance && <p className="guidance">{s.guidance}</p>}
              {s.questions.map((q) => (
                <div key={q.id} className="question">
                  {q.type === 'yes_no' || q.type === 'yes_no_unknown' || q.type === 'choice' || q.type === 'multi_choice' ? (
                    <fieldset>
                      <legend>{q.text}</legend>
                      {(q.options ?? (q.type === 'yes_no' ? [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] : [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }, { value: 'unknown', label: 'Not known' }])).map((o) => (
                        <label key={o.value} className="choice">
                          <input type={q.type === 'multi_choice' ? 'checkbox' : 'radio'} name={q.id} value={o.value} defaultChecked={q.type !== 'multi_choice' && o.value === 'no'} /> {o.label}
                        </label>
                      ))}
                    </fieldset>
                  ) : (
                    <>
                      <label htmlFor={q.id}>{q.text}</label>
                      {q.type === 'text' ? <textarea id={q.id} name={q.id} rows={2} /> : <input id={q.id} name={q.id} type={q.type === 'number' ? 'number' : 'text'} />}
                    </>
                  )}
                  {q.guidance && <p className="guidance">{q.guidance}</p>}
                  {q.reasonRequired && (
                    <>
                      <label htmlFor={`${q.id}__reason`}>Reason</label>
                      <input id={`${q.id}__reason`} name={`${q.id}__reason`} defaultValue="Discussed with the person" />
                    </>
                  )}
                </div>
              ))}
            </fieldset>
          ))}
          <Problem error={error} />
          <button type="submit">Save assessment</button>
        </form>
      ) : (
        <p>Questionnaires are not available.</p>
      )}
    </main>
  );
}
