//! Loading the OpenAPI document and checking it is something progenitor can read.

use anyhow::{Context, Result, bail};
use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, StringType, Type,
};
use std::path::Path;

/// Reads and parses the spec, refusing versions progenitor cannot handle.
pub fn load(path: &Path) -> Result<OpenAPI> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the spec at {}", path.display()))?;
    parse(&text, &path.display().to_string())
}

/// Parses a spec's text (`name` says where it came from, for messages).
pub fn parse(text: &str, name: &str) -> Result<OpenAPI> {
    // serde_yaml would accept a 3.1 document into the 3.0 model and progenitor
    // would then generate subtly wrong code, so the version is checked up front.
    let raw: serde_yaml::Value =
        serde_yaml::from_str(text).with_context(|| format!("{name} is not valid YAML"))?;
    let version = raw
        .get("openapi")
        .and_then(serde_yaml::Value::as_str)
        .unwrap_or_default();
    if !version.starts_with("3.0.") {
        bail!(
            "{name} declares openapi {version:?}; progenitor reads OpenAPI 3.0.x only, so keep the spec on 3.0.3"
        );
    }
    serde_yaml::from_str(text)
        .with_context(|| format!("{name} is not a valid OpenAPI 3.0 document"))
}

/// In-memory adjustments made before generation; the committed spec is not changed.
///
/// Inline string enums (in a property, an array's items or a parameter) are
/// moved into `components.schemas` under a derived name first, so that every
/// enum, named or not, becomes an open enum (see `open_enums`): typify would
/// otherwise give an inline enum a closed Rust enum, and a value Webex adds
/// would fail to decode where a named enum's would not.
///
/// typify maps an optional array property to a `Vec` that is skipped when empty,
/// so a request could never carry an empty list. For push-to-talk `members` an
/// empty list is meaningful (it clears the member list), so optional arrays in
/// request bodies are marked nullable here, which makes typify emit
/// `Option<Vec<_>>`: `None` leaves the field out, `Some(vec![])` sends `[]`.
pub fn prepare_for_generation(spec: &mut OpenAPI) -> Result<()> {
    hoist_inline_enums(spec)?;
    drop_string_constraints(spec);
    let request_schemas = request_body_schema_names(spec);
    let Some(components) = spec.components.as_mut() else {
        return Ok(());
    };
    for name in request_schemas {
        let Some(ReferenceOr::Item(schema)) = components.schemas.get_mut(&name) else {
            continue;
        };
        let SchemaKind::Type(Type::Object(object)) = &mut schema.schema_kind else {
            continue;
        };
        for (property, value) in object.properties.iter_mut() {
            if object.required.contains(property) {
                continue;
            }
            if let ReferenceOr::Item(property_schema) = value
                && matches!(
                    property_schema.schema_kind,
                    SchemaKind::Type(Type::Array(_))
                )
            {
                property_schema.schema_data.nullable = true;
            }
        }
    }
    Ok(())
}

/// Removes `minLength`, `maxLength` and `pattern` from every string schema.
///
/// The spec states them to say what Webex accepts (an id is never empty),
/// but typify turns a constrained string into a newtype checked on decode:
/// method arguments would stop being `&str`, and a response Webex sends
/// outside the constraint would fail to decode. Webex checks its input; the
/// client keeps plain strings.
fn drop_string_constraints(spec: &mut OpenAPI) {
    fn visit(schema: &mut Schema) {
        match &mut schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                string.min_length = None;
                string.max_length = None;
                string.pattern = None;
            }
            SchemaKind::Type(Type::Object(object)) => {
                for property in object.properties.values_mut() {
                    if let ReferenceOr::Item(property) = property {
                        visit(property);
                    }
                }
            }
            SchemaKind::Type(Type::Array(array)) => {
                if let Some(ReferenceOr::Item(items)) = &mut array.items {
                    visit(items);
                }
            }
            _ => {}
        }
    }
    fn visit_parameter(parameter: &mut Parameter) {
        if let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) =
            &mut parameter_data(parameter).format
        {
            visit(schema);
        }
    }
    if let Some(components) = spec.components.as_mut() {
        for schema in components.schemas.values_mut() {
            if let ReferenceOr::Item(schema) = schema {
                visit(schema);
            }
        }
        for parameter in components.parameters.values_mut() {
            if let ReferenceOr::Item(parameter) = parameter {
                visit_parameter(parameter);
            }
        }
    }
    for operation in operations_mut(spec) {
        for parameter in &mut operation.parameters {
            if let ReferenceOr::Item(parameter) = parameter {
                visit_parameter(parameter);
            }
        }
    }
}

fn parameter_data(parameter: &mut Parameter) -> &mut openapiv3::ParameterData {
    match parameter {
        Parameter::Query { parameter_data, .. }
        | Parameter::Header { parameter_data, .. }
        | Parameter::Path { parameter_data, .. }
        | Parameter::Cookie { parameter_data, .. } => parameter_data,
    }
}

/// Every operation of the spec, to change.
fn operations_mut(spec: &mut OpenAPI) -> impl Iterator<Item = &mut openapiv3::Operation> {
    let items = spec.paths.paths.values_mut().filter_map(|item| match item {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { .. } => None,
    });
    items.flat_map(|item| {
        [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.options,
            &mut item.head,
            &mut item.trace,
        ]
        .into_iter()
        .flatten()
    })
}

/// The PascalCase of a property or parameter name: `bargeInAnnouncement` ->
/// `BargeInAnnouncement`, `tone_enabled` -> `ToneEnabled`.
pub fn pascal_case(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

fn is_string_enum(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(StringType { enumeration, .. })) if !enumeration.is_empty()
    )
}

/// Moves every inline string enum into `components.schemas`, named after where
/// it stood (`<Schema><Property>`, `<Schema><Property>Item` for an array's
/// items, `<OperationId><Parameter>` for a parameter), and refers to it there.
fn hoist_inline_enums(spec: &mut OpenAPI) -> Result<()> {
    let mut hoisted: Vec<(String, Schema)> = Vec::new();
    if let Some(components) = spec.components.as_mut() {
        for (name, schema) in components.schemas.iter_mut() {
            if let ReferenceOr::Item(schema) = schema {
                hoist_from_schema(name, schema, &mut hoisted);
            }
        }
    }
    if let Some(components) = spec.components.as_mut() {
        for (name, parameter) in components.parameters.iter_mut() {
            if let ReferenceOr::Item(parameter) = parameter {
                hoist_from_parameter(&format!("{name}Parameter"), parameter, &mut hoisted);
            }
        }
    }
    for operation in operations_mut(spec) {
        let prefix = pascal_case(operation.operation_id.as_deref().unwrap_or_default());
        for parameter in &mut operation.parameters {
            if let ReferenceOr::Item(parameter) = parameter {
                let name = format!(
                    "{prefix}{}",
                    pascal_case(&parameter.parameter_data_ref().name)
                );
                hoist_from_parameter(&name, parameter, &mut hoisted);
            }
        }
    }
    let components = spec.components.get_or_insert_with(Default::default);
    for (name, schema) in hoisted {
        if components.schemas.contains_key(&name) {
            bail!(
                "an inline enum would be named {name}, but the spec already has a schema of that \
                 name; move the enum into components.schemas under a name of its own"
            );
        }
        components.schemas.insert(name, ReferenceOr::Item(schema));
    }
    Ok(())
}

fn hoist_from_parameter(
    name: &str,
    parameter: &mut Parameter,
    hoisted: &mut Vec<(String, Schema)>,
) {
    if let ParameterSchemaOrContent::Schema(schema) = &mut parameter_data(parameter).format {
        hoist(schema, name.to_owned(), hoisted);
    }
}

/// Hoists the inline enums of one schema's properties (recursively through
/// inline objects and arrays).
fn hoist_from_schema(name: &str, schema: &mut Schema, hoisted: &mut Vec<(String, Schema)>) {
    match &mut schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            for (property, value) in object.properties.iter_mut() {
                let inner = format!("{name}{}", pascal_case(property));
                hoist_boxed(value, inner, hoisted);
            }
        }
        SchemaKind::Type(Type::Array(array)) => {
            if let Some(items) = array.items.as_mut() {
                hoist_boxed(items, format!("{name}Item"), hoisted);
            }
        }
        _ => {}
    }
}

fn hoist_boxed(
    value: &mut ReferenceOr<Box<Schema>>,
    name: String,
    hoisted: &mut Vec<(String, Schema)>,
) {
    let ReferenceOr::Item(schema) = value else {
        return;
    };
    if is_string_enum(schema) {
        let reference = format!("#/components/schemas/{name}");
        let schema = std::mem::replace(value, ReferenceOr::Reference { reference });
        if let ReferenceOr::Item(schema) = schema {
            hoisted.push((name, *schema));
        }
    } else {
        hoist_from_schema(&name, schema, hoisted);
    }
}

fn hoist(value: &mut ReferenceOr<Schema>, name: String, hoisted: &mut Vec<(String, Schema)>) {
    let ReferenceOr::Item(schema) = value else {
        return;
    };
    if is_string_enum(schema) {
        let reference = format!("#/components/schemas/{name}");
        if let ReferenceOr::Item(schema) =
            std::mem::replace(value, ReferenceOr::Reference { reference })
        {
            hoisted.push((name, schema));
        }
    } else {
        hoist_from_schema(&name, schema, hoisted);
    }
}

/// Names of the component schemas used directly as JSON request bodies.
fn request_body_schema_names(spec: &OpenAPI) -> Vec<String> {
    let mut names = Vec::new();
    for (_, _, operation) in spec.operations() {
        let Some(ReferenceOr::Item(body)) = &operation.request_body else {
            continue;
        };
        for media in body.content.values() {
            if let Some(ReferenceOr::Reference { reference }) = &media.schema
                && let Some(name) = reference.strip_prefix("#/components/schemas/")
                && !names.iter().any(|known| known == name)
            {
                names.push(name.to_owned());
            }
        }
    }
    names
}
