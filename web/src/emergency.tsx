import { useState, type FormEvent } from 'react';
import { api } from './api';
import { errorText, Problem } from './ui';

/** Emergency ("break glass") access: the record opens for a limited time, with a written reason the DPO reviews. */
export function EmergencyAccess({ what, onGranted }: { what: { personId: string } | { caseId: string }; onGranted: (until: string) => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const r = await api<{ expiresAt: string }>('/break-glass', { method: 'POST', body: { ...what, reason } });
      onGranted(r.expiresAt);
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <form onSubmit={submit}>
      <p>
        In an emergency, when someone's life or safety is at risk now and the record is needed to act, you can open it for a limited time.
        Your reason is recorded and the data protection officer reviews every use.
      </p>
      <label htmlFor="emergency-reason">What is the emergency, and why do you need this record now?</label>
      <textarea id="emergency-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} required minLength={20} maxLength={2000} />
      <Problem error={error ?? undefined} />
      <button type="submit" className="secondary">Open the record in an emergency</button>
    </form>
  );
}
