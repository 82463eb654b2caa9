//! Behaviour of the settings operations against a real server on loopback.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::json;
use webex_calling_mock::{MockServer, seed_examples};

#[tokio::test]
async fn seed_one_url_returns_the_seed_body() {
    let server = MockServer::start().await.unwrap();
    let url = format!(
        "http://{}/v1/people/Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xMWEzZjk5MC1hNjg5LTQ3N2QtYmU2Yi03MTIwMDI1ZDhhYmI/features/bargeIn?orgId=Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi85NmFiYzJhYS0zZGNjLTExZTUtYTE1Mi1mZTM0ODE5Y2RjOWE",
        server.local_addr()
    );
    let resp = get(&url).await;
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    assert!(resp.headers().contains_key("trackingid"));
    let body: serde_json::Value = resp.json().await.unwrap();
    let expected: serde_json::Value = serde_json::from_str(seed_examples::BARGE_IN_BODY).unwrap();
    assert_eq!(body, expected);
    assert_eq!(server.org_id(), seed_examples::ORG_ID);
    assert_eq!(server.people_ids()[0], seed_examples::PERSON_ID);
}

#[tokio::test]
async fn seed_two_body_is_served_verbatim() {
    let server = MockServer::start().await.unwrap();
    assert_eq!(server.virtual_line_ids()[0], seed_examples::VIRTUAL_LINE_ID);
    let resp = get(&push_to_talk_url(&server, seed_examples::VIRTUAL_LINE_ID)).await;
    assert_eq!(resp.status(), 200);
    let body: serde_json::Value = resp.json().await.unwrap();
    let expected: serde_json::Value =
        serde_json::from_str(seed_examples::PUSH_TO_TALK_BODY).unwrap();
    assert_eq!(body, expected);
    // Bob's 12-digit external number survives untouched.
    assert_eq!(
        body["members"][1]["numbers"][0]["external"],
        "+198455501099"
    );
    let people = server.people_ids();
    assert!(people.contains(&seed_examples::ALICE_ID.to_owned()));
    assert!(people.contains(&seed_examples::BOB_ID.to_owned()));
}

#[tokio::test]
async fn seeded_ids_are_realistic_and_deterministic() {
    use base64::Engine as _;
    let a = MockServer::builder()
        .seed(42)
        .people(5)
        .workspaces(2)
        .virtual_lines(3)
        .start()
        .await
        .unwrap();
    let b = MockServer::builder()
        .seed(42)
        .people(5)
        .workspaces(2)
        .virtual_lines(3)
        .start()
        .await
        .unwrap();
    let c = MockServer::builder()
        .seed(43)
        .people(5)
        .workspaces(2)
        .virtual_lines(3)
        .start()
        .await
        .unwrap();
    assert_eq!(a.people_ids(), b.people_ids());
    assert_eq!(a.virtual_line_ids(), b.virtual_line_ids());
    assert_eq!(a.workspace_ids(), b.workspace_ids());
    assert_ne!(a.people_ids(), c.people_ids());
    assert_eq!(a.people_ids().len(), 3 + 5);
    assert_eq!(a.workspace_ids().len(), 1 + 2);
    assert_eq!(a.virtual_line_ids().len(), 1 + 3);
    let decode = |id: &str| {
        assert!(!id.contains('='), "padded id {id}");
        String::from_utf8(
            base64::engine::general_purpose::STANDARD_NO_PAD
                .decode(id)
                .unwrap(),
        )
        .unwrap()
    };
    for id in a.people_ids() {
        assert!(decode(&id).starts_with("ciscospark://us/PEOPLE/"));
    }
    for id in a.workspace_ids() {
        assert!(decode(&id).starts_with("ciscospark://us/PLACE/"));
    }
    for id in a.virtual_line_ids() {
        assert!(decode(&id).starts_with("ciscospark://us/VIRTUAL_LINE/"));
    }
    assert!(decode(&a.org_id()).starts_with("ciscospark://us/ORGANIZATION/"));
    // Every generated entity answers its read.
    for id in a.people_ids() {
        let body: serde_json::Value = get(&barge_in_url(&a, &id)).await.json().await.unwrap();
        assert!(body["enabled"].is_boolean() && body["toneEnabled"].is_boolean());
    }
    for id in a.virtual_line_ids() {
        let resp = get(&push_to_talk_url(&a, &id)).await;
        assert_eq!(resp.status(), 200);
    }
}

#[tokio::test]
async fn missing_or_invalid_token_is_401() {
    let server = MockServer::builder().token("good").start().await.unwrap();
    let url = barge_in_url(&server, seed_examples::PERSON_ID);
    let no_auth = client().get(&url).send().await.unwrap();
    error_body(no_auth, 401).await;
    let wrong = client().get(&url).bearer_auth("bad").send().await.unwrap();
    error_body(wrong, 401).await;
    let basic = client()
        .get(&url)
        .header("authorization", "Basic Z29vZA==")
        .send()
        .await
        .unwrap();
    error_body(basic, 401).await;
    let empty = client()
        .get(&url)
        .header("authorization", "Bearer ")
        .send()
        .await
        .unwrap();
    error_body(empty, 401).await;
    let good = client().get(&url).bearer_auth("good").send().await.unwrap();
    assert_eq!(good.status(), 200);
}

#[tokio::test]
async fn any_non_empty_token_is_accepted_by_default() {
    let server = MockServer::start().await.unwrap();
    let url = barge_in_url(&server, seed_examples::PERSON_ID);
    let resp = client()
        .get(&url)
        .bearer_auth("whatever")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let resp = client().get(&url).send().await.unwrap();
    error_body(resp, 401).await;
}

#[tokio::test]
async fn read_only_token_reads_but_cannot_write() {
    let server = MockServer::builder()
        .token("rw")
        .read_only_token("ro")
        .start()
        .await
        .unwrap();
    let url = barge_in_url(&server, seed_examples::PERSON_ID);
    let read = client().get(&url).bearer_auth("ro").send().await.unwrap();
    assert_eq!(read.status(), 200);
    let write = client()
        .put(&url)
        .bearer_auth("ro")
        .json(&json!({"enabled": false}))
        .send()
        .await
        .unwrap();
    error_body(write, 403).await;
    let write = client()
        .put(&url)
        .bearer_auth("rw")
        .json(&json!({"enabled": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(write.status(), 204);
}

#[tokio::test]
async fn unknown_ids_and_other_orgs_are_404() {
    let server = MockServer::start().await.unwrap();
    let body = error_body(get(&barge_in_url(&server, "nobody")).await, 404).await;
    assert!(error_text(&body).contains("Person not found"));
    let body = error_body(get(&push_to_talk_url(&server, "no-line")).await, 404).await;
    assert!(error_text(&body).contains("Virtual line not found"));
    // A person id is not a virtual-line id.
    error_body(
        get(&push_to_talk_url(&server, seed_examples::PERSON_ID)).await,
        404,
    )
    .await;
    let other_org = format!(
        "{}?orgId=someone-else",
        barge_in_url(&server, seed_examples::PERSON_ID)
    );
    error_body(get(&other_org).await, 404).await;
    let other_org = format!(
        "{}?orgId=someone-else",
        push_to_talk_url(&server, seed_examples::VIRTUAL_LINE_ID)
    );
    error_body(get(&other_org).await, 404).await;
    let own_org = format!(
        "{}?orgId={}",
        push_to_talk_url(&server, seed_examples::VIRTUAL_LINE_ID),
        server.org_id()
    );
    assert_eq!(get(&own_org).await.status(), 200);
    let unknown_path = format!(
        "{}/people/{}/features/other",
        server.base_url(),
        seed_examples::PERSON_ID
    );
    error_body(get(&unknown_path).await, 404).await;
    // Writes to unknown ids are 404 too.
    let put = put_json(&barge_in_url(&server, "nobody"), json!({"enabled": true})).await;
    error_body(put, 404).await;
}

#[tokio::test]
async fn wrong_method_is_405() {
    let server = MockServer::start().await.unwrap();
    for url in [
        barge_in_url(&server, seed_examples::PERSON_ID),
        push_to_talk_url(&server, seed_examples::VIRTUAL_LINE_ID),
    ] {
        for method in [
            reqwest::Method::DELETE,
            reqwest::Method::POST,
            reqwest::Method::PATCH,
        ] {
            let resp = client()
                .request(method, &url)
                .bearer_auth(TOKEN)
                .send()
                .await
                .unwrap();
            assert!(resp.headers().get("allow").is_some());
            error_body(resp, 405).await;
        }
    }
}

#[tokio::test]
async fn put_without_json_content_type_is_415() {
    let server = MockServer::start().await.unwrap();
    let url = barge_in_url(&server, seed_examples::PERSON_ID);
    error_body(put_raw(&url, None, r#"{"enabled": true}"#).await, 415).await;
    error_body(
        put_raw(&url, Some("text/plain"), r#"{"enabled": true}"#).await,
        415,
    )
    .await;
    let url = push_to_talk_url(&server, seed_examples::VIRTUAL_LINE_ID);
    error_body(
        put_raw(&url, Some("application/x-www-form-urlencoded"), "a=b").await,
        415,
    )
    .await;
    let ok = put_raw(&url, Some("application/json; charset=utf-8"), "{}").await;
    assert_eq!(ok.status(), 204);
}

#[tokio::test]
async fn bad_input_is_400_naming_the_field() {
    let server = MockServer::start().await.unwrap();
    let person = barge_in_url(&server, seed_examples::PERSON_ID);
    let line = push_to_talk_url(&server, seed_examples::VIRTUAL_LINE_ID);
    let cases: Vec<(&str, &str, &str)> = vec![
        (&person, "{\"enabled\": tru", "body"),
        (&person, "[1, 2]", "body"),
        (&person, "", "body"),
        (&person, r#"{"enabled": "yes"}"#, "enabled"),
        (&person, r#"{"toneEnabled": 1}"#, "toneEnabled"),
        (&person, r#"{"enabled": null}"#, "enabled"),
        (&line, r#"{"allowAutoAnswer": "true"}"#, "allowAutoAnswer"),
        (
            &line,
            r#"{"connectionType": "THREE_WAY"}"#,
            "connectionType",
        ),
        (&line, r#"{"connectionType": 1}"#, "connectionType"),
        (&line, r#"{"accessType": "ALLOW_EVERYONE"}"#, "accessType"),
        (&line, r#"{"members": "x"}"#, "members"),
        (&line, r#"{"members": [1]}"#, "members"),
    ];
    for (url, body, field) in cases {
        let resp = put_raw(url, Some("application/json"), body).await;
        let err = error_body(resp, 400).await;
        assert!(
            err["message"].as_str().unwrap().contains(field),
            "{body} -> {err}"
        );
    }
    // A well-formed member id that names nothing is a missing resource.
    let resp = put_raw(
        &line,
        Some("application/json"),
        r#"{"members": ["not-a-member"]}"#,
    )
    .await;
    let err = error_body(resp, 404).await;
    assert!(err.to_string().contains("not-a-member"), "{err}");
    // Nothing was changed by the rejected writes.
    let pt: serde_json::Value = get(&line).await.json().await.unwrap();
    assert_eq!(
        pt,
        serde_json::from_str::<serde_json::Value>(seed_examples::PUSH_TO_TALK_BODY).unwrap()
    );
}

#[tokio::test]
async fn barge_in_put_changes_only_the_fields_present() {
    let server = MockServer::start().await.unwrap();
    let url = barge_in_url(&server, seed_examples::PERSON_ID);
    let resp = put_json(&url, json!({"toneEnabled": false})).await;
    assert_eq!(resp.status(), 204);
    assert!(resp.headers().contains_key("trackingid"));
    assert!(resp.bytes().await.unwrap().is_empty());
    let body: serde_json::Value = get(&url).await.json().await.unwrap();
    assert_eq!(body, json!({"enabled": true, "toneEnabled": false}));
    assert_eq!(
        put_json(&url, json!({"enabled": false})).await.status(),
        204
    );
    let body: serde_json::Value = get(&url).await.json().await.unwrap();
    assert_eq!(body, json!({"enabled": false, "toneEnabled": false}));
    // Unknown fields are ignored, as Webex does.
    assert_eq!(
        put_json(&url, json!({"enabled": true, "futureField": 1}))
            .await
            .status(),
        204
    );
    let body: serde_json::Value = get(&url).await.json().await.unwrap();
    assert_eq!(body, json!({"enabled": true, "toneEnabled": false}));
}

#[tokio::test]
async fn push_to_talk_put_replaces_members_and_resolves_them() {
    let server = MockServer::builder()
        .workspaces(2)
        .virtual_lines(2)
        .start()
        .await
        .unwrap();
    let line = server.virtual_line_ids()[0].clone();
    let other_line = server.virtual_line_ids()[1].clone();
    let workspace = server.workspace_ids()[0].clone();
    let members = json!({
        "connectionType": "TWO_WAY",
        "members": [seed_examples::BOB_ID, workspace, other_line],
    });
    // A virtual line's members are people only, as Webex describes them.
    let line_url = push_to_talk_url(&server, &line);
    assert_eq!(put_json(&line_url, members.clone()).await.status(), 400);
    // A person's list may name any directory entry.
    let url = format!(
        "{}/people/{}/features/pushToTalk",
        server.base_url(),
        seed_examples::PERSON_ID
    );
    let resp = put_json(&url, members).await;
    assert_eq!(resp.status(), 204);
    let body: serde_json::Value = get(&url).await.json().await.unwrap();
    assert_eq!(body["connectionType"], "TWO_WAY");
    let members = body["members"].as_array().unwrap();
    assert_eq!(members.len(), 3);
    let expected: serde_json::Value =
        serde_json::from_str(seed_examples::PUSH_TO_TALK_BODY).unwrap();
    assert_eq!(members[0], expected["members"][1]);
    assert_eq!(members[1]["id"], workspace.as_str());
    assert_eq!(members[1]["type"], "PLACE");
    assert_eq!(members[2]["id"], other_line.as_str());
    assert_eq!(members[2]["type"], "VIRTUAL_LINE");
    for member in members {
        for field in ["firstName", "lastName", "displayName"] {
            assert!(member[field].is_string(), "{field} in {member}");
        }
        let number = &member["numbers"][0];
        assert!(number["primary"].is_boolean());
        for field in ["external", "extension", "routingPrefix", "esn"] {
            assert!(number[field].is_string(), "{field} in {member}");
        }
    }
    // Without members the list is kept; an empty list clears it.
    assert_eq!(
        put_json(
            &url,
            json!({"accessType": "BLOCK_MEMBERS", "allowAutoAnswer": false})
        )
        .await
        .status(),
        204
    );
    let body: serde_json::Value = get(&url).await.json().await.unwrap();
    assert_eq!(body["members"].as_array().unwrap().len(), 3);
    assert_eq!(body["accessType"], "BLOCK_MEMBERS");
    assert_eq!(body["allowAutoAnswer"], false);
    assert_eq!(put_json(&url, json!({"members": []})).await.status(), 204);
    let body: serde_json::Value = get(&url).await.json().await.unwrap();
    assert_eq!(body["members"], json!([]));
}

#[tokio::test]
async fn tracking_id_is_echoed_or_generated() {
    let server = MockServer::start().await.unwrap();
    let url = barge_in_url(&server, seed_examples::PERSON_ID);
    let resp = client()
        .get(&url)
        .bearer_auth(TOKEN)
        .header("TrackingID", "my-trace-1")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["trackingid"], "my-trace-1");
    let resp = client()
        .get(&url)
        .header("TrackingID", "my-trace-2")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["trackingid"], "my-trace-2");
    let body = error_body(resp, 401).await;
    assert_eq!(body["trackingId"], "my-trace-2");
    let a = get(&url).await.headers()["trackingid"].clone();
    let b = get(&url).await.headers()["trackingid"].clone();
    assert_ne!(a, b);
    assert!(a.to_str().unwrap().starts_with("ROUTER_"));
}

#[tokio::test]
async fn percent_encoded_ids_are_decoded() {
    let server = MockServer::start().await.unwrap();
    let weird = "a/b?c#d% e\u{e9}\u{1F600}";
    let url = barge_in_url(&server, weird);
    assert!(!url.contains(' '));
    // Unknown, but looked up decoded: the fault queued for the decoded id fires.
    server.fail_next(weird, 409, 1, None);
    error_body(get(&url).await, 409).await;
    // The route matched and the handler looked the decoded id up.
    let body = error_body(get(&url).await, 404).await;
    assert!(error_text(&body).contains("Person not found"), "{body}");
    let log = server.request_log();
    assert_eq!(log[0].id.as_deref(), Some(weird));
    assert!(
        log[0].path.contains("%2F") && log[0].path.contains("%3F") && log[0].path.contains("%23")
    );
    // Encoding a normal id changes nothing.
    let url = barge_in_url(&server, seed_examples::PERSON_ID);
    assert_eq!(get(&url).await.status(), 200);
}

#[tokio::test]
async fn request_log_records_requests_with_redacted_auth() {
    let server = MockServer::start().await.unwrap();
    let url = format!(
        "{}?orgId={}",
        barge_in_url(&server, seed_examples::PERSON_ID),
        server.org_id()
    );
    let resp = client()
        .get(&url)
        .bearer_auth("super-secret")
        .header("TrackingID", "log-test")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let _ = client().delete(&url).send().await.unwrap();
    let log = server.request_log();
    assert_eq!(log.len(), 2);
    let first = &log[0];
    assert_eq!(first.method, "GET");
    assert_eq!(
        first.path,
        format!("/v1/people/{}/features/bargeIn", seed_examples::PERSON_ID)
    );
    assert_eq!(first.id.as_deref(), Some(seed_examples::PERSON_ID));
    assert_eq!(
        first.query.as_deref(),
        Some(format!("orgId={}", server.org_id()).as_str())
    );
    assert_eq!(first.status, 200);
    assert_eq!(first.tracking_id, "log-test");
    let auth = first
        .headers
        .iter()
        .find(|(k, _)| k == "authorization")
        .unwrap();
    assert_eq!(auth.1, "<redacted>");
    assert!(!format!("{log:?}").contains("super-secret"));
    assert_eq!(log[1].status, 401);
    server.clear_request_log();
    assert!(server.request_log().is_empty());

    let quiet = MockServer::builder()
        .request_log(false)
        .start()
        .await
        .unwrap();
    let _ = get(&barge_in_url(&quiet, seed_examples::PERSON_ID)).await;
    assert!(quiet.request_log().is_empty());
}

#[tokio::test]
async fn shutdown_stops_the_server() {
    let server = MockServer::start().await.unwrap();
    let url = barge_in_url(&server, seed_examples::PERSON_ID);
    assert_eq!(get(&url).await.status(), 200);
    server.shutdown().await;
    assert!(
        reqwest::Client::new()
            .get(&url)
            .bearer_auth(TOKEN)
            .send()
            .await
            .is_err()
    );
}

#[tokio::test]
async fn invalid_configuration_is_an_error() {
    assert!(MockServer::builder().rate_limit(0.0).start().await.is_err());
    assert!(
        MockServer::builder()
            .rate_limit(f64::NAN)
            .start()
            .await
            .is_err()
    );
    assert!(MockServer::builder().fail_rate(1.5).start().await.is_err());
    let taken = MockServer::start().await.unwrap();
    let err = MockServer::builder()
        .bind(taken.local_addr())
        .start()
        .await
        .unwrap_err();
    assert!(
        matches!(err, webex_calling_mock::MockError::Bind { .. }),
        "{err}"
    );
}

#[tokio::test]
async fn an_oversized_body_gets_a_webex_error_body_not_plain_text() {
    let server = MockServer::start().await.unwrap();
    let url = barge_in_url(&server, seed_examples::PERSON_ID);
    // Larger than axum's default body limit (2 MB).
    let body = format!(
        "{{\"enabled\": true, \"pad\": \"{}\"}}",
        "x".repeat(3_000_000)
    );
    let response = put_raw(&url, Some("application/json"), &body).await;
    assert_eq!(response.status(), 413);
    assert_eq!(response.headers()["content-type"], "application/json");
    let value: serde_json::Value = response.json().await.unwrap();
    assert!(value["message"].is_string(), "{value}");
    assert!(value["errors"][0]["description"].is_string(), "{value}");
    assert!(value["trackingId"].is_string(), "{value}");
}

#[tokio::test]
async fn a_body_of_another_setting_is_refused_naming_the_field() {
    let server = MockServer::start().await.unwrap();
    let url = barge_in_url(&server, seed_examples::PERSON_ID);
    let resp = put_json(&url, json!({"allowAutoAnswer": false})).await;
    let err = error_body(resp, 400).await;
    let text = err.to_string();
    assert!(text.contains("allowAutoAnswer"), "{text}");
    assert!(text.contains("pushToTalk"), "{text}");
    // Nothing changed.
    let body: serde_json::Value = get(&url).await.json().await.unwrap();
    assert_eq!(body, json!({"enabled": true, "toneEnabled": true}));
}
