-- The Compute environments list shows each one's work directory (issue 14): the listing's
-- `workDir`. NULL until a listing says (an older server may not send it).
ALTER TABLE compute_envs ADD COLUMN work_dir TEXT;
