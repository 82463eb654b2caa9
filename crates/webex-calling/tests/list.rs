//! Listing targets: Link-header paging as Webex pages, and every way a
//! server's paging can go wrong.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use common::{TOKEN, client};
use futures::TryStreamExt;
use serde_json::{Value, json};
use std::collections::HashSet;
use webex_calling::{Error, Kind, TargetSummary};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Serves `/people` over `total` people, `page` per page, with absolute next
/// links on this server (`?start=N&max=M`), as Webex does. Every third person
/// has no calling location, like people without Webex Calling.
struct People {
    base: String,
    total: usize,
    page: usize,
}

fn person(n: usize) -> Value {
    let mut item = json!({"id": format!("P{n}"), "displayName": format!("Person {n}")});
    if !n.is_multiple_of(3) {
        item["locationId"] = json!(format!("L{}", n % 2));
    }
    item
}

fn query(request: &Request, key: &str) -> Option<usize> {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.parse().ok())
}

impl Respond for People {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let start = query(request, "start").unwrap_or(0);
        let max = query(request, "max").unwrap_or(self.page).min(self.page);
        let end = (start + max).min(self.total);
        let items: Vec<Value> = (start..end).map(person).collect();
        let mut response = ResponseTemplate::new(200).set_body_json(json!({ "items": items }));
        if end < self.total {
            let next = format!(
                "{}/people?callingData=true&start={end}&max={max}",
                self.base
            );
            response = response.insert_header("Link", format!("<{next}>; rel=\"next\"").as_str());
        }
        response
    }
}

async fn serve_people(total: usize, page: usize) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/people"))
        .respond_with(People {
            base: server.uri(),
            total,
            page,
        })
        .mount(&server)
        .await;
    server
}

async fn list_people(server: &MockServer) -> Result<Vec<TargetSummary>, Error> {
    client(server).people().list().try_collect().await
}

fn calling_people(total: usize) -> HashSet<String> {
    (0..total)
        .filter(|n| !n.is_multiple_of(3))
        .map(|n| format!("P{n}"))
        .collect()
}

#[tokio::test]
async fn every_calling_person_exactly_once_at_every_size() {
    for total in [0, 1, 100, 101, 10_001] {
        let server = serve_people(total, 100).await;
        let people = list_people(&server).await.unwrap();
        let ids: Vec<&str> = people.iter().map(|p| p.id.as_str()).collect();
        let unique: HashSet<String> = ids.iter().map(|id| (*id).to_owned()).collect();
        assert_eq!(ids.len(), unique.len(), "{total}: an id twice");
        assert_eq!(unique, calling_people(total), "{total}");
        assert!(people.iter().all(|p| p.kind == Kind::Person));
        let pages = total.div_ceil(100).max(1);
        let requests = server.received_requests().await.unwrap();
        assert_eq!(requests.len(), pages, "{total}: one request per page");
        let first = &requests[0];
        assert!(first.url.query().unwrap_or("").contains("callingData=true"));
        assert_eq!(
            first.headers.get("authorization").unwrap(),
            &format!("Bearer {TOKEN}")
        );
    }
}

#[tokio::test]
async fn a_listing_that_links_on_past_its_limit_ends_with_an_error_naming_it() {
    let server = serve_people(250, 100).await;
    let mut stream = client(&server).people().max_targets(150).list();
    let mut listed = Vec::new();
    let error = loop {
        match stream.try_next().await {
            Ok(Some(person)) => listed.push(person.id),
            Ok(None) => panic!("the listing ended without an error after {}", listed.len()),
            Err(error) => break error,
        }
    };
    // The page that went past the limit is yielded whole; the third page is
    // never asked for.
    let first_two: HashSet<String> = calling_people(200);
    assert_eq!(listed.iter().cloned().collect::<HashSet<_>>(), first_two);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
    assert!(
        matches!(
            error,
            Error::ListingLimit {
                kind: Kind::Person,
                listed: 200,
                limit: 150
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.name(), "listing-limit");
    assert!(!error.is_retryable());
    let text = error.to_string();
    assert!(
        text.starts_with("listing stopped: the server has sent 200 person items")
            && text.contains("limit of 150"),
        "{text}"
    );
    assert_eq!(text, format!("listing stopped: {}", error.message()));
}

#[tokio::test]
async fn a_listing_that_ends_on_the_page_past_its_limit_is_complete() {
    let server = serve_people(200, 100).await;
    let people: Vec<TargetSummary> = client(&server)
        .people()
        .max_targets(100)
        .list()
        .try_collect()
        .await
        .expect("no next link after the second page, so no limit error");
    let ids: HashSet<String> = people.into_iter().map(|p| p.id).collect();
    assert_eq!(ids, calling_people(200));
}

#[tokio::test]
async fn a_summary_carries_name_and_location() {
    let server = serve_people(3, 100).await;
    let people = list_people(&server).await.unwrap();
    assert_eq!(people[0].id, "P1");
    assert_eq!(people[0].name.as_deref(), Some("Person 1"));
    assert_eq!(people[0].location_id.as_deref(), Some("L1"));
}

#[tokio::test]
async fn a_next_link_to_another_host_stops_before_any_request_goes_there() {
    let elsewhere = MockServer::start().await;
    let server = MockServer::start().await;
    let next = format!("{}/people?start=1", elsewhere.uri());
    Mock::given(method("GET"))
        .and(path("/people"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"items": [person(1)]}))
                .insert_header("Link", format!("<{next}>; rel=\"next\"").as_str()),
        )
        .mount(&server)
        .await;
    let mut stream = client(&server).people().list();
    let first = stream.try_next().await.unwrap().unwrap();
    assert_eq!(first.id, "P1");
    let error = stream
        .try_next()
        .await
        .expect_err("the foreign link stops the listing");
    assert_eq!(error.name(), "paging");
    assert!(error.to_string().contains("another host"), "{error}");
    assert!(error.to_string().contains(&elsewhere.uri()), "{error}");
    assert!(elsewhere.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_next_link_back_to_a_page_already_read_ends_with_an_error() {
    let server = MockServer::start().await;
    let next = format!("{}/people?start=1", server.uri());
    Mock::given(method("GET"))
        .and(path("/people"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"items": [person(1)]}))
                .insert_header("Link", format!("<{next}>; rel=\"next\"").as_str()),
        )
        .mount(&server)
        .await;
    let result = list_people(&server).await;
    let error = result.expect_err("a loop is an error");
    assert!(error.to_string().contains("already read"), "{error}");
    // The first page and the linked page once: then the loop is seen.
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn an_empty_page_ends_the_listing_even_with_a_next_link() {
    let server = MockServer::start().await;
    let next = format!("{}/people?start=5", server.uri());
    Mock::given(method("GET"))
        .and(path("/people"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"items": []}))
                .insert_header("Link", format!("<{next}>; rel=\"next\"").as_str()),
        )
        .mount(&server)
        .await;
    assert!(list_people(&server).await.unwrap().is_empty());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

/// Answers 504 to pages larger than `limit`, like Webex timing out on big
/// calling-data pages.
struct TimesOutAbove {
    limit: usize,
    inner: People,
}

impl Respond for TimesOutAbove {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if query(request, "max").unwrap_or(100) > self.limit {
            return ResponseTemplate::new(504).set_body_json(json!({"message": "Gateway Timeout"}));
        }
        self.inner.respond(request)
    }
}

#[tokio::test]
async fn a_504_is_retried_with_half_the_page_size() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/people"))
        .respond_with(TimesOutAbove {
            limit: 25,
            inner: People {
                base: server.uri(),
                total: 60,
                page: 100,
            },
        })
        .mount(&server)
        .await;
    let people = client(&server)
        .people()
        .page_size(100)
        .list()
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    let ids: HashSet<String> = people.into_iter().map(|p| p.id).collect();
    assert_eq!(ids, calling_people(60));
    let sizes: Vec<usize> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| query(r, "max").unwrap())
        .collect();
    // 100 and 50 time out; 25 is served, and the next links keep 25.
    assert_eq!(&sizes[..3], &[100, 50, 25]);
    assert!(sizes[3..].iter().all(|&size| size == 25), "{sizes:?}");
}

#[tokio::test]
async fn workspaces_without_webex_calling_are_left_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/workspaces"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": [
            {"id": "W1", "displayName": "Lobby", "calling": {"type": "webexCalling"}, "locationId": "L1"},
            {"id": "W2", "displayName": "Room", "calling": {"type": "freeCalling"}},
            {"id": "W3", "displayName": "Old", "calling": {"type": "someFutureType"}},
        ]})))
        .mount(&server)
        .await;
    let workspaces: Vec<TargetSummary> = client(&server)
        .workspaces()
        .list()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(workspaces.len(), 1);
    assert_eq!(workspaces[0].id, "W1");
    assert_eq!(workspaces[0].kind, Kind::Workspace);
    let request = &server.received_requests().await.unwrap()[0];
    assert!(
        request
            .url
            .query()
            .unwrap_or("")
            .contains("calling=webexCalling"),
        "{:?}",
        request.url
    );
}

#[tokio::test]
async fn virtual_lines_carry_their_location_name() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/telephony/config/virtualLines"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"virtualLines": [
                {"id": "V1", "firstName": "Front", "lastName": "Desk",
                 "location": {"id": "L1", "name": "Berlin"}, "futureField": 1},
            ]})),
        )
        .mount(&server)
        .await;
    let lines: Vec<TargetSummary> = client(&server)
        .virtual_lines()
        .location("L1")
        .list()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(lines[0].name.as_deref(), Some("Front Desk"));
    assert_eq!(lines[0].location_name.as_deref(), Some("Berlin"));
    let request = &server.received_requests().await.unwrap()[0];
    assert!(request.url.query().unwrap_or("").contains("locationId=L1"));
}
