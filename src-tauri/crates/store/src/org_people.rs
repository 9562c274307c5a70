//! An organization's people: its members, collaborators and teams, as the last listings
//! (`GET /orgs/{orgId}/members`, `/collaborators`, `/teams`, paged) saw them. Read-only here:
//! nothing is queued, so a listing simply overwrites; a completed listing marks what it did not
//! return as deleted and records that it completed (`finish_org_people_listing`), a refused one
//! records the refusal and deletes nothing (`refuse_org_people_listing`), a failed one changes
//! nothing.

use crate::{
    ListingMark, ListingOutcome, OrgMemberRecord, OrgTeamRecord, Organization, Result, Store, now,
};

/// The lists of an organization's people, for the generic begin/finish of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrgPeopleListing {
    Members,
    Collaborators,
    Teams,
}

impl OrgPeopleListing {
    pub const ALL: [Self; 3] = [Self::Members, Self::Collaborators, Self::Teams];

    fn table(self) -> &'static str {
        match self {
            Self::Members => "org_members",
            Self::Collaborators => "org_collaborators",
            Self::Teams => "org_teams",
        }
    }

    /// As `org_people_listings.listing` stores it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Members => "members",
            Self::Collaborators => "collaborators",
            Self::Teams => "teams",
        }
    }
}

/// The two lists of people (same shape, `MemberDbDto`): members and collaborators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MemberList {
    Members,
    Collaborators,
}

impl MemberList {
    pub fn listing(self) -> OrgPeopleListing {
        match self {
            Self::Members => OrgPeopleListing::Members,
            Self::Collaborators => OrgPeopleListing::Collaborators,
        }
    }
}

impl Store {
    /// One organization by its local id (None: not here, or deleted).
    pub async fn organization(&self, org: i64) -> Result<Option<Organization>> {
        Ok(sqlx::query_as(
            "SELECT o.id, o.account_id, o.org_id, o.name, o.full_name, o.description, o.role,
                    (SELECT COUNT(*) FROM workspaces w
                      WHERE w.account_id = o.account_id AND w.org_id = o.org_id AND w.deleted = 0) AS workspace_count
             FROM organizations o WHERE o.id = ? AND o.deleted = 0",
        )
        .bind(org)
        .fetch_optional(self.pool())
        .await?)
    }

    /// A new generation for a listing of the organization's (local id `org`) `listing`.
    pub async fn begin_org_people_listing(
        &self,
        listing: OrgPeopleListing,
        org: i64,
    ) -> Result<i64> {
        self.next_gen(listing.table(), "org_local_id = ?", org)
            .await
    }

    /// Writes one page of the organization's members or collaborators (`list`) with
    /// `generation`, in one transaction.
    pub async fn upsert_org_members(
        &self,
        list: MemberList,
        org: i64,
        generation: i64,
        items: &[OrgMemberRecord],
    ) -> Result<()> {
        let table = list.listing().table();
        let sql = format!(
            "INSERT INTO {table} (org_local_id, member_id, user_name, email, first_name, last_name,
                                  avatar, role, sync_gen)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (org_local_id, member_id) DO UPDATE SET
                user_name = excluded.user_name, email = excluded.email,
                first_name = excluded.first_name, last_name = excluded.last_name,
                avatar = excluded.avatar, role = excluded.role,
                sync_gen = excluded.sync_gen, deleted = 0"
        );
        let mut tx = self.write().await?;
        for m in items {
            sqlx::query(crate::sql(sql.clone()))
                .bind(org)
                .bind(m.member_id)
                .bind(&m.user_name)
                .bind(&m.email)
                .bind(&m.first_name)
                .bind(&m.last_name)
                .bind(&m.avatar)
                .bind(&m.role)
                .bind(generation)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Writes one page of the organization's teams with `generation`, in one transaction.
    pub async fn upsert_org_teams(
        &self,
        org: i64,
        generation: i64,
        items: &[OrgTeamRecord],
    ) -> Result<()> {
        let mut tx = self.write().await?;
        for t in items {
            sqlx::query(
                "INSERT INTO org_teams (org_local_id, team_id, name, description, members_count, sync_gen)
                 VALUES (?, ?, ?, ?, ?, ?)
                 ON CONFLICT (org_local_id, team_id) DO UPDATE SET
                    name = excluded.name, description = excluded.description,
                    members_count = excluded.members_count, sync_gen = excluded.sync_gen, deleted = 0",
            )
            .bind(org)
            .bind(t.team_id)
            .bind(&t.name)
            .bind(&t.description)
            .bind(t.members_count)
            .bind(generation)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// After a completed listing: what it did not return is gone from the server, and the
    /// listing is recorded as done. Returns how many rows were marked deleted.
    pub async fn finish_org_people_listing(
        &self,
        listing: OrgPeopleListing,
        org: i64,
        generation: i64,
    ) -> Result<u64> {
        let mut tx = self.write().await?;
        let done = sqlx::query(crate::sql(format!(
            "UPDATE {} SET deleted = 1 WHERE org_local_id = ? AND sync_gen < ? AND deleted = 0",
            listing.table()
        )))
        .bind(org)
        .bind(generation)
        .execute(&mut *tx)
        .await?;
        mark(&mut tx, listing, org, ListingOutcome::Listed).await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    /// The server refused the listing (403/404): nothing is written or deleted, the refusal is
    /// recorded so the window can say so.
    pub async fn refuse_org_people_listing(
        &self,
        listing: OrgPeopleListing,
        org: i64,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        mark(&mut tx, listing, org, ListingOutcome::Refused).await?;
        tx.commit().await?;
        Ok(())
    }

    /// How the last listing of the organization's `listing` ended, if it ever did.
    pub async fn org_people_listing(
        &self,
        listing: OrgPeopleListing,
        org: i64,
    ) -> Result<Option<ListingMark>> {
        Ok(sqlx::query_as(
            "SELECT outcome, at FROM org_people_listings WHERE org_local_id = ? AND listing = ?",
        )
        .bind(org)
        .bind(listing.as_str())
        .fetch_optional(self.pool())
        .await?)
    }

    /// The organization's members or collaborators (`list`), by user name (without case).
    pub async fn org_members(&self, list: MemberList, org: i64) -> Result<Vec<OrgMemberRecord>> {
        Ok(sqlx::query_as(crate::sql(format!(
            "SELECT member_id, user_name, email, first_name, last_name, avatar, role
             FROM {} WHERE org_local_id = ? AND deleted = 0
             ORDER BY user_name COLLATE NOCASE, email COLLATE NOCASE, member_id",
            list.listing().table()
        )))
        .bind(org)
        .fetch_all(self.pool())
        .await?)
    }

    /// The organization's teams, by name (without case).
    pub async fn org_teams(&self, org: i64) -> Result<Vec<OrgTeamRecord>> {
        Ok(sqlx::query_as(
            "SELECT team_id, name, description, members_count
             FROM org_teams WHERE org_local_id = ? AND deleted = 0
             ORDER BY name COLLATE NOCASE, team_id",
        )
        .bind(org)
        .fetch_all(self.pool())
        .await?)
    }
}

async fn mark(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    listing: OrgPeopleListing,
    org: i64,
    outcome: ListingOutcome,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO org_people_listings (org_local_id, listing, outcome, at) VALUES (?, ?, ?, ?)
         ON CONFLICT (org_local_id, listing) DO UPDATE SET outcome = excluded.outcome, at = excluded.at",
    )
    .bind(org)
    .bind(listing.as_str())
    .bind(outcome)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
