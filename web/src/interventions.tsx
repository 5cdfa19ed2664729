import { fmtDate, Loading, Maybe, Problem, useApi, words } from './ui';

interface Details {
  receivingService?: string | null; startDate?: string | null; endDate?: string | null; outcome?: string | null;
  positiveRequirements?: { id: string; kind: string; description: string; status: string }[];
  complianceChecks?: { id: string; complied: boolean }[];
  breaches?: { id: string }[];
}
interface Intervention { id: string; person: string; kind: string; type: unknown; status: string; agencyName: string; createdAt: string; details: Details | { withheld: true; category: string; reason: string } }

const isDetails = (d: Intervention['details']): d is Details => !(d && 'withheld' in d);

/** The case's interventions: what, for whom, by which agency, requirements and compliance at a glance. */
export function CaseInterventions({ caseId }: { caseId: string }) {
  const list = useApi<Intervention[]>(`/cases/${caseId}/interventions`);
  if (list.loading) return <Loading />;
  if (list.error) return <Problem error={list.error} />;
  if (!list.data?.length) return <p>No interventions recorded.</p>;
  return (
    <ul>
      {list.data.map((i) => {
        const d = isDetails(i.details) ? i.details : null;
        const checks = d?.complianceChecks ?? [];
        return (
          <li key={i.id}>
            <strong>{typeof i.type === 'string' ? words(i.type) : words(i.kind)}</strong> for {i.person} ({i.agencyName}): {words(i.status)}
            {d?.startDate && <>, from {fmtDate(d.startDate)}{d.endDate && <> to {fmtDate(d.endDate)}</>}</>}
            {d?.outcome && <>, outcome {words(d.outcome)}</>}
            {d ? (
              <span className="note">
                {' '}· {d.positiveRequirements?.length ?? 0} positive requirements · {checks.filter((c) => c.complied).length} of {checks.length} compliance checks met · {d.breaches?.length ?? 0} breaches
              </span>
            ) : (
              <> <Maybe value={i.details} /></>
            )}
          </li>
        );
      })}
    </ul>
  );
}
