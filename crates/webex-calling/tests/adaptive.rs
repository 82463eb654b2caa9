//! The adaptive concurrency limit against the rate-limited mock: counts, not
//! wall time.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use futures::StreamExt;
use std::collections::HashSet;
use std::time::Duration;
use webex_calling::{BulkOptions, RetryPolicy, Webex};
use webex_calling_mock::MockServer;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_id_once_with_throttling_bounded_under_a_rate_limit() {
    let server = MockServer::builder()
        .people(1500)
        .rate_limit(300.0)
        .latency(Duration::from_millis(20))
        .request_log(false)
        .start()
        .await
        .unwrap();
    let webex = Webex::builder()
        .token("t")
        .base_url(server.base_url())
        .retry_policy(RetryPolicy::default().max_attempts(10))
        .build()
        .unwrap();
    let ids = server.people_ids();
    let options = BulkOptions::default().concurrency(webex.max_in_flight());
    let results: Vec<_> = webex
        .bulk(ids.clone(), options, |webex, id| async move {
            webex.person(id).barge_in().get().await
        })
        .collect()
        .await;
    let seen: HashSet<&String> = results.iter().map(|(id, _)| id).collect();
    assert_eq!(results.len(), ids.len());
    assert_eq!(seen.len(), ids.len(), "every id once");
    let failed: Vec<_> = results.iter().filter(|(_, r)| r.is_err()).collect();
    assert!(failed.is_empty(), "{failed:?}");
    let stats = webex.stats();
    // A fixed 256 in flight is throttled on about two thirds of the reads
    // here (1,000 of 1,500 on the limiter's simulated clock); the limit on
    // about a tenth, and under a loaded machine's scheduling up to a sixth.
    // A third tells the two apart without depending on timing.
    assert!(
        stats.throttled <= ids.len() as u64 / 3,
        "throttled {} of {} ids (limit now {})",
        stats.throttled,
        ids.len(),
        stats.concurrency_limit
    );
    assert!(stats.concurrency_limit >= 1);
}
