//! Every kind of response the mock gives, for every target it has, validates
//! against the spec's schemas. (Here rather than in the mock crate: it reads
//! the spec, which the mock's package does not carry.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

use contract_tests::{spec_json, validation_errors, validator_for};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};
use webex_calling_mock::{MockServer, seed_examples};

const TOKEN: &str = "test-token";

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

fn encode(id: &str) -> String {
    utf8_percent_encode(id, NON_ALPHANUMERIC).to_string()
}

fn barge_in_url(server: &MockServer, person_id: &str) -> String {
    format!(
        "{}/people/{}/features/bargeIn",
        server.base_url(),
        encode(person_id)
    )
}

async fn get(url: &str) -> reqwest::Response {
    client().get(url).bearer_auth(TOKEN).send().await.unwrap()
}

async fn put_json(url: &str, body: Value) -> reqwest::Response {
    client()
        .put(url)
        .bearer_auth(TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn put_raw(url: &str, content_type: Option<&str>, body: &str) -> reqwest::Response {
    let mut request = client().put(url).bearer_auth(TOKEN).body(body.to_owned());
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    request.send().await.unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, value: &Value, what: &str) {
    let errors = validation_errors(validator, value);
    assert!(errors.is_empty(), "{what}: {errors:?}\n{value}");
}

#[tokio::test]
async fn success_and_error_bodies_match_the_spec() {
    let spec = spec_json().unwrap();
    let barge_in = validator_for(&spec, "/components/schemas/BargeInSettings").unwrap();
    let push_to_talk = validator_for(&spec, "/components/schemas/PushToTalkSettings").unwrap();
    let error = validator_for(&spec, "/components/schemas/WebexError").unwrap();
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

    let base = server.base_url();
    let members: Vec<String> = [
        server.workspace_ids(),
        server.virtual_line_ids(),
        server.people_ids(),
    ]
    .concat();
    let person_ptt = format!(
        "{base}/people/{}/features/pushToTalk",
        seed_examples::PERSON_ID
    );
    let put = put_json(&person_ptt, json!({"members": members})).await;
    assert_eq!(put.status(), 204);
    let targets = [
        (server.people_ids(), "people/", "/features/"),
        (
            server.calling_workspace_ids(),
            "telephony/config/workspaces/",
            "/",
        ),
        (
            server.virtual_line_ids(),
            "telephony/config/virtualLines/",
            "/",
        ),
    ];
    for (ids, prefix, infix) in targets {
        for id in ids {
            for (setting, validator) in [("bargeIn", &barge_in), ("pushToTalk", &push_to_talk)] {
                let url = format!("{base}/{prefix}{}{infix}{setting}", encode(&id));
                let body: Value = get(&url).await.json().await.unwrap();
                assert_valid(validator, &body, &url);
            }
        }
    }
    for (path, schema) in [
        ("people?callingData=true&max=7", "PersonList"),
        ("workspaces?max=2", "WorkspaceList"),
        ("telephony/config/virtualLines?max=3", "VirtualLineList"),
    ] {
        let response = get(&format!("{base}/{path}")).await;
        assert!(
            response.headers().contains_key("link"),
            "{path}: a next link"
        );
        let body: Value = response.json().await.unwrap();
        assert_valid(
            &validator_for(&spec, &format!("/components/schemas/{schema}")).unwrap(),
            &body,
            path,
        );
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
