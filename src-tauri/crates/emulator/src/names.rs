//! The Platform's naming rules, hand-coded (the pattern uses a look-ahead that the `regex`
//! crate does not support).

/// `^[a-zA-Z\d](?:[a-zA-Z\d]|[-_](?=[a-zA-Z\d])){1,38}$`: 2 to 39 ASCII letters or digits, with
/// single `-` or `_` between them, starting and ending with a letter or digit. Used for
/// organization, workspace and team names.
pub fn is_valid_name(name: &str) -> bool {
    let b = name.as_bytes();
    if b.len() < 2 || b.len() > 39 || !b[0].is_ascii_alphanumeric() {
        return false;
    }
    for (i, &c) in b.iter().enumerate().skip(1) {
        if c == b'-' || c == b'_' {
            match b.get(i + 1) {
                Some(n) if n.is_ascii_alphanumeric() => {}
                _ => return false,
            }
        } else if !c.is_ascii_alphanumeric() {
            return false;
        }
    }
    true
}

/// Labels and resource-label values follow the same shape: 2 to 39 characters, letters and
/// digits with single `-`/`_` separators, not at the ends.
pub fn is_valid_label(name: &str) -> bool {
    is_valid_name(name)
}

pub const NAME_RULE: &str = "it must be 2 to 39 characters long, contain only letters, digits, '-' and '_', start and end with a letter or digit, and not have two separators in a row";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_platform_pattern() {
        let good = [
            "ab",
            "a1",
            "my-workspace",
            "my_ws",
            "A-b_c-d",
            &"a".repeat(39),
        ];
        let bad = [
            "",
            "a",
            "-ab",
            "ab-",
            "a--b",
            "a-_b",
            "a b",
            "ab!",
            "é1",
            &"a".repeat(40),
            "_ab",
        ];
        for n in good {
            assert!(is_valid_name(n), "{n} should be valid");
        }
        for n in bad {
            assert!(!is_valid_name(n), "{n} should be invalid");
        }
    }
}
