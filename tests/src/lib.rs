//! Shared helpers for the contract tests: loading the spec and validating JSON
//! documents against its schemas.

#![forbid(unsafe_code)]

pub mod prism;

use serde_json::Value;
use std::path::PathBuf;

/// Why a document could not be checked against the spec.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    /// The spec file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The spec's path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The spec is not YAML the models accept.
    #[error("spec is not valid: {0}")]
    Parse(String),
    /// A schema in the spec could not be compiled into a validator.
    #[error("schema {pointer} does not compile: {message}")]
    Schema {
        /// JSON pointer of the schema.
        pointer: String,
        /// The validator's complaint.
        message: String,
    },
}

/// Path of the OpenAPI document, independent of the current directory.
pub fn spec_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec/webex-calling.yaml")
}

/// The spec as a JSON value (YAML parsed, then converted).
pub fn spec_json() -> Result<Value, SpecError> {
    let path = spec_path();
    let text = std::fs::read_to_string(&path).map_err(|source| SpecError::Read { path, source })?;
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&text).map_err(|error| SpecError::Parse(error.to_string()))?;
    serde_json::to_value(yaml).map_err(|error| SpecError::Parse(error.to_string()))
}

/// A validator for the schema at `pointer` in the spec (for example
/// `/components/schemas/BargeInSettings`), with `$ref`s resolved inside the spec.
///
/// OpenAPI 3.0 schema objects are a JSON Schema draft 4 dialect; `nullable` is
/// turned into the equivalent `type` list so a draft 4 validator understands it.
pub fn validator_for(spec: &Value, pointer: &str) -> Result<jsonschema::Validator, SpecError> {
    let mut components = spec.get("components").cloned().unwrap_or(Value::Null);
    translate_nullable(&mut components);
    let schema_error = |message: String| SpecError::Schema {
        pointer: pointer.to_owned(),
        message,
    };
    let mut target = spec
        .pointer(pointer)
        .cloned()
        .ok_or_else(|| schema_error("no schema at this pointer".to_owned()))?;
    translate_nullable(&mut target);
    // Draft 4 ignores keywords beside `$ref`, so the target is wrapped in `allOf`
    // and the components ride along at the root for `#/components/...` refs.
    let root = serde_json::json!({ "allOf": [target], "components": components });
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&root)
        .map_err(|error| schema_error(error.to_string()))
}

/// Every validation error of `instance` against `validator`, as readable lines.
pub fn validation_errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect()
}

fn translate_nullable(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.remove("nullable") == Some(Value::Bool(true))
                && let Some(Value::String(kind)) = map.get("type").cloned()
            {
                map.insert("type".into(), serde_json::json!([kind, "null"]));
            }
            map.values_mut().for_each(translate_nullable);
        }
        Value::Array(items) => items.iter_mut().for_each(translate_nullable),
        _ => {}
    }
}
