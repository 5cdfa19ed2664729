-- The audit chain is sealed by one background writer instead of inside every request's transaction.
-- A write (or a read of personal data) appends its events and queues their ids in audit_pending in the
-- same transaction, so nothing is lost; the sealer then links them into audit_chain in order, one
-- batch at a time. Requests no longer queue on a single chain lock.
create table audit_chain (
  seq bigint primary key,
  event_id bigint not null unique,
  prev_hash text not null,
  hash text not null unique
);

create table audit_pending (
  event_id bigint primary key
);

-- The chain so far, exactly as it was hashed.
insert into audit_chain (seq, event_id, prev_hash, hash)
  select row_number() over (order by id), id, prev_hash, hash from audit_events order by id;

alter table audit_events drop column prev_hash;
alter table audit_events drop column hash;

-- One append-only guard for both audit tables, naming the table it protects.
create or replace function audit_events_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name;
end $$;
create trigger audit_chain_no_update before update or delete on audit_chain
  for each row execute function audit_events_append_only();
