import { StrictMode, useEffect, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Link, Navigate, NavLink, Route, Routes } from 'react-router-dom';
import { login, logout, whoAmI, type Me } from './api';
import { AccountPage } from './account';
import { AdminPage } from './admin';
import { CaseloadPage } from './caseload';
import { MeetingPage } from './conference';
import { Assess, Intake } from './forms';
import { DashboardPage } from './insight';
import { PeoplePage, PersonPage } from './people';
import { PlacePage, PlacesPage } from './places';
import { PortalReport, PortalStatus } from './portal';
import { PrivacyPage } from './privacy';
import { CasePage, Cases, Home } from './staff';
import { Problem, worksCases } from './ui';
import './styles.css';

function SignIn({ onIn }: { onIn: (m: Me) => void }) {
  const [error, setError] = useState<string>();
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      onIn(await login(String(f.get('email')), String(f.get('password'))));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <main id="main" className="signin">
      <h1>Sign in to Convene</h1>
      <form onSubmit={submit}>
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <Problem error={error} />
        <button type="submit">Sign in</button>
      </form>
      <p>
        Not staff? <Link to="/report">Report anti-social behaviour or a worry about someone's safety</Link>
      </p>
    </main>
  );
}

function Staff() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  useEffect(() => {
    whoAmI().then(setMe);
  }, []);
  if (me === undefined) return <p role="status">Loading…</p>;
  if (!me) return <SignIn onIn={setMe} />;
  return (
    <>
      <header className="top">
        <span className="brand">Convene</span>
        <nav aria-label="Main">
          <NavLink to="/" end>Home</NavLink>
          <NavLink to="/cases">Cases</NavLink>
          <NavLink to="/people">People</NavLink>
          <NavLink to="/places">Places</NavLink>
          <NavLink to="/intake">Take a report</NavLink>
          {worksCases(me.user.role) && <NavLink to="/caseload">My caseload</NavLink>}
          <NavLink to="/dashboard">Dashboard</NavLink>
          {me.user.role === 'dpo' && <NavLink to="/data-protection">Data protection</NavLink>}
          {['admin', 'team_leader'].includes(me.user.role) && <NavLink to="/administration">Administration</NavLink>}
        </nav>
        <span className="who">
          <Link to="/account" title="Your account">{me.user.displayName}</Link> ({me.user.role.replace('_', ' ')}){' '}
          <button className="link" onClick={async () => { await logout(); setMe(null); }}>Sign out</button>
        </span>
      </header>
      <Routes>
        <Route path="/" element={<Home name={me.user.displayName} role={me.user.role} />} />
        <Route path="/cases" element={<Cases />} />
        <Route path="/cases/:id" element={<CasePage role={me.user.role} />} />
        <Route path="/people" element={<PeoplePage />} />
        <Route path="/places" element={<PlacesPage />} />
        <Route path="/places/:id" element={<PlacePage />} />
        <Route path="/account" element={<AccountPage name={me.user.displayName} />} />
        <Route path="/people/:id" element={<PersonPage role={me.user.role} />} />
        <Route path="/caseload" element={<CaseloadPage me={me.user} />} />
        <Route path="/caseload/:userId" element={<CaseloadPage me={me.user} />} />
        <Route path="/intake" element={<Intake />} />
        <Route path="/assess/:personId" element={<Assess />} />
        <Route path="/dashboard" element={<DashboardPage />} />
        <Route path="/meetings/:id" element={<MeetingPage />} />
        {me.user.role === 'dpo' && <Route path="/data-protection" element={<PrivacyPage />} />}
        {['admin', 'team_leader'].includes(me.user.role) && <Route path="/administration" element={<AdminPage me={me.user} />} />}
        <Route path="*" element={<Navigate to="/" />} />
      </Routes>
    </>
  );
}

function App() {
  return (
    <BrowserRouter>
      <a className="skip" href="#main">Skip to main content</a>
      <Routes>
        <Route path="/report" element={<PortalReport />} />
        <Route path="/report/status" element={<PortalStatus />} />
        <Route path="/*" element={<Staff />} />
      </Routes>
    </BrowserRouter>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
