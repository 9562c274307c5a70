//! Checks JSON bodies against the Platform's OpenAPI spec (feature `spec-check`).
//!
//! Used by tests: this crate checks the request bodies it sends, and the emulator checks the
//! responses it serves, against the same copy of the spec (`tests/spec/openapi.yml`).
//!
//! OpenAPI 3.0 schemas are not quite JSON Schema, so the components are adapted once on load:
//! `nullable: true` also admits `null`; a `oneOf` with a `discriminator` mapping picks its
//! branch by the discriminator value (JSON Schema's `oneOf` would reject a value that fits
//! several permissive branches).
//!
//! Two levels:
//! - [`SpecValidator::validate`] is lenient the way the real server is: it sends `null` for
//!   absent values, so any property that is not `required` may be `null`.
//! - [`SpecValidator::validate_strict`] takes `nullable` exactly as declared and also rejects
//!   properties a schema does not declare, which catches misspelled field names that the
//!   permissive spec would accept. Use it for bodies Towerdesk writes.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex};

use serde_json::{Map, Value, json};

/// The spec copy bundled with this crate (see `tests/spec/SOURCE.md`).
pub const BUNDLED_SPEC: &str = include_str!("../tests/spec/openapi.yml");

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Validates `serde_json::Value`s against named component schemas of an OpenAPI document.
pub struct SpecValidator {
    lenient: Value,
    strict: Value,
    cache: Mutex<HashMap<(String, bool), Arc<jsonschema::Validator>>>,
}

impl std::fmt::Debug for SpecValidator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.lenient["schemas"].as_object().map_or(0, Map::len);
        f.debug_struct("SpecValidator")
            .field("schemas", &n)
            .finish()
    }
}

impl SpecValidator {
    /// Loads an OpenAPI YAML (or JSON) file.
    pub fn load(path: impl AsRef<Path>) -> io::Result<Self> {
        let text = std::fs::read_to_string(path)?;
        Self::from_yaml(&text)
    }

    /// The spec copy compiled into this crate.
    pub fn bundled() -> Self {
        Self::from_yaml(BUNDLED_SPEC).expect("the bundled OpenAPI spec parses")
    }

    /// Parses an OpenAPI document given as YAML (JSON is YAML too).
    pub fn from_yaml(text: &str) -> io::Result<Self> {
        let doc: Value = serde_yaml::from_str(text)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        let schemas = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    "the document has no components.schemas",
                )
            })?
            .clone();
        let mut strict = Value::Object(schemas);
        adapt_openapi(&mut strict);
        let mut lenient = strict.clone();
        allow_null_when_optional(&mut lenient);
        make_strict(&mut strict);
        Ok(SpecValidator {
            lenient: json!({ "schemas": lenient }),
            strict: json!({ "schemas": strict }),
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// The names of all component schemas.
    pub fn schema_names(&self) -> Vec<String> {
        self.lenient["schemas"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Checks `value` against `#/components/schemas/<schema_name>`, leniently: undeclared
    /// properties are allowed and optional properties may be `null` (as the real server sends
    /// them). Returns every violation, as `"<path>: <problem>"`.
    pub fn validate(&self, schema_name: &str, value: &Value) -> Result<(), Vec<String>> {
        self.check(schema_name, value, false)
    }

    /// Checks `value` strictly: `null` only where the spec says `nullable`, and no property
    /// the schema does not declare (objects composed with `allOf`/`oneOf`/`anyOf` stay open).
    pub fn validate_strict(&self, schema_name: &str, value: &Value) -> Result<(), Vec<String>> {
        self.check(schema_name, value, true)
    }

    fn check(&self, schema_name: &str, value: &Value, strict: bool) -> Result<(), Vec<String>> {
        let validator = self.validator(schema_name, strict)?;
        let errors: Vec<String> = validator
            .iter_errors(value)
            .map(|e| {
                let at = e.instance_path.to_string();
                format!("{}: {e}", if at.is_empty() { "/" } else { &at })
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    fn validator(
        &self,
        name: &str,
        strict: bool,
    ) -> Result<Arc<jsonschema::Validator>, Vec<String>> {
        let key = (name.to_owned(), strict);
        if let Some(v) = self.cache.lock().expect("cache lock").get(&key) {
            return Ok(v.clone());
        }
        let components = if strict { &self.strict } else { &self.lenient };
        if components["schemas"].get(name).is_none() {
            return Err(vec![format!("no schema named {name:?} in the spec")]);
        }
        let pointer_name = name.replace('~', "~0").replace('/', "~1");
        let root = json!({
            "$ref": format!("{SCHEMA_PREFIX}{pointer_name}"),
            "components": components,
        });
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&root)
            .map_err(|e| vec![format!("schema {name:?} does not compile: {e}")])?;
        let validator = Arc::new(validator);
        self.cache
            .lock()
            .expect("cache lock")
            .insert(key, validator.clone());
        Ok(validator)
    }
}

/// Rewrites OpenAPI 3.0 idioms into JSON Schema, in place, everywhere in the tree.
fn adapt_openapi(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(adapt_openapi),
        Value::Object(map) => {
            map.values_mut().for_each(adapt_openapi);
            // A discriminated oneOf: apply the branch the discriminator names.
            let mapping = map
                .get("discriminator")
                .and_then(|d| {
                    Some((
                        d.get("propertyName")?.as_str()?,
                        d.get("mapping")?.as_object()?,
                    ))
                })
                .map(|(prop, m)| (prop.to_owned(), m.clone()));
            if let (Some((prop, mapping)), true) = (mapping, map.contains_key("oneOf")) {
                map.remove("oneOf");
                let branches: Vec<Value> = mapping
                    .iter()
                    .map(|(tag, target)| {
                        json!({
                            "if": { "properties": { prop.clone(): { "const": tag } }, "required": [prop.clone()] },
                            "then": { "$ref": target },
                        })
                    })
                    .collect();
                map.entry("allOf")
                    .or_insert_with(|| Value::Array(Vec::new()))
                    .as_array_mut()
                    .expect("allOf is an array")
                    .extend(branches);
            }
            if map.get("nullable") == Some(&Value::Bool(true)) {
                map.remove("nullable");
                admit_null_in(map);
            }
        }
        _ => {}
    }
}

/// Lets every property that is not `required` be `null`, everywhere in the tree.
fn allow_null_when_optional(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(allow_null_when_optional),
        Value::Object(map) => {
            map.values_mut().for_each(allow_null_when_optional);
            let required: HashSet<String> = map
                .get("required")
                .and_then(Value::as_array)
                .map(|r| {
                    r.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            if let Some(Value::Object(props)) = map.get_mut("properties") {
                for (name, schema) in props.iter_mut() {
                    if !required.contains(name) {
                        admit_null(schema);
                    }
                }
            }
        }
        _ => {}
    }
}

fn admit_null(schema: &mut Value) {
    if let Value::Object(map) = schema {
        admit_null_in(map);
    }
}

fn admit_null_in(map: &mut Map<String, Value>) {
    if let Some(Value::Array(options)) = map.get_mut("enum")
        && !options.contains(&Value::Null)
    {
        options.push(Value::Null);
    }
    match map.get_mut("type") {
        Some(Value::String(t)) => {
            let t = std::mem::take(t);
            map.insert("type".into(), json!([t, "null"]));
        }
        Some(Value::Array(types)) => {
            if !types.contains(&json!("null")) {
                types.push(json!("null"));
            }
        }
        Some(_) => {}
        None => {
            let inner = Value::Object(std::mem::take(map));
            map.insert("anyOf".into(), json!([inner, { "type": "null" }]));
        }
    }
}

/// Closes every plain object schema (`properties` without composition) to undeclared
/// properties, except schemas that an `allOf` extends (closing those would reject the
/// extension's fields).
fn make_strict(schemas: &mut Value) {
    let mut extended = HashSet::new();
    collect_allof_refs(schemas, &mut extended);
    if let Value::Object(map) = schemas {
        for (name, schema) in map.iter_mut() {
            close_objects(schema, !extended.contains(name.as_str()));
        }
    }
}

fn collect_allof_refs(value: &Value, out: &mut HashSet<String>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| collect_allof_refs(v, out)),
        Value::Object(map) => {
            if let Some(Value::Array(parts)) = map.get("allOf") {
                for part in parts {
                    if let Some(name) = part
                        .get("$ref")
                        .and_then(Value::as_str)
                        .and_then(|r| r.strip_prefix(SCHEMA_PREFIX))
                    {
                        out.insert(name.to_owned());
                    }
                }
            }
            map.values().for_each(|v| collect_allof_refs(v, out));
        }
        _ => {}
    }
}

fn close_objects(value: &mut Value, close_here: bool) {
    let Value::Object(map) = value else {
        if let Value::Array(items) = value {
            items.iter_mut().for_each(|v| close_objects(v, true));
        }
        return;
    };
    let composed = ["allOf", "oneOf", "anyOf"]
        .iter()
        .any(|k| map.contains_key(*k));
    let is_object_schema = matches!(map.get("properties"), Some(Value::Object(_)));
    if close_here && is_object_schema && !composed && !map.contains_key("additionalProperties") {
        map.insert("additionalProperties".into(), Value::Bool(false));
    }
    for (key, child) in map.iter_mut() {
        match key.as_str() {
            // Parts of an allOf are extended by their siblings: keep their top level open.
            "allOf" => {
                if let Value::Array(parts) = child {
                    parts.iter_mut().for_each(|p| close_objects(p, false));
                }
            }
            // Conditions test a few properties of a larger value: never close them.
            "if" | "not" => {}
            "properties" => {
                if let Value::Object(props) = child {
                    props.values_mut().for_each(|p| close_objects(p, true));
                }
            }
            _ => close_objects(child, true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validator() -> SpecValidator {
        SpecValidator::from_yaml(
            r##"
components:
  schemas:
    Visibility: { type: string, enum: [PRIVATE, SHARED] }
    Ws:
      type: object
      required: [name, visibility]
      properties:
        name: { type: string, maxLength: 5 }
        note: { type: string, nullable: true }
        title: { type: string }
        strategy: { type: string, enum: [a, b], nullable: true }
        visibility: { $ref: '#/components/schemas/Visibility' }
    Base: { type: object, properties: { id: { type: integer } } }
    Ext:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          properties: { extra: { type: string } }
    Pet:
      type: object
      properties: { discriminator: { type: string } }
      discriminator:
        propertyName: discriminator
        mapping: { cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog' }
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
    Cat: { type: object, properties: { discriminator: { type: string }, lives: { type: integer } } }
    Dog: { type: object, properties: { discriminator: { type: string }, good: { type: boolean } } }
"##,
        )
        .unwrap()
    }

    #[test]
    fn required_types_enums_and_lengths_are_checked() {
        let v = validator();
        assert!(
            v.validate("Ws", &json!({"name": "ab", "visibility": "SHARED"}))
                .is_ok()
        );
        let errors = v
            .validate("Ws", &json!({"name": "toolong", "visibility": "PUBLIC"}))
            .unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(v.validate("Ws", &json!({"name": "ab"})).is_err());
        assert!(v.validate("Nope", &json!({})).unwrap_err()[0].contains("Nope"));
    }

    #[test]
    fn nullable_admits_null_and_nothing_else() {
        let v = validator();
        let ok = json!({"name": "ab", "visibility": "PRIVATE", "note": null, "strategy": null});
        assert!(v.validate("Ws", &ok).is_ok());
        let bad = json!({"name": null, "visibility": "PRIVATE", "strategy": "c"});
        assert_eq!(v.validate("Ws", &bad).unwrap_err().len(), 2);
        // The real server sends null for absent optional values: lenient accepts that,
        // strict only where the spec says nullable.
        let null_title = json!({"name": "ab", "visibility": "PRIVATE", "title": null});
        assert!(v.validate("Ws", &null_title).is_ok());
        assert!(v.validate_strict("Ws", &null_title).is_err());
        assert!(v.validate_strict("Ws", &ok).is_ok());
    }

    #[test]
    fn strict_rejects_undeclared_properties_but_keeps_allof_open() {
        let v = validator();
        let typo = json!({"name": "ab", "visibility": "PRIVATE", "fulName": "x"});
        assert!(v.validate("Ws", &typo).is_ok());
        let errors = v.validate_strict("Ws", &typo).unwrap_err();
        assert!(errors[0].contains("fulName"), "{errors:?}");
        assert!(
            v.validate_strict("Ext", &json!({"id": 1, "extra": "x"}))
                .is_ok()
        );
        assert!(v.validate("Ext", &json!({"id": "one"})).is_err());
    }

    #[test]
    fn discriminator_selects_the_branch() {
        let v = validator();
        assert!(
            v.validate("Pet", &json!({"discriminator": "cat", "lives": 9}))
                .is_ok()
        );
        assert!(
            v.validate("Pet", &json!({"discriminator": "cat", "lives": "nine"}))
                .is_err()
        );
        assert!(
            v.validate("Pet", &json!({"discriminator": "dog", "lives": "nine"}))
                .is_ok()
        );
        assert!(
            v.validate_strict("Pet", &json!({"discriminator": "dog", "lives": 1}))
                .is_err()
        );
    }
}
