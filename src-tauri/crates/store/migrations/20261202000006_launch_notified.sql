-- A run launched from here tells the user once when it finishes (a desktop notification): when
-- that was done, on the launch's draft. NULL: not yet (or not a launch).
ALTER TABLE drafts ADD COLUMN notified_at TEXT;
-- Launches published before this version finished long ago, or will be reported by the Runs list:
-- they are not announced now.
UPDATE drafts SET notified_at = updated_at WHERE kind = 'launch' AND state = 'published';
