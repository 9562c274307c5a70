//! The organization page's Members, Teams and Collaborators tabs: an organization's people as
//! the last sync saw them. Read-only here (they are added and removed on the Platform); what the
//! user may do with them is decided in `rules/permissions.rs` (`OrgPeoplePermissions`).

use towerdesk_store::{MemberList, OrgPeopleListing};

use super::Towerdesk;
use crate::error::{AppError, ErrorKind, Result};
use crate::rules::permissions::OrgPeoplePermissions;
use crate::views::{MemberListing, OrgMemberView, OrgPeopleView, TeamListing};

impl Towerdesk {
    /// The organization's (local id `organization`) members, teams and collaborators.
    pub async fn org_people(&self, organization: i64) -> Result<OrgPeopleView, AppError> {
        let store = self.store()?;
        let org = store.organization(organization).await?.ok_or_else(|| {
            AppError::new(ErrorKind::NotFound, "This organization is no longer here.")
        })?;
        let mut lists = Vec::with_capacity(2);
        for list in [MemberList::Members, MemberList::Collaborators] {
            lists.push(MemberListing {
                rows: store
                    .org_members(list, org.id)
                    .await?
                    .into_iter()
                    .map(OrgMemberView::of)
                    .collect(),
                last_listing: store.org_people_listing(list.listing(), org.id).await?,
            });
        }
        let collaborators = lists.pop().expect("two lists");
        let members = lists.pop().expect("two lists");
        Ok(OrgPeopleView {
            members,
            teams: TeamListing {
                rows: store.org_teams(org.id).await?,
                last_listing: store
                    .org_people_listing(OrgPeopleListing::Teams, org.id)
                    .await?,
            },
            collaborators,
            permissions: OrgPeoplePermissions::of(org.role.as_deref()),
        })
    }
}
