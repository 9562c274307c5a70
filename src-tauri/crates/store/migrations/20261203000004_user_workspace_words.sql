-- The user's own workspace is the Platform's "user workspace" (issue 14's words): its full name,
-- made here (the API gives none), said "(personal)" until now. Only the text this build wrote
-- is changed.
UPDATE workspaces SET full_name = name || ' (user workspace)'
 WHERE personal = 1 AND full_name = name || ' (personal)';
