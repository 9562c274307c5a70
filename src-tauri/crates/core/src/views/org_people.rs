//! What the window gets for an organization's Members, Teams and Collaborators tabs: each list
//! as the last listing left it, how that listing ended (never, completed, or refused by the
//! server), and what the user may do ([`OrgPeoplePermissions`]).

use serde::Serialize;
use towerdesk_store::{ListingMark, OrgMemberRecord, OrgTeamRecord};

use crate::rules::org_people::{full_name, role_words};
use crate::rules::permissions::OrgPeoplePermissions;

/// A member or collaborator: the stored row and the same in the Platform's words.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "specta", specta(rename = "OrgMember"))]
#[serde(rename_all = "camelCase")]
pub struct OrgMemberView {
    #[serde(flatten)]
    #[cfg_attr(feature = "specta", specta(inline))]
    pub member: OrgMemberRecord,
    /// First and last name as sent; None when the server sent neither.
    pub name: Option<String>,
    /// "Owner", "Member", "Collaborator", or the role as sent; None when not said.
    pub role_text: Option<String>,
}

impl OrgMemberView {
    pub fn of(member: OrgMemberRecord) -> Self {
        Self {
            name: full_name(member.first_name.as_deref(), member.last_name.as_deref()),
            role_text: member.role.as_deref().map(role_words),
            member,
        }
    }
}

/// One list of people and how its last listing ended (None: never listed yet).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MemberListing {
    pub rows: Vec<OrgMemberView>,
    pub last_listing: Option<ListingMark>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TeamListing {
    pub rows: Vec<OrgTeamRecord>,
    pub last_listing: Option<ListingMark>,
}

/// An organization's people: its members, teams and collaborators.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "specta", specta(rename = "OrgPeople"))]
#[serde(rename_all = "camelCase")]
pub struct OrgPeopleView {
    pub members: MemberListing,
    pub teams: TeamListing,
    pub collaborators: MemberListing,
    pub permissions: OrgPeoplePermissions,
}
