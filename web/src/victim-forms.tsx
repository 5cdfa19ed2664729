import { useState, type FormEvent } from 'react';
import { api } from './api';
import { errorText, Problem, words } from './ui';

/** Mirrors SUPPORT_SERVICES in the victims module. */
export const SERVICES = [
  'victim_support', 'mental_health', 'counselling', 'housing_support', 'floating_support', 'substance_misuse', 'debt_advice',
  'target_hardening', 'mediation', 'restorative_justice', 'independent_advocate', 'other',
];
const HOW = ['in_person', 'phone', 'letter', 'email', 'video', 'written_by_victim'];

interface Props { caseId: string; personId: string; onSaved: (message: string) => void }

/** Record support offered to the victim, and their answer if they have given one. */
export function SupportForm({ caseId, personId, onSaved }: Props) {
  const [error, setError] = useState<string>();
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setError(undefined);
    try {
      await api(`/cases/${caseId}/victims/${personId}/support-offers`, {
        method: 'POST',
        body: { service: f.get('service'), provider: f.get('provider') || undefined, status: f.get('status'), reason: f.get('reason') || undefined, offeredAt: new Date().toISOString() },
      });
      form.reset();
      onSaved('Support offer recorded.');
    } catch (err) {
      setError(errorText(err));
    }
  }
  const id = (s: string) => `${s}-${personId}`;
  return (
    <form onSubmit={submit}>
      <label htmlFor={id('service')}>Support offered</label>
      <select id={id('service')} name="service">
        {SERVICES.map((s) => <option key={s} value={s}>{words(s)}</option>)}
      </select>
      <label htmlFor={id('provider')}>Provider (needed if the support is "other")</label>
      <input id={id('provider')} name="provider" />
      <label htmlFor={id('status')}>Their answer</label>
      <select id={id('status')} name="status" defaultValue="offered">
        <option value="offered">Not answered yet</option>
        <option value="accepted">Accepted</option>
        <option value="declined">Declined</option>
      </select>
      <label htmlFor={id('reason')}>Why declined (needed if declined)</label>
      <input id={id('reason')} name="reason" />
      <Problem error={error} />
      <button type="submit">Record the offer</button>
    </form>
  );
}

/** The victim's answer to an offer made earlier: accepted, or declined with their reason. */
export function OfferAnswer({ caseId, personId, offerId, service, onSaved }: Props & { offerId: string; service: string }) {
  const [declining, setDeclining] = useState(false);
  const [error, setError] = useState<string>();
  async function answer(status: 'accepted' | 'declined', reason?: string) {
    setError(undefined);
    try {
      await api(`/cases/${caseId}/victims/${personId}/support-offers/${offerId}`, { method: 'PATCH', body: { status, reason, respondedAt: new Date().toISOString() } });
      onSaved(`Recorded: ${words(service)} ${status}.`);
    } catch (err) {
      setError(errorText(err));
    }
  }
  function decline(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    void answer('declined', String(new FormData(e.currentTarget).get('reason') ?? '') || undefined);
  }
  const rid = `decline-${offerId}`;
  return (
    <>
      {declining ? (
        <form onSubmit={decline} className="inline">
          <span>
            <label htmlFor={rid}>Why they declined {words(service)}</label>
            <input id={rid} name="reason" required autoFocus />
          </span>
          <button type="submit">Record declined</button>
          <button type="button" className="secondary" onClick={() => setDeclining(false)}>Cancel</button>
        </form>
      ) : (
        <span className="inline">
          <button type="button" onClick={() => answer('accepted')} aria-label={`Accepted: ${words(service)}`}>Accepted</button>
          <button type="button" className="secondary" onClick={() => setDeclining(true)} aria-label={`Declined: ${words(service)}`}>Declined</button>
        </span>
      )}
      <Problem error={error} />
    </>
  );
}

/** The victim's own account of the impact on them, in their words. */
export function ImpactForm({ caseId, personId, onSaved }: Props) {
  const [error, setError] = useState<string>();
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setError(undefined);
    try {
      await api(`/cases/${caseId}/victims/${personId}/impact`, { method: 'POST', body: { inTheirWords: f.get('inTheirWords'), how: f.get('how'), recordedAt: new Date().toISOString() } });
      form.reset();
      onSaved('Their account of the impact is recorded.');
    } catch (err) {
      setError(errorText(err));
    }
  }
  const id = (s: string) => `${s}-${personId}`;
  return (
    <form onSubmit={submit}>
      <label htmlFor={id('words')}>In their own words</label>
      <p className="guidance" id={id('words-hint')}>Write down what they say, as they say it. Do not summarise or interpret.</p>
      <textarea id={id('words')} name="inTheirWords" rows={4} required minLength={3} aria-describedby={id('words-hint')} />
      <label htmlFor={id('how')}>How they gave it</label>
      <select id={id('how')} name="how" defaultValue="in_person">
        {HOW.map((h) => <option key={h} value={h}>{words(h)}</option>)}
      </select>
      <Problem error={error} />
      <button type="submit">Record their account</button>
    </form>
  );
}
