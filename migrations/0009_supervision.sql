-- Practitioners supported: reflective supervision and peer check-ins. Visible to the practitioner
-- and their team leader only; actions go on the shared task queue.
create table supervision_sessions (
  id uuid primary key,
  kind text not null check (kind in ('reflective_supervision','peer_check_in')),
  held_on date not null,
  practitioner_id uuid not null references users(id),
  supervisor_id uuid references users(id),        -- the supervisor, or the peer for a check-in
  agency_id uuid not null references agencies(id),
  wellbeing_score int not null check (wellbeing_score between 1 and 5),
  workload_manageable text not null check (workload_manageable in ('yes','no','unsure')),
  distressing_exposure boolean not null default false,
  support_agreed text,
  reflections text,
  recorded_by uuid references users(id),
  created_at timestamptz not null default now()
);
create index supervision_sessions_practitioner_idx on supervision_sessions(practitioner_id, kind, held_on desc);

create table supervision_cases (
  session_id uuid not null references supervision_sessions(id),
  case_id uuid not null references cases(id),
  note text,
  primary key (session_id, case_id)
);
