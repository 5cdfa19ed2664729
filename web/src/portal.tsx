import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError } from './api';
import { fmtDate, Problem, useApi } from './ui';

interface Info {
  emergency: string;
  nonEmergency: { label: string; contact: string }[];
}

function Signposting() {
  const info = useApi<Info>('/public/info');
  if (!info.data) return null;
  return (
    <aside className="signpost" aria-labelledby="help-now">
      <h2 id="help-now">If you need help now</h2>
      <p>
        <strong>{info.data.emergency}</strong>
      </p>
      <ul>
        {info.data.nonEmergency.map((c) => (
          <li key={c.label}>
            {c.label}: <strong>{c.contact}</strong>
          </li>
        ))}
      </ul>
    </aside>
  );
}

/** The resident's report: plain English, no account, optional anonymity. */
export function PortalReport() {
  const [sent, setSent] = useState<{ reference: string; statusToken: string } | null>(null);
  const [error, setError] = useState<string>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const anonymous = f.get('anonymous') === 'on';
    try {
      setErrors({});
      setError(undefined);
      const r = await api<{ reference: string; statusToken: string }>('/public/reports', {
        method: 'POST',
        body: {
          kind: f.get('kind'),
          whatHappened: f.get('whatHappened'),
          where: { address: f.get('address') || undefined, postcode: f.get('postcode') || undefined },
          anonymous,
          worriedAboutSafety: f.get('kind') === 'safety_worry',
          you: anonymous ? undefined : { name: f.get('name') || undefined, phone: f.get('phone') || undefined, email: f.get('email') || undefined },
        },
      });
      setSent(r);
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(Object.fromEntries((err.body.errors ?? []).map((x) => [x.path.replace(/^body\./, ''), x.message])));
        setError(err.message);
      } else setError(String(err));
    }
  }
  if (sent)
    return (
      <main id="main" className="portal">
        <h1>Thank you — we have your report</h1>
        <p>Keep these safe. You need both to check progress.</p>
        <dl className="reference">
          <dt>Your reference</dt>
          <dd data-testid="reference">{sent.reference}</dd>
          <dt>Your private status code</dt>
          <dd data-testid="token">{sent.statusToken}</dd>
        </dl>
        <p>
          <Link to={`/report/status?reference=${sent.reference}&token=${sent.statusToken}`}>Check the progress of your report</Link>
        </p>
        <Signposting />
      </main>
    );
  return (
    <main id="main" className="portal">
      <h1>Report anti-social behaviour or a worry about someone's safety</h1>
      <p>You do not need an account. It takes about five minutes.</p>
      <Signposting />
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>What do you want to tell us about?</legend>
          <label className="choice">
            <input type="radio" name="kind" value="asb" defaultChecked /> Anti-social behaviour (noise, harassment, damage, drug dealing…)
          </label>
          <label className="choice">
            <input type="radio" name="kind" value="safety_worry" /> I am worried about someone's safety
          </label>
        </fieldset>
        <label htmlFor="whatHappened">What happened?</label>
        <textarea id="whatHappened" name="whatHappened" rows={5} required aria-describedby="whatHappened-error" />
        {errors.whatHappened && <p className="field-error" id="whatHappened-error">{errors.whatHappened}</p>}
        <label htmlFor="address">Where did it happen? (street or building)</label>
        <input id="address" name="address" autoComplete="street-address" />
        <label htmlFor="postcode">Postcode, if you know it</label>
        <input id="postcode" name="postcode" autoComplete="postal-code" />
        {errors.where && <p className="field-error">{errors.where}</p>}
        <fieldset>
          <legend>About you</legend>
          <label className="choice">
            <input type="checkbox" name="anonymous" /> I want to stay anonymous (we cannot update you)
          </label>
          <label htmlFor="name">Your name (optional)</label>
          <input id="name" name="name" autoComplete="name" />
          <label htmlFor="phone">Phone (optional)</label>
          <input id="phone" name="phone" type="tel" autoComplete="tel" />
          <label htmlFor="email">Email (optional)</label>
          <input id="email" name="email" type="email" autoComplete="email" />
        </fieldset>
        <Problem error={error} />
        <button type="submit">Send report</button>
      </form>
      <p>
        <Link to="/report/status">Already reported? Check progress</Link>
      </p>
    </main>
  );
}

export function PortalStatus() {
  const params = new URLSearchParams(location.search);
  const [q, setQ] = useState<{ reference: string; token: string } | null>(params.get('reference') && params.get('token') ? { reference: params.get('reference')!, token: params.get('token')! } : null);
  const status = useApi<{ stageText: string; lastUpdate: string; nextExpectedContact: string | null; reference: string }>(q ? `/public/reports/${encodeURIComponent(q.reference)}?token=${encodeURIComponent(q.token)}` : null, [q]);
  return (
    <main id="main" className="portal">
      <h1>Check the progress of your report</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          setQ({ reference: String(f.get('reference')), token: String(f.get('token')) });
        }}
      >
        <label htmlFor="reference">Reference</label>
        <input id="reference" name="reference" defaultValue={q?.reference} required />
        <label htmlFor="token">Private status code</label>
        <input id="token" name="token" defaultValue={q?.token} required />
        <button type="submit">Check progress</button>
      </form>
      {q && status.data && (
        <section className="panel" aria-live="polite">
          <h2>{status.data.reference}</h2>
          <p data-testid="stage">
            <strong>{status.data.stageText}</strong>
          </p>
          <p>Last update: {fmtDate(status.data.lastUpdate)}</p>
          <p>Next expected contact: {status.data.nextExpectedContact ?? 'none — this case is closed'}</p>
        </section>
      )}
      {q && status.error && <Problem error={status.missing ? 'We could not find a report with that reference and status code.' : status.error} />}
      <p>
        <Link to="/report">Make a new report</Link>
      </p>
    </main>
  );
}
