import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Loading, Problem, RiskBadge, useApi } from './ui';

interface Overdue { assessmentId: string; personId: string; person: string; lens: string; level: unknown; reviewDue: string; caseId: string | null; caseReference: string | null; leadOfficer: string | null; daysOverdue: number }

/** How many of the most overdue show at first: a team can have hundreds, and the oldest matter most. */
const FIRST = 10;

/**
 * Risk reviews past their date, most overdue first: an officer's own, or a team leader's whole team
 * with whose each one is. Long lists open in full on request.
 */
export function OverdueReviews({ showOfficer }: { showOfficer?: boolean }) {
  const overdue = useApi<Overdue[]>('/reviews/overdue');
  const [all, setAll] = useState(false);
  if (overdue.loading) return <Loading />;
  if (overdue.error) return <Problem error={overdue.error} />;
  const list = overdue.data ?? [];
  if (list.length === 0) return <p>No overdue reviews.</p>;
  const shown = all ? list : list.slice(0, FIRST);
  return (
    <>
      <ul>
        {shown.map((o) => (
          <li key={o.assessmentId}>
            {o.person}: <RiskBadge lens={o.lens.replace('_', ' ')} level={o.level} /> {o.daysOverdue} days overdue {o.caseId && <Link to={`/cases/${o.caseId}`}>{o.caseReference}</Link>}
            {showOfficer && o.leadOfficer && <span className="note"> ({o.leadOfficer})</span>}
          </li>
        ))}
      </ul>
      {list.length > FIRST && (
        <button type="button" className="secondary small" onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? `Show the ${FIRST} most overdue` : `Show all ${list.length.toLocaleString('en-GB')} overdue reviews`}
        </button>
      )}
    </>
  );
}
