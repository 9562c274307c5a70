//! The Platform's rules for workspace labels and Studios settings (docs/PLATFORM-FACTS.md, "Labels"
//! and "Studios settings"), as pure functions, table-tested below. Who may change them is decided
//! in [`super::permissions`].

use towerdesk_store::{Label, LabelInput, label_text};

use super::FieldError;

/// The Studios session lifespan: 1 to 120 hours, or "Always keep the session running".
pub const LIFESPAN_MIN_HOURS: i64 = 1;
pub const LIFESPAN_MAX_HOURS: i64 = 120;

/// A label's name or a resource label's value: 2 to 39 letters or digits, with single `-` or `_`
/// between them (the same pattern as workspace names). `what` is "Name" or "Value".
pub fn check_label_part(what: &str, s: &str) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return Some(format!("{what} is required."));
    }
    if chars.len() < 2 || chars.len() > 39 {
        return Some(format!("{what} must be 2 to 39 characters long."));
    }
    let alnum = |c: char| c.is_ascii_alphanumeric();
    if let Some(bad) = chars
        .iter()
        .find(|c| !alnum(**c) && **c != '-' && **c != '_')
    {
        return Some(format!(
            "{what} can contain only letters, digits, '-' and '_' (found '{bad}')."
        ));
    }
    if !alnum(chars[0]) || !alnum(chars[chars.len() - 1]) {
        return Some(format!("{what} must start and end with a letter or digit."));
    }
    if chars.windows(2).any(|w| !alnum(w[0]) && !alnum(w[1])) {
        return Some(format!("{what} cannot have two '-' or '_' in a row."));
    }
    None
}

/// Checks a label form. `taken` says whether another label of the workspace has the same name
/// (and value, for a resource label): the Platform keeps them unique.
pub fn check_label_input(input: &LabelInput, taken: bool) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let name_error = check_label_part("Name", &input.name);
    if let Some(m) = &name_error {
        errors.push(FieldError::new("name", m.clone()));
    }
    let mut value_error = false;
    match (input.resource, input.value.as_deref()) {
        (true, None) => {
            errors.push(FieldError::new("value", "A resource label needs a value."));
            value_error = true;
        }
        (true, Some(v)) => {
            if let Some(m) = check_label_part("Value", v) {
                errors.push(FieldError::new("value", m));
                value_error = true;
            }
        }
        (false, Some(_)) => {
            errors.push(FieldError::new(
                "value",
                "Only resource labels have a value.",
            ));
            value_error = true;
        }
        (false, None) => {}
    }
    if taken && name_error.is_none() && !value_error {
        errors.push(FieldError::new(
            "name",
            format!(
                "A label named '{}' already exists in this workspace.",
                label_text(&input.name, input.value.as_deref())
            ),
        ));
    }
    errors
}

/// The workspace's label a typed `name` or `name=value` means: the same text, case aside, and
/// surrounding spaces ignored (the one rule both the launch form's check and the push use).
pub fn find_label<'a>(labels: &'a [Label], typed: &str) -> Option<&'a Label> {
    let typed = typed.trim();
    labels.iter().find(|l| l.text().eq_ignore_ascii_case(typed))
}

/// Checks a Studios session lifespan (None: "Always keep the session running").
pub fn check_lifespan(hours: Option<i64>) -> Option<String> {
    match hours {
        None => None,
        Some(h) if (LIFESPAN_MIN_HOURS..=LIFESPAN_MAX_HOURS).contains(&h) => None,
        Some(_) => Some(format!(
            "The session lifespan must be between {LIFESPAN_MIN_HOURS} and {LIFESPAN_MAX_HOURS} hours, or choose Always keep the session running."
        )),
    }
}

/// "8 hours", "1 hour", or the Platform's words for no limit.
pub fn lifespan_words(hours: Option<i64>) -> String {
    match hours {
        None => "Always keep the session running".into(),
        Some(1) => "1 hour".into(),
        Some(h) => format!("{h} hours"),
    }
}

/// The container naming strategies the API knows (`DataStudioWorkspaceSettingsRequest.nameStrategy`).
pub const NAME_STRATEGIES: [&str; 3] = ["tagPrefix", "imageSuffix", "none"];

/// Checks a container repository as typed (already trimmed; empty: not set). It names a registry
/// path such as `cr.seqera.io/my-org/studios` (the API's example): no spaces, no `https://`.
pub fn check_container_repository(repository: &str) -> Option<String> {
    if repository.chars().any(char::is_whitespace) {
        return Some("The container repository cannot contain spaces.".into());
    }
    if repository.contains("://") {
        return Some(
            "Enter the container repository without a scheme, such as cr.seqera.io/my-org/studios."
                .into(),
        );
    }
    if repository.starts_with('/') || repository.ends_with('/') || repository.contains("//") {
        return Some(
            "Enter the container repository as registry/path, such as cr.seqera.io/my-org/studios."
                .into(),
        );
    }
    None
}

/// Checks a container naming strategy (empty: not set, the Platform's default).
pub fn check_name_strategy(strategy: &str) -> Option<String> {
    if strategy.is_empty() || NAME_STRATEGIES.contains(&strategy) {
        None
    } else {
        Some(format!(
            "The container naming strategy must be tagPrefix or imageSuffix (or none), not '{strategy}'."
        ))
    }
}

/// The Platform's words for a collaboration mode.
pub fn collaboration_words(private: bool) -> &'static str {
    if private { "Private" } else { "Collaborative" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_repositories_and_naming_strategies_are_checked() {
        let ok = [
            "",
            "cr.seqera.io/my-org/studios",
            "195996028523.dkr.ecr.eu-west-1.amazonaws.com/studios",
            "localhost:5000/studios",
        ];
        for r in ok {
            assert_eq!(check_container_repository(r), None, "{r}");
        }
        let bad = [
            ("cr.seqera.io/my org", "spaces"),
            ("https://cr.seqera.io/studios", "without a scheme"),
            ("/studios", "registry/path"),
            ("cr.seqera.io//studios", "registry/path"),
        ];
        for (r, why) in bad {
            let m = check_container_repository(r).unwrap_or_default();
            assert!(m.contains(why), "{r}: {m}");
        }
        for s in ["", "tagPrefix", "imageSuffix", "none"] {
            assert_eq!(check_name_strategy(s), None, "{s}");
        }
        for s in ["latest", "TagPrefix ", "suffix"] {
            assert!(check_name_strategy(s).is_some(), "{s}");
        }
        assert_eq!(collaboration_words(true), "Private");
        assert_eq!(collaboration_words(false), "Collaborative");
    }

    #[test]
    fn a_typed_label_means_the_workspaces_label_of_the_same_text_case_aside() {
        let stored = |id: i64, name: &str, value: Option<&str>| Label {
            id,
            label_id: Some(id * 10),
            name: name.into(),
            value: value.map(Into::into),
            resource: value.is_some(),
            is_default: false,
            change_state: None,
            change_message: None,
        };
        let labels = [
            stored(1, "rnaseq", None),
            stored(2, "team", Some("genomics")),
        ];
        let found = |t: &str| find_label(&labels, t).map(|l| l.id);
        assert_eq!(found("rnaseq"), Some(1));
        assert_eq!(found("  RNAseq "), Some(1));
        assert_eq!(found("team=genomics"), Some(2));
        assert_eq!(found("team"), None, "a resource label is its name=value");
        assert_eq!(found("team=other"), None);
        assert_eq!(found(""), None);
    }

    fn label(name: &str, value: Option<&str>, resource: bool) -> LabelInput {
        LabelInput {
            name: name.into(),
            value: value.map(Into::into),
            resource,
            is_default: false,
        }
    }

    #[test]
    fn label_forms_follow_the_platform_rules() {
        type Case<'a> = (LabelInput, bool, &'a [(&'a str, &'a str)]);
        let cases: Vec<Case> = vec![
            (label("env", None, false), false, &[]),
            (label("env", Some("prod"), true), false, &[]),
            (label("my-label_2", None, false), false, &[]),
            (
                label("e", None, false),
                false,
                &[("name", "Name must be 2 to 39 characters long.")],
            ),
            (
                label("", None, false),
                false,
                &[("name", "Name is required.")],
            ),
            (
                label(&"a".repeat(40), None, false),
                false,
                &[("name", "Name must be 2 to 39 characters long.")],
            ),
            (
                label("env prod", None, false),
                false,
                &[(
                    "name",
                    "Name can contain only letters, digits, '-' and '_' (found ' ').",
                )],
            ),
            (
                label("-env", None, false),
                false,
                &[("name", "Name must start and end with a letter or digit.")],
            ),
            (
                label("a--b", None, false),
                false,
                &[("name", "Name cannot have two '-' or '_' in a row.")],
            ),
            (
                label("env", None, true),
                false,
                &[("value", "A resource label needs a value.")],
            ),
            (
                label("env", Some("p"), true),
                false,
                &[("value", "Value must be 2 to 39 characters long.")],
            ),
            (
                label("env", Some("prod"), false),
                false,
                &[("value", "Only resource labels have a value.")],
            ),
            (
                label("env", Some("prod"), true),
                true,
                &[(
                    "name",
                    "A label named 'env=prod' already exists in this workspace.",
                )],
            ),
            (
                label("team", None, false),
                true,
                &[(
                    "name",
                    "A label named 'team' already exists in this workspace.",
                )],
            ),
            // A name that is wrong anyway says only what is wrong with it.
            (
                label("x", None, false),
                true,
                &[("name", "Name must be 2 to 39 characters long.")],
            ),
        ];
        for (input, taken, want) in cases {
            let got: Vec<(String, String)> = check_label_input(&input, taken)
                .into_iter()
                .map(|e| (e.field, e.message))
                .collect();
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(f, m)| (f.to_string(), m.to_string()))
                .collect();
            assert_eq!(got, want, "{input:?} taken={taken}");
        }
    }

    #[test]
    fn lifespans_are_1_to_120_hours_or_no_limit() {
        let cases: &[(Option<i64>, bool)] = &[
            (None, true),
            (Some(1), true),
            (Some(8), true),
            (Some(120), true),
            (Some(0), false),
            (Some(121), false),
            (Some(-3), false),
        ];
        for (h, ok) in cases {
            assert_eq!(check_lifespan(*h).is_none(), *ok, "{h:?}");
        }
        assert_eq!(lifespan_words(None), "Always keep the session running");
        assert_eq!(lifespan_words(Some(1)), "1 hour");
        assert_eq!(lifespan_words(Some(8)), "8 hours");
    }
}
