-- The team view counts each practitioner's high-risk cases from the assessments at the high level
-- outward (few of them); read by scanning every assessment, that grew with the assessments ever made.
create index assessments_high_idx on assessments (person_id, lens, assessed_at) where level = 'high';
