-- An officer's overdue reviews include the assessments they made where no lead officer answers for
-- them: found by who made them, not by walking every due assessment in date order.
create index assessments_assessor_idx on assessments (assessor_id);
