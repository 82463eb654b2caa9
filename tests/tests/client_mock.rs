//! The ergonomic client against the project's mock server: every operation times
//! every documented status, asserting the error a user of `webex-calling` gets.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use contract_tests::{Shape, SpecOperation, spec_json, spec_operations, target_ids};
use futures::TryStreamExt;
use std::time::Duration;
use webex_calling::{ApiErrorKind, Error, Kind, RetryPolicy, Webex};
use webex_calling_mock::{MockServer, seed_examples};

const TOKEN: &str = "contract-client-token";
const DOCUMENTED_ERRORS: [(u16, ApiErrorKind); 15] = [
    (400, ApiErrorKind::BadRequest),
    (401, ApiErrorKind::Unauthorized),
    (403, ApiErrorKind::Forbidden),
    (404, ApiErrorKind::NotFound),
    (405, ApiErrorKind::MethodNotAllowed),
    (409, ApiErrorKind::Conflict),
    (410, ApiErrorKind::Gone),
    (415, ApiErrorKind::UnsupportedMediaType),
    (423, ApiErrorKind::Locked),
    (428, ApiErrorKind::PreconditionRequired),
    (429, ApiErrorKind::TooManyRequests),
    (500, ApiErrorKind::InternalServerError),
    (502, ApiErrorKind::BadGateway),
    (503, ApiErrorKind::ServiceUnavailable),
    (504, ApiErrorKind::GatewayTimeout),
];

/// Every operation of the spec: a new one is called here without editing a list.
fn operations() -> Vec<SpecOperation> {
    spec_operations(&spec_json().unwrap()).unwrap()
}

/// Ids to call `operation` with: its kind's targets (ignored by listings,
/// whose faults are queued per listing; the index still says which case).
fn ids(operation: &SpecOperation, server: &MockServer) -> Vec<String> {
    target_ids(server, operation.kind())
}

async fn mock() -> MockServer {
    MockServer::builder()
        .people(40)
        .workspaces(40)
        .virtual_lines(40)
        .start()
        .await
        .unwrap()
}

fn client(server: &MockServer, policy: RetryPolicy) -> Webex {
    Webex::builder()
        .token(TOKEN)
        .base_url(server.base_url())
        .retry_policy(policy)
        .build()
        .unwrap()
}

#[tokio::test]
async fn every_operation_and_documented_status_gives_a_typed_api_error() {
    let server = mock().await;
    let webex = client(&server, RetryPolicy::none());
    for operation in operations() {
        let name = operation.name();
        let ids = ids(&operation, &server);
        operation.call(&webex, &ids[1]).await.unwrap_or_else(|e| {
            panic!("{name} should succeed against the mock: {e}");
        });
        for (index, (status, kind)) in DOCUMENTED_ERRORS.into_iter().enumerate() {
            // A fresh id per status, so no queued fault outlives its case
            // (a listing's faults are per listing: exactly one is queued).
            let id = &ids[2 + index];
            let retry_after = [423, 429, 503].contains(&status).then_some("3");
            let times = if matches!(operation.shape, Shape::List(_)) {
                1
            } else {
                2
            };
            operation.fail_next(&server, id, status, times, retry_after);
            server.clear_request_log();
            // A fresh client per case: a 429 closes the client-wide gate for its
            // Retry-After, which would otherwise delay the next case.
            let webex = client(&server, RetryPolicy::none());
            let error = operation
                .call(&webex, id)
                .await
                .expect_err("forced failure");
            let context = format!("{name} {status}");
            let Error::Api(api) = &error else {
                panic!("{context}: expected an API error, got {error:?}");
            };
            assert_eq!(api.status, status, "{context}");
            assert_eq!(api.kind, kind, "{context}");
            assert!(!api.message.is_empty(), "{context}: empty message");
            assert!(
                !api.error_codes.is_empty(),
                "{context}: the mock sends an errorCode"
            );
            let log = server.request_log();
            let sent = log.last().expect("the mock saw the request");
            assert_eq!(
                api.tracking_id.as_deref(),
                Some(sent.tracking_id.as_str()),
                "{context}: the error must carry the request's tracking id"
            );
            assert!(
                error.to_string().contains(&sent.tracking_id),
                "{context}: Display must show the tracking id: {error}"
            );
            assert_eq!(
                api.retry_after,
                retry_after.map(|_| Duration::from_secs(3)),
                "{context}"
            );
            assert!(!error.to_string().contains(TOKEN));
        }
    }
}

#[tokio::test]
async fn retryable_statuses_are_retried_to_success_with_one_tracking_lineage() {
    let server = mock().await;
    let policy =
        RetryPolicy::default().backoff(Duration::from_millis(5), Duration::from_millis(20));
    let webex = client(&server, policy);
    for operation in operations() {
        let name = operation.name();
        let ids = ids(&operation, &server);
        for (index, status) in [423u16, 429, 502, 503, 504].into_iter().enumerate() {
            let id = &ids[2 + index];
            // Retry-After 0 keeps the test fast while exercising the header path.
            let retry_after = [423, 429].contains(&status).then_some("0");
            operation.fail_next(&server, id, status, 1, retry_after);
            server.clear_request_log();
            operation
                .call(&webex, id)
                .await
                .unwrap_or_else(|e| panic!("{name} {status} should be retried: {e}"));
            let log = server.request_log();
            assert_eq!(log.len(), 2, "{name} {status}: one failure, one retry");
            assert_eq!(log[0].status, status);
            let first = &log[0].tracking_id;
            let second = &log[1].tracking_id;
            assert_ne!(first, second, "each attempt has its own tracking id");
            let lineage = first
                .rsplit_once('_')
                .map_or(first.as_str(), |(stem, _)| stem);
            assert!(
                second.starts_with(lineage),
                "retries share a lineage: {first} then {second}"
            );
        }
        for status in [400u16, 403, 404, 409, 410, 415, 428] {
            let id = &ids[10];
            operation.fail_next(&server, id, status, 1, None);
            server.clear_request_log();
            operation.call(&webex, id).await.expect_err("not retried");
            assert_eq!(
                server.request_log().len(),
                1,
                "{name} {status} must not be retried"
            );
        }
    }
}

#[tokio::test]
async fn the_seed_examples_read_through_the_client() {
    let server = MockServer::start().await.unwrap();
    let webex = client(&server, RetryPolicy::default());
    let barge_in = webex
        .person(seed_examples::PERSON_ID)
        .org_id(seed_examples::ORG_ID)
        .barge_in()
        .get()
        .await
        .unwrap();
    assert!(barge_in.enabled && barge_in.tone_enabled);
    let push_to_talk = webex
        .virtual_line(seed_examples::VIRTUAL_LINE_ID)
        .push_to_talk()
        .get()
        .await
        .unwrap();
    let expected: serde_json::Value =
        serde_json::from_str(seed_examples::PUSH_TO_TALK_BODY).unwrap();
    assert_eq!(serde_json::to_value(&push_to_talk).unwrap(), expected);
}

#[tokio::test]
async fn read_modify_write_round_trips_through_the_mock() {
    let server = mock().await;
    let webex = client(&server, RetryPolicy::default());
    let line = webex
        .virtual_line(seed_examples::VIRTUAL_LINE_ID)
        .push_to_talk();
    let outcome = line
        .modify(|settings| {
            settings
                .members
                .retain(|m| m.id.as_deref() != Some(seed_examples::BOB_ID));
        })
        .await
        .unwrap();
    assert!(outcome.sent);
    let update = outcome.update.expect("members changed");
    assert_eq!(
        update.members,
        Some(vec![seed_examples::ALICE_ID.to_owned()])
    );
    assert_eq!(
        update.connection_type, None,
        "unchanged fields are not sent"
    );
    let after = line.get().await.unwrap();
    assert_eq!(after.members.len(), 1);
    assert_eq!(
        after.members[0].display_name.as_deref(),
        Some("Alice Little")
    );

    server.clear_request_log();
    let unchanged = line.modify(|_| {}).await.unwrap();
    assert!(!unchanged.sent && unchanged.update.is_none());
    assert!(
        server.request_log().iter().all(|r| r.method == "GET"),
        "no PUT when nothing changed"
    );
}

#[tokio::test]
async fn the_listings_give_exactly_the_calling_targets_in_every_location() {
    let server = MockServer::builder()
        .people(260)
        .workspaces(30)
        .virtual_lines(12)
        .locations(3)
        .start()
        .await
        .unwrap();
    let webex = client(&server, RetryPolicy::default());
    for kind in Kind::ALL {
        let listed: Vec<String> = webex
            .listing(kind)
            .list()
            .map_ok(|target| target.id)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(listed, target_ids(&server, kind), "{kind}");
        let mut by_location = Vec::new();
        for location in server.location_ids() {
            let ids: Vec<String> = webex
                .listing(kind)
                .location(location.clone())
                .list()
                .map_ok(|target| {
                    assert_eq!(target.location_id.as_deref(), Some(location.as_str()));
                    target.id
                })
                .try_collect()
                .await
                .unwrap();
            by_location.extend(ids);
        }
        by_location.sort();
        let mut expected = target_ids(&server, kind);
        expected.sort();
        assert_eq!(by_location, expected, "{kind} by location");
    }
}

#[tokio::test]
async fn every_error_shape_is_read() {
    use webex_calling_mock::ErrorShape;
    for shape in [
        ErrorShape::Flat,
        ErrorShape::Nested,
        ErrorShape::NestedList,
        ErrorShape::StringCodes,
        ErrorShape::TopLevelCode,
    ] {
        let server = MockServer::builder()
            .error_shape(shape)
            .start()
            .await
            .unwrap();
        let webex = client(&server, RetryPolicy::none());
        let unknown =
            "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDA0MDQ";
        let error = webex
            .person(unknown)
            .barge_in()
            .get()
            .await
            .expect_err("404");
        let Error::Api(api) = &error else {
            panic!("{shape:?}: {error:?}");
        };
        assert_eq!(api.status, 404, "{shape:?}");
        assert!(
            api.message.to_lowercase().contains("found"),
            "{shape:?}: {}",
            api.message
        );
        assert_eq!(api.error_codes, vec![4008], "{shape:?}");
        assert!(api.tracking_id.is_some(), "{shape:?}");
    }
}
