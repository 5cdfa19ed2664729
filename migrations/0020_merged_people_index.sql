-- Few records are ever merged, yet every read of a person's merge cluster ("records merged into
-- this one") and every name-search candidate ("was this record merged?") probes for them: indexes
-- of the merged records alone keep each probe to a page or two instead of a walk of every person.
create index people_merged_into_idx on people (merged_into) where merged_into is not null;
create index people_merged_ids_idx on people (id) include (merged_into) where merged_into is not null;
drop index people_merged_idx;
