import { useEffect, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, ApiError } from './api';

/** Loads an endpoint; `missing` is true when the API answers 404 (feature not there / not visible). */
export function useApi<T>(path: string | null, deps: unknown[] = [], purpose?: string) {
  const [state, set] = useState<{ data?: T; error?: string; missing?: boolean; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    set((s) => ({ ...s, loading: true }));
    api<T>(path, { purpose })
      .then((data) => live && set({ data, loading: false }))
      .catch((e: unknown) => live && set({ loading: false, error: e instanceof Error ? e.message : String(e), missing: e instanceof ApiError && e.status === 404 }));
    return () => {
      live = false;
    };
  }, [path, tick, ...deps]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}

export function Loading() {
  return <p role="status">Loading…</p>;
}

export function Problem({ error }: { error?: string }) {
  return error ? (
    <p className="problem" role="alert">
      {error}
    </p>
  ) : null;
}

const SHAPES: Record<string, string> = { high: '▲', medium: '◆', standard: '●', withheld: '⊘' };

/** A level as text: a withheld level (another agency's, no agreement) says so rather than vanishing. */
export function levelText(level: unknown): string | null {
  if (typeof level === 'string') return level;
  if (level && typeof level === 'object' && (level as { withheld?: boolean }).withheld) return 'withheld';
  return null;
}

/** Risk level as text plus a shape, never colour alone (colour-blind safe). */
export function RiskBadge({ level, lens }: { level?: unknown; lens: string }) {
  const text = levelText(level);
  const l = text ?? 'not assessed';
  return (
    <span className={`badge risk-${text ?? 'none'}`} title={`${lens}: ${l}`}>
      <span aria-hidden="true">{SHAPES[l] ?? '○'}</span> {lens}: <strong>{l}</strong>
    </span>
  );
}

/** Due / overdue state as words plus a shape (not colour alone). */
export function DueState({ state }: { state: string }) {
  const words: Record<string, [string, string]> = { overdue: ['▲', 'overdue'], due_soon: ['◆', 'due soon'], not_due: ['●', 'not yet due'] };
  const [shape, text] = words[state] ?? ['○', state.replace(/_/g, ' ')];
  return (
    <span className={`badge due-${state}`}>
      <span aria-hidden="true">{shape}</span> {text}
    </span>
  );
}

/** An API error as plain text, naming the fields the server rejected. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const fields = (err.body.errors ?? []).map((x) => `${x.path.replace(/^body\./, '').replace(/\./g, ' ')}: ${x.message}`);
    return fields.length ? `${err.message} (${fields.join('; ')})` : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

/** Staff who work cases (officers, team leaders, partners): they keep caseloads, see link suggestions and may use emergency access. */
export const worksCases = (role: string) => ['officer', 'team_leader', 'partner'].includes(role);

/** Words for a code such as `harm_faced`. */
export const words = (s: string) => s.replace(/_/g, ' ');

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <section className="panel" aria-labelledby={id ?? title.replace(/\W+/g, '-').toLowerCase()}>
      <h2 id={id ?? title.replace(/\W+/g, '-').toLowerCase()}>{title}</h2>
      {children}
    </section>
  );
}

export const fmtDate = (s?: string | null) => (s ? new Date(s).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }) : '—');
export const fmtDateTime = (s?: string | null) => (s ? new Date(s).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }) : '—');

/** A withheld field says so, with its category, instead of vanishing. */
export function Maybe({ value }: { value: unknown }) {
  if (value && typeof value === 'object' && (value as { withheld?: boolean }).withheld) {
    const w = value as { category: string; reason: string };
    return <em className="withheld">Withheld ({w.category.replace(/_/g, ' ')}): {w.reason}</em>;
  }
  if (value === undefined || value === null || value === '') return <span>—</span>;
  return <>{String(value)}</>;
}

/** The page's search, kept in its address (?q=) so the back button and a shared link find the same. */
export function useSearchText(): string {
  return useSearchParams()[0].get('q') ?? '';
}

/** A search box that puts what was typed into the page's address (read back with `useSearchText`). */
export function SearchForm({ id, label }: { id: string; label: string }) {
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  return (
    <form className="inline" onSubmit={(e) => { e.preventDefault(); setParams({ q: text }); }} role="search">
      <div>
        <label htmlFor={id}>{label}</label>
        <input id={id} value={text} onChange={(e) => setText(e.target.value)} required minLength={2} />
      </div>
      <button type="submit">Find</button>
    </form>
  );
}
