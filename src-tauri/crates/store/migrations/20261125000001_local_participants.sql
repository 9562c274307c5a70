-- Participants added in Towerdesk are shown (and queued) before the server gives them an id, so
-- participant_id becomes nullable. SQLite cannot drop a NOT NULL constraint in place: the table is
-- rebuilt with the same columns, data and unique key (several NULL ids are allowed by UNIQUE).
-- Nothing references participants, so the rebuild is safe with foreign keys on.

CREATE TABLE participants_rebuilt (
    id                 INTEGER PRIMARY KEY,
    workspace_local_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    participant_id     INTEGER,
    type               TEXT    NOT NULL,
    member_id          INTEGER,
    team_id            INTEGER,
    user_name          TEXT,
    name               TEXT    NOT NULL,
    email              TEXT,
    role               TEXT    NOT NULL,
    deleted            INTEGER NOT NULL DEFAULT 0,
    sync_gen           INTEGER NOT NULL DEFAULT 0,
    UNIQUE (workspace_local_id, participant_id)
);

INSERT INTO participants_rebuilt
    (id, workspace_local_id, participant_id, type, member_id, team_id, user_name, name, email, role, deleted, sync_gen)
SELECT id, workspace_local_id, participant_id, type, member_id, team_id, user_name, name, email, role, deleted, sync_gen
FROM participants;

DROP TABLE participants;

ALTER TABLE participants_rebuilt RENAME TO participants;
