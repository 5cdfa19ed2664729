-- Convening the system: multi-agency case conferences and complex-case panels, each agency's view
-- side by side, decisions, and professional challenges that go to a named role and are tracked.
-- Actions agreed at a meeting are case actions (source 'conference', source_id = the meeting).

create table meetings (
  id uuid primary key,
  case_id uuid not null references cases(id),
  kind text not null check (kind in ('case_conference', 'complex_case_panel')),
  title text not null,
  scheduled_at timestamptz not null,
  location text,
  status text not null default 'scheduled' check (status in ('scheduled', 'held', 'cancelled')),
  chair_user_id uuid not null references users(id),
  minutes text,
  -- The agenda as it stood when the meeting was held, so the record does not drift as the case moves on.
  agenda_snapshot jsonb,
  held_at timestamptz,
  cancelled_reason text,
  created_by uuid not null references users(id),
  created_at timestamptz not null default now()
);
create index meetings_case_idx on meetings(case_id, scheduled_at);
create index meetings_when_idx on meetings(status, scheduled_at);

create table meeting_invitees (
  meeting_id uuid not null references meetings(id),
  agency_id uuid not null references agencies(id),
  -- A named person, or null when the agency is invited to send someone.
  user_id uuid references users(id),
  attended boolean,
  invited_at timestamptz not null default now()
);
create unique index meeting_invitees_uniq on meeting_invitees(meeting_id, agency_id, coalesce(user_id, '00000000-0000-0000-0000-000000000000'::uuid));
create index meeting_invitees_user_idx on meeting_invitees(user_id);

-- One view per agency per meeting: the agency's side of the clock, in its own words, under its own category.
create table meeting_views (
  meeting_id uuid not null references meetings(id),
  agency_id uuid not null references agencies(id),
  author_id uuid not null references users(id),
  category text not null default 'case_notes',
  view text not null,
  concerns text,
  recommendation text,
  recorded_at timestamptz not null default now(),
  primary key (meeting_id, agency_id)
);

create table meeting_decisions (
  id uuid primary key,
  meeting_id uuid not null references meetings(id),
  decision text not null,
  rationale text,
  recorded_by uuid not null references users(id),
  recorded_at timestamptz not null default now()
);
create index meeting_decisions_meeting_idx on meeting_decisions(meeting_id);

create table professional_challenges (
  id uuid primary key,
  case_id uuid not null references cases(id),
  subject_type text not null check (subject_type in ('meeting_decision', 'meeting', 'case', 'intervention', 'assessment', 'action')),
  subject_id uuid,
  raised_by uuid not null references users(id),
  raised_by_agency_id uuid not null references agencies(id),
  reason text not null,
  -- Who it goes to: a role in an agency (e.g. the lead agency's team leader), escalated up a level if unresolved.
  to_role text not null check (to_role in ('officer', 'team_leader', 'partner')),
  to_agency_id uuid not null references agencies(id),
  level int not null default 1,
  status text not null default 'open' check (status in ('open', 'responded', 'resolved', 'withdrawn')),
  response text,
  responded_by uuid references users(id),
  responded_at timestamptz,
  resolved_at timestamptz,
  -- Each earlier level: who it went to, their response, and why the raiser took it further.
  history jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now()
);
create index professional_challenges_case_idx on professional_challenges(case_id);
create index professional_challenges_to_idx on professional_challenges(to_agency_id, to_role, status);
