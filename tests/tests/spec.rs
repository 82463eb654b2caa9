//! The spec itself: OpenAPI 3.0, every operation as the reference describes
//! it (the list comes from the spec, so a new operation is checked without
//! editing this file), every documented status on every operation, and
//! examples that validate.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use contract_tests::{
    Shape, SpecOperation, spec_json, spec_operations, spec_path, validation_errors, validator_for,
};
use serde_json::{Value, json};
use webex_calling::Kind;

const DOCUMENTED_ERRORS: [&str; 15] = [
    "400", "401", "403", "404", "405", "409", "410", "415", "423", "428", "429", "500", "502",
    "503", "504",
];
const RETRY_AFTER_STATUSES: [&str; 3] = ["423", "429", "503"];

const SEED_BARGE_IN: &str = r#"{ "enabled": true, "toneEnabled": true }"#;
const SEED_PUSH_TO_TALK: &str = r#"{ "allowAutoAnswer": true, "connectionType": "ONE_WAY", "accessType": "ALLOW_MEMBERS", "members": [ { "id": "Y2lzY29zcGFyazovL3VzL1BFT1BMRS82MWU3MDlkNy1hM2IxLTQ2MDctOTBiOC04NmE5MDgxYWFkNmE", "lastName": "Little", "firstName": "Alice", "displayName": "Alice Little", "type": "PEOPLE", "email": "alice@example.com", "numbers": [ { "external": "+19845551088", "extension": "1088", "routingPrefix": "1234", "esn": "12341088", "primary": true } ] }, { "id": "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9jMTQzMzhkNS02YTdjLTRiZjYtOTFiMS0zYmM2ZWMzMGJiMTE", "lastName": "Johnson", "firstName": "Bob", "displayName": "Bob Johnson", "type": "PEOPLE", "email": "bob@example.com", "numbers": [ { "external": "+198455501099", "extension": "1099", "routingPrefix": "1234", "esn": "12341099", "primary": true } ] } ] }"#;

fn resolve<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => spec
            .pointer(reference.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("dangling $ref {reference}")),
        None => value,
    }
}

fn operation<'a>(spec: &'a Value, method: &str, path: &str) -> &'a Value {
    spec["paths"][path]
        .get(method)
        .unwrap_or_else(|| panic!("{method} {path} missing from the spec"))
}

#[test]
fn spec_is_openapi_3_0_and_parses_into_the_progenitor_model() {
    let text = std::fs::read_to_string(spec_path()).unwrap();
    let parsed: openapiv3::OpenAPI = serde_yaml::from_str(&text).unwrap();
    assert!(
        parsed.openapi.starts_with("3.0."),
        "progenitor reads 3.0 only"
    );
    assert_eq!(parsed.servers[0].url, "https://webexapis.com/v1");
    let operations = spec_operations(&spec_json().unwrap()).unwrap();
    assert_eq!(parsed.operations().count(), operations.len());
}

#[test]
fn the_whole_family_is_there_once_each() {
    let operations = spec_operations(&spec_json().unwrap()).unwrap();
    for kind in Kind::ALL {
        for setting in contract_tests::SETTINGS
            .iter()
            .filter(|s| s.kinds.contains(&kind))
            .map(|s| s.name)
        {
            for shape in [Shape::Read(kind, setting), Shape::Configure(kind, setting)] {
                let count = operations.iter().filter(|op| op.shape == shape).count();
                assert_eq!(count, 1, "{shape:?} appears {count} times");
            }
        }
        let lists = operations
            .iter()
            .filter(|op| op.shape == Shape::List(kind))
            .count();
        assert_eq!(lists, 1, "list of {kind}");
    }
}

/// The parameters of an operation: the path's and its own.
fn parameters<'a>(spec: &'a Value, op: &SpecOperation) -> Vec<&'a Value> {
    let path_level = spec["paths"][&op.path]["parameters"].as_array();
    let own = spec["paths"][&op.path][&op.method]["parameters"].as_array();
    path_level
        .into_iter()
        .chain(own)
        .flatten()
        .map(|p| resolve(spec, p))
        .collect()
}

fn success_status(shape: Shape) -> &'static str {
    match shape {
        Shape::Configure(..) => "204",
        Shape::Read(..) | Shape::List(_) => "200",
    }
}

#[test]
fn operations_match_the_reference() {
    let spec = spec_json().unwrap();
    assert!(spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer");
    assert_eq!(spec["security"], json!([{"bearerAuth": []}]));
    for spec_op in spec_operations(&spec).unwrap() {
        let (method, path, operation_id) = (&spec_op.method, &spec_op.path, &spec_op.operation_id);
        let success = success_status(spec_op.shape);
        let op = operation(&spec, method, path);
        for key in ["summary", "description", "tags"] {
            assert!(op.get(key).is_some(), "{operation_id} lacks {key}");
        }
        let description = op["description"].as_str().unwrap_or("");
        assert!(
            description.contains("spark-admin:"),
            "{operation_id}: scopes"
        );
        let params = parameters(&spec, &spec_op);
        for path_param in path.split('{').skip(1).filter_map(|p| p.split('}').next()) {
            let id = params.iter().find(|p| p["name"] == path_param).unwrap();
            assert_eq!(
                (id["in"].as_str(), id["required"].as_bool()),
                (Some("path"), Some(true))
            );
            assert_eq!(id["schema"]["type"], "string");
        }
        assert!(
            params
                .iter()
                .any(|p| p["name"] == "TrackingID" && p["in"] == "header"),
            "{operation_id} lacks TrackingID"
        );
        if let Shape::List(_) = spec_op.shape {
            let link = &resolve(&spec, &op["responses"]["200"])["headers"]["Link"];
            assert!(link.is_object(), "{operation_id} declares no Link header");
        }
        if matches!(
            spec_op.shape,
            Shape::Read(Kind::Workspace, _) | Shape::Configure(Kind::Workspace, _)
        ) {
            assert!(
                description.contains("professional"),
                "{operation_id}: licence"
            );
        }
        let org = params.iter().find(|p| p["name"] == "orgId").unwrap();
        assert_eq!(org["in"], "query");
        assert_ne!(org["required"], true);
        assert_eq!(org["schema"]["type"], "string");
        let responses = op["responses"].as_object().unwrap();
        assert!(
            responses.contains_key(success),
            "{operation_id} lacks {success}"
        );
        if method.as_str() == "put" {
            assert!(resolve(&spec, &responses[success]).get("content").is_none());
            assert_eq!(op["requestBody"]["required"], true);
        }
    }
}

#[test]
fn every_operation_lists_every_documented_error_status_explicitly() {
    let spec = spec_json().unwrap();
    for SpecOperation {
        method,
        path,
        operation_id,
        ..
    } in spec_operations(&spec).unwrap()
    {
        let responses = operation(&spec, &method, &path)["responses"]
            .as_object()
            .unwrap();
        for status in DOCUMENTED_ERRORS {
            let response = resolve(
                &spec,
                responses
                    .get(status)
                    .unwrap_or_else(|| panic!("{operation_id} lacks {status}")),
            );
            assert!(
                response["description"]
                    .as_str()
                    .is_some_and(|d| !d.is_empty())
            );
            assert_eq!(
                response["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/WebexError",
                "{operation_id} {status} must share the one error schema"
            );
            let has_retry_after = response["headers"].get("Retry-After").is_some();
            assert_eq!(
                has_retry_after,
                RETRY_AFTER_STATUSES.contains(&status),
                "{operation_id} {status}: Retry-After is declared on 423, 429 and 503 only"
            );
        }
        for key in responses.keys() {
            assert!(
                key.chars().all(|c| c.is_ascii_digit()),
                "{operation_id} uses the range {key}: progenitor orders ranges before exact codes"
            );
        }
    }
}

#[test]
fn success_examples_are_the_seed_documents_examples() {
    let spec = spec_json().unwrap();
    let barge_in = &operation(&spec, "get", "/people/{personId}/features/bargeIn")["responses"]["200"]
        ["content"]["application/json"]["example"];
    assert_eq!(
        barge_in,
        &serde_json::from_str::<Value>(SEED_BARGE_IN).unwrap()
    );
    let push_to_talk = &operation(
        &spec,
        "get",
        "/telephony/config/virtualLines/{virtualLineId}/pushToTalk",
    )["responses"]["200"]["content"]["application/json"]["example"];
    assert_eq!(
        push_to_talk,
        &serde_json::from_str::<Value>(SEED_PUSH_TO_TALK).unwrap()
    );
}

/// Walks the spec for `example` values beside a schema and returns
/// (location, schema pointer or inline schema, example).
fn examples(spec: &Value) -> Vec<(String, Value, Value)> {
    fn walk(value: &Value, location: String, found: &mut Vec<(String, Value, Value)>) {
        match value {
            Value::Object(map) => {
                if let (Some(schema), Some(example)) = (map.get("schema"), map.get("example")) {
                    found.push((location.clone(), schema.clone(), example.clone()));
                }
                for (key, child) in map {
                    walk(child, format!("{location}/{key}"), found);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    walk(child, format!("{location}/{index}"), found);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(spec, String::new(), &mut found);
    found
}

#[test]
fn every_example_validates_against_its_schema() {
    let mut spec = spec_json().unwrap();
    let found = examples(&spec);
    assert!(
        found.len() >= 6,
        "expected the success, request, error and parameter examples"
    );
    for (index, (location, schema, example)) in found.into_iter().enumerate() {
        // Inline schemas are validated by placing them in the components.
        let name = format!("InlineExampleSchema{index}");
        spec["components"]["schemas"][&name] = schema;
        let validator = validator_for(&spec, &format!("/components/schemas/{name}")).unwrap();
        let errors = validation_errors(&validator, &example);
        assert!(
            errors.is_empty(),
            "example at {location} is invalid: {errors:?}"
        );
    }
}

#[test]
fn the_validator_rejects_what_the_schemas_forbid() {
    let spec = spec_json().unwrap();
    let settings = validator_for(&spec, "/components/schemas/PushToTalkSettings").unwrap();
    let mut bad = serde_json::from_str::<Value>(SEED_PUSH_TO_TALK).unwrap();
    bad["connectionType"] = json!("SIDEWAYS");
    assert!(
        !validation_errors(&settings, &bad).is_empty(),
        "enum not enforced"
    );
    let missing = json!({"allowAutoAnswer": true, "connectionType": "ONE_WAY"});
    assert!(
        !validation_errors(&settings, &missing).is_empty(),
        "required not enforced"
    );
    let update = validator_for(&spec, "/components/schemas/PushToTalkSettingsUpdate").unwrap();
    let objects_not_ids = json!({"members": [{"id": "x"}]});
    assert!(
        !validation_errors(&update, &objects_not_ids).is_empty(),
        "member ids not enforced"
    );
    let barge_in = validator_for(&spec, "/components/schemas/BargeInSettings").unwrap();
    assert!(
        !validation_errors(&barge_in, &json!({"enabled": "yes", "toneEnabled": true})).is_empty()
    );
}

#[test]
fn both_error_shapes_validate_against_the_error_schema() {
    let spec = spec_json().unwrap();
    let validator = validator_for(&spec, "/components/schemas/WebexError").unwrap();
    let flat = json!({"message": "m", "errors": [{"description": "d", "errorCode": 4008}], "trackingId": "t"});
    let nested = json!({"error": {"key": "404", "message": [{"description": "d", "code": 4008}]}, "trackingId": "t"});
    assert!(validation_errors(&validator, &flat).is_empty());
    assert!(validation_errors(&validator, &nested).is_empty());
    assert!(
        validation_errors(&validator, &json!({})).is_empty(),
        "every field may be missing"
    );
}
