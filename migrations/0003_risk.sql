-- Risk: dual-lens assessments (questionnaire version kept), proportionality and capacity records,
-- safeguarding concerns tracked to outcome, children's safeguarding decisions.
create table assessments (
  id uuid primary key,
  person_id uuid not null references people(id),
  case_id uuid references cases(id),
  questionnaire_id text not null,
  questionnaire_version int not null,
  lens text not null check (lens in ('harm_faced','harm_posed','safeguarding')),
  answers jsonb not null,
  raw_score int not null,
  persistence_score int not null,
  total_score int not null,
  level text not null check (level in ('standard','medium','high')),
  level_without_persistence text not null,
  reasons jsonb not null,
  triggered_by jsonb not null,
  persistence_rule text,
  linked_reports int not null,
  assessed_at timestamptz not null,
  review_due timestamptz not null,
  assessor_id uuid references users(id),
  agency_id uuid not null references agencies(id)
);
create index assessments_person_idx on assessments(person_id, lens, assessed_at desc);
create index assessments_case_idx on assessments(case_id);
create index assessments_review_idx on assessments(review_due);

create table proportionality_records (
  id uuid primary key,
  person_id uuid not null references people(id),
  case_id uuid not null references cases(id),
  can_comply text not null,
  support_in_place text not null,
  equality_considerations text not null,
  recorded_by uuid references users(id),
  agency_id uuid not null references agencies(id),
  recorded_at timestamptz not null default now()
);
create index proportionality_person_idx on proportionality_records(person_id, case_id, recorded_at desc);

create table safeguarding_concerns (
  id uuid primary key,
  kind text not null check (kind in ('adult','child')),
  person_id uuid not null references people(id),
  case_id uuid references cases(id),
  raised_by uuid references users(id),
  raising_agency_id uuid not null references agencies(id),
  to_agency_id uuid not null references agencies(id),
  reason text not null,
  what_shared text not null,
  status text not null default 'raised' check (status in ('raised','acknowledged','enquiry','outcome')),
  outcome text,
  source_assessment_id uuid references assessments(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index safeguarding_concerns_to_idx on safeguarding_concerns(to_agency_id, status);
create index safeguarding_concerns_case_idx on safeguarding_concerns(case_id);

create table children_decisions (
  id uuid primary key,
  report_id uuid not null references reports(id),
  child_person_id uuid not null references people(id),
  adult_person_id uuid references people(id),
  status text not null default 'pending' check (status in ('pending','recorded')),
  decision text,
  referral_made boolean,
  recorded_by uuid references users(id),
  recorded_at timestamptz,
  created_at timestamptz not null default now(),
  unique (report_id, child_person_id)
);
