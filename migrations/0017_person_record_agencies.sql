-- The access policy asks, for every person shown, which agencies recorded them. That meant
-- reading each of their reports (about 18 row lookups per person on a large area, 1.2 ms for a
-- page of ten). The reporting agency now travels with the person's link to the report, so the
-- answer is one index-only range per person.
alter table report_people add column reporting_agency_id uuid;
update report_people rp set reporting_agency_id = r.reporting_agency_id from reports r where r.id = rp.report_id;
alter table report_people alter column reporting_agency_id set not null;

-- Always the report's own agency, whoever inserts the link (a report's agency never changes).
create function report_people_agency() returns trigger language plpgsql as $$
begin
  new.reporting_agency_id := (select reporting_agency_id from reports where id = new.report_id);
  return new;
end $$;
create trigger report_people_agency before insert or update of report_id, reporting_agency_id on report_people
  for each row execute function report_people_agency();

create index report_people_person_agency_idx on report_people (person_id, reporting_agency_id);
drop index report_people_person_idx;
