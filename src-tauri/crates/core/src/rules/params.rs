//! Run parameters: the pipeline's `nextflow_schema.json` (as the API's `GET
//! /pipelines/{id}/schema` gives it) turned into a form description, and run parameters (JSON or
//! YAML text, or the form's values) checked against it. The window, the service and the CLI all
//! use these functions, so a launch is checked the same way wherever it starts.
//!
//! The schema is a JSON Schema (nf-core writes draft-07 with `definitions`, newer pipelines
//! 2020-12 with `$defs`); the groups are its `definitions`/`$defs` in the order of `allOf`, then
//! any top-level `properties`. Validation is done by the `jsonschema` crate (the maintained JSON
//! Schema implementation for Rust: every draft, `$ref`, patterns, enums, bounds), not by hand.

use serde::Serialize;
use serde_json::{Map, Value};

/// What kind of input a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum ParamKind {
    String,
    Integer,
    Number,
    Boolean,
    /// Anything else (arrays, objects, no type): typed in the params text.
    Other,
}

/// One parameter of the form.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ParamField {
    pub name: String,
    pub kind: ParamKind,
    pub description: Option<String>,
    pub help_text: Option<String>,
    pub default: Option<Value>,
    /// The allowed values (`enum`), in the schema's order; empty when any value goes.
    pub options: Vec<Value>,
    pub required: bool,
    /// nf-core's `hidden`: shown only on asking.
    pub hidden: bool,
    pub pattern: Option<String>,
    pub format: Option<String>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
}

/// One section of the form (a `definitions`/`$defs` entry, or the top-level properties).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ParamGroup {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub fields: Vec<ParamField>,
}

/// The form the schema describes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ParamsForm {
    pub title: Option<String>,
    pub description: Option<String>,
    pub groups: Vec<ParamGroup>,
}

/// A problem with the run parameters: which parameter (None: the whole text), the line of the
/// params text where it is (when known), and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ParamIssue {
    pub param: Option<String>,
    pub line: Option<u32>,
    pub message: String,
}

impl ParamIssue {
    fn whole(line: Option<u32>, message: impl Into<String>) -> Self {
        Self {
            param: None,
            line,
            message: message.into(),
        }
    }
}

/// Reads the schema text the API gives.
pub fn parse_schema(text: &str) -> Result<Value, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "The pipeline schema is not valid JSON (line {}): {e}",
            e.line()
        )
    })?;
    if !v.is_object() {
        return Err("The pipeline schema is not a JSON object.".into());
    }
    Ok(v)
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty())
}

fn kind_of(v: &Value) -> ParamKind {
    let t = match v.get("type") {
        Some(Value::String(s)) => Some(s.as_str()),
        // `["string", "null"]` and the like: the first non-null type.
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).find(|t| *t != "null"),
        _ => None,
    };
    match t {
        Some("string") => ParamKind::String,
        Some("integer") => ParamKind::Integer,
        Some("number") => ParamKind::Number,
        Some("boolean") => ParamKind::Boolean,
        _ => ParamKind::Other,
    }
}

fn group_of(id: &str, def: &Value, fallback_title: &str) -> ParamGroup {
    let required: Vec<&str> = def
        .get("required")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let fields = def
        .get("properties")
        .and_then(Value::as_object)
        .map(|props| {
            props
                .iter()
                .map(|(name, p)| ParamField {
                    name: name.clone(),
                    kind: kind_of(p),
                    description: text(p, "description"),
                    help_text: text(p, "help_text"),
                    default: p.get("default").cloned(),
                    options: p
                        .get("enum")
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default(),
                    required: required.contains(&name.as_str()),
                    hidden: p.get("hidden").and_then(Value::as_bool).unwrap_or(false),
                    pattern: text(p, "pattern"),
                    format: text(p, "format"),
                    minimum: p.get("minimum").and_then(Value::as_f64),
                    maximum: p.get("maximum").and_then(Value::as_f64),
                })
                .collect()
        })
        .unwrap_or_default();
    ParamGroup {
        id: id.to_string(),
        title: text(def, "title").unwrap_or_else(|| fallback_title.to_string()),
        description: text(def, "description"),
        fields,
    }
}

/// Where `"key":` first appears in `text` at or after `from` (the schema's own order of keys,
/// which a parsed JSON object does not keep).
fn key_at(text: &str, from: usize, key: &str) -> Option<usize> {
    let quoted = format!("\"{key}\"");
    let mut at = from;
    while let Some(i) = text.get(at..)?.find(&quoted) {
        let after = at + i + quoted.len();
        if text[after..].trim_start().starts_with(':') {
            return Some(at + i);
        }
        at = after;
    }
    None
}

/// Puts the fields of a group in the order the schema text lists them (`text`: the schema as
/// the server gave it; None keeps the parsed order).
fn in_text_order(group: &mut ParamGroup, text: Option<&str>) {
    let Some(text) = text else { return };
    let start = if group.id.is_empty() {
        0
    } else {
        key_at(text, 0, &group.id).unwrap_or(0)
    };
    group
        .fields
        .sort_by_key(|f| key_at(text, start, &f.name).unwrap_or(usize::MAX));
}

/// The form a schema describes: its `definitions`/`$defs` groups in `allOf` order (then any not
/// referenced), then the top-level properties as "Other parameters". With the schema's `text`,
/// each group's fields keep the schema's order.
pub fn form_of(schema: &Value, schema_text: Option<&str>) -> ParamsForm {
    let defs = schema
        .get("$defs")
        .or_else(|| schema.get("definitions"))
        .and_then(Value::as_object);
    let mut groups = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    if let Some(defs) = defs {
        let referenced = schema
            .get("allOf")
            .and_then(Value::as_array)
            .map(|all| {
                all.iter()
                    .filter_map(|r| r.get("$ref").and_then(Value::as_str))
                    .filter_map(|r| r.rsplit('/').next())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        let order = referenced
            .iter()
            .cloned()
            .chain(defs.keys().filter(|k| !referenced.contains(k)).cloned());
        for id in order {
            if seen.contains(&id) {
                continue;
            }
            if let Some(def) = defs.get(&id) {
                let mut group = group_of(&id, def, &id);
                in_text_order(&mut group, schema_text);
                groups.push(group);
                seen.push(id);
            }
        }
    }
    if schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
    {
        let mut top = group_of("", schema, "Other parameters");
        top.title = "Other parameters".into();
        top.description = None;
        groups.push(top);
    }
    ParamsForm {
        title: text(schema, "title"),
        description: text(schema, "description"),
        groups,
    }
}

/// Reads run parameters given as JSON or YAML text (the Platform takes either). Empty text is no
/// parameters. Anything but a mapping of names to values is refused, with the line when known.
pub fn parse_params(text: &str) -> Result<Map<String, Value>, ParamIssue> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(Map::new());
    }
    let value: Value = if trimmed.starts_with('{') || trimmed.starts_with('[') {
        serde_json::from_str(text).map_err(|e| {
            ParamIssue::whole(
                u32::try_from(e.line()).ok(),
                format!("Run parameters are not valid JSON: {e}"),
            )
        })?
    } else {
        serde_yaml::from_str(text).map_err(|e| {
            let line = e.location().and_then(|l| u32::try_from(l.line()).ok());
            ParamIssue::whole(line, format!("Run parameters are not valid YAML: {e}"))
        })?
    };
    match value {
        Value::Object(m) => Ok(m),
        Value::Null => Ok(Map::new()),
        _ => Err(ParamIssue::whole(
            Some(1),
            "Run parameters must be a mapping of parameter names to values (a JSON object or YAML map).",
        )),
    }
}

fn draft_of(schema: &Value) -> jsonschema::Draft {
    let s = schema.get("$schema").and_then(Value::as_str).unwrap_or("");
    if s.contains("2020-12") {
        jsonschema::Draft::Draft202012
    } else if s.contains("2019-09") {
        jsonschema::Draft::Draft201909
    } else if s.contains("draft-04") {
        jsonschema::Draft::Draft4
    } else if s.contains("draft-06") {
        jsonschema::Draft::Draft6
    } else {
        jsonschema::Draft::Draft7
    }
}

/// Where a parameter is set in the params text: the first line that starts with its name as a
/// key (`name:` in YAML, `"name":` in JSON).
fn line_of(text: &str, param: &str) -> Option<u32> {
    let yaml = format!("{param}:");
    let json = format!("\"{param}\"");
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.starts_with(&yaml) || l.starts_with(&json)
        })
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// Checks parameters against the schema. `text`, when given, is the params text they came from
/// (for the line of each problem). An unusable schema is one problem naming it.
pub fn validate(
    schema: &Value,
    params: &Map<String, Value>,
    text: Option<&str>,
) -> Vec<ParamIssue> {
    let draft = draft_of(schema);
    let mut root = schema.clone();
    // The draft is chosen above: a `$schema` URI written slightly differently (nf-core drops the
    // trailing `#`) must not make the schema unusable.
    if let Some(m) = root.as_object_mut() {
        m.remove("$schema");
    }
    let validator = match jsonschema::options().with_draft(draft).build(&root) {
        Ok(v) => v,
        Err(e) => {
            return vec![ParamIssue::whole(
                None,
                format!("The pipeline schema cannot be used to check parameters: {e}"),
            )];
        }
    };
    let instance = Value::Object(params.clone());
    let mut issues: Vec<ParamIssue> = validator
        .iter_errors(&instance)
        .map(|e| {
            let path = e.instance_path.to_string();
            let param = path
                .trim_start_matches('/')
                .split('/')
                .next()
                .filter(|p| !p.is_empty())
                .map(str::to_string);
            let line = param
                .as_deref()
                .and_then(|p| text.and_then(|t| line_of(t, p)));
            let message = match &param {
                Some(p) => format!("{p}: {e}"),
                None => e.to_string(),
            };
            ParamIssue {
                param,
                line,
                message,
            }
        })
        .collect();
    issues.sort_by(|a, b| (a.line, &a.message).cmp(&(b.line, &b.message)));
    issues.dedup();
    issues
}

/// The whole check of a params text: it reads as JSON or YAML, and, with a schema, fits it.
pub fn check_params_text(schema: Option<&Value>, text: &str) -> Vec<ParamIssue> {
    match parse_params(text) {
        Err(issue) => vec![issue],
        Ok(params) => match schema {
            Some(s) => validate(s, &params, Some(text)),
            None => Vec::new(),
        },
    }
}

/// The params text sent for the form's values (JSON, one parameter a line).
pub fn params_text_of(values: &Map<String, Value>) -> String {
    serde_json::to_string_pretty(values).unwrap_or_else(|_| "{}".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn nf_core_07() -> Value {
        json!({
            "$schema": "http://json-schema.org/draft-07/schema",
            "title": "nf-core/demo pipeline parameters",
            "type": "object",
            "definitions": {
                "reference": {
                    "title": "Reference genome options",
                    "type": "object",
                    "properties": {
                        "genome": { "type": "string", "description": "Name of iGenomes reference." }
                    }
                },
                "input_output_options": {
                    "title": "Input/output options",
                    "type": "object",
                    "description": "Define where the pipeline should find input data.",
                    "required": ["input", "outdir"],
                    "properties": {
                        "input": { "type": "string", "pattern": "^\\S+\\.csv$", "help_text": "A samplesheet." },
                        "outdir": { "type": "string", "format": "directory-path" }
                    }
                },
                "alignment": {
                    "title": "Alignment options",
                    "type": "object",
                    "properties": {
                        "aligner": { "type": "string", "default": "star_salmon", "enum": ["star_salmon", "hisat2"] },
                        "min_mapped_reads": { "type": "number", "default": 5, "minimum": 0, "maximum": 100 },
                        "max_cpus": { "type": "integer", "default": 16, "hidden": true },
                        "save_unaligned": { "type": "boolean" }
                    }
                }
            },
            "allOf": [
                { "$ref": "#/definitions/input_output_options" },
                { "$ref": "#/definitions/reference" },
                { "$ref": "#/definitions/alignment" }
            ],
            "properties": { "custom": { "type": ["string", "null"] } }
        })
    }

    fn defs_2020() -> Value {
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "$defs": {
                "io": {
                    "title": "Input/output options",
                    "type": "object",
                    "required": ["input"],
                    "properties": {
                        "input": { "type": "string" },
                        "download_method": { "type": "string", "enum": ["aspera", "ftp", "sratools"] }
                    }
                }
            },
            "allOf": [{ "$ref": "#/$defs/io" }]
        })
    }

    #[test]
    fn the_form_has_the_schemas_groups_in_all_of_order() {
        let form = form_of(&nf_core_07(), None);
        assert_eq!(
            form.title.as_deref(),
            Some("nf-core/demo pipeline parameters")
        );
        let titles: Vec<&str> = form.groups.iter().map(|g| g.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Input/output options",
                "Reference genome options",
                "Alignment options",
                "Other parameters"
            ]
        );
        let io = &form.groups[0];
        assert_eq!(
            io.description.as_deref(),
            Some("Define where the pipeline should find input data.")
        );
        let input = &io.fields[0];
        assert_eq!(
            (input.name.as_str(), input.kind, input.required),
            ("input", ParamKind::String, true)
        );
        assert_eq!(input.help_text.as_deref(), Some("A samplesheet."));
        assert_eq!(input.pattern.as_deref(), Some("^\\S+\\.csv$"));
        assert_eq!(io.fields[1].format.as_deref(), Some("directory-path"));
        let align = &form.groups[2];
        let by = |n: &str| align.fields.iter().find(|f| f.name == n).unwrap();
        assert_eq!(
            by("aligner").options,
            vec![json!("star_salmon"), json!("hisat2")]
        );
        assert_eq!(by("aligner").default, Some(json!("star_salmon")));
        assert_eq!(by("min_mapped_reads").kind, ParamKind::Number);
        assert_eq!(
            (
                by("min_mapped_reads").minimum,
                by("min_mapped_reads").maximum
            ),
            (Some(0.0), Some(100.0))
        );
        assert_eq!(by("max_cpus").kind, ParamKind::Integer);
        assert!(by("max_cpus").hidden);
        assert_eq!(by("save_unaligned").kind, ParamKind::Boolean);
        assert!(!by("save_unaligned").required);
        assert_eq!(form.groups[3].fields[0].kind, ParamKind::String);

        let schema_text = r##"{"$defs": {"io": {"title": "Input/output options", "required": ["input"],
            "properties": {"input": {"type": "string"}, "download_method": {"type": "string"}}}},
            "allOf": [{"$ref": "#/$defs/io"}]}"##;
        let form = form_of(&parse_schema(schema_text).unwrap(), Some(schema_text));
        let names: Vec<&str> = form.groups[0]
            .fields
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(names, ["input", "download_method"], "the schema's order");
        let form = form_of(&defs_2020(), None);
        assert_eq!(form.groups.len(), 1);
        assert_eq!(form.groups[0].title, "Input/output options");
        assert!(
            form.groups[0]
                .fields
                .iter()
                .any(|f| f.name == "input" && f.required)
        );
    }

    /// (case, schema, params text, the problems: (param, line, words in the message)).
    #[test]
    fn params_are_checked_against_the_schema() {
        type Row<'a> = (
            &'a str,
            Value,
            &'a str,
            Vec<(Option<&'a str>, Option<u32>, &'a str)>,
        );
        let rows: Vec<Row> = vec![
            (
                "valid YAML",
                nf_core_07(),
                "input: samples.csv\noutdir: s3://bucket/results\naligner: hisat2\n",
                vec![],
            ),
            (
                "valid JSON",
                nf_core_07(),
                r#"{"input": "samples.csv", "outdir": "/results", "min_mapped_reads": 10}"#,
                vec![],
            ),
            (
                "a required parameter missing",
                nf_core_07(),
                "input: samples.csv\n",
                vec![(None, None, "\"outdir\" is a required property")],
            ),
            (
                "a value not in the enum, on its line",
                nf_core_07(),
                "input: samples.csv\noutdir: /r\naligner: bowtie\n",
                vec![(
                    Some("aligner"),
                    Some(3),
                    "aligner: \"bowtie\" is not one of",
                )],
            ),
            (
                "a pattern not matched",
                nf_core_07(),
                "input: samples.txt\noutdir: /r\n",
                vec![(Some("input"), Some(1), "does not match")],
            ),
            (
                "a number out of range and a wrong type",
                nf_core_07(),
                "input: a.csv\noutdir: /r\nmin_mapped_reads: 101\nsave_unaligned: maybe\n",
                vec![
                    (
                        Some("min_mapped_reads"),
                        Some(3),
                        "greater than the maximum of 100",
                    ),
                    (
                        Some("save_unaligned"),
                        Some(4),
                        "is not of type \"boolean\"",
                    ),
                ],
            ),
            (
                "2020-12 $defs",
                defs_2020(),
                "download_method: http\n",
                vec![
                    (None, None, "\"input\" is a required property"),
                    (Some("download_method"), Some(1), "is not one of"),
                ],
            ),
            (
                "not YAML at all, with its line",
                nf_core_07(),
                "input: a.csv\noutdir: [unclosed\n",
                vec![(None, Some(3), "Run parameters are not valid YAML")],
            ),
            (
                "broken JSON, with its line",
                nf_core_07(),
                "{\n  \"input\": \"a.csv\",\n  \"outdir\": \n}",
                vec![(None, Some(4), "Run parameters are not valid JSON")],
            ),
            (
                "a list is not parameters",
                nf_core_07(),
                "- a\n- b\n",
                vec![(None, Some(1), "must be a mapping")],
            ),
        ];
        for (case, schema, text, expected) in rows {
            let issues = check_params_text(Some(&schema), text);
            assert_eq!(issues.len(), expected.len(), "{case}: {issues:#?}");
            for (want, got) in expected.iter().zip(&issues) {
                let (param, line, words) = want;
                assert_eq!(got.param.as_deref(), *param, "{case}: {got:?}");
                assert_eq!(got.line, *line, "{case}: {got:?}");
                assert!(got.message.contains(words), "{case}: {got:?}");
            }
        }
    }

    #[test]
    fn without_a_schema_only_the_text_is_checked() {
        assert!(check_params_text(None, "").is_empty());
        assert!(check_params_text(None, "anything: 1\n").is_empty());
        assert_eq!(check_params_text(None, "a: [").len(), 1);
        assert_eq!(parse_params("   \n").unwrap().len(), 0);
        assert_eq!(parse_params("~\n").unwrap().len(), 0);
    }

    #[test]
    fn the_forms_values_become_params_text_that_reads_back() {
        let mut m = Map::new();
        m.insert("input".into(), json!("a.csv"));
        m.insert("max_cpus".into(), json!(4));
        let text = params_text_of(&m);
        assert_eq!(parse_params(&text).unwrap(), m);
    }

    #[test]
    fn the_emulators_schema_text_is_read() {
        assert!(parse_schema("{}").is_ok());
        assert!(
            parse_schema("[]")
                .unwrap_err()
                .contains("not a JSON object")
        );
        assert!(parse_schema("{").unwrap_err().contains("line 1"));
    }
}
