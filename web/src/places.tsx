import { Link, useParams } from 'react-router-dom';
import { fmtDate, Loading, Maybe, Problem, SearchForm, useApi, useSearchText, words } from './ui';

interface Place { id: string; line1: string | null; line2: string | null; town: string | null; postcode: string | null; lsoaCode: string | null; lsoaName: string | null; reportCount?: number }
interface PlaceReport {
  id: string; reference: string; receivedAt: string; agencyName: string; categoryLabel?: string; category: string;
  description?: unknown; people?: { personId: string; role: string; displayName?: unknown }[];
}

const address = (p: Place) => [p.line1, p.line2, p.town, p.postcode].filter(Boolean).join(', ') || 'An unnamed place';

/**
 * Finding an address across every agency's reports: "has anything been reported here before?".
 * A postcode finds its places; other text is matched against the address.
 */
export function PlacesPage() {
  const q = useSearchText();
  const looksLikePostcode = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i.test(q.trim());
  const found = useApi<{ total: number; items: Place[] }>(q ? `/places?${looksLikePostcode ? 'postcode' : 'q'}=${encodeURIComponent(q)}&pageSize=20` : null);
  return (
    <main id="main">
      <h1>Places</h1>
      <SearchForm id="place-q" label="Address or postcode" />
      {q && found.loading && <Loading />}
      <Problem error={found.error} />
      {q && found.data && (
        <table>
          <caption>{found.data.total === 0 ? 'No place found.' : `${found.data.total} found for “${q}”`}</caption>
          <thead>
            <tr><th>Address</th><th>Reports</th></tr>
          </thead>
          <tbody>
            {found.data.items.map((p) => (
              <tr key={p.id}>
                <td><Link to={`/places/${p.id}`}>{address(p)}</Link></td>
                <td>{p.reportCount ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

/** One place and every report about it, from every agency in the area, newest first (as the access policy shows each). */
export function PlacePage() {
  const { id } = useParams();
  const p = useApi<Place & { reports: PlaceReport[] }>(`/places/${id}`);
  if (p.loading && !p.data) return <main id="main"><Loading /></main>;
  if (!p.data) return <main id="main"><Problem error={p.error} /></main>;
  const x = p.data;
  const agencies = new Set(x.reports.map((r) => r.agencyName));
  return (
    <main id="main">
      <h1>{address(x)}</h1>
      <p>
        {x.lsoaName ?? (x.lsoaCode ? `LSOA ${x.lsoaCode}` : 'No LSOA recorded')} · {x.reports.length} report{x.reports.length === 1 ? '' : 's'} from {agencies.size} agenc{agencies.size === 1 ? 'y' : 'ies'}
        {x.reports.length === 20 && ' (the 20 newest)'}
      </p>
      <ul className="cards">
        {x.reports.map((r) => (
          <li key={r.id} className="card">
            <p>
              <strong>{r.reference}</strong>, {fmtDate(r.receivedAt)} — {r.categoryLabel ?? words(r.category)}, reported to {r.agencyName}
            </p>
            <p><Maybe value={r.description} /></p>
            {r.people && r.people.length > 0 && (
              <p>
                {r.people.map((person, i) => (
                  <span key={`${person.personId}:${person.role}`}>
                    {i > 0 && '; '}
                    {words(person.role)}: {typeof person.displayName === 'string' ? <Link to={`/people/${person.personId}`}>{person.displayName}</Link> : <Maybe value={person.displayName} />}
                  </span>
                ))}
              </p>
            )}
          </li>
        ))}
      </ul>
    </main>
  );
}
