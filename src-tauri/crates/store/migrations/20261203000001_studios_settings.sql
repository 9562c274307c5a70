-- The rest of a workspace's Studios settings (issue 14: Settings → Studios), beside the session
-- lifespan, as `GET .../settings/studios` returns them. NULL in any of them means the server did
-- not say (an older server, or not pulled since this migration): shown as unknown, never as a
-- default. An empty text means the server said null: not set, the Platform's default is used.
--   studios_private_by_default   `privateStudioByDefault`: 1 = Private, 0 = Collaborative.
--   studios_container_repository `containerRepository`, as the server spells it.
--   studios_name_strategy        `nameStrategy`: `tagPrefix`, `imageSuffix`, `none` (kept as sent).
ALTER TABLE workspace_settings ADD COLUMN studios_private_by_default INTEGER;
ALTER TABLE workspace_settings ADD COLUMN studios_container_repository TEXT;
ALTER TABLE workspace_settings ADD COLUMN studios_name_strategy TEXT;
