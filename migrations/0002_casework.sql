-- Casework: places, people, households, reports, cases, actions, notes, attachments, contacts.

create table places (
  id uuid primary key,
  uprn text,
  line1 text,
  line2 text,
  town text,
  postcode text,                 -- normalised 'AB1 2CD'
  postcode_sector text,          -- 'AB1 2', for area-level insight without exact addresses
  lat double precision,
  lon double precision,
  lsoa_code text,
  lsoa_name text,
  match_key text not null,       -- normalised address for exact dedupe of places
  created_at timestamptz not null default now()
);
create unique index places_uprn_idx on places(uprn) where uprn is not null;
create index places_match_key_idx on places(match_key);
create index places_postcode_idx on places(postcode);
create index places_lsoa_idx on places(lsoa_code);
create index places_line1_trgm on places using gin (line1 gin_trgm_ops);

create table people (
  id uuid primary key,
  owner_agency_id uuid not null references agencies(id),
  display_name text not null,
  date_of_birth date,
  gender text,
  merged_into uuid references people(id),
  restricted boolean not null default false,   -- processing restricted (UK GDPR Art. 18)
  rectification_note text,
  created_at timestamptz not null default now()
);
create index people_merged_idx on people(merged_into);

create table person_names (
  id uuid primary key,
  person_id uuid not null references people(id),
  given_name text,
  family_name text,
  full_name text not null,                      -- lower-cased, for fuzzy search
  given_code text,                              -- double metaphone codes, for "sounds like" search
  family_code text,
  kind text not null default 'primary' check (kind in ('primary','alias','previous','nickname')),
  source_agency_id uuid references agencies(id),
  created_at timestamptz not null default now()
);
create index person_names_person_idx on person_names(person_id);
create index person_names_trgm on person_names using gin (full_name gin_trgm_ops);
create index person_names_codes_idx on person_names(family_code, given_code);

create table person_birth_dates (
  person_id uuid not null references people(id),
  date_of_birth date not null,
  source_agency_id uuid references agencies(id),
  created_at timestamptz not null default now(),
  primary key (person_id, date_of_birth)
);

create table person_contacts (
  id uuid primary key,
  person_id uuid not null references people(id),
  kind text not null check (kind in ('phone','email')),
  value text not null,
  normalised text not null,
  source_agency_id uuid references agencies(id),
  valid_from timestamptz not null default now(),
  valid_to timestamptz
);
create index person_contacts_person_idx on person_contacts(person_id);
create index person_contacts_norm_idx on person_contacts(normalised);

create table person_addresses (
  id uuid primary key,
  person_id uuid not null references people(id),
  place_id uuid not null references places(id),
  source_agency_id uuid references agencies(id),
  valid_from timestamptz not null default now(),
  valid_to timestamptz
);
create index person_addresses_person_idx on person_addresses(person_id);
create index person_addresses_place_idx on person_addresses(place_id);

create table households (
  id uuid primary key,
  place_id uuid references places(id),
  name text not null,
  created_at timestamptz not null default now()
);
create table household_members (
  household_id uuid not null references households(id),
  person_id uuid not null references people(id),
  relationship text,
  primary key (household_id, person_id)
);
create index household_members_person_idx on household_members(person_id);

-- A configurable ASB taxonomy; the three national types are the top level.
create table report_categories (
  code text primary key,
  parent_code text references report_categories(code),
  label text not null,
  active boolean not null default true
);
insert into report_categories (code, parent_code, label) values
  ('personal', null, 'Personal'),
  ('nuisance', null, 'Nuisance'),
  ('environmental', null, 'Environmental'),
  ('harassment', 'personal', 'Harassment'),
  ('intimidation', 'personal', 'Intimidation or threats'),
  ('hate_motivated', 'personal', 'Hate-motivated'),
  ('cuckooing_concern', 'personal', 'Cuckooing concern'),
  ('verbal_abuse', 'personal', 'Verbal abuse'),
  ('noise', 'nuisance', 'Noise'),
  ('drug_related', 'nuisance', 'Drug-related'),
  ('alcohol_related', 'nuisance', 'Alcohol-related'),
  ('rowdy_behaviour', 'nuisance', 'Rowdy or inconsiderate behaviour'),
  ('vehicle_nuisance', 'nuisance', 'Vehicle nuisance'),
  ('neighbour_dispute', 'nuisance', 'Neighbour dispute'),
  ('criminal_damage', 'environmental', 'Criminal damage or vandalism'),
  ('fly_tipping', 'environmental', 'Fly-tipping or litter'),
  ('graffiti', 'environmental', 'Graffiti'),
  ('police_recorded', 'nuisance', 'Police-recorded anti-social behaviour');

create sequence report_reference_seq;
create table reports (
  id uuid primary key,
  reference text not null unique,
  received_at timestamptz not null,
  channel text not null check (channel in ('phone','online','in_person','police_system','housing_system','email','public_portal','import')),
  reporting_agency_id uuid not null references agencies(id),
  recorded_by uuid references users(id),
  category_code text not null references report_categories(code),
  description text not null,
  place_id uuid references places(id),
  location_text text,
  lat double precision,
  lon double precision,
  lsoa_code text,
  anonymous boolean not null default false,
  status_token_hash text,               -- resident portal: hash of the private token
  import_key text unique,               -- idempotency for bulk imports
  created_at timestamptz not null default now()
);
create index reports_received_idx on reports(received_at);
create index reports_place_idx on reports(place_id);
create index reports_agency_idx on reports(reporting_agency_id, received_at);
create index reports_lsoa_idx on reports(lsoa_code);
create index reports_description_trgm on reports using gin (description gin_trgm_ops);

create table report_people (
  report_id uuid not null references reports(id),
  person_id uuid not null references people(id),
  role text not null check (role in ('victim','alleged_perpetrator','witness','reporter','child')),
  as_reported jsonb not null default '{}'::jsonb,   -- the identifiers exactly as this report gave them
  primary key (report_id, person_id, role)
);
create index report_people_person_idx on report_people(person_id);

create sequence case_reference_seq;
create table cases (
  id uuid primary key,
  reference text not null unique,
  title text not null,
  case_type text not null check (case_type in ('asb','safeguarding_led','complex_case')),
  status text not null default 'open' check (status in ('open','under_review','closed')),
  outcome text,
  closed_at timestamptz,
  area_id uuid not null references areas(id),
  lead_agency_id uuid not null references agencies(id),
  lead_officer_id uuid references users(id),
  opened_at timestamptz not null default now(),
  created_by uuid references users(id)
);
create index cases_status_idx on cases(status, lead_agency_id);
create index cases_officer_idx on cases(lead_officer_id);

create table case_agencies (
  case_id uuid not null references cases(id),
  agency_id uuid not null references agencies(id),
  role text not null check (role in ('lead','partner')),
  added_at timestamptz not null default now(),
  primary key (case_id, agency_id)
);
create index case_agencies_agency_idx on case_agencies(agency_id);

create table case_reports (
  case_id uuid not null references cases(id),
  report_id uuid not null references reports(id),
  added_at timestamptz not null default now(),
  primary key (case_id, report_id)
);
create index case_reports_report_idx on case_reports(report_id);

create table case_people (
  case_id uuid not null references cases(id),
  person_id uuid not null references people(id),
  role text not null check (role in ('victim','alleged_perpetrator','witness','reporter','child','household_member')),
  added_at timestamptz not null default now(),
  primary key (case_id, person_id, role)
);
create index case_people_person_idx on case_people(person_id);

create table case_actions (
  id uuid primary key,
  case_id uuid not null references cases(id),
  description text not null,
  owner_user_id uuid references users(id),
  owner_agency_id uuid not null references agencies(id),
  due_date date,
  status text not null default 'open' check (status in ('open','done','cancelled')),
  source text not null default 'case_plan',
  source_id uuid,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  completed_at timestamptz
);
create index case_actions_case_idx on case_actions(case_id);
create index case_actions_owner_idx on case_actions(owner_user_id, status, due_date);

create table case_notes (
  id uuid primary key,
  case_id uuid not null references cases(id),
  agency_id uuid not null references agencies(id),
  author_id uuid references users(id),
  body text not null,
  created_at timestamptz not null default now()
);
create index case_notes_case_idx on case_notes(case_id);

create table attachments (
  id uuid primary key,
  case_id uuid not null references cases(id),
  agency_id uuid not null references agencies(id),
  filename text not null,
  content_type text not null,
  size_bytes int not null,
  sha256 text not null,
  content bytea,               -- stored in the database unless a folder is configured
  path text,
  uploaded_by uuid references users(id),
  created_at timestamptz not null default now()
);
create index attachments_case_idx on attachments(case_id);

create table contacts (
  id uuid primary key,
  case_id uuid not null references cases(id),
  person_id uuid not null references people(id),
  agency_id uuid not null references agencies(id),
  by_user_id uuid references users(id),
  contacted_at timestamptz not null,
  method text not null check (method in ('in_person','phone','letter','email','video')),
  summary text not null,
  demeanour text,
  home_conditions text,
  coping text,
  updated_on_progress boolean not null default false,
  deterioration boolean not null default false,
  feels_safer text check (feels_safer in ('yes','no','unsure')),
  created_at timestamptz not null default now()
);
create index contacts_case_idx on contacts(case_id, contacted_at);
create index contacts_person_idx on contacts(person_id, contacted_at);
