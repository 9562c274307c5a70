//! An organization's people in the Platform's words (PLATFORM-FACTS.md, "Organization roles").

/// A member's organization role as the web UI shows it: `owner` is "Owner", `member` "Member",
/// `collaborator` "Collaborator"; another (a role this build does not know) as the server
/// spells it.
pub fn role_words(role: &str) -> String {
    match role.trim().to_ascii_lowercase().as_str() {
        "owner" => "Owner".to_string(),
        "member" => "Member".to_string(),
        "collaborator" => "Collaborator".to_string(),
        _ => role.to_string(),
    }
}

/// A person's name from what the server sent: first and last name, or the one of them it sent;
/// None when it sent neither (the window then shows the user name alone).
pub fn full_name(first: Option<&str>, last: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = [first, last]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_in_the_platforms_words_and_others_as_their_text() {
        for (role, words) in [
            ("owner", "Owner"),
            ("OWNER", "Owner"),
            ("member", "Member"),
            ("collaborator", "Collaborator"),
            ("billing-admin", "billing-admin"),
            ("", ""),
        ] {
            assert_eq!(role_words(role), words, "{role:?}");
        }
    }

    #[test]
    fn a_name_is_what_was_sent_and_none_when_nothing_was() {
        for (first, last, name) in [
            (Some("Ada"), Some("Lovelace"), Some("Ada Lovelace")),
            (Some("Ada"), None, Some("Ada")),
            (None, Some("Lovelace"), Some("Lovelace")),
            (Some(" "), Some(""), None),
            (None, None, None),
        ] {
            assert_eq!(
                full_name(first, last).as_deref(),
                name,
                "{first:?} {last:?}"
            );
        }
    }
}
