import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from './api';
import { errorText, Loading, useApi } from './ui';

interface Threshold { reports: number; windowDays: number }
interface PersonPast { personId: string; displayName?: string; reports: number; agencies: number; reportIds: string[] }
interface PlacePast { placeId: string; line1: string | null; postcode: string | null; caseReviewReports: number; agencies: number; caseReviewEligible: boolean; reportIds: string[] }

const fromAgencies = (n: number) => (n > 1 ? `from ${n} agencies` : 'from one agency');

/**
 * Victims and places with enough reports in the area's window to meet the ASB Case Review threshold
 * and no open case: reports nobody has yet put together, surfaced without anyone searching for them.
 */
export function PastCaseReviewThreshold() {
  const people = useApi<{ threshold: Threshold; items: PersonPast[] }>('/thresholds');
  const places = useApi<{ threshold: Threshold; items: PlacePast[] }>('/thresholds?kind=places');
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  // A case opened from the reports the count is made of: the victim or place then has an open case.
  async function openCase(title: string, reportIds: string[]) {
    setError(null);
    try {
      const r = await api<{ id: string }>('/cases', { method: 'POST', body: { title, reportIds } });
      navigate(`/cases/${r.id}`);
    } catch (err) {
      setError(errorText(err));
    }
  }
  if (people.loading || places.loading) return <Loading />;
  if (people.missing || places.missing) return <p>The Case Review threshold is not available.</p>;
  const t = people.data?.threshold ?? places.data?.threshold;
  const who = people.data?.items ?? [];
  // The places list also holds places past the repeat-location threshold alone: only the Case Review's are shown here.
  const where = (places.data?.items ?? []).filter((p) => p.caseReviewEligible);
  return (
    <>
      {t && (
        <p className="note">
          {t.reports} or more reports in {t.windowDays} days about the same victim or place, and no open case.
        </p>
      )}
      {who.length === 0 && where.length === 0 ? (
        <p>No victim or place is past the threshold without an open case.</p>
      ) : (
        <ul>
          {who.slice(0, 8).map((p) => {
            const name = p.displayName ?? 'A person whose name is not shared with you';
            return (
              <li key={p.personId}>
                <strong>{name}</strong>: {p.reports} reports {fromAgencies(p.agencies)}{' '}
                <button type="button" className="secondary small" onClick={() => openCase(`Repeated reports: ${p.displayName ?? 'victim'}`, p.reportIds)} aria-label={`Open a case: ${name}`}>
                  Open a case
                </button>
              </li>
            );
          })}
          {where.slice(0, 8).map((p) => {
            const address = [p.line1, p.postcode].filter(Boolean).join(', ') || 'An unnamed place';
            return (
              <li key={p.placeId}>
                <strong>{address}</strong>: {p.caseReviewReports} reports {fromAgencies(p.agencies)}{' '}
                <button type="button" className="secondary small" onClick={() => openCase(`Repeated reports at ${address}`, p.reportIds)} aria-label={`Open a case: ${address}`}>
                  Open a case
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {error && <p role="alert">{error}</p>}
    </>
  );
}
