-- Tasks belong to a team as well as a person, so a team leader sees the team's queue, including
-- work not yet given to anyone. (0007_tasks.sql was already applied; migrations only move forward.)
alter table tasks add column team_id uuid references teams(id);
update tasks t set team_id = u.team_id from users u where u.id = t.assignee_user_id and t.team_id is null;
create index tasks_team_idx on tasks(team_id, status, due_at);
create index tasks_case_kind_idx on tasks(case_id, kind, status);
