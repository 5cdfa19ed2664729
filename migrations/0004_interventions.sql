-- Interventions: support referrals, mediation (with safety screening), enforcement with positive
-- requirements, compliance checks and breaches, and the outcome of each.
create table interventions (
  id uuid primary key,
  case_id uuid not null references cases(id),
  person_id uuid not null references people(id),
  kind text not null check (kind in ('support_referral','mediation','enforcement')),
  type text not null,
  status text not null default 'active' check (status in ('proposed','active','completed','ended','declined')),
  receiving_service text,
  consent boolean,
  terms text,
  start_date date,
  end_date date,
  outcome text check (outcome in ('stopped','reduced','continued')),
  outcome_note text,
  agency_id uuid not null references agencies(id),
  created_by uuid references users(id),
  created_at timestamptz not null default now()
);
create index interventions_case_idx on interventions(case_id);
create index interventions_person_idx on interventions(person_id);

create table mediation_screenings (
  intervention_id uuid primary key references interventions(id),
  capacity text not null,
  power_imbalance text not null,
  willingness text not null,
  risk_note text,
  result text not null check (result in ('suitable','suitable_with_support','not_suitable')),
  screened_by uuid references users(id),
  screened_at timestamptz not null default now()
);

create table positive_requirements (
  id uuid primary key,
  intervention_id uuid not null references interventions(id),
  kind text not null check (kind in ('treatment','education','community_contribution','other')),
  description text not null,
  provider text not null,
  status text not null default 'active' check (status in ('active','completed','not_met'))
);
create index positive_requirements_intervention_idx on positive_requirements(intervention_id);

create table compliance_checks (
  id uuid primary key,
  intervention_id uuid not null references interventions(id),
  requirement_id uuid references positive_requirements(id),
  checked_at timestamptz not null,
  complied boolean not null,
  note text,
  checked_by uuid references users(id)
);

create table breaches (
  id uuid primary key,
  intervention_id uuid not null references interventions(id),
  occurred_at timestamptz not null,
  description text not null,
  action_taken text,
  recorded_by uuid references users(id),
  recorded_at timestamptz not null default now()
);
create index breaches_intervention_idx on breaches(intervention_id);
