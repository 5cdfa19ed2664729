-- Overdue reviews look up what an officer made by hand only where no lead officer answers for it:
-- most often an assessment made with no case. The other such assessments are found from their
-- cases (no lead officer, or one in no team), so the index on everything anyone made goes.
drop index if exists assessments_assessor_idx;
create index assessments_made_without_case_idx on assessments (assessor_id) where case_id is null;
