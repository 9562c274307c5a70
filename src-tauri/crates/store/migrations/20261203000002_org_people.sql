-- An organization's people (issue 14: the organization page's Members, Teams and Collaborators
-- tabs), as `GET /orgs/{orgId}/members`, `/teams` and `/collaborators` list them (paged). Every
-- field but the ids may be missing on a real server: NULL means the server did not say. Roles are
-- kept as the API spells them (`owner`, `member`, `collaborator`, or another). Read-only here:
-- nothing is queued, a listing overwrites, a completed listing marks what it did not return as
-- deleted, a refused or failed one deletes nothing. The account is the organization's.
CREATE TABLE org_members (
    id           INTEGER PRIMARY KEY,
    org_local_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL,
    user_name    TEXT,
    email        TEXT,
    first_name   TEXT,
    last_name    TEXT,
    avatar       TEXT,
    role         TEXT,
    deleted      INTEGER NOT NULL DEFAULT 0,
    sync_gen     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (org_local_id, member_id)
);

CREATE TABLE org_collaborators (
    id           INTEGER PRIMARY KEY,
    org_local_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL,
    user_name    TEXT,
    email        TEXT,
    first_name   TEXT,
    last_name    TEXT,
    avatar       TEXT,
    role         TEXT,
    deleted      INTEGER NOT NULL DEFAULT 0,
    sync_gen     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (org_local_id, member_id)
);

CREATE TABLE org_teams (
    id            INTEGER PRIMARY KEY,
    org_local_id  INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    team_id       INTEGER NOT NULL,
    name          TEXT,
    description   TEXT,
    members_count INTEGER,
    deleted       INTEGER NOT NULL DEFAULT 0,
    sync_gen      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (org_local_id, team_id)
);

-- How the last listing of each of an organization's people ended: `listed` (it completed) or
-- `refused` (403/404: the server did not let this account list them; what an earlier listing
-- brought is kept). No row: never listed. `at` is RFC 3339.
CREATE TABLE org_people_listings (
    org_local_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    listing      TEXT    NOT NULL CHECK (listing IN ('members', 'collaborators', 'teams')),
    outcome      TEXT    NOT NULL CHECK (outcome IN ('listed', 'refused')),
    at           TEXT    NOT NULL,
    PRIMARY KEY (org_local_id, listing)
);
