-- Link suggestions made before areas were kept apart could pair a report's person with a record held
-- only by another area's agencies. Nobody can act on such a pair (deciding needs seeing both people,
-- and another area's are never seen), so the undecided ones are withdrawn. With one area there are none.
delete from link_suggestions s
where s.status = 'suggested'
  and exists (
    select 1
    from reports r
    join agencies ra on ra.id = r.reporting_agency_id
    join people c on c.id = s.candidate_person_id
    join agencies ca on ca.id = c.owner_agency_id
    where r.id = s.report_id and ra.area_id <> ca.area_id
  );
