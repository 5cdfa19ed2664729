import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fmtDateTime, Loading, Section, useApi } from './ui';
import { VictimsSupported } from './victims';

interface Dashboard {
  casesByStatus: Record<string, number>;
  openCasesByRisk?: Record<string, number>;
  overdueReviews?: number;
  repeatVictimsLast12Months: number;
  medianHoursToFirstContact: number | null;
  reportsByMonth: { month: string; n: number }[];
  closedCaseOutcomes: { outcome: string; n: number }[];
  /** When the figures were counted (they are kept for up to a minute). */
  asOf: string;
}

export function DashboardPage() {
  const d = useApi<Dashboard>('/insight/dashboard');
  const [by, setBy] = useState<'lsoa' | 'sector'>('lsoa');
  const hot = useApi<{ areas: { area: string; label: string | null; reports: number; previous: number; change: number }[] }>(`/insight/hotspots?by=${by}&days=90`, [by]);
  if (d.loading) return <main id="main"><Loading /></main>;
  const x = d.data!;
  const max = Math.max(1, ...(hot.data?.areas.map((a) => a.reports) ?? [1]));
  return (
    <main id="main">
      <h1>Dashboard</h1>
      <p className="note">Figures counted at {fmtDateTime(x.asOf)}.</p>
      <div className="grid stats">
        <p className="stat"><span>{x.casesByStatus.open ?? 0}</span> open cases</p>
        <p className="stat"><span>{x.openCasesByRisk?.high ?? 0}</span> open cases with someone at high risk</p>
        <p className="stat"><span>{x.overdueReviews ?? 0}</span> overdue reviews</p>
        <p className="stat"><span>{x.repeatVictimsLast12Months}</span> repeat victims (12 months)</p>
        <p className="stat"><span>{x.medianHoursToFirstContact === null ? '—' : Math.round(x.medianHoursToFirstContact)}</span> median hours to first contact</p>
      </div>
      <Section title="Victims supported">
        <VictimsSupported />
      </Section>
      <Section title="Reports by month">
        <figure aria-label="Reports by month">
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={x.reportsByMonth}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="month" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Bar dataKey="n" name="Reports" fill="#0b5cad" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      </Section>
      <Section title="Hotspots (last 90 days)">
        <label htmlFor="by">Group by</label>
        <select id="by" value={by} onChange={(e) => setBy(e.target.value as 'lsoa' | 'sector')}>
          <option value="lsoa">Lower layer super output area (LSOA)</option>
          <option value="sector">Postcode sector</option>
        </select>
        <div className="heat" role="list" aria-label="Heat grid of reports by area">
          {hot.data?.areas.map((a) => (
            <div role="listitem" key={a.area} className={`cell band-${Math.min(4, Math.floor((a.reports / max) * 4.999))}`}>
              <strong>{a.area}</strong>
              <span>{a.reports} reports</span>
              <span>{a.change >= 0 ? `▲ ${a.change}` : `▼ ${-a.change}`} on the 90 days before</span>
            </div>
          ))}
        </div>
      </Section>
    </main>
  );
}
