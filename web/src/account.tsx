import { useState, type FormEvent } from 'react';
import { api } from './api';
import { errorText, Problem, Section } from './ui';

/** Your own account: change your password (your other sessions are signed out). */
export function AccountPage({ name }: { name: string }) {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setError(null);
    setDone(false);
    if (f.get('new') !== f.get('again')) return setError('The two new passwords are not the same.');
    try {
      await api('/auth/password', { method: 'POST', body: { currentPassword: f.get('current'), newPassword: f.get('new') } });
      setDone(true);
      form.reset();
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <main id="main">
      <h1>{name}</h1>
      <Section title="Change your password">
        <form onSubmit={submit}>
          <label htmlFor="current-password">Current password</label>
          <input id="current-password" name="current" type="password" autoComplete="current-password" required maxLength={200} />
          <label htmlFor="new-password">New password (at least 12 characters)</label>
          <input id="new-password" name="new" type="password" autoComplete="new-password" required minLength={12} maxLength={200} />
          <label htmlFor="again-password">New password again</label>
          <input id="again-password" name="again" type="password" autoComplete="new-password" required minLength={12} maxLength={200} />
          <Problem error={error ?? undefined} />
          {done && <p role="status">Password changed. Anywhere else you were signed in has been signed out.</p>}
          <button type="submit">Change password</button>
        </form>
      </Section>
    </main>
  );
}
