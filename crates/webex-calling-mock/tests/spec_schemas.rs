//! Every kind of response the mock gives validates against the spec's schemas.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::{Value, json};
use webex_calling_mock::{MockServer, seed_examples};

fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/webex-calling.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

/// A validator for one component schema. OpenAPI 3.0 schemas are close to JSON
/// Schema draft 4; the components travel along so `#/components/...` refs resolve.
fn validator(spec: &Value, name: &str) -> jsonschema::Validator {
    let root = json!({
        "allOf": [{"$ref": format!("#/components/schemas/{name}")}],
        "components": spec["components"],
    });
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&root)
        .unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, value: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:?}\n{value}");
}

#[tokio::test]
async fn success_and_error_bodies_match_the_spec() {
    let spec = spec();
    let barge_in = validator(&spec, "BargeInSettings");
    let push_to_talk = validator(&spec, "PushToTalkSettings");
    let error = validator(&spec, "WebexError");
    // The validators do reject what the spec forbids.
    assert!(!barge_in.is_valid(&json!({"enabled": true})));
    assert!(!push_to_talk.is_valid(&json!({"allowAutoAnswer": true, "connectionType": "THREE_WAY", "accessType": "ALLOW_MEMBERS"})));
    let server = MockServer::builder()
        .seed(3)
        .people(20)
        .workspaces(4)
        .virtual_lines(10)
        .start()
        .await
        .unwrap();

    for id in server.people_ids() {
        let body: Value = get(&barge_in_url(&server, &id)).await.json().await.unwrap();
        assert_valid(&barge_in, &body, &id);
    }
    let line = server.virtual_line_ids()[0].clone();
    let members: Vec<String> = [
        server.workspace_ids(),
        server.virtual_line_ids(),
        server.people_ids(),
    ]
    .concat();
    let put = put_json(
        &push_to_talk_url(&server, &line),
        json!({"members": members}),
    )
    .await;
    assert_eq!(put.status(), 204);
    for id in server.virtual_line_ids() {
        let body: Value = get(&push_to_talk_url(&server, &id))
            .await
            .json()
            .await
            .unwrap();
        assert_valid(&push_to_talk, &body, &id);
    }

    let person = barge_in_url(&server, seed_examples::PERSON_ID);
    let mut errors = vec![
        client().get(&person).send().await.unwrap(),
        get(&barge_in_url(&server, "nobody")).await,
        get(&format!("{person}?orgId=other")).await,
        client()
            .delete(&person)
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap(),
        put_raw(&person, None, "{}").await,
        put_raw(&person, Some("application/json"), "{").await,
        get(&format!("{}/nowhere", server.base_url())).await,
    ];
    for status in [409, 410, 423, 428, 429, 500, 502, 503, 504] {
        server.fail_next(seed_examples::PERSON_ID, status, 1, None);
        errors.push(get(&person).await);
    }
    for resp in errors {
        let status = resp.status();
        assert!(status.is_client_error() || status.is_server_error());
        let body: Value = resp.json().await.unwrap();
        assert_valid(&error, &body, status.as_str());
    }
}
