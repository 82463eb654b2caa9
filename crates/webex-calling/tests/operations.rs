//! Reads, updates, read-modify-write, org ids, input checks and error bodies.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::json;
use webex_calling::types::{
    BargeInSettingsUpdate, PushToTalkAccessType, PushToTalkConnectionType, PushToTalkSettingsUpdate,
};
use webex_calling::{ApiErrorKind, Error, RetryPolicy, Webex};
use wiremock::matchers::{body_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn ptt_with_unknowns() -> serde_json::Value {
    json!({
        "accessType": "ALLOW_MEMBERS",
        "allowAutoAnswer": false,
        "connectionType": "THREE_WAY",
        "members": [
            {"id": "m1", "displayName": "Ann", "type": "ROBOT", "numbers": [{"external": "+123456789012", "primary": true}]},
            {"id": "m2", "firstName": "Bo", "type": "PEOPLE", "futureMemberField": 7}
        ],
        "newTopLevelField": {"nested": [1, 2]}
    })
}

async fn put_bodies(server: &MockServer) -> Vec<serde_json::Value> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == "PUT")
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect()
}

#[tokio::test]
async fn get_and_update_both_settings_with_and_without_org_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(barge_in_path(PERSON)))
        .and(query_param_is_missing("orgId"))
        .respond_with(ResponseTemplate::new(200).set_body_json(barge_in_json()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(barge_in_path(PERSON)))
        .and(query_param("orgId", "ORG"))
        .and(body_json(json!({"toneEnabled": true})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(ptt_path(LINE)))
        .and(query_param("orgId", "DEFAULT_ORG"))
        .respond_with(ResponseTemplate::new(200).set_body_json(ptt_with_unknowns()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(ptt_path(LINE)))
        .and(query_param("orgId", "DEFAULT_ORG"))
        .and(body_json(json!({"members": []})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let webex = client(&server);
    let settings = webex.person(PERSON).barge_in().get().await.unwrap();
    assert!(settings.enabled && !settings.tone_enabled);
    webex
        .person(PERSON)
        .org_id("ORG")
        .barge_in()
        .update(&{
            let mut update = BargeInSettingsUpdate::default();
            update.tone_enabled = Some(true);
            update
        })
        .await
        .unwrap();

    let with_org = Webex::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .org_id("DEFAULT_ORG")
        .build()
        .unwrap();
    let ptt = with_org
        .virtual_line(LINE)
        .push_to_talk()
        .get()
        .await
        .unwrap();
    assert_eq!(ptt.members.len(), 2);
    assert_eq!(
        ptt.members[0].numbers[0].external.as_deref(),
        Some("+123456789012")
    );
    with_org
        .virtual_line(LINE)
        .push_to_talk()
        .update(&{
            let mut update = PushToTalkSettingsUpdate::default();
            update.members = Some(vec![]);
            update
        })
        .await
        .unwrap();
    server.verify().await;
}

#[tokio::test]
async fn ids_are_percent_encoded_in_paths() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/people/a%2Fb%3Fc/features/bargeIn"))
        .respond_with(ResponseTemplate::new(200).set_body_json(barge_in_json()))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .person("a/b?c")
        .barge_in()
        .get()
        .await
        .unwrap();
}

#[tokio::test]
async fn empty_or_blank_ids_are_rejected_before_any_request() {
    let server = MockServer::start().await;
    let webex = client(&server);
    let errors = [
        webex.person("").barge_in().get().await.unwrap_err(),
        webex
            .person("  \t")
            .barge_in()
            .update(&BargeInSettingsUpdate::default())
            .await
            .unwrap_err(),
        webex
            .person(PERSON)
            .org_id(" ")
            .barge_in()
            .get()
            .await
            .unwrap_err(),
        webex
            .virtual_line("")
            .push_to_talk()
            .get()
            .await
            .unwrap_err(),
        webex
            .virtual_line(" ")
            .push_to_talk()
            .modify(|_| {})
            .await
            .unwrap_err(),
        webex
            .virtual_line(LINE)
            .push_to_talk()
            .update(&{
                let mut update = PushToTalkSettingsUpdate::default();
                update.members = Some(vec![" ".into()]);
                update
            })
            .await
            .unwrap_err(),
    ];
    for error in &errors {
        assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
        assert!(error.to_string().contains("empty"), "{error}");
    }
    assert!(errors[0].to_string().contains("person id"));
    assert!(errors[3].to_string().contains("virtual line id"));
    assert_eq!(request_count(&server).await, 0);
    assert_eq!(webex.stats().requests, 0);
}

#[tokio::test]
async fn ids_a_url_cannot_carry_are_rejected_before_any_request() {
    let server = MockServer::start().await;
    let webex = client(&server);
    for id in [".", "..", "line\nbreak", "tab\there"] {
        let error = webex.person(id).barge_in().get().await.unwrap_err();
        assert!(
            matches!(error, Error::InvalidInput { .. }),
            "{id:?}: {error:?}"
        );
        assert!(error.to_string().contains("person id"), "{error}");
    }
    assert_eq!(request_count(&server).await, 0);
}

#[tokio::test]
async fn modify_sends_only_changed_fields_and_keeps_unknown_values() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ptt_path(LINE)))
        .respond_with(ResponseTemplate::new(200).set_body_json(ptt_with_unknowns()))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let ptt = client(&server).virtual_line(LINE).push_to_talk();

    let outcome = ptt.modify(|s| s.allow_auto_answer = true).await.unwrap();
    assert!(outcome.sent);
    assert_eq!(
        outcome.after.connection_type,
        PushToTalkConnectionType::Unknown("THREE_WAY".into())
    );
    assert_eq!(
        outcome.after.members[0].type_.as_ref().map(|t| t.as_str()),
        Some("ROBOT")
    );
    assert_eq!(
        outcome.after.extra["newTopLevelField"],
        json!({"nested": [1, 2]})
    );
    assert_eq!(
        outcome.after.members[1].extra["futureMemberField"],
        json!(7)
    );
    // The unknown values round-trip through serialisation unchanged.
    let round_trip = serde_json::to_value(&outcome.before).unwrap();
    assert_eq!(round_trip["connectionType"], "THREE_WAY");
    assert_eq!(round_trip["newTopLevelField"], json!({"nested": [1, 2]}));

    // Members are edited as objects and sent as the id list.
    let outcome = ptt
        .modify(|s| s.members.push(webex_calling::member("m3")))
        .await
        .unwrap();
    assert_eq!(
        outcome.update.unwrap().members,
        Some(vec!["m1".into(), "m2".into(), "m3".into()])
    );

    // Changing a member's display data only is not a change the API can take.
    let outcome = ptt
        .modify(|s| s.members[0].display_name = Some("Changed".into()))
        .await
        .unwrap();
    assert!(outcome.update.is_none() && !outcome.sent);

    // An unknown enum value is sent only when the edit changed it.
    ptt.modify(|s| s.connection_type = PushToTalkConnectionType::TwoWay)
        .await
        .unwrap();
    ptt.modify(|s| s.access_type = PushToTalkAccessType::Unknown("ALLOW_ALL".into()))
        .await
        .unwrap();
    ptt.modify(|s| s.members.clear()).await.unwrap();

    assert_eq!(
        put_bodies(&server).await,
        vec![
            json!({"allowAutoAnswer": true}),
            json!({"members": ["m1", "m2", "m3"]}),
            json!({"connectionType": "TWO_WAY"}),
            json!({"accessType": "ALLOW_ALL"}),
            json!({"members": []}),
        ]
    );
}

#[tokio::test]
async fn modify_without_changes_and_preview_never_put() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(barge_in_path(PERSON)))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"enabled": false, "toneEnabled": true, "future": 1})),
        )
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let barge_in = client(&server).person(PERSON).barge_in();

    let outcome = barge_in.modify(|s| s.tone_enabled = true).await.unwrap();
    assert!(outcome.update.is_none() && !outcome.sent && !outcome.changed());
    let plan = barge_in.preview(|s| s.enabled = true).await.unwrap();
    assert_eq!(
        plan.update,
        Some({
            let mut update = BargeInSettingsUpdate::default();
            update.enabled = Some(true);
            update
        })
    );
    assert!(!plan.sent);
    assert!(put_bodies(&server).await.is_empty());

    let outcome = barge_in.modify(|s| s.enabled = true).await.unwrap();
    assert!(outcome.sent);
    assert_eq!(outcome.after.extra["future"], json!(1));
    assert_eq!(put_bodies(&server).await, vec![json!({"enabled": true})]);
}

#[tokio::test]
async fn a_member_without_id_cannot_be_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(ptt_with_unknowns()))
        .mount(&server)
        .await;
    let ptt = client(&server).virtual_line(LINE).push_to_talk();
    let error = ptt
        .modify(|s| {
            let mut member = webex_calling::member("x");
            member.id = None;
            s.members.push(member);
        })
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
    assert!(put_bodies(&server).await.is_empty());
}

async fn error_for(response: ResponseTemplate) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(response)
        .mount(&server)
        .await;
    client_with(&server, RetryPolicy::none())
        .person(PERSON)
        .barge_in()
        .get()
        .await
        .unwrap_err()
}

#[tokio::test]
async fn a_refusal_names_the_call_and_a_kind_the_id_contradicts() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Not found"})))
        .mount(&server)
        .await;
    let mut update = webex_calling::types::BargeInSettingsUpdate::default();
    update.enabled = Some(true);
    // A person's id, asked of as a workspace.
    let error = client_with(&server, RetryPolicy::none())
        .workspace(PERSON)
        .barge_in()
        .update(&update)
        .await
        .unwrap_err();
    let shown = error.to_string();
    assert!(
        shown.starts_with(&format!(
            "update barge-in of workspace {PERSON} (the id is a person's): HTTP 404"
        )),
        "{shown}"
    );
    // The message alone, as records carry it, leaves the call out.
    assert_eq!(error.message(), "Not found");
}

#[tokio::test]
async fn both_error_shapes_parse() {
    let flat = error_for(ResponseTemplate::new(404).set_body_json(json!({
        "message": "Person not found",
        "errors": [{"description": "Person not found", "errorCode": 4008}],
        "trackingId": "ROUTER_123"
    })))
    .await;
    let api = flat.api().unwrap();
    assert_eq!((api.status, api.kind), (404, ApiErrorKind::NotFound));
    assert_eq!(api.message, "Person not found");
    assert_eq!(api.error_codes, vec![4008]);
    assert_eq!(flat.tracking_id(), Some("ROUTER_123"));
    // The message names the call it came from.
    assert_eq!(
        flat.to_string(),
        format!(
            "get barge-in of person {PERSON}: HTTP 404 Not Found: Person not found (error code 4008) [tracking id ROUTER_123]"
        )
    );
    let call = flat.call().expect("the call of a setting");
    assert_eq!(
        (call.operation, call.setting, call.id.as_str()),
        ("get", "barge-in", PERSON)
    );

    let nested = error_for(ResponseTemplate::new(409).set_body_json(json!({
        "error": {"key": "409", "message": [{"description": "Conflict with current state", "code": 25008}]},
        "trackingId": "ROUTER_456"
    })))
    .await;
    let api = nested.api().unwrap();
    assert_eq!(api.kind, ApiErrorKind::Conflict);
    assert_eq!(api.message, "Conflict with current state");
    assert_eq!(api.error_codes, vec![25008]);
    assert!(
        nested.to_string().ends_with("[tracking id ROUTER_456]"),
        "{nested}"
    );
}

#[tokio::test]
async fn missing_fields_and_non_json_bodies_still_give_good_errors() {
    let empty = error_for(ResponseTemplate::new(403).set_body_json(json!({}))).await;
    assert_eq!(empty.api().unwrap().message, "Forbidden");
    // With no tracking id in the body, the one this crate sent is reported.
    assert!(
        empty
            .tracking_id()
            .is_some_and(|id| id.starts_with("test_")),
        "{empty:?}"
    );

    let html = error_for(
        ResponseTemplate::new(502).set_body_string("<html><body>Bad Gateway</body></html>"),
    )
    .await;
    let api = html.api().unwrap();
    assert_eq!(api.kind, ApiErrorKind::BadGateway);
    assert!(api.message.contains("Bad Gateway"), "{html}");
    assert!(html.to_string().contains("[tracking id test_"), "{html}");

    let header_id =
        error_for(ResponseTemplate::new(500).insert_header("TrackingID", "HDR_1")).await;
    assert_eq!(header_id.tracking_id(), Some("HDR_1"));

    let odd = error_for(ResponseTemplate::new(418).set_body_string("teapot")).await;
    assert_eq!(odd.status(), Some(418));
    assert_eq!(odd.api().unwrap().kind, ApiErrorKind::Other(418));
}

#[tokio::test]
async fn an_undecodable_success_body_is_a_decode_error() {
    let error =
        error_for(ResponseTemplate::new(200).set_body_string("{\"enabled\": \"yes\"")).await;
    match &error {
        Error::Decode {
            body_excerpt,
            tracking_id,
            ..
        } => {
            assert!(body_excerpt.contains("\"enabled\""), "{body_excerpt}");
            assert!(
                tracking_id
                    .as_deref()
                    .is_some_and(|id| id.starts_with("test_"))
            );
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(!error.is_retryable());
    assert!(error.to_string().contains("tracking id"), "{error}");
}

#[tokio::test]
async fn a_put_answered_with_200_counts_as_success() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    client(&server)
        .person(PERSON)
        .barge_in()
        .update(&{
            let mut update = BargeInSettingsUpdate::default();
            update.enabled = Some(false);
            update
        })
        .await
        .unwrap();
}

/// The client and every future it returns can move between threads, so they
/// work with `tokio::spawn` and multi-threaded runtimes.
#[test]
fn clients_and_futures_are_send_and_sync() {
    fn send_sync<T: Send + Sync>(_: &T) {}
    fn send<T: Send>(_: &T) {}
    let webex = Webex::builder().token(TOKEN).build().unwrap();
    send_sync(&webex);
    let barge_in = webex.person(PERSON).barge_in();
    let ptt = webex.virtual_line(LINE).push_to_talk();
    send_sync(&barge_in);
    send(&barge_in.get());
    send(&barge_in.update(&BargeInSettingsUpdate::default()));
    send(&barge_in.modify(|s| s.enabled = true));
    send(&ptt.get());
    send(&ptt.preview(|s| s.members.clear()));
    let stream = webex.bulk(
        vec![PERSON.to_string()],
        Default::default(),
        |webex, id| async move { webex.person(id).barge_in().get().await },
    );
    send(&stream);
}

#[tokio::test]
async fn every_request_names_the_client_in_its_user_agent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(barge_in_path(PERSON)))
        .respond_with(ResponseTemplate::new(200).set_body_json(barge_in_json()))
        .mount(&server)
        .await;
    let default = client(&server);
    let custom = Webex::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .user_agent("nightly-sync/2.1")
        .build()
        .expect("client builds");
    // The caller's client keeps its own user agent unless one is set here,
    // which then wins.
    let caller_http = || {
        webex_calling::http_client_builder(&server.uri())
            .expect("a loopback base URL")
            .user_agent("caller-tool/1.0")
            .build()
            .expect("reqwest client builds")
    };
    let caller = Webex::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .http_client(caller_http())
        .build()
        .expect("client builds");
    let caller_overridden = Webex::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .http_client(caller_http())
        .user_agent("nightly-sync/2.1")
        .build()
        .expect("user_agent applies to a caller's client too");
    for webex in [&default, &custom, &caller, &caller_overridden] {
        webex.person(PERSON).barge_in().get().await.expect("a read");
    }
    let default_agent = format!("webex-calling-rs/{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(
        header_of_each_request(&server, "user-agent").await,
        [
            Some(default_agent.as_str()),
            Some("nightly-sync/2.1"),
            Some("caller-tool/1.0"),
            Some("nightly-sync/2.1"),
        ]
        .map(|agent| agent.map(str::to_owned))
    );
}

#[test]
fn a_user_agent_that_cannot_be_a_header_is_a_config_error() {
    let error = Webex::builder()
        .token(TOKEN)
        .user_agent("tool/1.0\nX-Injected: yes")
        .build()
        .expect_err("a line break cannot be sent in a header");
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
    assert!(error.to_string().contains("user agent"), "{error}");
}
