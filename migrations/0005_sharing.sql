-- Sharing: information sharing agreements (parties, categories with lawful bases, purposes, dates,
-- signatures), emergency access grants, DPO alerts, retention rules.
create table sharing_agreements (
  id uuid primary key,
  title text not null,
  purposes text[] not null,
  start_date date not null,
  review_date date not null,
  end_date date,
  created_by uuid references users(id),
  created_at timestamptz not null default now()
);

create table agreement_parties (
  agreement_id uuid not null references sharing_agreements(id),
  agency_id uuid not null references agencies(id),
  signatory_name text,
  signed_by uuid references users(id),
  signed_at timestamptz,
  primary key (agreement_id, agency_id)
);
create index agreement_parties_agency_idx on agreement_parties(agency_id);

create table agreement_categories (
  agreement_id uuid not null references sharing_agreements(id),
  category text not null,
  lawful_basis text not null,          -- UK GDPR Art. 6 basis
  special_category_condition text,     -- Art. 9 condition and DPA 2018 Sch. 1 paragraph, for health and similar
  statutory_gateway text,              -- e.g. Crime and Disorder Act 1998 s115
  primary key (agreement_id, category)
);

create table break_glass_grants (
  id uuid primary key,
  user_id uuid not null references users(id),
  person_id uuid references people(id),
  case_id uuid references cases(id),
  reason text not null,
  granted_at timestamptz not null default now(),
  expires_at timestamptz not null,
  check (person_id is not null or case_id is not null)
);
create index break_glass_user_idx on break_glass_grants(user_id, expires_at);

create table dpo_alerts (
  id uuid primary key,
  kind text not null,
  detail jsonb not null,
  created_at timestamptz not null default now(),
  acknowledged_by uuid references users(id),
  acknowledged_at timestamptz
);

create table retention_rules (
  category text primary key,
  keep_months int not null check (keep_months between 1 and 1200),
  basis text not null
);
insert into retention_rules (category, keep_months, basis) values
  ('asb_history', 72, 'Six years after the last report, in line with local ASB retention schedules'),
  ('case_notes', 72, 'Six years after the case closes'),
  ('risk', 72, 'Six years after the case closes'),
  ('health', 72, 'Six years after the case closes, unless a safeguarding review needs it'),
  ('safeguarding', 120, 'Ten years: safeguarding records are kept longer for reviews'),
  ('children', 300, 'Until the child is 25, as children''s records are kept');
