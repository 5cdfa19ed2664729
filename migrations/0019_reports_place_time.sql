-- A new report reads its place's recent reports (the repeat-location and Case Review windows) and
-- its latest ones: by place and date, so a busy place is not read whole.
create index reports_place_received_idx on reports (place_id, received_at);
drop index reports_place_idx;
