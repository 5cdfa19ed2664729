-- A report's linking (and the other checks a new report gets: safeguarding prompts) runs after the
-- report is committed. The report is marked here in the same statement that stores it and the mark is
-- cleared once those checks are done, so a report stored just before the database went away (or a
-- check failed) is still linked later, by the reports-linking-to-follow job, never left unlinked.
create table reports_to_link (
  report_id uuid primary key references reports(id) on delete cascade,
  marked_at timestamptz not null default now(),
  attempts int not null default 0,
  retry_after timestamptz,
  last_error text
);
create index reports_to_link_marked_idx on reports_to_link (marked_at);
