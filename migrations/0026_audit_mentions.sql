-- The access log of a person (the data protection officer's "who saw this and why") includes the
-- records of access that mention them in their detail: the people a search showed, a merge's
-- records, a list read. Found by reading every record's detail as text, it took half a second at
-- 400,000 records and grew with the audit log, which only grows. The ids a record's detail holds as
-- values (its 36-character strings, at any depth) are indexed instead; records with no detail are
-- left out of the index.
create function audit_mentions(detail jsonb) returns text[] language sql immutable strict parallel safe as $$
  select coalesce(array_agg(distinct x #>> '{}'), '{}')
  from jsonb_path_query(detail, 'strict $.** ? (@.type() == "string")') x
  where length(x #>> '{}') = 36
$$;
create index audit_events_mentions_idx on audit_events using gin (audit_mentions(detail)) where detail <> '{}'::jsonb;
