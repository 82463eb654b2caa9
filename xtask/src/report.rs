//! What a spec change means for Rust callers: every operation, parameter,
//! status, schema, field and enum value added, removed or changed between
//! two versions of the spec, each judged `compatible` or `breaking` for code
//! written against the generated client (whose structs and enums are
//! `#[non_exhaustive]`, see `harden`), and the version bump that implies.

use openapiv3::{
    OpenAPI, Operation, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind,
    StatusCode, Type,
};
use std::collections::BTreeMap;
use std::fmt;

/// How a change affects Rust code written against the generated client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Code that compiled still compiles and decodes what it decoded.
    Compatible,
    /// Some code may stop compiling, or a body that decoded may not.
    Breaking,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Compatible => "compatible",
            Self::Breaking => "breaking",
        })
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub level: Level,
    /// `added`, `removed` or `changed`.
    pub verb: &'static str,
    /// What changed: `field BargeInSettings.toneEnabled`.
    pub subject: String,
    /// How, for `changed`: `required -> optional`.
    pub detail: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.subject, self.verb)?;
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

struct Diff(Vec<Change>);

impl Diff {
    fn push(&mut self, level: Level, verb: &'static str, subject: String, detail: String) {
        self.0.push(Change {
            level,
            verb,
            subject,
            detail,
        });
    }
}

/// Every change from `old` to `new`, operations first, then schemas.
pub fn compare(old: &OpenAPI, new: &OpenAPI) -> Vec<Change> {
    let mut diff = Diff(Vec::new());
    operations(old, new, &mut diff);
    schemas(old, new, &mut diff);
    diff.0
}

/// The bump `level` implies for `version`: 0.x takes a minor bump for a
/// breaking change and a patch for a compatible one; 1.x and later a major
/// and a minor.
pub fn required_version(version: (u64, u64, u64), level: Level) -> (u64, u64, u64) {
    let (major, minor, patch) = version;
    match (major, level) {
        (0, Level::Breaking) => (0, minor + 1, 0),
        (0, Level::Compatible) => (0, minor, patch + 1),
        (_, Level::Breaking) => (major + 1, 0, 0),
        (_, Level::Compatible) => (major, minor + 1, 0),
    }
}

/// `0.2.0` -> `(0, 2, 0)`; a pre-release or build suffix is ignored.
pub fn parse_version(text: &str) -> Option<(u64, u64, u64)> {
    let core = text.trim().split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    Some((parts.next()??, parts.next()??, parts.next()??))
}

fn by_id(spec: &OpenAPI) -> BTreeMap<String, (String, String, &Operation)> {
    spec.operations()
        .filter_map(|(path, method, op)| {
            let id = op.operation_id.clone()?;
            Some((id, (method.to_uppercase(), path.to_owned(), op)))
        })
        .collect()
}

fn operations(old: &OpenAPI, new: &OpenAPI, diff: &mut Diff) {
    let (before, after) = (by_id(old), by_id(new));
    for (id, (method, path, _)) in &before {
        if !after.contains_key(id) {
            let subject = format!("operation {id} ({method} {path})");
            diff.push(Level::Breaking, "removed", subject, String::new());
        }
    }
    for (id, (method, path, op)) in &after {
        let Some((old_method, old_path, old_op)) = before.get(id) else {
            let subject = format!("operation {id} ({method} {path})");
            diff.push(Level::Compatible, "added", subject, String::new());
            continue;
        };
        if (old_method, old_path) != (method, path) {
            let detail = format!("{old_method} {old_path} -> {method} {path}");
            diff.push(
                Level::Compatible,
                "changed",
                format!("operation {id}"),
                detail,
            );
        }
        parameters(old, new, id, old_op, op, diff);
        request_body(old_op, op, id, diff);
        responses(old_op, op, id, diff);
    }
}

/// A parameter's place, name, requiredness and schema.
fn parameter_map(spec: &OpenAPI, op: &Operation) -> BTreeMap<String, (bool, String)> {
    op.parameters
        .iter()
        .filter_map(|p| match p {
            ReferenceOr::Item(p) => Some(p),
            ReferenceOr::Reference { reference } => spec
                .components
                .as_ref()?
                .parameters
                .get(reference.strip_prefix("#/components/parameters/")?)?
                .as_item(),
        })
        .map(|p| {
            let data = p.parameter_data_ref();
            let place = match p {
                Parameter::Query { .. } => "query",
                Parameter::Header { .. } => "header",
                Parameter::Path { .. } => "path",
                Parameter::Cookie { .. } => "cookie",
            };
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => signature(schema),
                ParameterSchemaOrContent::Content(_) => "content".to_owned(),
            };
            (format!("{place} {}", data.name), (data.required, schema))
        })
        .collect()
}

fn parameters(
    old_spec: &OpenAPI,
    new_spec: &OpenAPI,
    id: &str,
    old: &Operation,
    new: &Operation,
    diff: &mut Diff,
) {
    // progenitor's positional methods take one argument per parameter, so
    // any parameter added or removed changes the method's signature.
    let (before, after) = (parameter_map(old_spec, old), parameter_map(new_spec, new));
    for name in before.keys().filter(|n| !after.contains_key(*n)) {
        let subject = format!("parameter {id} {name}");
        diff.push(Level::Breaking, "removed", subject, String::new());
    }
    for (name, (required, schema)) in &after {
        let subject = format!("parameter {id} {name}");
        match before.get(name) {
            None => diff.push(
                Level::Breaking,
                "added",
                subject,
                "a new argument of the generated method".to_owned(),
            ),
            Some((old_required, old_schema)) => {
                if old_required != required {
                    let detail = format!(
                        "{} -> {}",
                        requiredness(*old_required),
                        requiredness(*required)
                    );
                    diff.push(Level::Breaking, "changed", subject.clone(), detail);
                }
                if old_schema != schema {
                    let detail = format!("{old_schema} -> {schema}");
                    diff.push(Level::Breaking, "changed", subject, detail);
                }
            }
        }
    }
}

fn requiredness(required: bool) -> &'static str {
    if required { "required" } else { "optional" }
}

fn request_body(old: &Operation, new: &Operation, id: &str, diff: &mut Diff) {
    let body = |op: &Operation| match &op.request_body {
        Some(ReferenceOr::Item(body)) => body
            .content
            .get("application/json")
            .and_then(|m| m.schema.as_ref())
            .map(signature),
        Some(ReferenceOr::Reference { reference }) => Some(reference.clone()),
        None => None,
    };
    let (before, after) = (body(old), body(new));
    if before != after {
        let show = |b: &Option<String>| b.clone().unwrap_or_else(|| "none".to_owned());
        let detail = format!("{} -> {}", show(&before), show(&after));
        diff.push(
            Level::Breaking,
            "changed",
            format!("request body of {id}"),
            detail,
        );
    }
}

fn responses(old: &Operation, new: &Operation, id: &str, diff: &mut Diff) {
    let map = |op: &Operation| -> BTreeMap<String, String> {
        op.responses
            .responses
            .iter()
            .map(|(status, response)| {
                let schema = match response {
                    ReferenceOr::Reference { reference } => reference.clone(),
                    ReferenceOr::Item(response) => response
                        .content
                        .get("application/json")
                        .and_then(|m| m.schema.as_ref())
                        .map_or_else(|| "no body".to_owned(), signature),
                };
                (status_name(status), schema)
            })
            .collect()
    };
    let (before, after) = (map(old), map(new));
    // A success status decides the method's return type; an error status
    // only which error answers are typed, and they share one body type.
    let level = |status: &str| {
        if status.starts_with('2') {
            Level::Breaking
        } else {
            Level::Compatible
        }
    };
    for status in before.keys().filter(|s| !after.contains_key(*s)) {
        let subject = format!("status {status} of {id}");
        diff.push(level(status), "removed", subject, String::new());
    }
    for (status, schema) in &after {
        let subject = format!("status {status} of {id}");
        match before.get(status) {
            None => diff.push(level(status), "added", subject, String::new()),
            Some(old_schema) if old_schema != schema => {
                let detail = format!("{old_schema} -> {schema}");
                diff.push(level(status), "changed", subject, detail);
            }
            Some(_) => {}
        }
    }
}

fn status_name(status: &StatusCode) -> String {
    match status {
        StatusCode::Code(code) => code.to_string(),
        StatusCode::Range(range) => format!("{range}XX"),
    }
}

/// A schema's shape, for telling whether a field's Rust type changed:
/// `$ref Name`, `string`, `string(date-time)`, `array of ...`, `object`.
fn signature<T: AsSchema>(schema: &ReferenceOr<T>) -> String {
    match schema {
        ReferenceOr::Reference { reference } => reference
            .trim_start_matches("#/components/schemas/")
            .to_owned(),
        ReferenceOr::Item(schema) => item_signature(schema.as_schema()),
    }
}

trait AsSchema {
    fn as_schema(&self) -> &Schema;
}

impl AsSchema for Schema {
    fn as_schema(&self) -> &Schema {
        self
    }
}

impl AsSchema for Box<Schema> {
    fn as_schema(&self) -> &Schema {
        self
    }
}

fn item_signature(schema: &Schema) -> String {
    let nullable = if schema.schema_data.nullable {
        " or null"
    } else {
        ""
    };
    let base = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => "string enum".to_owned(),
        SchemaKind::Type(Type::String(s)) => with_format("string", &s.format),
        SchemaKind::Type(Type::Integer(i)) => with_format("integer", &i.format),
        SchemaKind::Type(Type::Number(n)) => with_format("number", &n.format),
        SchemaKind::Type(Type::Boolean(_)) => "boolean".to_owned(),
        SchemaKind::Type(Type::Object(_)) => "object".to_owned(),
        SchemaKind::Type(Type::Array(array)) => match &array.items {
            Some(items) => format!("array of {}", signature(items)),
            None => "array".to_owned(),
        },
        SchemaKind::OneOf { .. } => "oneOf".to_owned(),
        SchemaKind::AllOf { .. } => "allOf".to_owned(),
        SchemaKind::AnyOf { .. } => "anyOf".to_owned(),
        SchemaKind::Not { .. } => "not".to_owned(),
        SchemaKind::Any(_) => "any".to_owned(),
    };
    format!("{base}{nullable}")
}

fn with_format<T: fmt::Debug>(
    name: &str,
    format: &openapiv3::VariantOrUnknownOrEmpty<T>,
) -> String {
    match format {
        openapiv3::VariantOrUnknownOrEmpty::Item(item) => {
            format!("{name}({})", format!("{item:?}").to_lowercase())
        }
        openapiv3::VariantOrUnknownOrEmpty::Unknown(other) => format!("{name}({other})"),
        openapiv3::VariantOrUnknownOrEmpty::Empty => name.to_owned(),
    }
}

fn schemas(old: &OpenAPI, new: &OpenAPI, diff: &mut Diff) {
    let map = |spec: &OpenAPI| -> BTreeMap<String, ReferenceOr<Schema>> {
        spec.components
            .as_ref()
            .map(|c| c.schemas.clone().into_iter().collect())
            .unwrap_or_default()
    };
    let (before, after) = (map(old), map(new));
    for name in before.keys().filter(|n| !after.contains_key(*n)) {
        diff.push(
            Level::Breaking,
            "removed",
            format!("schema {name}"),
            String::new(),
        );
    }
    for (name, schema) in &after {
        match before.get(name) {
            None => diff.push(
                Level::Compatible,
                "added",
                format!("schema {name}"),
                String::new(),
            ),
            Some(old_schema) => {
                if let (ReferenceOr::Item(old_schema), ReferenceOr::Item(schema)) =
                    (old_schema, schema)
                {
                    schema_changes(name, old_schema, schema, diff);
                } else if signature(old_schema) != signature(schema) {
                    let detail = format!("{} -> {}", signature(old_schema), signature(schema));
                    diff.push(Level::Breaking, "changed", format!("schema {name}"), detail);
                }
            }
        }
    }
}

/// The changes within one schema (or an inline property schema, named
/// `Schema.property`), recursing into inline objects and array items.
fn schema_changes(name: &str, old: &Schema, new: &Schema, diff: &mut Diff) {
    enum_values(name, old, new, diff);
    let (old_signature, new_signature) = (item_signature(old), item_signature(new));
    if old_signature != new_signature {
        let detail = format!("{old_signature} -> {new_signature}");
        diff.push(Level::Breaking, "changed", format!("schema {name}"), detail);
        return;
    }
    match (&old.schema_kind, &new.schema_kind) {
        (SchemaKind::Type(Type::Object(old)), SchemaKind::Type(Type::Object(new))) => {
            fields(name, old, new, diff);
        }
        (SchemaKind::Type(Type::Array(old)), SchemaKind::Type(Type::Array(new))) => {
            if let (Some(ReferenceOr::Item(old)), Some(ReferenceOr::Item(new))) =
                (&old.items, &new.items)
            {
                schema_changes(&format!("{name}[]"), old, new, diff);
            }
        }
        _ => {}
    }
}

fn enum_values(name: &str, old: &Schema, new: &Schema, diff: &mut Diff) {
    let values = |schema: &Schema| -> Vec<String> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => s.enumeration.iter().flatten().cloned().collect(),
            _ => Vec::new(),
        }
    };
    let (before, after) = (values(old), values(new));
    for value in before.iter().filter(|v| !after.contains(v)) {
        let subject = format!("enum value {name} {value}");
        diff.push(Level::Breaking, "removed", subject, String::new());
    }
    if before.is_empty() {
        return;
    }
    for value in after.iter().filter(|v| !before.contains(v)) {
        // The enums are open and `#[non_exhaustive]`: a new variant breaks nobody.
        let subject = format!("enum value {name} {value}");
        diff.push(Level::Compatible, "added", subject, String::new());
    }
}

fn fields(name: &str, old: &openapiv3::ObjectType, new: &openapiv3::ObjectType, diff: &mut Diff) {
    for field in old
        .properties
        .keys()
        .filter(|f| !new.properties.contains_key(*f))
    {
        diff.push(
            Level::Breaking,
            "removed",
            format!("field {name}.{field}"),
            String::new(),
        );
    }
    for (field, schema) in &new.properties {
        let subject = format!("field {name}.{field}");
        let required = new.required.contains(field);
        let Some(old_schema) = old.properties.get(field) else {
            // Optional: the struct is `#[non_exhaustive]` and the field an
            // `Option`. Required: `new()` gains an argument, and a body
            // without the field no longer decodes.
            let level = if required {
                Level::Breaking
            } else {
                Level::Compatible
            };
            diff.push(level, "added", subject, requiredness(required).to_owned());
            continue;
        };
        let was_required = old.required.contains(field);
        if was_required != required {
            // `T` becomes `Option<T>` or the reverse.
            let detail = format!(
                "{} -> {}",
                requiredness(was_required),
                requiredness(required)
            );
            diff.push(Level::Breaking, "changed", subject.clone(), detail);
        }
        match (old_schema, schema) {
            (ReferenceOr::Item(old_schema), ReferenceOr::Item(schema)) => {
                schema_changes(&format!("{name}.{field}"), old_schema, schema, diff);
            }
            _ if signature(old_schema) != signature(schema) => {
                let detail = format!("{} -> {}", signature(old_schema), signature(schema));
                diff.push(Level::Breaking, "changed", subject, detail);
            }
            _ => {}
        }
    }
    let extra = |object: &openapiv3::ObjectType| object.additional_properties.is_some();
    if extra(old) && !extra(new) {
        let subject = format!("schema {name}");
        diff.push(
            Level::Breaking,
            "changed",
            subject,
            "unknown fields are no longer kept (`extra` removed)".to_owned(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(schemas: &str) -> OpenAPI {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        serde_yaml::from_str(&text).expect("a valid test spec")
    }

    const BASE: &str = "    S:\n      type: object\n      required: [a]\n      properties:\n        a: {type: boolean}\n        e: {type: string, enum: [X, Y]}\n";

    fn levels(changes: &[Change]) -> Vec<(Level, String)> {
        changes.iter().map(|c| (c.level, c.to_string())).collect()
    }

    #[test]
    fn additive_changes_are_compatible() {
        let new = spec(&format!(
            "{BASE}        n: {{type: string, enum: [P, Q]}}\n    T:\n      type: string\n"
        ));
        let new = {
            let mut new = new;
            if let Some(ReferenceOr::Item(schema)) =
                new.components.as_mut().and_then(|c| c.schemas.get_mut("S"))
                && let SchemaKind::Type(Type::Object(object)) = &mut schema.schema_kind
                && let Some(ReferenceOr::Item(e)) = object.properties.get_mut("e")
                && let SchemaKind::Type(Type::String(s)) = &mut e.schema_kind
            {
                s.enumeration.push(Some("Z".to_owned()));
            }
            new
        };
        let changes = compare(&spec(BASE), &new);
        assert_eq!(
            levels(&changes),
            [
                (Level::Compatible, "enum value S.e Z added".to_owned()),
                (Level::Compatible, "field S.n added: optional".to_owned()),
                (Level::Compatible, "schema T added".to_owned()),
            ]
        );
    }

    #[test]
    fn narrowing_changes_are_breaking() {
        let optional = BASE.replace("required: [a]", "required: []");
        let changes = compare(&spec(BASE), &spec(&optional));
        assert_eq!(
            levels(&changes),
            [(
                Level::Breaking,
                "field S.a changed: required -> optional".to_owned()
            )]
        );
        let fewer = BASE.replace("enum: [X, Y]", "enum: [X]");
        assert_eq!(
            levels(&compare(&spec(BASE), &spec(&fewer))),
            [(Level::Breaking, "enum value S.e Y removed".to_owned())]
        );
        let retyped = BASE.replace("a: {type: boolean}", "a: {type: string}");
        assert_eq!(
            levels(&compare(&spec(BASE), &spec(&retyped))),
            [(
                Level::Breaking,
                "schema S.a changed: boolean -> string".to_owned()
            )]
        );
    }

    #[test]
    fn versions_bump_by_level() {
        assert_eq!(parse_version("0.2.0"), Some((0, 2, 0)));
        assert_eq!(parse_version("1.2.3-rc.1"), Some((1, 2, 3)));
        assert_eq!(parse_version("x"), None);
        assert_eq!(required_version((0, 2, 0), Level::Breaking), (0, 3, 0));
        assert_eq!(required_version((0, 2, 0), Level::Compatible), (0, 2, 1));
        assert_eq!(required_version((1, 2, 3), Level::Breaking), (2, 0, 0));
    }
}
