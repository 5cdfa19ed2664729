-- The queue of suggestions awaiting a decision is read strongest first, a page at a time, and a
-- report's own suggestions are read after intake: with the queue in the hundreds of thousands both
-- scanned every suggestion (a page took a second). The new order index replaces the one by date,
-- which nothing reads, so a report's intake still maintains one index for the queue.
create index link_suggestions_queue_idx on link_suggestions (status, probability desc, created_at desc, id desc);
drop index link_suggestions_status_idx;
create index link_suggestions_report_idx on link_suggestions (report_id);
