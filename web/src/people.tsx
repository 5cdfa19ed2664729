import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { EmergencyAccess } from './emergency';
import { LinkSuggestions, RiskPanel } from './staff';
import { fmtDate, fmtDateTime, Loading, Maybe, Problem, SearchForm, Section, useApi, useSearchText, words, worksCases } from './ui';

interface Found { id: string; displayName: string; score: number; fullRecordAvailable: boolean }
type Shared<T> = T | { withheld: true; category: string; reason: string };
interface Person {
  id: string; displayName: string; isChild: boolean; restricted: boolean;
  dateOfBirth?: Shared<string | null>;
  names?: Shared<{ givenName: string | null; familyName: string | null; kind: string }[]>;
  contacts?: Shared<{ kind: string; value: string; current: boolean }[]>;
  addresses?: Shared<{ id: string; line1: string | null; postcode: string | null; current: boolean }[]>;
  roles?: Shared<{ role: string; reportId: string; reportReference: string; receivedAt: string }[]>;
  cases?: Shared<{ caseId: string; reference: string; role: string; status: string }[]>;
}
const shared = <T,>(v: Shared<T> | undefined): T | undefined => (v && typeof v === 'object' && 'withheld' in v ? undefined : (v as T | undefined));

/**
 * Finding a person across every agency's records: "have we heard about them before?". Each result
 * says whether their record is shared with you; the name alone is shown when it is not.
 */
export function PeoplePage() {
  const q = useSearchText();
  const found = useApi<{ total: number; items: Found[] }>(q ? `/people?q=${encodeURIComponent(q)}&pageSize=20` : null);
  return (
    <main id="main">
      <h1>People</h1>
      <SearchForm id="person-name" label="Name (spelling variations and nicknames are found too)" />
      {q && found.loading && <Loading />}
      <Problem error={found.error} />
      {q && found.data && (
        <table>
          <caption>{found.data.total === 0 ? 'No one found by that name.' : `${found.data.total} found for “${q}”`}</caption>
          <thead>
            <tr><th>Name</th><th>How close</th><th>Their record</th></tr>
          </thead>
          <tbody>
            {found.data.items.map((p) => (
              <tr key={p.id}>
                <td><Link to={`/people/${p.id}`}>{p.displayName}</Link></td>
                <td>{Math.round(p.score * 100)}%</td>
                <td>{p.fullRecordAvailable ? 'shared with you' : 'name only: held by an agency you have no agreement with'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

/** One person's record as the access policy shares it with you, their risk on both lenses, and emergency access when it is not shared. */
export function PersonPage({ role }: { role: string }) {
  const { id } = useParams();
  const p = useApi<Person>(`/people/${id}`);
  const [granted, setGranted] = useState<string | null>(null);
  if (p.loading && !p.data) return <main id="main"><Loading /></main>;
  if (!p.data) return <main id="main"><Problem error={p.error} /></main>;
  const x = p.data;
  const nameOnly = x.names === undefined && x.roles === undefined && x.cases === undefined;
  const names = shared(x.names)?.filter((n) => n.kind !== 'primary') ?? [];
  return (
    <main id="main">
      <h1>{x.displayName}</h1>
      {x.isChild && <p className="signpost">This person is a child.</p>}
      {x.restricted && <p className="signpost">Processing of this record is restricted (UK GDPR Art. 18): only the data protection officer sees beyond the name.</p>}
      {granted && <p role="status">Emergency access until {fmtDateTime(granted)}. The data protection officer has been told, with your reason.</p>}
      {nameOnly ? (
        <Section title="Only the name is shared with you">
          {x.restricted ? (
            <p>Emergency access does not open a restricted record; the data protection officer can advise.</p>
          ) : (
            <p>This person's record is held by agencies whose information is not shared with yours for case management.</p>
          )}
          {!x.restricted && worksCases(role) && <EmergencyAccess what={{ personId: x.id }} onGranted={(until) => { setGranted(until); p.reload(); }} />}
        </Section>
      ) : (
        <>
          <Section title="Record">
            <dl className="facts">
              <dt>Date of birth</dt><dd>{typeof x.dateOfBirth === 'string' ? fmtDate(x.dateOfBirth) : <Maybe value={x.dateOfBirth} />}</dd>
              <dt>Also known as</dt><dd>{x.names && !shared(x.names) ? <Maybe value={x.names} /> : names.length ? names.map((n) => [n.givenName, n.familyName].filter(Boolean).join(' ')).join('; ') : '—'}</dd>
              <dt>Contact</dt><dd>{shared(x.contacts) ? shared(x.contacts)!.filter((c) => c.current).map((c) => `${words(c.kind)} ${c.value}`).join('; ') || '—' : <Maybe value={x.contacts} />}</dd>
              <dt>Addresses</dt>
              <dd>
                {shared(x.addresses) ? (
                  shared(x.addresses)!.length ? (
                    shared(x.addresses)!.map((a, i) => (
                      <span key={a.id}>
                        {i > 0 && '; '}
                        <Link to={`/places/${a.id}`}>{[a.line1, a.postcode].filter(Boolean).join(', ') || 'an unnamed place'}</Link>
                        {a.current ? '' : ' (before)'}
                      </span>
                    ))
                  ) : '—'
                ) : <Maybe value={x.addresses} />}
              </dd>
            </dl>
          </Section>
          <Section title="Cases">
            {shared(x.cases) ? (
              shared(x.cases)!.length ? (
                <ul>{shared(x.cases)!.map((c) => <li key={`${c.caseId}:${c.role}`}><Link to={`/cases/${c.caseId}`}>{c.reference}</Link> — {words(c.role)}, {c.status}</li>)}</ul>
              ) : <p>On no case.</p>
            ) : <Maybe value={x.cases} />}
          </Section>
          <Section title="Reports naming them">
            {shared(x.roles) ? (
              shared(x.roles)!.length ? (
                <ul>{shared(x.roles)!.map((r) => <li key={`${r.reportId}:${r.role}`}>{r.reportReference}, {fmtDate(r.receivedAt)} — {words(r.role)}</li>)}</ul>
              ) : <p>Named on no report.</p>
            ) : <Maybe value={x.roles} />}
          </Section>
          {worksCases(role) && (
            <Section title="Records that may be the same person">
              <LinkSuggestions personId={x.id} />
            </Section>
          )}
          <Section title="Risk: the harm they face and the harm they pose">
            <RiskPanel personId={x.id} name={x.displayName} />
          </Section>
        </>
      )}
    </main>
  );
}
