-- Victims: the level the officer sets for the update cadence, support offered and taken up,
-- and the victim's own account of the impact. Contacts (and whether they feel safer) live on the case.

-- One row per victim per case; the person is the surviving record after any merge.
create table victim_profiles (
  case_id uuid not null references cases(id),
  person_id uuid not null references people(id),
  level text check (level in ('standard','medium','high')),   -- set by the officer; an assessment can only raise it
  level_reason text,
  level_set_by uuid references users(id),
  level_set_at timestamptz,
  agency_id uuid not null references agencies(id),
  primary key (case_id, person_id)
);

create table victim_support_offers (
  id uuid primary key,
  case_id uuid not null references cases(id),
  person_id uuid not null references people(id),
  agency_id uuid not null references agencies(id),
  offered_by uuid references users(id),
  offered_at timestamptz not null,
  service text not null,
  provider text,
  status text not null check (status in ('offered','accepted','declined')),
  reason text,
  responded_at timestamptz,
  created_at timestamptz not null default now(),
  check (status <> 'declined' or reason is not null)
);
create index victim_support_offers_case_idx on victim_support_offers(case_id, person_id);
create index victim_support_offers_person_idx on victim_support_offers(person_id);

create table victim_impact_statements (
  id uuid primary key,
  case_id uuid not null references cases(id),
  person_id uuid not null references people(id),
  agency_id uuid not null references agencies(id),
  recorded_by uuid references users(id),
  recorded_at timestamptz not null,
  how text not null check (how in ('in_person','phone','letter','email','video','written_by_victim')),
  in_their_words text not null,
  created_at timestamptz not null default now()
);
create index victim_impact_case_idx on victim_impact_statements(case_id, person_id);
