//! The Platform's rules that are the product, as pure functions (table-tested below). Who may do
//! what is decided in one place, [`permissions`].

pub mod actions;
pub mod launch;
pub mod org_people;
pub mod params;
pub mod participants;
pub mod permissions;
pub mod pipelines;
pub mod runs;
pub mod search;

use serde::Serialize;
use towerdesk_store::WorkspaceInput;

mod labels;
pub use labels::*;

/// A problem with one field of a form, shown under that field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

pub const FULL_NAME_MAX: usize = 100;
pub const DESCRIPTION_MAX: usize = 1000;

/// Organization, workspace and team names: the Platform's pattern
/// `^[a-zA-Z\d](?:[a-zA-Z\d]|[-_](?=[a-zA-Z\d])){1,38}$`, hand-written because it needs a look-ahead:
/// 2 to 39 ASCII letters or digits, with single `-` or `_` between them.
pub fn check_name(name: &str) -> Option<String> {
    let chars: Vec<char> = name.chars().collect();
    if chars.is_empty() {
        return Some("Name is required.".into());
    }
    if chars.len() < 2 || chars.len() > 39 {
        return Some("Name must be 2 to 39 characters long.".into());
    }
    let alnum = |c: char| c.is_ascii_alphanumeric();
    if let Some(bad) = chars
        .iter()
        .find(|c| !alnum(**c) && **c != '-' && **c != '_')
    {
        return Some(format!(
            "Name can contain only letters, digits, '-' and '_' (found '{bad}')."
        ));
    }
    if !alnum(chars[0]) || !alnum(chars[chars.len() - 1]) {
        return Some("Name must start and end with a letter or digit.".into());
    }
    if chars.windows(2).any(|w| !alnum(w[0]) && !alnum(w[1])) {
        return Some("Name cannot have two '-' or '_' in a row.".into());
    }
    None
}

/// Checks a workspace form. `taken` says whether another workspace of the organization has the name.
pub fn check_workspace_input(input: &WorkspaceInput, taken: bool) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Some(m) = check_name(&input.name) {
        errors.push(FieldError::new("name", m));
    } else if taken {
        errors.push(FieldError::new(
            "name",
            format!(
                "A workspace named '{}' already exists in this organization.",
                input.name
            ),
        ));
    }
    let full = input.full_name.trim();
    if full.is_empty() {
        errors.push(FieldError::new("fullName", "Full name is required."));
    } else if full.chars().count() > FULL_NAME_MAX {
        errors.push(FieldError::new(
            "fullName",
            format!("Full name can be at most {FULL_NAME_MAX} characters."),
        ));
    }
    if input
        .description
        .as_deref()
        .is_some_and(|d| d.chars().count() > DESCRIPTION_MAX)
    {
        errors.push(FieldError::new(
            "description",
            format!("Description can be at most {DESCRIPTION_MAX} characters."),
        ));
    }
    errors
}

/// Workspace roles, from most to least powerful (docs/PLATFORM-FACTS.md, "Workspace roles").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    View,
    Connect,
    Launch,
    Maintain,
    Admin,
    Owner,
}

impl Role {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "owner" => Self::Owner,
            "admin" => Self::Admin,
            "maintain" => Self::Maintain,
            "launch" => Self::Launch,
            "connect" => Self::Connect,
            "view" => Self::View,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use towerdesk_store::Visibility;

    #[test]
    fn names_follow_the_platform_pattern() {
        let cases: &[(&str, bool)] = &[
            ("ab", true),
            ("a", false),
            ("", false),
            ("my-workspace_1", true),
            ("a-b-c", true),
            ("-ab", false),
            ("ab-", false),
            ("a--b", false),
            ("a-_b", false),
            ("a b", false),
            ("ümlaut", false),
            (&"a".repeat(39), true),
            (&"a".repeat(40), false),
            ("rnaseq.dev", false),
        ];
        for (name, ok) in cases {
            assert_eq!(check_name(name).is_none(), *ok, "{name:?}");
        }
    }

    fn input(name: &str, full: &str, desc: Option<&str>) -> WorkspaceInput {
        WorkspaceInput {
            name: name.into(),
            full_name: full.into(),
            description: desc.map(Into::into),
            visibility: Visibility::Private,
        }
    }

    #[test]
    fn workspace_form_errors_name_each_field() {
        assert!(check_workspace_input(&input("good", "Good one", None), false).is_empty());
        let e = check_workspace_input(&input("x", "", Some(&"d".repeat(1001))), false);
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "fullName", "description"]);
        let e = check_workspace_input(&input("good", &"f".repeat(101), None), false);
        assert_eq!(e[0].message, "Full name can be at most 100 characters.");
        let e = check_workspace_input(&input("good", "Good", None), true);
        assert_eq!(
            e[0].message,
            "A workspace named 'good' already exists in this organization."
        );
    }
}
