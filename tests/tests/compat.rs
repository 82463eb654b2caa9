//! Additive Webex changes stay additive: every enum in every response of the
//! spec, named or written inline, accepts a value the spec does not list, and
//! the generated types send it back unchanged. Walks the spec, so an enum or
//! response added later is covered without editing this file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use contract_tests::spec_json;
use serde_json::{Map, Value, json};

const UNLISTED: &str = "A_VALUE_THE_SPEC_DOES_NOT_LIST";

/// `#/components/schemas/X` resolved; anything else as it is.
fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => resolve(
            spec,
            spec.pointer(&reference[1..]).expect("a $ref resolves"),
        ),
        None => schema,
    }
}

/// An instance of `schema` with every property present (so every enum is
/// somewhere in it) and one item per array.
fn instance(spec: &Value, schema: &Value) -> Value {
    let schema = resolve(spec, schema);
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values.first().cloned().unwrap_or(Value::Null);
    }
    if let Some(first) = schema.get("oneOf").and_then(|o| o.get(0)) {
        return instance(spec, first);
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("object") | None if schema.get("properties").is_some() => {
            let mut object = Map::new();
            for (name, property) in schema["properties"].as_object().into_iter().flatten() {
                object.insert(name.clone(), instance(spec, property));
            }
            Value::Object(object)
        }
        Some("array") => json!([instance(spec, &schema["items"])]),
        Some("boolean") => json!(true),
        Some("integer" | "number") => json!(1),
        Some("string") => json!("x"),
        _ => json!({}),
    }
}

/// JSON pointers (into an [`instance`]) of every string enum under `schema`.
fn enum_pointers(spec: &Value, schema: &Value, at: &str, out: &mut Vec<String>) {
    let schema = resolve(spec, schema);
    if schema.get("enum").is_some() && schema["type"] == "string" {
        out.push(at.to_owned());
        return;
    }
    if let Some(first) = schema.get("oneOf").and_then(|o| o.get(0)) {
        return enum_pointers(spec, first, at, out);
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            enum_pointers(spec, property, &format!("{at}/{name}"), out);
        }
    }
    if schema["type"] == "array" {
        enum_pointers(spec, &schema["items"], &format!("{at}/0"), out);
    }
}

/// The named schema of every JSON response body of every operation.
fn response_schemas(spec: &Value) -> Vec<String> {
    let mut names = Vec::new();
    for item in spec["paths"].as_object().expect("paths").values() {
        for operation in item.as_object().expect("a path item").values() {
            for response in operation["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(_, r)| r)
            {
                let response = resolve(spec, response);
                let schema = &response["content"]["application/json"]["schema"];
                if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
                    let name = reference
                        .trim_start_matches("#/components/schemas/")
                        .to_owned();
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
        }
    }
    names
}

#[test]
fn every_enum_in_every_response_keeps_a_value_the_spec_does_not_list() {
    let spec = spec_json().unwrap();
    let schemas = response_schemas(&spec);
    assert!(
        schemas.len() >= 5,
        "too few response schemas found: {schemas:?}"
    );
    let mut checked = 0;
    for name in &schemas {
        let schema = &spec["components"]["schemas"][name];
        let mut pointers = Vec::new();
        enum_pointers(&spec, schema, "", &mut pointers);
        for pointer in pointers {
            let mut body = instance(&spec, schema);
            *body
                .pointer_mut(&pointer)
                .expect("the instance has every property") = json!(UNLISTED);
            let decoded = webex_calling_client::types::__round_trip(name, body)
                .unwrap_or_else(|| panic!("{name} has no generated type"))
                .unwrap_or_else(|e| panic!("{name} rejects an unlisted value at {pointer}: {e}"));
            assert_eq!(
                decoded.pointer(&pointer),
                Some(&json!(UNLISTED)),
                "{name}{pointer} must keep the value it was sent"
            );
            checked += 1;
        }
    }
    // The spec has enums in its responses (connection and access types,
    // member types, workspace calling types): they must have been found.
    assert!(checked >= 4, "only {checked} enum positions checked");
}

#[test]
fn every_response_keeps_fields_the_spec_does_not_list() {
    let spec = spec_json().unwrap();
    for name in response_schemas(&spec) {
        let mut body = instance(&spec, &spec["components"]["schemas"][&name]);
        let Some(object) = body.as_object_mut() else {
            continue;
        };
        object.insert("aFieldWebexAddsLater".into(), json!({"nested": [1]}));
        let decoded = webex_calling_client::types::__round_trip(&name, body)
            .unwrap_or_else(|| panic!("{name} has no generated type"))
            .unwrap_or_else(|e| panic!("{name} rejects an unknown field: {e}"));
        assert_eq!(
            decoded["aFieldWebexAddsLater"],
            json!({"nested": [1]}),
            "{name} must keep an unknown field"
        );
    }
}
