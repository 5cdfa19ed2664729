-- "My meetings" finds those a practitioner chairs by index, beside those they are invited to by name.
create index meetings_chair_idx on meetings (chair_user_id, scheduled_at);
