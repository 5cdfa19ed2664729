-- Platform: areas, agencies, teams, users, sessions, API tokens, the audit chain.
create extension if not exists pg_trgm;
create extension if not exists fuzzystrmatch;

create table areas (
  id uuid primary key,
  name text not null unique,
  -- ASB Case Review (Community Trigger) threshold is set locally by each area.
  case_review_report_count int not null default 3 check (case_review_report_count between 1 and 50),
  case_review_window_days int not null default 183 check (case_review_window_days between 1 and 3660),
  created_at timestamptz not null default now()
);

create table agencies (
  id uuid primary key,
  area_id uuid not null references areas(id),
  name text not null unique,
  kind text not null check (kind in ('council','housing','police','adult_social_care','childrens_social_care','health','victim_support','other')),
  created_at timestamptz not null default now()
);

create table teams (
  id uuid primary key,
  agency_id uuid not null references agencies(id),
  name text not null,
  unique (agency_id, name)
);

create table users (
  id uuid primary key,
  agency_id uuid not null references agencies(id),
  team_id uuid references teams(id),
  email text not null unique,
  display_name text not null,
  role text not null check (role in ('officer','team_leader','partner','dpo','admin','system')),
  password_hash text,
  failed_logins int not null default 0,
  locked_until timestamptz,
  disabled boolean not null default false,
  created_at timestamptz not null default now()
);
create index users_team_idx on users(team_id);

create table sessions (
  id text primary key,              -- sha256 of the cookie value; the cookie itself is never stored
  user_id uuid not null references users(id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions(user_id);

create table api_tokens (
  id uuid primary key,
  user_id uuid not null references users(id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- Append-only, hash-chained audit of every write and every read of personal data.
create table audit_events (
  id bigserial primary key,
  at timestamptz not null,
  actor_user_id uuid,
  actor_agency_id uuid,
  purpose text not null,
  subject_type text not null,
  subject_id text,
  action text not null,
  fields text[] not null default '{}',
  detail jsonb not null default '{}'::jsonb,
  prev_hash text not null,
  hash text not null unique
);
create index audit_subject_idx on audit_events(subject_type, subject_id);
create index audit_actor_idx on audit_events(actor_user_id, at);

create function audit_events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_events is append-only';
end $$;
create trigger audit_events_no_update before update or delete on audit_events
  for each row execute function audit_events_append_only();

-- Background jobs record each run so running twice is harmless.
create table job_runs (
  job text not null,
  run_key text not null,
  ran_at timestamptz not null default now(),
  result jsonb not null default '{}'::jsonb,
  primary key (job, run_key)
);
