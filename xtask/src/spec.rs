//! Loading the OpenAPI document and checking it is something progenitor can read.

use anyhow::{Context, Result, bail};
use openapiv3::{OpenAPI, ReferenceOr, SchemaKind, Type};
use std::path::Path;

/// Reads and parses the spec, refusing versions progenitor cannot handle.
pub fn load(path: &Path) -> Result<OpenAPI> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the spec at {}", path.display()))?;
    // serde_yaml would accept a 3.1 document into the 3.0 model and progenitor
    // would then generate subtly wrong code, so the version is checked up front.
    let raw: serde_yaml::Value = serde_yaml::from_str(&text)
        .with_context(|| format!("{} is not valid YAML", path.display()))?;
    let version = raw
        .get("openapi")
        .and_then(serde_yaml::Value::as_str)
        .unwrap_or_default();
    if !version.starts_with("3.0.") {
        bail!(
            "{} declares openapi {version:?}; progenitor reads OpenAPI 3.0.x only, so keep the spec on 3.0.3",
            path.display()
        );
    }
    serde_yaml::from_str(&text)
        .with_context(|| format!("{} is not a valid OpenAPI 3.0 document", path.display()))
}

/// In-memory adjustments made before generation; the committed spec is not changed.
///
/// typify maps an optional array property to a `Vec` that is skipped when empty,
/// so a request could never carry an empty list. For push-to-talk `members` an
/// empty list is meaningful (it clears the member list), so optional arrays in
/// request bodies are marked nullable here, which makes typify emit
/// `Option<Vec<_>>`: `None` leaves the field out, `Some(vec![])` sends `[]`.
pub fn prepare_for_generation(spec: &mut OpenAPI) {
    let request_schemas = request_body_schema_names(spec);
    let Some(components) = spec.components.as_mut() else {
        return;
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
