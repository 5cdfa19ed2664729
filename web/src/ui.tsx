import { useEffect, useState, type ReactNode } from 'react';
import { api, ApiError } from './api';

/** Loads an endpoint; `missing` is true when the API answers 404 (feature not there / not visible). */
export function useApi<T>(path: string | null, deps: unknown[] = []) {
  const [state, set] = useState<{ data?: T; error?: string; missing?: boolean; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    set((s) => ({ ...s, loading: true }));
    api<T>(path)
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

const SHAPES: Record<string, string> = { high: '▲', medium: '◆', standard: '●' };

/** Risk level as text plus a shape, never colour alone (colour-blind safe). */
export function RiskBadge({ level, lens }: { level?: string | null; lens: string }) {
  const l = level ?? 'not assessed';
  return (
    <span className={`badge risk-${level ?? 'none'}`} title={`${lens}: ${l}`}>
      <span aria-hidden="true">{SHAPES[l] ?? '○'}</span> {lens}: <strong>{l}</strong>
    </span>
  );
}

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
