-- Linking: candidate links with their evidence, staff decisions, undoable merges, estimated parameters.
create table link_suggestions (
  id uuid primary key,
  report_id uuid references reports(id),
  person_id uuid not null references people(id),
  candidate_person_id uuid not null references people(id),
  probability double precision not null,
  evidence jsonb not null,
  params_version text not null,
  status text not null default 'suggested' check (status in ('suggested','confirmed','rejected')),
  decided_by uuid references users(id),
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  unique (person_id, candidate_person_id)
);
create index link_suggestions_status_idx on link_suggestions(status, created_at);
create index link_suggestions_candidate_idx on link_suggestions(candidate_person_id);

create table person_merges (
  id uuid primary key,
  survivor_id uuid not null references people(id),
  merged_id uuid not null references people(id),
  suggestion_id uuid references link_suggestions(id),
  repointed uuid[] not null default '{}',     -- records that had been merged into the merged one, moved with it
  merged_by uuid references users(id),
  merged_at timestamptz not null default now(),
  undone_by uuid references users(id),
  undone_at timestamptz
);
create index person_merges_survivor_idx on person_merges(survivor_id);

create table linkage_params (
  version text primary key,
  params jsonb not null,
  estimated_at timestamptz not null default now(),
  record_count int not null
);
