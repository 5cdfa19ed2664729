-- A person's cases are read with every view of them (the access policy's scope): with the case in
-- the index, from the index alone.
create index case_people_person_case_idx on case_people (person_id, case_id);
drop index case_people_person_idx;
