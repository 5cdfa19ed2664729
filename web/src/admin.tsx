import { useState, type FormEvent } from 'react';
import { api, type Me } from './api';
import { errorText, Loading, Problem, Section, useApi, words } from './ui';

interface Area { id: string; name: string; caseReviewReportCount: number; caseReviewWindowDays: number }
interface Agency { id: string; areaId: string; name: string; kind: string }
interface Team { id: string; agencyId: string; name: string }
interface User { id: string; agencyId: string; teamId: string | null; email: string; displayName: string; role: string; locked: boolean; disabled: boolean }

const ROLES = ['officer', 'team_leader', 'partner', 'dpo', 'admin'] as const;
const KINDS = ['council', 'housing', 'police', 'adult_social_care', 'childrens_social_care', 'health', 'victim_support', 'other'] as const;

/**
 * Administration: the area's ASB Case Review threshold (administrators, and team leaders for their
 * own area), staff and locked accounts, and (administrators) new staff, agencies and teams.
 */
export function AdminPage({ me }: { me: Me['user'] }) {
  const admin = me.role === 'admin';
  const areas = useApi<Area[]>('/areas');
  const agencies = useApi<Agency[]>('/agencies');
  const teams = useApi<Team[]>('/teams');
  const users = useApi<User[]>('/users');
  // Only the first load shows "Loading": a reload after a change keeps the forms (and what they say) in place.
  const failed = [areas, agencies, teams, users].find((x) => x.error);
  if (!areas.data || !agencies.data || !teams.data || !users.data) return <main id="main">{failed ? <Problem error={failed.error} /> : <Loading />}</main>;
  const agencyName = (id: string) => agencies.data?.find((a) => a.id === id)?.name ?? '—';
  const teamName = (id: string | null) => (id ? (teams.data?.find((t) => t.id === id)?.name ?? '—') : '—');
  const mine = (areas.data ?? []).filter((a) => admin || a.id === me.areaId);
  return (
    <main id="main">
      <h1>Administration</h1>
      <Section title="ASB Case Review threshold">
        <p className="note">When a victim or place has this many reports in the window with no open case, Convene puts them on everyone's home page and flags them at intake.</p>
        {mine.map((a) => <Threshold key={a.id} area={a} onSaved={areas.reload} />)}
      </Section>
      <Section title="Staff">
        <table>
          <thead>
            <tr><th>Name</th><th>Email</th><th>Role</th><th>Agency</th><th>Team</th><th>Account</th></tr>
          </thead>
          <tbody>
            {(users.data ?? []).map((u) => (
              <tr key={u.id}>
                <td>{u.displayName}</td>
                <td>{u.email}</td>
                <td>{words(u.role)}</td>
                <td>{agencyName(u.agencyId)}</td>
                <td>{teamName(u.teamId)}</td>
                <td>
                  {u.disabled ? 'disabled' : u.locked ? 'locked' : 'active'}
                  {!u.disabled && u.locked && (admin || u.agencyId === me.agencyId) && (
                    <StaffButton label={`Unlock ${u.displayName}`} run={() => api('/auth/unlock', { method: 'POST', body: { userId: u.id } })} onDone={users.reload} />
                  )}
                  {/* A leaver is disabled (signed out everywhere, tokens revoked), and enabled again on their return. */}
                  {admin && u.id !== me.id && (
                    <StaffButton label={`${u.disabled ? 'Enable' : 'Disable'} ${u.displayName}`} run={() => api(`/users/${u.id}`, { method: 'PATCH', body: { disabled: !u.disabled } })} onDone={users.reload} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      {admin && (
        <>
          <Section title="Add a member of staff">
            <NewUser agencies={agencies.data ?? []} teams={teams.data ?? []} onDone={users.reload} />
          </Section>
          <Section title="Agencies and teams">
            <ul>
              {(agencies.data ?? []).map((a) => (
                <li key={a.id}>
                  <strong>{a.name}</strong> ({words(a.kind)}, {areas.data?.find((x) => x.id === a.areaId)?.name}): {(teams.data ?? []).filter((t) => t.agencyId === a.id).map((t) => t.name).join(', ') || 'no teams'}
                </li>
              ))}
            </ul>
            <NewTeam agencies={agencies.data ?? []} onDone={teams.reload} />
            <NewAgency areas={areas.data ?? []} onDone={agencies.reload} />
          </Section>
        </>
      )}
    </main>
  );
}

/** A form's submit with its error and a status line once done. */
function useSubmit(run: (f: FormData) => Promise<string>, clear = true) {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    setError(null);
    setDone(null);
    try {
      setDone(await run(new FormData(form)));
      if (clear) form.reset();
    } catch (err) {
      setError(errorText(err));
    }
  }
  const feedback = (
    <>
      <Problem error={error ?? undefined} />
      {done && <p role="status">{done}</p>}
    </>
  );
  return { onSubmit, feedback };
}

function Threshold({ area, onSaved }: { area: Area; onSaved: () => void }) {
  const { onSubmit, feedback } = useSubmit(async (f) => {
    await api(`/areas/${area.id}`, { method: 'PATCH', body: { caseReviewReportCount: Number(f.get('count')), caseReviewWindowDays: Number(f.get('days')) } });
    onSaved();
    return `${area.name}: saved.`;
  }, false);
  return (
    <form className="inline" onSubmit={onSubmit} aria-label={`Threshold for ${area.name}`}>
      <strong>{area.name}</strong>
      <div>
        <label htmlFor={`count-${area.id}`}>Reports</label>
        <input id={`count-${area.id}`} name="count" type="number" min={1} max={50} defaultValue={area.caseReviewReportCount} required />
      </div>
      <div>
        <label htmlFor={`days-${area.id}`}>Within days</label>
        <input id={`days-${area.id}`} name="days" type="number" min={1} max={3660} defaultValue={area.caseReviewWindowDays} required />
      </div>
      <button type="submit" className="secondary">Save</button>
      {feedback}
    </form>
  );
}

/** One change to a member of staff from their row (unlock, disable, enable), saying why if it is refused. */
function StaffButton({ label, run, onDone }: { label: string; run: () => Promise<unknown>; onDone: () => void }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      {' '}
      <button type="button" className="secondary small" onClick={() => run().then(onDone, (e) => setError(errorText(e)))}>{label}</button>
      <Problem error={error ?? undefined} />
    </>
  );
}

function NewUser({ agencies, teams, onDone }: { agencies: Agency[]; teams: Team[]; onDone: () => void }) {
  const [agencyId, setAgencyId] = useState(agencies[0]?.id ?? '');
  const { onSubmit, feedback } = useSubmit(async (f) => {
    const body = { displayName: f.get('name'), email: f.get('email'), role: f.get('role'), agencyId, teamId: f.get('team') || null, password: f.get('password') };
    await api('/users', { method: 'POST', body });
    onDone();
    return `${String(body.displayName)} can now sign in with that email and password.`;
  });
  return (
    <form onSubmit={onSubmit}>
      <label htmlFor="new-name">Name</label>
      <input id="new-name" name="name" required maxLength={200} />
      <label htmlFor="new-email">Email</label>
      <input id="new-email" name="email" type="email" required maxLength={254} />
      <label htmlFor="new-role">Role</label>
      <select id="new-role" name="role" defaultValue="officer">
        {ROLES.map((r) => <option key={r} value={r}>{words(r)}</option>)}
      </select>
      <label htmlFor="new-agency">Agency</label>
      <select id="new-agency" value={agencyId} onChange={(e) => setAgencyId(e.target.value)}>
        {agencies.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
      </select>
      <label htmlFor="new-team">Team</label>
      <select id="new-team" name="team" key={agencyId}>
        <option value="">No team</option>
        {teams.filter((t) => t.agencyId === agencyId).map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
      </select>
      <label htmlFor="new-password">First password (at least 12 characters; give it to them in person, to change when they sign in)</label>
      <input id="new-password" name="password" type="password" autoComplete="new-password" required minLength={12} maxLength={200} />
      <button type="submit">Add them</button>
      {feedback}
    </form>
  );
}

function NewTeam({ agencies, onDone }: { agencies: Agency[]; onDone: () => void }) {
  const { onSubmit, feedback } = useSubmit(async (f) => {
    await api('/teams', { method: 'POST', body: { agencyId: f.get('agency'), name: f.get('name') } });
    onDone();
    return `Team ${String(f.get('name'))} added.`;
  });
  return (
    <form className="inline" onSubmit={onSubmit} aria-label="Add a team">
      <div>
        <label htmlFor="team-agency">Agency</label>
        <select id="team-agency" name="agency">{agencies.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}</select>
      </div>
      <div>
        <label htmlFor="team-name">New team</label>
        <input id="team-name" name="name" required maxLength={200} />
      </div>
      <button type="submit" className="secondary">Add the team</button>
      {feedback}
    </form>
  );
}

function NewAgency({ areas, onDone }: { areas: Area[]; onDone: () => void }) {
  const { onSubmit, feedback } = useSubmit(async (f) => {
    await api('/agencies', { method: 'POST', body: { areaId: f.get('area'), name: f.get('name'), kind: f.get('kind') } });
    onDone();
    return `${String(f.get('name'))} added.`;
  });
  return (
    <form className="inline" onSubmit={onSubmit} aria-label="Add an agency">
      <div>
        <label htmlFor="agency-area">Area</label>
        <select id="agency-area" name="area">{areas.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}</select>
      </div>
      <div>
        <label htmlFor="agency-name">New agency</label>
        <input id="agency-name" name="name" required maxLength={200} />
      </div>
      <div>
        <label htmlFor="agency-kind">Kind</label>
        <select id="agency-kind" name="kind">{KINDS.map((k) => <option key={k} value={k}>{words(k)}</option>)}</select>
      </div>
      <button type="submit" className="secondary">Add the agency</button>
      {feedback}
    </form>
  );
}
