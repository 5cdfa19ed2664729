-- Interventions, continued: the other party to a mediation and both parties' risk at screening,
-- the screening's advice, when an outcome was recorded, breaches of a named requirement, and
-- each case's behaviour outcome (so support-led and enforcement-led approaches can be compared).
alter table interventions add column other_party_id uuid references people(id);
alter table interventions add column outcome_at timestamptz;
alter table interventions add column consent_note text;

alter table mediation_screenings add column party_levels jsonb not null default '[]'::jsonb;
alter table mediation_screenings add column advice text check (advice in ('suitable','suitable_with_support','not_suitable'));
alter table mediation_screenings add column advice_reasons jsonb not null default '[]'::jsonb;
alter table mediation_screenings add column result_reason text;
alter table mediation_screenings add column notes text;

alter table positive_requirements add column updated_at timestamptz;
alter table breaches add column requirement_id uuid references positive_requirements(id);
create index compliance_checks_intervention_idx on compliance_checks(intervention_id);

create table case_outcomes (
  case_id uuid primary key references cases(id),
  outcome text not null check (outcome in ('stopped','reduced','continued')),
  note text,
  recorded_by uuid references users(id),
  agency_id uuid not null references agencies(id),
  recorded_at timestamptz not null default now()
);
