-- The case list shows each case's latest report: that meant reading every report of every case on
-- the page (four row lookups a case). The report's date now travels with its link to the case.
alter table case_reports add column received_at timestamptz;
update case_reports cr set received_at = r.received_at from reports r where r.id = cr.report_id;
alter table case_reports alter column received_at set not null;

-- Always the report's own date, whoever inserts the link (a report's date never changes).
create function case_reports_received_at() returns trigger language plpgsql as $$
begin
  new.received_at := (select received_at from reports where id = new.report_id);
  return new;
end $$;
create trigger case_reports_received_at before insert or update of report_id, received_at on case_reports
  for each row execute function case_reports_received_at();
