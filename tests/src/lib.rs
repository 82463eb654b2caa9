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

/// One operation of the spec, as the contract tests walk them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecOperation {
    /// `get`, `put`, ...
    pub method: String,
    /// The path template, e.g. `/people/{personId}/features/bargeIn`.
    pub path: String,
    /// The operationId.
    pub operation_id: String,
    /// What the operation is, from its operationId.
    pub shape: Shape,
}

/// What an operation does, decoded from its operationId
/// (`get<Kind><Setting>`, `update<Kind><Setting>`, `list<Kinds>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Reads a setting of one target (200 with a body).
    Read(webex_calling::Kind, Setting),
    /// Configures a setting of one target (204).
    Configure(webex_calling::Kind, Setting),
    /// Lists targets of a kind (200, paged).
    List(webex_calling::Kind),
}

/// The settings the spec describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// Barge-in.
    BargeIn,
    /// Push-to-talk.
    PushToTalk,
}

impl Shape {
    /// The shape an operationId names; `None` for one the contract tests do
    /// not know (a test then fails naming it, so no operation goes untested).
    pub fn of(operation_id: &str) -> Option<Shape> {
        use webex_calling::Kind;
        let kinds = [
            ("Person", Kind::Person),
            ("Workspace", Kind::Workspace),
            ("VirtualLine", Kind::VirtualLine),
        ];
        let settings = [
            ("BargeIn", Setting::BargeIn),
            ("PushToTalk", Setting::PushToTalk),
        ];
        if let Some(rest) = operation_id.strip_prefix("list") {
            let plural = [
                ("People", Kind::Person),
                ("Workspaces", Kind::Workspace),
                ("VirtualLines", Kind::VirtualLine),
            ];
            return plural
                .iter()
                .find(|(name, _)| *name == rest)
                .map(|(_, kind)| Shape::List(*kind));
        }
        let (verb, rest) = if let Some(rest) = operation_id.strip_prefix("get") {
            (true, rest)
        } else {
            (false, operation_id.strip_prefix("update")?)
        };
        for (kind_name, kind) in kinds {
            let Some(setting_name) = rest.strip_prefix(kind_name) else {
                continue;
            };
            if let Some((_, setting)) = settings.iter().find(|(name, _)| *name == setting_name) {
                return Some(if verb {
                    Shape::Read(kind, *setting)
                } else {
                    Shape::Configure(kind, *setting)
                });
            }
        }
        None
    }
}

/// Every operation in the spec, in document order; an operation whose
/// operationId the contract tests cannot map is an error naming it.
pub fn spec_operations(spec: &Value) -> Result<Vec<SpecOperation>, SpecError> {
    let paths = spec["paths"]
        .as_object()
        .ok_or_else(|| SpecError::Parse("the spec has no paths".to_owned()))?;
    let mut operations = Vec::new();
    for (path, item) in paths {
        for method in ["get", "put", "post", "patch", "delete"] {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let operation_id = operation["operationId"].as_str().unwrap_or("").to_owned();
            let shape = Shape::of(&operation_id).ok_or_else(|| {
                SpecError::Parse(format!(
                    "{method} {path}: operationId {operation_id:?} is not one the contract tests \
                     know (get<Kind><Setting>, update<Kind><Setting>, list<Kinds>); teach \
                     tests/src/lib.rs `Shape::of` about it"
                ))
            })?;
            operations.push(SpecOperation {
                method: method.to_owned(),
                path: path.clone(),
                operation_id,
                shape,
            });
        }
    }
    Ok(operations)
}

impl SpecOperation {
    /// The kind of target the operation serves or lists.
    pub fn kind(&self) -> webex_calling::Kind {
        match self.shape {
            Shape::Read(kind, _) | Shape::Configure(kind, _) | Shape::List(kind) => kind,
        }
    }

    /// The documented success status.
    pub fn success(&self) -> u16 {
        match self.shape {
            Shape::Configure(..) => 204,
            Shape::Read(..) | Shape::List(_) => 200,
        }
    }

    /// The URL of the operation on `base_url` for target `id` (ignored by
    /// list operations), the id percent-encoded into the path.
    pub fn url(&self, base_url: &str, id: &str) -> String {
        let encoded = percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
        let path = match self.path.split_once('{') {
            Some((before, rest)) => {
                let after = rest.split_once('}').map_or("", |(_, after)| after);
                format!("{before}{encoded}{after}")
            }
            None => self.path.clone(),
        };
        format!("{base_url}{path}")
    }

    /// Calls the operation through the ergonomic client for target `id`
    /// (listings list every page).
    pub async fn call(
        &self,
        webex: &webex_calling::Webex,
        id: &str,
    ) -> Result<(), webex_calling::Error> {
        use futures::TryStreamExt;
        use webex_calling::types::{BargeInSettingsUpdate, PushToTalkSettingsUpdate};
        match self.shape {
            Shape::Read(kind, Setting::BargeIn) => {
                webex.target_of(kind, id).barge_in().get().await.map(drop)
            }
            Shape::Read(kind, Setting::PushToTalk) => webex
                .target_of(kind, id)
                .push_to_talk()
                .get()
                .await
                .map(drop),
            Shape::Configure(kind, Setting::BargeIn) => {
                // `enabled` is always sent: a workspace requires it.
                let update = BargeInSettingsUpdate {
                    enabled: Some(false),
                    tone_enabled: None,
                };
                webex.target_of(kind, id).barge_in().update(&update).await
            }
            Shape::Configure(kind, Setting::PushToTalk) => {
                let update = PushToTalkSettingsUpdate {
                    allow_auto_answer: Some(false),
                    ..Default::default()
                };
                webex
                    .target_of(kind, id)
                    .push_to_talk()
                    .update(&update)
                    .await
            }
            Shape::List(kind) => webex
                .listing(kind)
                .list()
                .try_collect::<Vec<_>>()
                .await
                .map(drop),
        }
    }

    /// A name for messages: `GET /people/{personId}/features/bargeIn`.
    pub fn name(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }

    /// Queues `times` answers of `status` on the mock for this operation's
    /// target `id` (for a list operation: for the listing).
    pub fn fail_next(
        &self,
        server: &webex_calling_mock::MockServer,
        id: &str,
        status: u16,
        times: usize,
        retry_after: Option<&str>,
    ) {
        match self.shape {
            Shape::List(kind) => server.fail_next_list(list_name(kind), status, times, retry_after),
            _ => server.fail_next(id, status, times, retry_after),
        }
    }
}

/// The mock's name for a listing, as `MockServer::fail_next_list` takes it.
fn list_name(kind: webex_calling::Kind) -> &'static str {
    match kind {
        webex_calling::Kind::Person => "people",
        webex_calling::Kind::Workspace => "workspaces",
        webex_calling::Kind::VirtualLine => "virtualLines",
    }
}

/// Ids of targets of `kind` whose settings the mock serves (with Webex Calling).
pub fn target_ids(
    server: &webex_calling_mock::MockServer,
    kind: webex_calling::Kind,
) -> Vec<String> {
    match kind {
        webex_calling::Kind::Person => server.calling_people_ids(),
        webex_calling::Kind::Workspace => server.calling_workspace_ids(),
        webex_calling::Kind::VirtualLine => server.virtual_line_ids(),
    }
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
