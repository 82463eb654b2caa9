//! The mock server against the spec: every response it gives for every operation
//! and documented status validates against the spec's schema for that operation
//! and status, and the seed documents' example URLs return their example bodies.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use contract_tests::{
    Shape, SpecOperation, setting, spec_json, spec_operations, target_ids, valid_body,
    validation_errors, validator_for,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use webex_calling_mock::{MockServer, seed_examples};

const RW_TOKEN: &str = "contract-rw-token";
const RO_TOKEN: &str = "contract-ro-token";
const DOCUMENTED_ERRORS: [u16; 15] = [
    400, 401, 403, 404, 405, 409, 410, 415, 423, 428, 429, 500, 502, 503, 504,
];

/// Every operation of the spec: a new one is checked without editing a list.
fn operations() -> Vec<SpecOperation> {
    spec_operations(&spec_json().unwrap()).unwrap()
}

/// The fields of the setting the operation changes.
fn fields(op: &SpecOperation) -> &'static [webex_calling::Field] {
    match op.shape {
        Shape::Read(_, name) | Shape::Configure(_, name) => setting(name).map_or(&[], |s| s.fields),
        Shape::List(_) => &[],
    }
}

/// A body the operation accepts: every field (a workspace barge-in update needs `enabled`).
fn body_for(op: &SpecOperation) -> Value {
    valid_body(fields(op))
}

/// A target the operation works on.
fn target(op: &SpecOperation, server: &MockServer) -> String {
    target_ids(server, op.kind())[1].clone()
}

fn is_write(op: &SpecOperation) -> bool {
    op.method == "put"
}

/// Checks one response against what the spec declares for (operation, status).
struct SpecChecker {
    spec: Value,
}

impl SpecChecker {
    fn new() -> Self {
        Self {
            spec: spec_json().unwrap(),
        }
    }

    fn declared(&self, op: &SpecOperation, status: u16) -> Value {
        let pointer_path = op.path.replace('~', "~0").replace('/', "~1");
        let response = self
            .spec
            .pointer(&format!(
                "/paths/{pointer_path}/{}/responses/{status}",
                op.method
            ))
            .unwrap_or_else(|| panic!("{} does not declare {status}", op.name()))
            .clone();
        match response.get("$ref").and_then(Value::as_str) {
            Some(reference) => self.spec.pointer(&reference[1..]).unwrap().clone(),
            None => response,
        }
    }

    async fn check(&self, op: &SpecOperation, response: reqwest::Response, context: &str) -> Value {
        let status = response.status().as_u16();
        let declared = self.declared(op, status);
        let headers = response.headers().clone();
        assert!(
            headers.contains_key("trackingid"),
            "{context}: {} {status} lacks a TrackingID header",
            op.name()
        );
        let body = response.bytes().await.unwrap();
        let schema_ref = declared
            .pointer("/content/application~1json/schema/$ref")
            .and_then(Value::as_str);
        let Some(schema_ref) = schema_ref else {
            assert!(body.is_empty(), "{context}: {status} must have no body");
            return Value::Null;
        };
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(
            content_type.starts_with("application/json"),
            "{context}: {status} content type {content_type:?}"
        );
        let value: Value = serde_json::from_slice(&body)
            .unwrap_or_else(|e| panic!("{context}: {status} body is not JSON ({e}): {body:?}"));
        let validator = validator_for(&self.spec, &schema_ref[1..]).unwrap();
        let errors = validation_errors(&validator, &value);
        assert!(
            errors.is_empty(),
            "{context}: {} {status} body does not match {schema_ref}: {errors:?}\n{value}",
            op.name()
        );
        if status >= 400 {
            assert!(
                value.get("trackingId").and_then(Value::as_str).is_some(),
                "{context}: error body without trackingId: {value}"
            );
        }
        value
    }
}

async fn start_mock() -> MockServer {
    MockServer::builder()
        .token(RW_TOKEN)
        .read_only_token(RO_TOKEN)
        .people(5)
        .workspaces(5)
        .virtual_lines(5)
        .start()
        .await
        .unwrap()
}

fn request(
    http: &reqwest::Client,
    server: &MockServer,
    op: &SpecOperation,
    id: &str,
) -> reqwest::RequestBuilder {
    let url = op.url(&server.base_url(), id);
    let method = Method::from_bytes(op.method.to_uppercase().as_bytes()).unwrap();
    let builder = http.request(method, url).bearer_auth(RW_TOKEN);
    if is_write(op) {
        builder.json(&body_for(op))
    } else {
        builder
    }
}

#[tokio::test]
async fn every_operation_and_documented_status_matches_the_spec() {
    let server = start_mock().await;
    let checker = SpecChecker::new();
    let http = reqwest::Client::new();
    for op in operations() {
        let id = target(&op, &server);
        let response = request(&http, &server, &op, &id).send().await.unwrap();
        assert_eq!(response.status().as_u16(), op.success(), "{}", op.name());
        checker.check(&op, response, "success").await;

        for status in DOCUMENTED_ERRORS {
            let retry_after = [423, 429, 503].contains(&status).then_some("3");
            op.fail_next(&server, &id, status, 1, retry_after);
            let response = request(&http, &server, &op, &id).send().await.unwrap();
            assert_eq!(
                response.status().as_u16(),
                status,
                "{} forced {status}",
                op.name()
            );
            if let Some(expected) = retry_after {
                assert_eq!(response.headers()["retry-after"], expected);
            }
            checker.check(&op, response, "forced").await;
        }
    }
}

#[tokio::test]
async fn naturally_caused_errors_match_the_spec() {
    let server = start_mock().await;
    let checker = SpecChecker::new();
    let http = reqwest::Client::new();
    for op in operations() {
        let id = target(&op, &server);
        let url = op.url(&server.base_url(), &id);
        let is_list = matches!(op.shape, Shape::List(_));
        let method = Method::from_bytes(op.method.to_uppercase().as_bytes()).unwrap();

        // 401: no token, and a token the mock does not know.
        let response = http.request(method.clone(), &url).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{}", op.name());
        checker.check(&op, response, "no token").await;
        let response = http
            .request(method.clone(), &url)
            .bearer_auth("not-a-known-token")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        checker.check(&op, response, "unknown token").await;

        // 404: unknown id (a listing has none), and an organization other
        // than the mock's.
        if !is_list {
            let response = request(&http, &server, &op, "no-such-id")
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{}", op.name());
            checker.check(&op, response, "unknown id").await;
        }
        let response = request(&http, &server, &op, &id)
            .query(&[("orgId", "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9vdGhlcg")])
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::NOT_FOUND,
            "{} other org",
            op.name()
        );
        checker.check(&op, response, "other org").await;

        if is_write(&op) {
            // 403: a read-only token may not write.
            let response = http
                .put(&url)
                .bearer_auth(RO_TOKEN)
                .json(&body_for(&op))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{}", op.name());
            checker.check(&op, response, "read-only token").await;

            // 415: no JSON content type.
            let response = http
                .put(&url)
                .bearer_auth(RW_TOKEN)
                .header("content-type", "text/plain")
                .body(body_for(&op).to_string())
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
            checker.check(&op, response, "text/plain").await;

            // 400: malformed JSON, a wrong type, an unknown enum value.
            let field = fields(&op)
                .first()
                .map(|field| field.name)
                .expect("a setting has fields");
            let bad_bodies = [
                ("{\"enabled\": tru".to_owned(), None),
                (json!({ field: 42 }).to_string(), Some(field)),
            ];
            for (body, named) in bad_bodies {
                let response = http
                    .put(&url)
                    .bearer_auth(RW_TOKEN)
                    .header("content-type", "application/json")
                    .body(body.clone())
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
                let value = checker.check(&op, response, "bad body").await;
                if let Some(named) = named {
                    assert!(
                        value.to_string().contains(named),
                        "400 must name {named}: {value}"
                    );
                }
            }
            if matches!(op.shape, Shape::Configure(_, "push-to-talk")) {
                for (body, status, named) in [
                    (
                        json!({"accessType": "LET_EVERYONE_IN"}),
                        StatusCode::BAD_REQUEST,
                        "accessType",
                    ),
                    // A well-formed id that names nothing: a missing resource.
                    (
                        json!({"members": ["no-such-member"]}),
                        StatusCode::NOT_FOUND,
                        "no-such-member",
                    ),
                ] {
                    let response = http
                        .put(&url)
                        .bearer_auth(RW_TOKEN)
                        .json(&body)
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(response.status(), status, "{body}");
                    let value = checker.check(&op, response, "bad value").await;
                    assert!(
                        value.to_string().contains(named),
                        "{status} must name {named}: {value}"
                    );
                }
            }
        } else {
            // 405: a method the path does not support.
            let response = http.post(&url).bearer_auth(RW_TOKEN).send().await.unwrap();
            assert_eq!(
                response.status(),
                StatusCode::METHOD_NOT_ALLOWED,
                "{}",
                op.name()
            );
            checker.check(&op, response, "POST").await;
        }
    }
}

/// A successful GET's JSON body, with any bearer token (the default mock accepts all).
async fn get_json(http: &reqwest::Client, url: &str) -> Value {
    http.get(url)
        .bearer_auth("any-token")
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn seed_document_example_urls_return_the_seed_bodies() {
    let server = MockServer::start().await.unwrap();
    let http = reqwest::Client::new();
    let origin = server.base_url().trim_end_matches("/v1").to_owned();
    // Seed 1's example request URL, with only the host swapped.
    let seed_url = "https://webexapis.com/v1/people/Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xMWEzZjk5MC1hNjg5LTQ3N2QtYmU2Yi03MTIwMDI1ZDhhYmI/features/bargeIn?orgId=Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi85NmFiYzJhYS0zZGNjLTExZTUtYTE1Mi1mZTM0ODE5Y2RjOWE";
    let url = seed_url.replace("https://webexapis.com", &origin);
    let body = get_json(&http, &url).await;
    assert_eq!(body, json!({"enabled": true, "toneEnabled": true}));

    // Seed 2 shows no id in its URL; the mock serves its body for the documented line.
    let url = format!(
        "{}/telephony/config/virtualLines/{}/pushToTalk",
        server.base_url(),
        seed_examples::VIRTUAL_LINE_ID
    );
    let body = get_json(&http, &url).await;
    let expected: Value = serde_json::from_str(seed_examples::PUSH_TO_TALK_BODY).unwrap();
    assert_eq!(body, expected);
    // And the constant really is seed 2's example, as the spec records it.
    let spec = spec_json().unwrap();
    let spec_example = spec
        .pointer("/paths/~1telephony~1config~1virtualLines~1{virtualLineId}~1pushToTalk/get/responses/200/content/application~1json/example")
        .unwrap();
    assert_eq!(&expected, spec_example);
}
