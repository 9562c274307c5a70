//! The Platform's rules for the pipeline form (features.md §5 "Add pipeline form", §6 "Pre-run
//! script / Post-run script", §14 "Pipeline name"), as pure functions, table-tested below. They run
//! before any request; the server's own refusal, if it still refuses, is shown in its words. Who
//! may add and edit pipelines is decided in [`super::permissions`].

use towerdesk_store::PipelineInput;

use super::FieldError;

/// The longest pipeline name the Platform takes.
pub const PIPELINE_NAME_MAX: usize = 99;
/// "Post-run max 1 KB" (the same bound is applied to the Pre-run script).
pub const SCRIPT_MAX_BYTES: usize = 1024;
pub const PIPELINE_DESCRIPTION_MAX: usize = 1000;

/// Checks a pipeline form. `taken`: whether a pipeline of that name (without case) already
/// exists where it would clash: the workspace, or the whole organization for a shared workspace
/// (`shared`, which only changes the words).
pub fn check_pipeline_input(input: &PipelineInput, taken: bool, shared: bool) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let name = input.name.trim();
    if name.is_empty() {
        errors.push(FieldError::new("name", "Name is required."));
    } else if name.chars().count() > PIPELINE_NAME_MAX {
        errors.push(FieldError::new(
            "name",
            format!("Name must be at most {PIPELINE_NAME_MAX} characters long."),
        ));
    } else if taken {
        let where_ = if shared {
            "in this organization (names are unique org-wide in a shared workspace)"
        } else {
            "in this workspace"
        };
        errors.push(FieldError::new(
            "name",
            format!("A pipeline named '{name}' already exists {where_}."),
        ));
    }
    if input.description.chars().count() > PIPELINE_DESCRIPTION_MAX {
        errors.push(FieldError::new(
            "description",
            format!("Description must be at most {PIPELINE_DESCRIPTION_MAX} characters long."),
        ));
    }
    if let Some(m) = check_pipeline_url(&input.pipeline) {
        errors.push(FieldError::new("pipeline", m));
    }
    for (field, label, script) in [
        ("preRunScript", "Pre-run script", &input.pre_run_script),
        ("postRunScript", "Post-run script", &input.post_run_script),
    ] {
        if script.len() > SCRIPT_MAX_BYTES {
            errors.push(FieldError::new(
                field,
                format!(
                    "{label} must be at most 1 KB ({SCRIPT_MAX_BYTES} bytes); it is {} bytes.",
                    script.len()
                ),
            ));
        }
    }
    if let Some(m) = check_params(&input.params_text) {
        errors.push(FieldError::new("paramsText", m));
    }
    errors
}

/// "Pipeline to launch": a Git repository URL (http or https, with a host).
pub fn check_pipeline_url(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return Some("Pipeline to launch is required: the Git URL of the pipeline.".into());
    }
    match url::Url::parse(text) {
        Ok(u)
            if matches!(u.scheme(), "http" | "https")
                && u.host_str().is_some_and(|h| !h.is_empty()) =>
        {
            if u.path().trim_matches('/').is_empty() {
                Some(format!(
                    "Pipeline to launch must name a repository, e.g. https://github.com/nf-core/rnaseq (got '{text}')."
                ))
            } else {
                None
            }
        }
        _ => Some(format!(
            "Pipeline to launch must be a Git URL starting with https://, e.g. https://github.com/nf-core/rnaseq (got '{text}')."
        )),
    }
}

/// "Pipeline parameters": empty, or JSON or YAML whose top level is an object (name: value). The
/// message names the line of the error.
pub fn check_params(text: &str) -> Option<String> {
    if text.trim().is_empty() {
        return None;
    }
    if text.trim_start().starts_with('{') || text.trim_start().starts_with('[') {
        return match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(_)) => None,
            Ok(_) => Some(NOT_A_MAPPING.into()),
            Err(e) => Some(format!(
                "Pipeline parameters are not valid JSON: line {}: {}.",
                e.line(),
                json_words(&e)
            )),
        };
    }
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(serde_yaml::Value::Mapping(_)) => None,
        Ok(_) => Some(NOT_A_MAPPING.into()),
        Err(e) => {
            let line = e.location().map(|l| l.line());
            let words = e.to_string();
            let words = words
                .split(" at line ")
                .next()
                .unwrap_or(&words)
                .to_string();
            match line {
                Some(line) => Some(format!(
                    "Pipeline parameters are not valid YAML: line {line}: {words}."
                )),
                None => Some(format!("Pipeline parameters are not valid YAML: {words}.")),
            }
        }
    }
}

const NOT_A_MAPPING: &str =
    "Pipeline parameters must be names with values (a JSON object or a YAML mapping).";

fn json_words(e: &serde_json::Error) -> String {
    let s = e.to_string();
    s.split(" at line ").next().unwrap_or(&s).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> PipelineInput {
        PipelineInput {
            name: "rnaseq".into(),
            pipeline: "https://github.com/nf-core/rnaseq".into(),
            ..PipelineInput::default()
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn the_form_is_checked_field_by_field() {
        let long = "x".repeat(PIPELINE_NAME_MAX + 1);
        let kb = "e".repeat(SCRIPT_MAX_BYTES);
        let over = "e".repeat(SCRIPT_MAX_BYTES + 1);
        // (what changes, taken, shared, the fields in error, a word of the first message)
        type Edit = fn(&mut PipelineInput, &str, &str, &str);
        type Case<'a> = (&'a str, Edit, bool, bool, Vec<&'a str>, &'a str);
        let cases: Vec<Case> = vec![
            ("valid", |_, _, _, _| {}, false, false, vec![], ""),
            (
                "no name",
                |i, _, _, _| i.name = "  ".into(),
                false,
                false,
                vec!["name"],
                "Name is required.",
            ),
            (
                "long name",
                |i, l, _, _| i.name = l.into(),
                false,
                false,
                vec!["name"],
                "at most 99",
            ),
            (
                "taken",
                |_, _, _, _| {},
                true,
                false,
                vec!["name"],
                "already exists in this workspace",
            ),
            (
                "taken org-wide",
                |_, _, _, _| {},
                true,
                true,
                vec!["name"],
                "in this organization",
            ),
            (
                "no url",
                |i, _, _, _| i.pipeline = "".into(),
                false,
                false,
                vec!["pipeline"],
                "Pipeline to launch is required",
            ),
            (
                "not a url",
                |i, _, _, _| i.pipeline = "nf-core/rnaseq".into(),
                false,
                false,
                vec!["pipeline"],
                "Git URL",
            ),
            (
                "ftp",
                |i, _, _, _| i.pipeline = "ftp://example.com/x".into(),
                false,
                false,
                vec!["pipeline"],
                "https://",
            ),
            (
                "host only",
                |i, _, _, _| i.pipeline = "https://github.com/".into(),
                false,
                false,
                vec!["pipeline"],
                "name a repository",
            ),
            (
                "pre-run 1 KB",
                |i, _, k, _| i.pre_run_script = k.into(),
                false,
                false,
                vec![],
                "",
            ),
            (
                "pre-run over",
                |i, _, _, o| i.pre_run_script = o.into(),
                false,
                false,
                vec!["preRunScript"],
                "Pre-run script must be at most 1 KB",
            ),
            (
                "post-run over",
                |i, _, _, o| i.post_run_script = o.into(),
                false,
                false,
                vec!["postRunScript"],
                "Post-run script must be at most 1 KB",
            ),
            (
                "json params",
                |i, _, _, _| i.params_text = "{\"input\": \"s3://a\"}".into(),
                false,
                false,
                vec![],
                "",
            ),
            (
                "yaml params",
                |i, _, _, _| i.params_text = "input: s3://a\nmax_cpus: 4\n".into(),
                false,
                false,
                vec![],
                "",
            ),
            (
                "bad json",
                |i, _, _, _| i.params_text = "{\n  \"a\": 1,\n  \"b\" 2\n}".into(),
                false,
                false,
                vec!["paramsText"],
                "not valid JSON: line 3",
            ),
            (
                "bad yaml",
                |i, _, _, _| i.params_text = "a: 1\nb: [1, 2\nc: 3\n".into(),
                false,
                false,
                vec!["paramsText"],
                "not valid YAML: line",
            ),
            (
                "a list",
                |i, _, _, _| i.params_text = "- a\n- b\n".into(),
                false,
                false,
                vec!["paramsText"],
                "names with values",
            ),
            (
                "many",
                |i, _, _, o| {
                    i.name = "".into();
                    i.pipeline = "x".into();
                    i.post_run_script = o.into();
                },
                false,
                false,
                vec!["name", "pipeline", "postRunScript"],
                "Name is required.",
            ),
        ];
        for (what, edit, taken, shared, want, word) in cases {
            let mut input = valid();
            edit(&mut input, &long, &kb, &over);
            let errors = check_pipeline_input(&input, taken, shared);
            assert_eq!(fields(&errors), want, "{what}: {errors:?}");
            if let Some(first) = errors.first() {
                assert!(first.message.contains(word), "{what}: {}", first.message);
            }
        }
    }

    #[test]
    fn a_yaml_error_names_its_line() {
        let m = check_params("input: s3://a\nouter:\n  inner: 1\n   bad: 2\n").unwrap();
        assert!(m.contains("line 4"), "{m}");
        let m = check_params("{\"a\": 1,}").unwrap();
        assert!(
            m.starts_with("Pipeline parameters are not valid JSON: line 1"),
            "{m}"
        );
    }
}
