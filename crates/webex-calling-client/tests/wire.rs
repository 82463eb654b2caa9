//! The generated client against a local HTTP mock (wiremock): what goes on the
//! wire, what comes back, and how errors surface.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use webex_calling_client::types::{
    BargeInSettingsUpdate, MemberType, PushToTalkAccessType, PushToTalkConnectionType,
    PushToTalkSettings, PushToTalkSettingsUpdate, WebexErrorCode, WebexErrorDetails,
};
use webex_calling_client::{Client, Error, RequestContext};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "test-token-do-not-leak";
const SEED_PERSON: &str =
    "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xMWEzZjk5MC1hNjg5LTQ3N2QtYmU2Yi03MTIwMDI1ZDhhYmI";
const SEED_ORG: &str =
    "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi85NmFiYzJhYS0zZGNjLTExZTUtYTE1Mi1mZTM0ODE5Y2RjOWE";
const SEED_PUSH_TO_TALK: &str = r#"{ "allowAutoAnswer": true, "connectionType": "ONE_WAY", "accessType": "ALLOW_MEMBERS", "members": [ { "id": "Y2lzY29zcGFyazovL3VzL1BFT1BMRS82MWU3MDlkNy1hM2IxLTQ2MDctOTBiOC04NmE5MDgxYWFkNmE", "lastName": "Little", "firstName": "Alice", "displayName": "Alice Little", "type": "PEOPLE", "email": "alice@example.com", "numbers": [ { "external": "+19845551088", "extension": "1088", "routingPrefix": "1234", "esn": "12341088", "primary": true } ] }, { "id": "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9jMTQzMzhkNS02YTdjLTRiZjYtOTFiMS0zYmM2ZWMzMGJiMTE", "lastName": "Johnson", "firstName": "Bob", "displayName": "Bob Johnson", "type": "PEOPLE", "email": "bob@example.com", "numbers": [ { "external": "+198455501099", "extension": "1099", "routingPrefix": "1234", "esn": "12341099", "primary": true } ] } ] }"#;

const DOCUMENTED_ERRORS: [u16; 15] = [
    400, 401, 403, 404, 405, 409, 410, 415, 423, 428, 429, 500, 502, 503, 504,
];

fn client(server: &MockServer) -> Client {
    Client::new_with_client(
        &format!("{}/v1", server.uri()),
        reqwest::Client::new(),
        RequestContext::with_bearer_token(TOKEN),
    )
}

fn only_request(requests: &[Request]) -> &Request {
    assert_eq!(requests.len(), 1, "expected exactly one request");
    &requests[0]
}

#[tokio::test]
async fn get_barge_in_sends_method_path_query_auth_and_tracking_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/people/{SEED_PERSON}/features/bargeIn")))
        .and(query_param("orgId", SEED_ORG))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("TrackingID", "client_123"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{ "enabled": true, "toneEnabled": true }"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;

    let settings = client(&server)
        .get_person_barge_in(SEED_PERSON, Some(SEED_ORG), Some("client_123"))
        .await
        .expect("seed example decodes")
        .into_inner();
    assert!(settings.enabled);
    assert!(settings.tone_enabled);
    assert!(settings.extra.is_empty());

    let requests = server.received_requests().await.unwrap();
    let request = only_request(&requests);
    assert!(
        request.headers.get("api-version").is_none(),
        "Webex defines no api-version header; the generated code must not send it"
    );
}

#[tokio::test]
async fn org_id_is_omitted_when_not_given() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"enabled": false, "toneEnabled": false})),
        )
        .mount(&server)
        .await;
    client(&server)
        .get_person_barge_in("abc", None, None)
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let request = only_request(&requests);
    assert_eq!(request.url.query(), None);
    assert!(request.headers.get("TrackingID").is_none());
}

#[tokio::test]
async fn update_barge_in_sends_only_the_given_fields() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/people/p1/features/bargeIn"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"toneEnabled": false})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let body = {
        let mut update = BargeInSettingsUpdate::default();
        update.tone_enabled = Some(false);
        update
    };
    let response = client(&server)
        .update_person_barge_in("p1", None, None, &body)
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
}

#[tokio::test]
async fn get_push_to_talk_decodes_the_seed_example() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/telephony/config/virtualLines/vl1/pushToTalk"))
        .and(query_param("orgId", "org1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(SEED_PUSH_TO_TALK, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let settings = client(&server)
        .get_virtual_line_push_to_talk("vl1", Some("org1"), None)
        .await
        .unwrap()
        .into_inner();
    assert!(settings.allow_auto_answer);
    assert_eq!(settings.connection_type, PushToTalkConnectionType::OneWay);
    assert_eq!(settings.access_type, PushToTalkAccessType::AllowMembers);
    assert_eq!(settings.members.len(), 2);
    let bob = &settings.members[1];
    assert_eq!(bob.display_name.as_deref(), Some("Bob Johnson"));
    assert_eq!(bob.type_, Some(MemberType::People));
    assert_eq!(bob.numbers[0].external.as_deref(), Some("+198455501099"));
    assert_eq!(bob.numbers[0].primary, Some(true));
    // Nothing is lost: re-serialising gives the document back.
    let original: Value = serde_json::from_str(SEED_PUSH_TO_TALK).unwrap();
    assert_eq!(serde_json::to_value(&settings).unwrap(), original);
}

#[tokio::test]
async fn update_push_to_talk_sends_member_ids_and_can_clear_them() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/telephony/config/virtualLines/vl1/pushToTalk"))
        .and(body_json(
            json!({"connectionType": "TWO_WAY", "members": ["m1", "m2"]}),
        ))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/v1/telephony/config/virtualLines/vl2/pushToTalk"))
        .and(body_json(json!({"members": []})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    // Built in one expression with the generated setters.
    let change = PushToTalkSettingsUpdate::default()
        .with_connection_type(PushToTalkConnectionType::TwoWay)
        .with_members(vec!["m1".into(), "m2".into()]);
    client
        .update_virtual_line_push_to_talk("vl1", None, None, &change)
        .await
        .unwrap();
    let clear = {
        let mut update = PushToTalkSettingsUpdate::default();
        update.members = Some(Vec::new());
        update
    };
    client
        .update_virtual_line_push_to_talk("vl2", None, None, &clear)
        .await
        .unwrap();
}

#[tokio::test]
async fn awkward_ids_reach_the_server_exactly() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"enabled": true, "toneEnabled": true})),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let ids = [
        "a/b",
        "what?x=1",
        "hash#tag",
        "100%",
        "with space",
        "ünïcødé-名前",
        "all/?#% mixed ✓",
        "back\\slash",
    ];
    for id in ids {
        client.get_person_barge_in(id, None, None).await.unwrap();
    }
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), ids.len());
    for (id, request) in ids.iter().zip(&requests) {
        let raw_path = request.url.path();
        let segments: Vec<&str> = raw_path.split('/').collect();
        assert_eq!(
            segments.len(),
            6,
            "id {id:?} must stay one path segment, got {raw_path}"
        );
        assert_eq!(segments[5], "bargeIn");
        let decoded = percent_encoding::percent_decode_str(segments[3])
            .decode_utf8()
            .unwrap();
        assert_eq!(&decoded, id, "server saw a different id");
        assert!(
            request.url.query().is_none(),
            "id {id:?} leaked into the query"
        );
    }
}

#[tokio::test]
async fn unknown_enum_values_and_fields_decode_and_survive_reserialisation() {
    let server = MockServer::start().await;
    let body = json!({
        "allowAutoAnswer": false,
        "connectionType": "THREE_WAY",
        "accessType": "ALLOW_MEMBERS",
        "futureField": {"nested": [1, 2]},
        "members": [{"id": "m1", "type": "HOLOGRAM", "newMemberField": true}]
    });
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body.clone()))
        .mount(&server)
        .await;
    let settings: PushToTalkSettings = client(&server)
        .get_virtual_line_push_to_talk("vl", None, None)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        settings.connection_type,
        PushToTalkConnectionType::Unknown("THREE_WAY".into())
    );
    assert!(!settings.connection_type.is_known());
    assert_eq!(settings.connection_type.to_string(), "THREE_WAY");
    assert_eq!(
        settings.members[0].type_,
        Some(MemberType::Unknown("HOLOGRAM".into()))
    );
    assert_eq!(settings.extra["futureField"], json!({"nested": [1, 2]}));
    assert_eq!(serde_json::to_value(&settings).unwrap(), body);

    // An unknown value can be sent back as it came.
    let echo = {
        let mut update = PushToTalkSettingsUpdate::default();
        update.connection_type = Some(settings.connection_type.clone());
        update
    };
    assert_eq!(
        serde_json::to_value(&echo).unwrap(),
        json!({"connectionType": "THREE_WAY"})
    );
}

fn expect_error_response(
    error: Error<webex_calling_client::types::WebexError>,
    status: u16,
) -> progenitor_client::ResponseValue<webex_calling_client::types::WebexError> {
    match error {
        Error::ErrorResponse(response) => {
            assert_eq!(response.status().as_u16(), status);
            response
        }
        other => panic!("status {status}: expected ErrorResponse, got {other:?}"),
    }
}

#[tokio::test]
async fn every_documented_error_status_surfaces_with_status_and_flat_body() {
    let server = MockServer::start().await;
    for status in DOCUMENTED_ERRORS {
        Mock::given(method("GET"))
            .and(path(format!("/v1/people/p{status}/features/bargeIn")))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("TrackingID", format!("ROUTER_{status}").as_str())
                    .insert_header("Retry-After", "7")
                    .set_body_json(json!({
                        "message": format!("failure {status}"),
                        "errors": [{"description": "detail", "errorCode": 4008}],
                        "trackingId": format!("ROUTER_{status}")
                    })),
            )
            .mount(&server)
            .await;
    }
    let client = client(&server);
    for status in DOCUMENTED_ERRORS {
        let error = client
            .get_person_barge_in(&format!("p{status}"), None, None)
            .await
            .unwrap_err();
        let response = expect_error_response(error, status);
        assert_eq!(response.headers()["retry-after"], "7");
        let body = response.into_inner();
        assert_eq!(
            body.message.as_deref(),
            Some(format!("failure {status}").as_str())
        );
        assert_eq!(body.errors[0].error_code, Some(WebexErrorCode::Int64(4008)));
        assert_eq!(
            body.tracking_id.as_deref(),
            Some(format!("ROUTER_{status}").as_str())
        );
    }
}

#[tokio::test]
async fn nested_error_shape_is_parsed() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "error": {"key": "404", "message": [{"description": "Person not found", "code": 4008}]},
            "trackingId": "ROUTER_X"
        })))
        .mount(&server)
        .await;
    let error = client(&server)
        .update_person_barge_in("p", None, None, &BargeInSettingsUpdate::default())
        .await
        .unwrap_err();
    let body = expect_error_response(error, 404).into_inner();
    let Some(WebexErrorDetails::WebexErrorDetail(detail)) = body.error else {
        panic!("a nested error object: {:?}", body.error);
    };
    assert_eq!(detail.key.as_deref(), Some("404"));
    assert_eq!(
        detail.message[0].description.as_deref(),
        Some("Person not found")
    );
    assert_eq!(detail.message[0].code, Some(WebexErrorCode::Int64(4008)));
    assert_eq!(body.tracking_id.as_deref(), Some("ROUTER_X"));
}

#[tokio::test]
async fn error_lists_string_codes_and_top_level_codes_are_parsed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": [{"key": "400", "message": [{"description": "bad", "code": "25008"}]}],
            "errorCode": 25008,
            "trackingId": "ROUTER_Y"
        })))
        .mount(&server)
        .await;
    let error = client(&server)
        .get_person_barge_in("p", None, None)
        .await
        .unwrap_err();
    let body = expect_error_response(error, 400).into_inner();
    let Some(WebexErrorDetails::Array(details)) = body.error else {
        panic!("a list of error objects: {:?}", body.error);
    };
    assert_eq!(
        details[0].message[0].code,
        Some(WebexErrorCode::String("25008".into()))
    );
    assert_eq!(body.error_code, Some(WebexErrorCode::Int64(25008)));
}

#[tokio::test]
async fn non_json_and_oddly_typed_error_bodies_keep_their_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/people/html/features/bargeIn"))
        .respond_with(
            ResponseTemplate::new(502)
                .insert_header("Retry-After", "rand(30),add(30)")
                .set_body_raw("<html><body>502 Bad Gateway</body></html>", "text/html"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/people/typed/features/bargeIn"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(
                json!({"message": "bad", "errors": [{"errorCode": {"not-a": "code"}}]}),
            ),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/people/empty/features/bargeIn"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = client(&server);

    let error = client
        .get_person_barge_in("html", None, None)
        .await
        .unwrap_err();
    let response = expect_error_response(error, 502);
    assert_eq!(response.headers()["retry-after"], "rand(30),add(30)");
    assert_eq!(
        response.into_inner().message.as_deref(),
        Some("<html><body>502 Bad Gateway</body></html>")
    );

    let error = client
        .get_person_barge_in("typed", None, None)
        .await
        .unwrap_err();
    let message = expect_error_response(error, 400)
        .into_inner()
        .message
        .unwrap();
    assert!(message.contains("not-a"), "{message}");

    let error = client
        .get_person_barge_in("empty", None, None)
        .await
        .unwrap_err();
    let message = expect_error_response(error, 503)
        .into_inner()
        .message
        .unwrap();
    assert_eq!(message, "(empty response body)");
}

#[tokio::test]
async fn malformed_success_body_is_a_payload_error_with_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("{\"enabled\": tru", "application/json"),
        )
        .mount(&server)
        .await;
    match client(&server).get_person_barge_in("p", None, None).await {
        Err(Error::InvalidResponsePayload(body, _)) => assert_eq!(&body[..], b"{\"enabled\": tru"),
        other => panic!("expected InvalidResponsePayload, got {other:?}"),
    }
}

#[tokio::test]
async fn default_context_relies_on_the_callers_default_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer from-default-headers"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"enabled": true, "toneEnabled": false})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        "Bearer from-default-headers".parse().unwrap(),
    );
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = Client::new_with_client(
        &format!("{}/v1", server.uri()),
        http,
        RequestContext::default(),
    );
    let settings = client
        .get_person_barge_in("p", None, None)
        .await
        .unwrap()
        .into_inner();
    assert!(!settings.tone_enabled);
}

#[test]
fn debug_output_never_shows_the_token() {
    let client = Client::new_with_client(
        "http://127.0.0.1:1/v1",
        reqwest::Client::new(),
        RequestContext::with_bearer_token(TOKEN),
    );
    let debug = format!("{client:?}");
    assert!(!debug.contains(TOKEN), "{debug}");
    assert!(debug.contains("<redacted>"), "{debug}");
}

#[tokio::test]
async fn a_token_that_cannot_be_a_header_is_refused_before_sending() {
    let server = MockServer::start().await;
    let client = Client::new_with_client(
        &format!("{}/v1", server.uri()),
        reqwest::Client::new(),
        RequestContext::with_bearer_token("line\nbreak"),
    );
    match client.get_person_barge_in("p", None, None).await {
        Err(Error::InvalidRequest(message)) => {
            assert!(message.contains("access token"), "{message}");
            assert!(
                !message.contains("line\nbreak"),
                "the token must not be echoed"
            );
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_context_user_agent_replaces_the_reqwest_clients() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("user-agent", "context-agent/1.0"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{ "enabled": true, "toneEnabled": false }"#,
            "application/json",
        ))
        .expect(2)
        .mount(&server)
        .await;
    let context = RequestContext::with_bearer_token(TOKEN).with_user_agent(
        reqwest::header::HeaderValue::from_static("context-agent/1.0"),
    );
    // With and without a default user agent on the reqwest client.
    for http in [
        reqwest::Client::new(),
        reqwest::Client::builder()
            .user_agent("reqwest-agent/9")
            .build()
            .expect("reqwest client builds"),
    ] {
        let client =
            Client::new_with_client(&format!("{}/v1", server.uri()), http, context.clone());
        client
            .get_person_barge_in("p", None, None)
            .await
            .expect("the request carries the context's user agent");
    }
}
