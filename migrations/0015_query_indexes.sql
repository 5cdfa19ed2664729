-- Indexes and lookups the load benchmark called for.

-- Name search by parts: the distinct given and family names (tens of thousands even for a big
-- area) carry the trigram index, so "sounds/looks like" is found among names, not among every
-- person's name row; person_names is then reached by an exact index lookup on both parts.
create table name_terms (term text primary key);
create index name_terms_trgm on name_terms using gin (term gin_trgm_ops);
insert into name_terms (term)
  select lower(given_name) from person_names where given_name is not null
  union select lower(family_name) from person_names where family_name is not null
  on conflict do nothing;

create function person_names_terms() returns trigger language plpgsql as $$
begin
  insert into name_terms (term)
    select t from (values (lower(new.given_name)), (lower(new.family_name))) v(t) where t is not null
    on conflict do nothing;
  return new;
end $$;
create trigger person_names_terms after insert on person_names
  for each row execute function person_names_terms();

create index person_names_parts_idx on person_names (lower(family_name), lower(given_name));
create index person_names_given_idx on person_names (lower(given_name));

-- An officer's own case list, newest first.
create index cases_officer_opened_idx on cases(lead_officer_id, opened_at desc);
create index cases_opened_idx on cases(opened_at desc);
