import { Loading, useApi } from './ui';

interface Threshold { reports: number; windowDays: number }
interface PersonPast { personId: string; displayName?: string; reports: number; agencies: number }
interface PlacePast { placeId: string; line1: string | null; postcode: string | null; caseReviewReports: number; agencies: number; caseReviewEligible: boolean }

const fromAgencies = (n: number) => (n > 1 ? `from ${n} agencies` : 'from one agency');

/**
 * Victims and places with enough reports in the area's window to meet the ASB Case Review threshold
 * and no open case: reports nobody has yet put together, surfaced without anyone searching for them.
 */
export function PastCaseReviewThreshold() {
  const people = useApi<{ threshold: Threshold; items: PersonPast[] }>('/thresholds');
  const places = useApi<{ threshold: Threshold; items: PlacePast[] }>('/thresholds?kind=places');
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
          {who.slice(0, 8).map((p) => (
            <li key={p.personId}>
              <strong>{p.displayName ?? 'A person whose name is not shared with you'}</strong>: {p.reports} reports {fromAgencies(p.agencies)}
            </li>
          ))}
          {where.slice(0, 8).map((p) => (
            <li key={p.placeId}>
              <strong>{[p.line1, p.postcode].filter(Boolean).join(', ') || 'An unnamed place'}</strong>: {p.caseReviewReports} reports {fromAgencies(p.agencies)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
