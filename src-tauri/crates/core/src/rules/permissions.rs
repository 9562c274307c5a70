//! Who may do what: the one place that decides it, from the user's role in the organization and
//! in the workspace together (either may be unknown). The views the window gets carry these
//! decisions (`{allowed, reason}`) and every service command refuses exactly what they refuse,
//! with the same reason, so an enabled control never ends in "Forbidden" and a disabled one says
//! why. Sources: docs/PLATFORM-FACTS.md, "Organization roles", "Workspace roles" and "Who may do
//! what":
//!
//! - An owner of the organization acts as an owner of every workspace of it, whatever their
//!   participant role.
//! - Add a workspace: organization owners (and "admins", the docs' word; the API's `OrgRole` has
//!   only owner, member and collaborator, so in practice owners).
//! - Edit a workspace, manage its participants, change its Studios settings: owners and admins.
//! - Delete a workspace, make another owner: owners only.
//! - Labels, add and edit pipelines: owners, admins and maintainers.
//! - Launch: owners, admins, maintainers and launchers.
//! - Make a compute environment primary: owners and admins (`compute_environment:*`), and only
//!   an AVAILABLE one.
//! - Add or remove an organization's members, add or remove its teams: organization owners only
//!   ("Owners have full read/write over members, teams, collaborators and settings"; the web UI
//!   has only Owner and Member, the API's `OrgRole` also `collaborator`).
//! - Towerdesk's own rule: the last owner of a workspace can be neither removed nor demoted.
//!
//! A role that is unknown (the server did not say it) or not one of the Platform's (a custom role
//! Towerdesk cannot rank) allows nothing, and the reason names it.

use serde::Serialize;
use towerdesk_store::Participant;

use super::Role;
use crate::error::{AppError, ErrorKind};

/// Whether the signed-in user may do something, and why not when not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Permission {
    pub allowed: bool,
    /// Set exactly when not allowed: the sentence a disabled control shows.
    pub reason: Option<String>,
}

impl Permission {
    pub fn allow() -> Self {
        Self {
            allowed: true,
            reason: None,
        }
    }

    pub fn refuse(reason: impl Into<String>) -> Self {
        Self {
            allowed: false,
            reason: Some(reason.into()),
        }
    }

    fn when(allowed: bool, reason: impl FnOnce() -> String) -> Self {
        if allowed {
            Self::allow()
        } else {
            Self::refuse(reason())
        }
    }

    /// What a command does with it: go on, or refuse as `forbidden` with the same reason.
    pub fn require(&self) -> Result<(), AppError> {
        match (self.allowed, &self.reason) {
            (true, _) => Ok(()),
            (false, reason) => Err(AppError::new(
                ErrorKind::Forbidden,
                reason
                    .clone()
                    .unwrap_or_else(|| "This is not allowed.".into()),
            )),
        }
    }
}

/// What may be done in an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationPermissions {
    pub add_workspace: Permission,
}

impl OrganizationPermissions {
    pub fn of(org_role: Option<&str>) -> Self {
        Self {
            add_workspace: add_workspace(org_role),
        }
    }
}

/// What may be done with an organization's people (its Members and Teams tabs). Towerdesk does
/// not add or remove them yet: the window shows no control for these, they say what the Platform
/// allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct OrgPeoplePermissions {
    /// Add or remove members.
    pub manage_members: Permission,
    /// Add, edit or remove teams and their members.
    pub manage_teams: Permission,
}

impl OrgPeoplePermissions {
    pub fn of(org_role: Option<&str>) -> Self {
        Self {
            manage_members: manage_members(org_role),
            manage_teams: manage_teams(org_role),
        }
    }
}

/// The user's standing in one workspace: what the permissions are decided from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing<'a> {
    /// The user's role in the workspace's organization, as the server listed it (None: unknown,
    /// or the personal workspace).
    pub org_role: Option<&'a str>,
    /// The user's role in the workspace (None: unknown).
    pub workspace_role: Option<&'a str>,
    /// The user's own workspace: it has no organization, participants or Studios settings.
    pub personal: bool,
}

impl Standing<'_> {
    /// The role the user acts with: an owner of the organization is an owner of every workspace
    /// in it. None: unknown or not one of the Platform's roles.
    pub fn acting(&self) -> Option<Role> {
        if normalized(self.org_role).as_deref() == Some("owner") {
            return Some(Role::Owner);
        }
        self.workspace_role.and_then(Role::parse)
    }

    fn at_least(&self, role: Role) -> bool {
        self.acting().is_some_and(|r| r >= role)
    }

    /// " (your role: view)", or that it is unknown: what a refusal ends with.
    fn your_role(&self) -> String {
        your_role(self.workspace_role)
    }
}

/// Every action on a workspace, with its decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct WorkspacePermissions {
    /// Its name, full name, description and visibility.
    pub edit: Permission,
    pub delete: Permission,
    /// Add participants, change their roles, remove them.
    pub manage_participants: Permission,
    /// Give the owner role (adding or changing a participant).
    pub make_owners: Permission,
    /// Add, edit and delete labels.
    pub manage_labels: Permission,
    pub edit_studios_settings: Permission,
    pub add_pipelines: Permission,
    pub edit_pipelines: Permission,
    pub launch: Permission,
}

impl WorkspacePermissions {
    pub fn of(s: Standing<'_>) -> Self {
        Self {
            edit: edit_workspace(s),
            delete: delete_workspace(s),
            manage_participants: manage_participants(s),
            make_owners: make_owners(s),
            manage_labels: manage_labels(s),
            edit_studios_settings: edit_studios_settings(s),
            add_pipelines: add_pipelines(s),
            edit_pipelines: edit_pipelines(s),
            launch: launch(s),
        }
    }
}

/// A role that can be picked for a participant, and whether it may be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RoleChoice {
    /// As the API spells it: owner, admin, maintain, launch, connect or view.
    pub role: String,
    pub permission: Permission,
}

/// What may be done to one participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ParticipantPermissions {
    pub remove: Permission,
    /// Every workspace role, most powerful first, with whether the participant may be given it
    /// (their current role is always allowed: picking it changes nothing).
    pub roles: Vec<RoleChoice>,
}

impl ParticipantPermissions {
    /// `all` are the workspace's participants (`target` among them).
    pub fn of(s: Standing<'_>, target: &Participant, all: &[Participant]) -> Self {
        Self {
            remove: remove_participant(s, target, all),
            roles: super::participants::ROLES
                .iter()
                .map(|r| RoleChoice {
                    role: (*r).to_string(),
                    permission: give_role(s, target, r, all),
                })
                .collect(),
        }
    }
}

// ---- the decisions ------------------------------------------------------------------------

/// " (your role: X)", or " (your role in it is unknown: the server has not said it)".
pub fn your_role(role: Option<&str>) -> String {
    match normalized(role) {
        Some(r) => format!(" (your role: {r})"),
        None => " (your role in it is unknown: the server has not said it)".to_string(),
    }
}

fn normalized(role: Option<&str>) -> Option<String> {
    role.map(|r| r.trim().to_ascii_lowercase())
        .filter(|r| !r.is_empty())
}

/// Adding a workspace to an organization.
pub fn add_workspace(org_role: Option<&str>) -> Permission {
    let r = normalized(org_role);
    Permission::when(matches!(r.as_deref(), Some("owner" | "admin")), || {
        format!(
            "Adding a workspace needs the owner or admin role in the organization{}.",
            your_role(org_role)
        )
    })
}

/// Adding or removing an organization's members: its owners only (PLATFORM-FACTS.md,
/// "Organization roles"; `C/orgs-and-teams/roles.md`).
pub fn manage_members(org_role: Option<&str>) -> Permission {
    Permission::when(normalized(org_role).as_deref() == Some("owner"), || {
        format!(
            "Adding or removing members needs the owner role in the organization{}.",
            your_role(org_role)
        )
    })
}

/// Adding or removing an organization's teams (and their members): its owners only (as
/// [`manage_members`]).
pub fn manage_teams(org_role: Option<&str>) -> Permission {
    Permission::when(normalized(org_role).as_deref() == Some("owner"), || {
        format!(
            "Managing teams needs the owner role in the organization{}.",
            your_role(org_role)
        )
    })
}

pub const PERSONAL_NOT_EDITABLE: &str = "Your user workspace cannot be edited or deleted.";
pub const PERSONAL_NO_PARTICIPANTS: &str = "Your user workspace has no participants.";
pub const PERSONAL_NO_STUDIOS: &str = "Your user workspace has no Studios settings.";

pub fn edit_workspace(s: Standing<'_>) -> Permission {
    if s.personal {
        return Permission::refuse(PERSONAL_NOT_EDITABLE);
    }
    Permission::when(s.at_least(Role::Admin), || {
        format!(
            "Editing the workspace needs the owner or admin role in it{}.",
            s.your_role()
        )
    })
}

pub fn delete_workspace(s: Standing<'_>) -> Permission {
    if s.personal {
        return Permission::refuse(PERSONAL_NOT_EDITABLE);
    }
    Permission::when(s.at_least(Role::Owner), || {
        format!(
            "Only an owner of the workspace can delete it{}.",
            s.your_role()
        )
    })
}

/// "`doing` needs the owner, admin ... role in the workspace (your role: X)." unless the user acts
/// with `least` or higher.
fn needs(s: Standing<'_>, least: Role, doing: &str) -> Permission {
    let roles = match least {
        Role::Owner => "owner",
        Role::Admin => "owner or admin",
        Role::Maintain => "owner, admin or maintain",
        Role::Launch => "owner, admin, maintain or launch",
        Role::Connect => "owner, admin, maintain, launch or connect",
        Role::View => "any",
    };
    Permission::when(s.at_least(least), || {
        format!(
            "{doing} needs the {roles} role in the workspace{}.",
            s.your_role()
        )
    })
}

pub fn manage_participants(s: Standing<'_>) -> Permission {
    if s.personal {
        return Permission::refuse(PERSONAL_NO_PARTICIPANTS);
    }
    needs(s, Role::Admin, "Managing participants")
}

/// Giving the owner role: only an owner can, and only one who may manage participants at all.
pub fn make_owners(s: Standing<'_>) -> Permission {
    let manage = manage_participants(s);
    if !manage.allowed {
        return manage;
    }
    Permission::when(s.at_least(Role::Owner), || {
        "Only an owner can make another owner.".to_string()
    })
}

pub fn manage_labels(s: Standing<'_>) -> Permission {
    needs(s, Role::Maintain, "Adding, editing and deleting labels")
}

/// `workspace_studio:write`: owners and admins.
pub fn edit_studios_settings(s: Standing<'_>) -> Permission {
    if s.personal {
        return Permission::refuse(PERSONAL_NO_STUDIOS);
    }
    needs(s, Role::Admin, "Changing the Studios settings")
}

pub fn add_pipelines(s: Standing<'_>) -> Permission {
    needs(s, Role::Maintain, "Adding pipelines")
}

pub fn edit_pipelines(s: Standing<'_>) -> Permission {
    needs(s, Role::Maintain, "Editing pipelines")
}

/// `workflow:execute`.
pub fn launch(s: Standing<'_>) -> Permission {
    needs(s, Role::Launch, "Launching pipelines")
}

/// `workflow:write`: launch and up may cancel a run, and only one still going (submitted or
/// running; `status` as the store keeps it).
pub fn cancel_run(s: Standing<'_>, status: &str) -> Permission {
    if towerdesk_store::run_is_finished(status) {
        return Permission::refuse(format!(
            "Only a submitted or running run can be cancelled (this one is {status})."
        ));
    }
    needs(s, Role::Launch, "Cancelling runs")
}

/// Make primary on a compute environment, by role alone: `compute_environment:*` is the owners'
/// and admins' (the role matrix: Maintain "lacks compute environment ... write/delete";
/// docs/PLATFORM-FACTS.md, "Who may do what"). The emulator refuses the others with a 403.
pub fn make_primary_role(s: Standing<'_>) -> Permission {
    needs(s, Role::Admin, "Making a compute environment primary")
}

/// Make primary on a compute environment whose status is `status` (as the server wrote it;
/// None: unknown): the role first, then only an AVAILABLE one (the one a launch can use).
pub fn make_primary_compute_env(s: Standing<'_>, status: Option<&str>) -> Permission {
    let role = make_primary_role(s);
    if !role.allowed {
        return role;
    }
    Permission::when(
        status.is_some_and(|st| st.trim().eq_ignore_ascii_case("AVAILABLE")),
        || {
            match status {
            Some(st) => format!(
                "Only an available compute environment can be made primary (this one is {st})."
            ),
            None => "Only an available compute environment can be made primary (the status of this one is unknown: sync, then try again).".to_string(),
        }
        },
    )
}

/// What may be done to one run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RunPermissions {
    pub cancel: Permission,
    /// Relaunch: a new run with this run's launch settings (launch and up, whatever its status).
    pub relaunch: Permission,
}

impl RunPermissions {
    pub fn of(s: Standing<'_>, status: &str) -> Self {
        Self {
            cancel: cancel_run(s, status),
            relaunch: launch(s),
        }
    }
}

fn is_owner(p: &Participant) -> bool {
    p.role.eq_ignore_ascii_case("owner")
}

/// The workspace's last owner (Towerdesk keeps one, so a workspace always has someone who can
/// delete it).
fn last_owner(target: &Participant, all: &[Participant]) -> bool {
    is_owner(target) && all.iter().filter(|p| is_owner(p)).count() <= 1
}

pub fn remove_participant(
    s: Standing<'_>,
    target: &Participant,
    all: &[Participant],
) -> Permission {
    let manage = manage_participants(s);
    if !manage.allowed {
        return manage;
    }
    Permission::when(!last_owner(target, all), || {
        format!(
            "{} is the last owner and cannot be removed: make someone else an owner first.",
            target.name
        )
    })
}

/// Giving `target` the workspace role `role` (one of [`super::participants::ROLES`]; another
/// string is a validation error, not a permission). Their current role is always allowed.
pub fn give_role(
    s: Standing<'_>,
    target: &Participant,
    role: &str,
    all: &[Participant],
) -> Permission {
    let manage = manage_participants(s);
    if !manage.allowed {
        return manage;
    }
    if target.role.eq_ignore_ascii_case(role) {
        return Permission::allow();
    }
    if role.eq_ignore_ascii_case("owner") {
        return make_owners(s);
    }
    Permission::when(!last_owner(target, all), || {
        format!(
            "{} is the last owner: make someone else an owner first.",
            target.name
        )
    })
}

#[cfg(test)]
mod tests {
    //! The rule tables. Moved here from `rules.rs`, `rules/labels.rs`, `rules/participants.rs`
    //! and the UI's unit tests (`ui/tests/unit/roles.test.ts`, `labels.test.ts`,
    //! `participants.test.ts`), which tested copies of these rules; what each asserted is kept.
    //! The table through the service, over every role pair, is `core/tests/permissions.rs`.
    use super::*;

    fn org(org: Option<&'static str>, ws: Option<&'static str>) -> Standing<'static> {
        Standing {
            org_role: org,
            workspace_role: ws,
            personal: false,
        }
    }

    fn person(id: i64, name: &str, role: &str) -> Participant {
        Participant {
            id,
            participant_id: Some(100 + id),
            kind: "MEMBER".into(),
            member_id: Some(id),
            team_id: None,
            user_name: Some(name.to_lowercase()),
            name: name.into(),
            email: None,
            role: role.into(),
            change_state: None,
            change_message: None,
        }
    }

    // from ui/tests/unit/roles.test.ts, "Add Workspace (organization role)", and rules.rs
    #[test]
    fn add_workspace_follows_the_organization_role() {
        let cases: &[(Option<&str>, bool)] = &[
            (Some("owner"), true),
            (Some("OWNER"), true),
            (Some("admin"), true),
            (Some("member"), false),
            (Some("collaborator"), false),
            (None, false),
        ];
        for (role, allowed) in cases {
            let p = add_workspace(*role);
            assert_eq!(p.allowed, *allowed, "{role:?}");
            assert_eq!(p.reason.is_none(), *allowed, "{role:?}");
            if let Some(r) = p.reason {
                assert!(r.contains("owner or admin role in the organization"), "{r}");
            }
        }
        assert_eq!(
            add_workspace(Some("member")).reason.as_deref(),
            Some(
                "Adding a workspace needs the owner or admin role in the organization (your role: member)."
            )
        );
        // The workspace role has no say at the organization level.
        assert_eq!(
            OrganizationPermissions::of(Some("owner")).add_workspace,
            Permission::allow()
        );
    }

    #[test]
    fn members_and_teams_are_managed_by_organization_owners_only() {
        let cases: &[(Option<&str>, bool)] = &[
            (Some("owner"), true),
            (Some(" Owner "), true),
            (Some("admin"), false),
            (Some("member"), false),
            (Some("collaborator"), false),
            (Some("custom-role"), false),
            (Some(""), false),
            (None, false),
        ];
        for (role, allowed) in cases {
            let p = OrgPeoplePermissions::of(*role);
            for (what, perm) in [("members", &p.manage_members), ("teams", &p.manage_teams)] {
                assert_eq!(perm.allowed, *allowed, "{what} {role:?}");
                assert_eq!(perm.reason.is_none(), *allowed, "{what} {role:?}");
            }
        }
        assert_eq!(
            manage_members(Some("member")).reason.as_deref(),
            Some(
                "Adding or removing members needs the owner role in the organization (your role: member)."
            )
        );
        assert_eq!(
            manage_teams(None).reason.as_deref(),
            Some(
                "Managing teams needs the owner role in the organization (your role in it is unknown: the server has not said it)."
            )
        );
    }

    // from ui/tests/unit/roles.test.ts, "Edit and Delete workspace", and rules.rs
    #[test]
    fn edit_and_delete_follow_both_roles() {
        let cases: &[(Option<&str>, Option<&str>, bool, bool)] = &[
            (Some("owner"), Some("member"), true, true),
            (Some("admin"), Some("member"), true, false),
            (Some("maintain"), Some("member"), false, false),
            (Some("launch"), Some("member"), false, false),
            (Some("view"), Some("member"), false, false),
            (Some("view"), Some("owner"), true, true),
            (None, None, false, false),
            (Some("superuser"), None, false, false),
        ];
        for (ws, o, edit, del) in cases {
            let s = Standing {
                org_role: *o,
                workspace_role: *ws,
                personal: false,
            };
            assert_eq!(
                (edit_workspace(s).allowed, delete_workspace(s).allowed),
                (*edit, *del),
                "workspace {ws:?}, org {o:?}"
            );
        }
        assert_eq!(
            edit_workspace(org(None, None)).reason.as_deref(),
            Some(
                "Editing the workspace needs the owner or admin role in it (your role in it is unknown: the server has not said it)."
            )
        );
        // An organization owner needs no workspace role at all.
        assert!(edit_workspace(org(Some("owner"), None)).allowed);
        assert_eq!(
            delete_workspace(org(Some("member"), Some("admin")))
                .reason
                .as_deref(),
            Some("Only an owner of the workspace can delete it (your role: admin).")
        );
    }

    // from ui/tests/unit/labels.test.ts and rules/labels.rs
    #[test]
    fn maintainers_manage_labels_and_admins_the_studios_settings() {
        let cases: &[(Option<&str>, Option<&str>, bool, bool)] = &[
            (Some("owner"), None, true, true),
            (Some("admin"), None, true, true),
            (Some("maintain"), None, true, false),
            (Some("launch"), None, false, false),
            (Some("connect"), None, false, false),
            (Some("view"), None, false, false),
            (Some("view"), Some("owner"), true, true),
            (None, Some("member"), false, false),
            (None, None, false, false),
        ];
        for (ws, o, labels, studios) in cases {
            let s = Standing {
                org_role: *o,
                workspace_role: *ws,
                personal: false,
            };
            assert_eq!(
                (manage_labels(s).allowed, edit_studios_settings(s).allowed),
                (*labels, *studios),
                "workspace {ws:?}, org {o:?}"
            );
        }
        assert_eq!(
            manage_labels(org(None, Some("launch"))).reason.as_deref(),
            Some(
                "Adding, editing and deleting labels needs the owner, admin or maintain role in the workspace (your role: launch)."
            )
        );
        assert_eq!(
            edit_studios_settings(org(Some("member"), Some("maintain")))
                .reason
                .as_deref(),
            Some(
                "Changing the Studios settings needs the owner or admin role in the workspace (your role: maintain)."
            )
        );
    }

    // from ui/tests/unit/participants.test.ts, "who manages participants", and
    // rules/participants.rs, acting_role_and_who_may_manage
    #[test]
    fn owners_and_admins_manage_participants_and_org_owners_act_as_owners() {
        let cases: &[(Option<&str>, Option<&str>, bool)] = &[
            (Some("owner"), Some("member"), true),
            (Some("owner"), None, true),
            (Some("admin"), None, true),
            (Some("admin"), Some("member"), true),
            (Some("maintain"), Some("member"), false),
            (Some("launch"), None, false),
            (Some("view"), Some("owner"), true),
            (None, Some("owner"), true),
            (None, Some("member"), false),
            (None, None, false),
            (Some("superuser"), None, false),
        ];
        for (ws, o, allowed) in cases {
            let s = Standing {
                org_role: *o,
                workspace_role: *ws,
                personal: false,
            };
            assert_eq!(
                manage_participants(s).allowed,
                *allowed,
                "workspace {ws:?}, org {o:?}"
            );
        }
        assert_eq!(
            manage_participants(org(Some("member"), Some("launch"))),
            Permission::refuse(
                "Managing participants needs the owner or admin role in the workspace (your role: launch)."
            )
        );
        assert_eq!(org(Some("OWNER"), Some("view")).acting(), Some(Role::Owner));
        assert_eq!(org(Some("member"), Some("view")).acting(), Some(Role::View));
        assert_eq!(org(None, Some("superuser")).acting(), None);
    }

    // from ui/tests/unit/participants.test.ts, "the last owner and owner grants", and
    // rules/participants.rs, the_last_owner_stays_and_only_owners_make_owners
    #[test]
    fn the_last_owner_stays_and_only_owners_make_owners() {
        let ada = person(1, "Ada", "owner");
        let ben = person(2, "Ben", "launch");
        let owner = org(None, Some("owner"));
        let admin = org(None, Some("admin"));
        let people = [ada.clone(), ben.clone()];

        assert_eq!(
            remove_participant(owner, &ada, &people),
            Permission::refuse(
                "Ada is the last owner and cannot be removed: make someone else an owner first."
            )
        );
        assert!(remove_participant(owner, &ben, &people).allowed);
        assert_eq!(
            give_role(owner, &ada, "admin", &people),
            Permission::refuse("Ada is the last owner: make someone else an owner first.")
        );
        assert!(give_role(owner, &ada, "owner", &people).allowed);
        let two = [ada.clone(), person(3, "Cy", "owner"), ben.clone()];
        assert!(remove_participant(owner, &ada, &two).allowed);
        assert!(give_role(owner, &ada, "view", &two).allowed);

        assert_eq!(
            give_role(admin, &ben, "owner", &people),
            Permission::refuse("Only an owner can make another owner.")
        );
        assert!(give_role(owner, &ben, "owner", &people).allowed);
        assert!(give_role(admin, &ben, "maintain", &people).allowed);
        assert!(give_role(admin, &ben, "launch", &people).allowed);
        assert_eq!(
            make_owners(admin),
            Permission::refuse("Only an owner can make another owner.")
        );
        assert!(make_owners(owner).allowed);

        // A role that may not manage participants at all gets that reason for everything.
        let maintain = org(None, Some("maintain"));
        let refused = manage_participants(maintain);
        assert!(!refused.allowed);
        assert_eq!(remove_participant(maintain, &ben, &people), refused);
        assert_eq!(give_role(maintain, &ben, "view", &people), refused);
        assert_eq!(make_owners(maintain), refused);

        let choices = ParticipantPermissions::of(owner, &ada, &people);
        let picked: Vec<(&str, bool)> = choices
            .roles
            .iter()
            .map(|c| (c.role.as_str(), c.permission.allowed))
            .collect();
        assert_eq!(
            picked,
            [
                ("owner", true),
                ("admin", false),
                ("maintain", false),
                ("launch", false),
                ("connect", false),
                ("view", false)
            ]
        );
    }

    // from rules.rs, roles_grant_what_the_matrix_says
    #[test]
    fn roles_grant_what_the_matrix_says() {
        let cases = [
            ("owner", true, true, true, true),
            ("admin", true, true, true, false),
            ("maintain", false, true, true, false),
            ("launch", false, false, true, false),
            ("connect", false, false, false, false),
            ("view", false, false, false, false),
        ];
        for (role, admin, maintain, launches, delete) in cases {
            let s = org(Some("member"), Some(role));
            assert_eq!(
                (
                    edit_workspace(s).allowed,
                    manage_labels(s).allowed,
                    launch(s).allowed,
                    delete_workspace(s).allowed
                ),
                (admin, maintain, launches, delete),
                "{role}"
            );
        }
        assert!(!edit_workspace(org(None, None)).allowed);
        assert!(!edit_workspace(org(None, Some("superuser"))).allowed);
        assert_eq!(
            edit_workspace(org(None, Some("superuser")))
                .reason
                .as_deref(),
            Some(
                "Editing the workspace needs the owner or admin role in it (your role: superuser)."
            )
        );
        assert!(add_workspace(Some("owner")).allowed);
        assert!(!add_workspace(Some("member")).allowed);
    }

    #[test]
    fn cancelling_needs_launch_and_a_run_still_going() {
        let cases: &[(Option<&str>, Option<&str>, &str, bool)] = &[
            (Some("member"), Some("owner"), "running", true),
            (Some("member"), Some("maintain"), "submitted", true),
            (Some("member"), Some("launch"), "running", true),
            (Some("member"), Some("connect"), "running", false),
            (Some("member"), Some("view"), "running", false),
            (Some("member"), None, "running", false),
            (Some("owner"), Some("view"), "running", true),
            (Some("owner"), Some("owner"), "succeeded", false),
            (Some("owner"), Some("owner"), "cancelled", false),
        ];
        for (o, ws, status, allowed) in cases {
            assert_eq!(
                RunPermissions::of(org(*o, *ws), status).cancel.allowed,
                *allowed,
                "{o:?} {ws:?} {status}"
            );
        }
        assert_eq!(
            cancel_run(org(Some("member"), Some("view")), "running")
                .reason
                .as_deref(),
            Some(
                "Cancelling runs needs the owner, admin, maintain or launch role in the workspace (your role: view)."
            )
        );
        assert_eq!(
            cancel_run(org(Some("owner"), None), "failed")
                .reason
                .as_deref(),
            Some("Only a submitted or running run can be cancelled (this one is failed).")
        );
    }

    #[test]
    fn relaunching_needs_launch_whatever_the_run_s_status() {
        let cases: &[(Option<&str>, Option<&str>, &str, bool)] = &[
            (Some("member"), Some("launch"), "failed", true),
            (Some("member"), Some("launch"), "running", true),
            (Some("member"), Some("maintain"), "succeeded", true),
            (Some("member"), Some("connect"), "failed", false),
            (Some("member"), Some("view"), "succeeded", false),
            (Some("member"), None, "failed", false),
            (Some("owner"), Some("view"), "cancelled", true),
        ];
        for (o, ws, status, allowed) in cases {
            assert_eq!(
                RunPermissions::of(org(*o, *ws), status).relaunch.allowed,
                *allowed,
                "{o:?} {ws:?} {status}"
            );
        }
        assert_eq!(
            RunPermissions::of(org(Some("member"), Some("view")), "failed")
                .relaunch
                .reason
                .as_deref(),
            Some(
                "Launching pipelines needs the owner, admin, maintain or launch role in the workspace (your role: view)."
            )
        );
    }

    #[test]
    fn pipelines_need_maintain_and_launching_needs_launch() {
        let cases: &[(Option<&str>, bool, bool)] = &[
            (Some("owner"), true, true),
            (Some("admin"), true, true),
            (Some("maintain"), true, true),
            (Some("launch"), false, true),
            (Some("connect"), false, false),
            (Some("view"), false, false),
            (None, false, false),
        ];
        for (ws, pipelines, launches) in cases {
            let s = org(Some("member"), *ws);
            assert_eq!(
                (
                    add_pipelines(s).allowed,
                    edit_pipelines(s).allowed,
                    launch(s).allowed
                ),
                (*pipelines, *pipelines, *launches),
                "{ws:?}"
            );
            let as_org_owner = WorkspacePermissions::of(org(Some("owner"), *ws));
            assert!(as_org_owner.launch.allowed && as_org_owner.add_pipelines.allowed);
        }
        assert_eq!(
            launch(org(None, Some("connect"))).reason.as_deref(),
            Some(
                "Launching pipelines needs the owner, admin, maintain or launch role in the workspace (your role: connect)."
            )
        );
    }

    #[test]
    fn the_personal_workspace_has_no_settings_participants_or_edits() {
        let mine = Standing {
            org_role: None,
            workspace_role: Some("owner"),
            personal: true,
        };
        let p = WorkspacePermissions::of(mine);
        assert_eq!(p.edit, Permission::refuse(PERSONAL_NOT_EDITABLE));
        assert_eq!(p.delete, Permission::refuse(PERSONAL_NOT_EDITABLE));
        assert_eq!(
            p.manage_participants,
            Permission::refuse(PERSONAL_NO_PARTICIPANTS)
        );
        assert_eq!(p.make_owners, Permission::refuse(PERSONAL_NO_PARTICIPANTS));
        assert_eq!(
            p.edit_studios_settings,
            Permission::refuse(PERSONAL_NO_STUDIOS)
        );
        assert!(p.manage_labels.allowed && p.add_pipelines.allowed && p.launch.allowed);
    }

    #[test]
    fn a_refusal_is_forbidden_with_its_reason() {
        let e = delete_workspace(org(None, Some("view")))
            .require()
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Forbidden);
        assert_eq!(
            e.message,
            "Only an owner of the workspace can delete it (your role: view)."
        );
        assert!(Permission::allow().require().is_ok());
    }

    #[test]
    fn make_primary_needs_owner_or_admin_and_an_available_environment() {
        let roles: &[(Option<&str>, Option<&str>, bool)] = &[
            (Some("owner"), None, true),
            (Some("admin"), None, true),
            (Some("maintain"), None, false),
            (Some("launch"), None, false),
            (Some("connect"), None, false),
            (Some("view"), None, false),
            (None, None, false),
            (Some("superuser"), None, false),
            // An organization owner acts as an owner.
            (Some("view"), Some("owner"), true),
            (Some("view"), Some("member"), false),
        ];
        let statuses: &[(Option<&str>, bool)] = &[
            (Some("AVAILABLE"), true),
            (Some("available"), true),
            (Some("CREATING"), false),
            (Some("DISABLED"), false),
            (Some("ERRORED"), false),
            (Some("INVALID"), false),
            (Some("DELETING"), false),
            (None, false),
        ];
        for (ws_role, org_role, role_ok) in roles {
            let s = Standing {
                org_role: *org_role,
                workspace_role: *ws_role,
                personal: false,
            };
            for (status, status_ok) in statuses {
                let p = make_primary_compute_env(s, *status);
                let want = *role_ok && *status_ok;
                assert_eq!(p.allowed, want, "{ws_role:?} {org_role:?} {status:?}");
                assert_eq!(p.reason.is_none(), want, "{ws_role:?} {status:?}");
                if let Some(r) = p.reason {
                    if *role_ok {
                        assert!(
                            r.starts_with("Only an available compute environment"),
                            "{r}"
                        );
                    } else {
                        assert!(r.contains("owner or admin role in the workspace"), "{r}");
                    }
                }
            }
        }
        let viewer = Standing {
            org_role: None,
            workspace_role: Some("view"),
            personal: false,
        };
        assert_eq!(
            make_primary_compute_env(viewer, Some("AVAILABLE"))
                .reason
                .as_deref(),
            Some(
                "Making a compute environment primary needs the owner or admin role in the workspace (your role: view)."
            )
        );
        let admin = Standing {
            workspace_role: Some("admin"),
            ..viewer
        };
        assert_eq!(
            make_primary_compute_env(admin, Some("DISABLED"))
                .reason
                .as_deref(),
            Some(
                "Only an available compute environment can be made primary (this one is DISABLED)."
            )
        );
    }
}
