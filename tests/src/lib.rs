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
    /// Reads a setting (by its name, `barge-in`) of one target (200 with a body).
    Read(webex_calling::Kind, &'static str),
    /// Configures a setting of one target (204).
    Configure(webex_calling::Kind, &'static str),
    /// Lists targets of a kind (200, paged).
    List(webex_calling::Kind),
}

/// A setting the client crate defines, as the tests walk them.
#[derive(Debug, Clone, Copy)]
pub struct SettingInfo {
    /// `barge-in`.
    pub name: &'static str,
    /// `BargeIn`, as operationIds spell it.
    pub pascal: &'static str,
    /// The kinds it exists for.
    pub kinds: &'static [webex_calling::Kind],
    /// Its fields.
    pub fields: &'static [webex_calling::Field],
}

macro_rules! registry {
    ($(($setting:ident, $accessor:ident, $name:literal, $doc:literal)),* $(,)?) => {
        /// Every setting the generated client defines.
        pub const SETTINGS: &[SettingInfo] = &[$(
            SettingInfo {
                name: $name,
                pascal: stringify!($setting),
                kinds: <webex_calling::settings::$setting as webex_calling::Setting>::KINDS,
                fields: <webex_calling::settings::$setting as webex_calling::Setting>::FIELDS,
            },
        )*];

        /// Calls setting `name` on target `id` of `kind` through `Webex`:
        /// a read, or an update with [`valid_body`]. `None` for a name the
        /// client does not define.
        pub async fn call_setting(
            name: &str,
            read: bool,
            webex: &webex_calling::Webex,
            kind: webex_calling::Kind,
            id: &str,
        ) -> Option<Result<(), webex_calling::Error>> {
            match name {
                $($name => Some(
                    call_one::<webex_calling::settings::$setting>(read, webex, kind, id).await,
                ),)*
                _ => None,
            }
        }
    };
}

webex_calling::for_each_setting!(registry);

async fn call_one<S: webex_calling::Setting>(
    read: bool,
    webex: &webex_calling::Webex,
    kind: webex_calling::Kind,
    id: &str,
) -> Result<(), webex_calling::Error> {
    let handle = webex.target_of(kind, id).setting::<S>();
    if read {
        return handle.get().await.map(drop);
    }
    let update: S::Update = serde_json::from_value(valid_body(S::FIELDS)).map_err(|e| {
        webex_calling::Error::InvalidInput {
            message: format!("the test body is no {} update: {e}", S::NAME),
        }
    })?;
    handle.update(&update).await
}

/// The setting named `name`, if the client defines it.
pub fn setting(name: &str) -> Option<&'static SettingInfo> {
    SETTINGS.iter().find(|s| s.name == name)
}

/// An update body every kind accepts: a value for every field (the first
/// listed enum value, `false`, one member: a person every kind may name).
pub fn valid_body(fields: &[webex_calling::Field]) -> Value {
    use webex_calling::FieldKind;
    let mut body = serde_json::Map::new();
    for field in fields {
        let value = match field.kind {
            FieldKind::Bool => Value::Bool(false),
            FieldKind::Enum(values) => Value::from(values.first().copied().unwrap_or("")),
            FieldKind::Ids => serde_json::json!([webex_calling_mock::seed_examples::ALICE_ID]),
            FieldKind::Integer | FieldKind::Number => Value::from(1),
            _ => Value::from("x"),
        };
        body.insert(field.name.to_owned(), value);
    }
    Value::Object(body)
}

impl Shape {
    /// The shape an operationId names; `None` for one the contract tests do
    /// not know (a test then fails naming it, so no operation goes untested).
    pub fn of(operation_id: &str) -> Option<Shape> {
        use webex_calling::Kind;
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
        let kinds = [
            ("Person", Kind::Person),
            ("Workspace", Kind::Workspace),
            ("VirtualLine", Kind::VirtualLine),
        ];
        let (read, rest) = match operation_id.strip_prefix("get") {
            Some(rest) => (true, rest),
            None => (false, operation_id.strip_prefix("update")?),
        };
        kinds.iter().find_map(|(kind_name, kind)| {
            let pascal = rest.strip_prefix(kind_name)?;
            let setting = SETTINGS.iter().find(|s| s.pascal == pascal)?;
            Some(if read {
                Shape::Read(*kind, setting.name)
            } else {
                Shape::Configure(*kind, setting.name)
            })
        })
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
                     know: get<Kind><Setting> and update<Kind><Setting> of a setting the client \
                     crate defines (run `cargo xtask codegen` after editing the spec), or \
                     list<Kinds> (a new listing: teach tests/src/lib.rs `Shape::of`)"
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
        let (read, kind, setting) = match self.shape {
            Shape::Read(kind, setting) => (true, kind, setting),
            Shape::Configure(kind, setting) => (false, kind, setting),
            Shape::List(kind) => {
                return webex
                    .listing(kind)
                    .list()
                    .try_collect::<Vec<_>>()
                    .await
                    .map(drop);
            }
        };
        call_setting(setting, read, webex, kind, id)
            .await
            .unwrap_or_else(|| {
                Err(webex_calling::Error::InvalidInput {
                    message: format!("the client defines no setting {setting}"),
                })
            })
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
        _ => "virtualLines",
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
        _ => server.virtual_line_ids(),
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
