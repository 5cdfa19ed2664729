-- Tasks: one work queue every module feeds (reviews due, safeguarding follow-ups, victim updates, supervision).
create table tasks (
  id uuid primary key,
  kind text not null,
  title text not null,
  detail jsonb not null default '{}'::jsonb,
  case_id uuid references cases(id),
  person_id uuid references people(id),
  assignee_user_id uuid references users(id),
  agency_id uuid references agencies(id),
  due_at timestamptz,
  status text not null default 'open' check (status in ('open','done','cancelled')),
  dedupe_key text not null unique,   -- creating the same task twice (a job running twice) is a no-op
  created_at timestamptz not null default now(),
  done_at timestamptz,
  done_by uuid references users(id),
  done_note text
);
create index tasks_assignee_idx on tasks(assignee_user_id, status, due_at);
create index tasks_agency_idx on tasks(agency_id, status);
