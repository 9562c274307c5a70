//! What a participant add or role change must be, checked before anything is queued: one of a
//! member, a team, or a user name or email, not already a participant, with a workspace role.
//! Who may add, change and remove participants (owners and admins; only an owner makes another
//! owner; the last owner stays) is decided in [`super::permissions`].

use towerdesk_store::{Participant, ParticipantInput};

use super::Role;

/// The roles a participant can be given, as the API spells them, most powerful first.
pub const ROLES: [&str; 6] = ["owner", "admin", "maintain", "launch", "connect", "view"];

/// Why `role` is not a role a participant can be given, or None.
pub fn check_role(role: &str) -> Option<String> {
    match Role::parse(role) {
        None => Some(format!(
            "'{role}' is not a workspace role: use owner, admin, maintain, launch, connect or view."
        )),
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
    if let Some(reason) = check_role(input.role.trim()) {
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
    fn adds_are_checked_before_anything_is_queued() {
        let existing = [
            person(1, Some(11), None, "Ada", "owner"),
            person(2, None, Some(21), "ops", "launch"),
        ];
        type Case<'a> = (ParticipantInput, Option<&'a str>);
        let cases: Vec<Case> = vec![
            (input(Some(12), None, None, "launch"), None),
            (input(None, Some(22), None, "view"), None),
            (input(None, None, Some(" new@lab.org "), "maintain"), None),
            (
                input(None, None, None, "launch"),
                Some("Choose a member or team of the organization, or enter a user name or email."),
            ),
            (
                input(None, None, Some("   "), "launch"),
                Some("Choose a member or team of the organization, or enter a user name or email."),
            ),
            (
                input(Some(12), Some(22), None, "launch"),
                Some("Give exactly one of a member, a team, or a user name or email."),
            ),
            (
                input(None, None, Some("jane doe"), "launch"),
                Some("'jane doe' is not a user name or email."),
            ),
            (
                input(Some(11), None, None, "launch"),
                Some("'Ada' is already a participant of workspace 'production'."),
            ),
            (
                input(None, Some(21), None, "launch"),
                Some("'ops' is already a participant of workspace 'production'."),
            ),
            (
                input(None, None, Some("ADA@lab.org"), "launch"),
                Some("'Ada' is already a participant of workspace 'production'."),
            ),
            (
                input(None, None, Some("ada"), "launch"),
                Some("'Ada' is already a participant of workspace 'production'."),
            ),
            (input(Some(12), None, None, "owner"), None),
            (
                input(Some(12), None, None, "superuser"),
                Some(
                    "'superuser' is not a workspace role: use owner, admin, maintain, launch, connect or view.",
                ),
            ),
        ];
        for (i, want) in cases {
            assert_eq!(
                check_new_participant("production", &i, &existing).as_deref(),
                want,
                "{i:?}"
            );
        }
    }

    // The last owner and owner grants moved to permissions.rs
    // (the_last_owner_stays_and_only_owners_make_owners); what is left here is the role's name.
    #[test]
    fn only_the_platforms_roles_can_be_given() {
        for role in ROLES {
            assert_eq!(check_role(role), None, "{role}");
        }
        assert_eq!(check_role("Maintain"), None);
        assert_eq!(
            check_role("boss").as_deref(),
            Some(
                "'boss' is not a workspace role: use owner, admin, maintain, launch, connect or view."
            )
        );
    }
}
