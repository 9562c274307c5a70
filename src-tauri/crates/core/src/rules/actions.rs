//! Pipeline actions in the Platform's words (`../shared/product/features.md` §8).

/// The event source as the Platform's Add action form names it: `github` is a "GitHub webhook",
/// `tower` a "Tower launch hook"; any other (`bucket` and `cron`, which the user docs do not
/// name, or one this build does not know) is shown as the server spells it.
pub fn event_source_words(source: &str) -> String {
    match source.trim().to_ascii_lowercase().as_str() {
        "github" => "GitHub webhook".to_string(),
        "tower" => "Tower launch hook".to_string(),
        _ => source.to_string(),
    }
}

/// The status as the Platform shows it: the API's `ACTIVE` is "Active"; an unknown one as sent.
pub fn status_words(status: &str) -> String {
    match status.trim().to_ascii_uppercase().as_str() {
        "CREATING" => "Creating".to_string(),
        "ACTIVE" => "Active".to_string(),
        "ERROR" => "Error".to_string(),
        "PAUSED" => "Paused".to_string(),
        _ => status.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_sources_in_the_platforms_words_and_others_as_their_text() {
        for (source, words) in [
            ("github", "GitHub webhook"),
            ("GitHub", "GitHub webhook"),
            ("tower", "Tower launch hook"),
            ("bucket", "bucket"),
            ("cron", "cron"),
            ("sftp-drop", "sftp-drop"),
            ("", ""),
        ] {
            assert_eq!(event_source_words(source), words, "{source:?}");
        }
    }

    #[test]
    fn statuses_in_the_platforms_words_and_others_as_their_text() {
        for (status, words) in [
            ("CREATING", "Creating"),
            ("ACTIVE", "Active"),
            ("active", "Active"),
            ("ERROR", "Error"),
            ("PAUSED", "Paused"),
            ("SUSPENDED", "SUSPENDED"),
        ] {
            assert_eq!(status_words(status), words, "{status:?}");
        }
    }
}
