//! Who may manage a workspace's participants, and which adds, role changes and removals are
//! refused before anything is queued. Sources: docs/PLATFORM-FACTS.md, "Who may do what" ("only
//! owners and admins add or remove others") and "Organization roles" (org owners "always have full
//! owner access to every org workspace"), and the Platform's (emulated) role endpoint ("only an
//! owner can make another owner").
//!
//! The last owner of a workspace can be neither removed nor demoted: Towerdesk's own guard, so a
//! workspace is never left without a participant who can delete it (the Platform's docs are silent).

use towerdesk_store::{Participant, ParticipantInput};

use super::Role;

/// The roles a participant can be given, as the API spells them, most powerful first.
pub const ROLES: [&str; 6] = ["owner", "admin", "maintain", "launch", "connect", "view"];

/// The role the caller acts with in a workspace: an owner of the organization is an owner of
/// every workspace in it, whatever their participant role.
pub fn acting_role(workspace_role: Option<&str>, org_role: Option<&str>) -> Option<Role> {
    if org_role.is_some_and(|r| r.eq_ignore_ascii_case("owner")) {
        return Some(Role::Owner);
    }
    workspace_role.and_then(Role::parse)
}

/// Why the caller may not manage participants of `workspace`, or None if they may.
pub fn manage_refusal(workspace: &str, acting: Option<Role>) -> Option<String> {
    match acting {
        Some(r) if r.can_administer() => None,
        Some(r) => Some(format!(
            "Your role in {workspace} is {}: only owners and admins can manage its participants.",
            role_name(r)
        )),
        None => Some(format!(
            "Your role in {workspace} is not known: only owners and admins can manage its participants. Sync and try again."
        )),
    }
}

/// Why `role` cannot be given by someone acting as `acting`, or None.
fn grant_refusal(acting: Role, role: &str) -> Option<String> {
    match Role::parse(role) {
        None => Some(format!(
            "'{role}' is not a workspace role: use owner, admin, maintain, launch, connect or view."
        )),
        Some(Role::Owner) if acting != Role::Owner => {
            Some("Only an owner can make another owner.".into())
        }
        Some(_) => None,
    }
}

/// The participant an add would duplicate: the same member, team, user name or email.
pub fn already_participant<'a>(
    input: &ParticipantInput,
    existing: &'a [Participant],
) -> Option<&'a Participant> {
    let typed = input
        .user_name_or_email
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    existing.iter().find(|p| {
        (input.member_id.is_some() && p.member_id == input.member_id)
            || (input.team_id.is_some() && p.team_id == input.team_id)
            || typed.is_some_and(|t| {
                p.kind != "TEAM"
                    && (p
                        .user_name
                        .as_deref()
                        .is_some_and(|u| u.eq_ignore_ascii_case(t))
                        || p.email
                            .as_deref()
                            .is_some_and(|e| e.eq_ignore_ascii_case(t)))
            })
    })
}

/// Why this add is refused, or None. `existing` are the workspace's current participants.
pub fn check_new_participant(
    workspace: &str,
    acting: Role,
    input: &ParticipantInput,
    existing: &[Participant],
) -> Option<String> {
    let typed = input
        .user_name_or_email
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let given = [
        input.member_id.is_some(),
        input.team_id.is_some(),
        typed.is_some(),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if given == 0 {
        return Some(
            "Choose a member or team of the organization, or enter a user name or email.".into(),
        );
    }
    if given > 1 {
        return Some("Give exactly one of a member, a team, or a user name or email.".into());
    }
    if let Some(t) = typed
        && (t.chars().any(char::is_whitespace) || t.chars().count() > 255)
    {
        return Some(format!("'{t}' is not a user name or email."));
    }
    if let Some(reason) = grant_refusal(acting, input.role.trim()) {
        return Some(reason);
    }
    if let Some(p) = already_participant(input, existing) {
        return Some(format!(
            "'{}' is already a participant of workspace '{workspace}'.",
            p.name
        ));
    }
    None
}

/// Why changing `target`'s role to `role` is refused, or None. `owners` counts the workspace's
/// participants with the owner role (the target included).
pub fn check_role_change(
    workspace: &str,
    acting: Role,
    target: &Participant,
    role: &str,
    owners: usize,
) -> Option<String> {
    if let Some(reason) = grant_refusal(acting, role) {
        return Some(reason);
    }
    if is_owner(target) && !role.eq_ignore_ascii_case("owner") && owners <= 1 {
        return Some(format!(
            "{} is the last owner of {workspace}: make someone else an owner first.",
            target.name
        ));
    }
    None
}

/// Why removing `target` is refused, or None.
pub fn check_removal(workspace: &str, target: &Participant, owners: usize) -> Option<String> {
    if is_owner(target) && owners <= 1 {
        return Some(format!(
            "{} is the last owner of {workspace} and cannot be removed: make someone else an owner first.",
            target.name
        ));
    }
    None
}

pub fn is_owner(p: &Participant) -> bool {
    p.role.eq_ignore_ascii_case("owner")
}

fn role_name(r: Role) -> &'static str {
    match r {
        Role::Owner => "owner",
        Role::Admin => "admin",
        Role::Maintain => "maintain",
        Role::Launch => "launch",
        Role::Connect => "connect",
        Role::View => "view",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(
        id: i64,
        member: Option<i64>,
        team: Option<i64>,
        name: &str,
        role: &str,
    ) -> Participant {
        Participant {
            id,
            participant_id: Some(100 + id),
            kind: if team.is_some() { "TEAM" } else { "MEMBER" }.into(),
            member_id: member,
            team_id: team,
            user_name: member.map(|_| name.to_lowercase()),
            name: name.into(),
            email: member.map(|_| format!("{}@lab.org", name.to_lowercase())),
            role: role.into(),
            change_state: None,
            change_message: None,
        }
    }

    fn input(
        member: Option<i64>,
        team: Option<i64>,
        typed: Option<&str>,
        role: &str,
    ) -> ParticipantInput {
        ParticipantInput {
            member_id: member,
            team_id: team,
            user_name_or_email: typed.map(str::to_string),
            name: None,
            email: None,
            role: role.into(),
        }
    }

    #[test]
    fn acting_role_and_who_may_manage() {
        let cases: &[(Option<&str>, Option<&str>, bool)] = &[
            (Some("owner"), None, true),
            (Some("admin"), Some("member"), true),
            (Some("maintain"), Some("member"), false),
            (Some("launch"), None, false),
            (Some("view"), Some("owner"), true),
            (None, Some("owner"), true),
            (None, Some("member"), false),
            (Some("superuser"), None, false),
        ];
        for (ws, org, may) in cases {
            let acting = acting_role(*ws, *org);
            assert_eq!(
                manage_refusal("production", acting).is_none(),
                *may,
                "{ws:?} {org:?}"
            );
        }
        assert_eq!(
            manage_refusal("production", Some(Role::Launch)).unwrap(),
            "Your role in production is launch: only owners and admins can manage its participants."
        );
    }

    #[test]
    fn adds_are_checked_before_anything_is_queued() {
        let existing = [
            person(1, Some(11), None, "Ada", "owner"),
            person(2, None, Some(21), "ops", "launch"),
        ];
        type Case<'a> = (Role, ParticipantInput, Option<&'a str>);
        let cases: Vec<Case> = vec![
            (Role::Admin, input(Some(12), None, None, "launch"), None),
            (Role::Admin, input(None, Some(22), None, "view"), None),
            (
                Role::Admin,
                input(None, None, Some(" new@lab.org "), "maintain"),
                None,
            ),
            (
                Role::Admin,
                input(None, None, None, "launch"),
                Some("Choose a member or team of the organization, or enter a user name or email."),
            ),
            (
                Role::Admin,
                input(None, None, Some("   "), "launch"),
                Some("Choose a member or team of the organization, or enter a user name or email."),
            ),
            (
                Role::Admin,
                input(Some(12), Some(22), None, "launch"),
                Some("Give exactly one of a member, a team, or a user name or email."),
            ),
            (
                Role::Admin,
                input(None, None, Some("jane doe"), "launch"),
                Some("'jane doe' is not a user name or email."),
            ),
            (
                Role::Admin,
                input(Some(11), None, None, "launch"),
                Some("'Ada' is already a participant of workspace 'production'."),
            ),
            (
                Role::Admin,
                input(None, Some(21), None, "launch"),
                Some("'ops' is already a participant of workspace 'production'."),
            ),
            (
                Role::Admin,
                input(None, None, Some("ADA@lab.org"), "launch"),
                Some("'Ada' is already a participant of workspace 'production'."),
            ),
            (
                Role::Admin,
                input(None, None, Some("ada"), "launch"),
                Some("'Ada' is already a participant of workspace 'production'."),
            ),
            (
                Role::Admin,
                input(Some(12), None, None, "owner"),
                Some("Only an owner can make another owner."),
            ),
            (Role::Owner, input(Some(12), None, None, "owner"), None),
            (
                Role::Owner,
                input(Some(12), None, None, "superuser"),
                Some(
                    "'superuser' is not a workspace role: use owner, admin, maintain, launch, connect or view.",
                ),
            ),
        ];
        for (acting, i, want) in cases {
            assert_eq!(
                check_new_participant("production", acting, &i, &existing).as_deref(),
                want,
                "{acting:?} {i:?}"
            );
        }
    }

    #[test]
    fn the_last_owner_stays_and_only_owners_make_owners() {
        let ada = person(1, Some(11), None, "Ada", "owner");
        let ben = person(2, Some(12), None, "Ben", "launch");
        type Case<'a> = (Role, &'a Participant, &'a str, usize, Option<&'a str>);
        let cases: &[Case] = &[
            (Role::Admin, &ben, "maintain", 1, None),
            (Role::Owner, &ben, "owner", 1, None),
            (
                Role::Admin,
                &ben,
                "owner",
                1,
                Some("Only an owner can make another owner."),
            ),
            (
                Role::Owner,
                &ada,
                "admin",
                1,
                Some("Ada is the last owner of production: make someone else an owner first."),
            ),
            (Role::Owner, &ada, "admin", 2, None),
            (Role::Owner, &ada, "owner", 1, None),
            (
                Role::Owner,
                &ben,
                "boss",
                1,
                Some(
                    "'boss' is not a workspace role: use owner, admin, maintain, launch, connect or view.",
                ),
            ),
        ];
        for (acting, target, role, owners, want) in cases {
            assert_eq!(
                check_role_change("production", *acting, target, role, *owners).as_deref(),
                *want,
                "{acting:?} {} -> {role} ({owners} owners)",
                target.name
            );
        }
        assert_eq!(
            check_removal("production", &ada, 1).as_deref(),
            Some(
                "Ada is the last owner of production and cannot be removed: make someone else an owner first."
            )
        );
        assert_eq!(check_removal("production", &ada, 2), None);
        assert_eq!(check_removal("production", &ben, 1), None);
    }
}
