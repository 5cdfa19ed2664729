-- Finding people by date of birth (theirs, or another recorded for them) without a name read every
-- person in the area; listing everyone sorted every person by name. Both are index reads now.
create index people_birth_idx on people (date_of_birth) where date_of_birth is not null;
create index person_birth_dates_date_idx on person_birth_dates (date_of_birth);
create index people_name_idx on people (display_name, id) where merged_into is null;
