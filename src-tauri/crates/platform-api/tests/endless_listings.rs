//! A listing that never ends must not make a sync page forever (trials against mutated real
//! responses hung on `/labels`, `/pipelines`, participants and `/workflow`): a server that sends
//! the same full page at every offset, and one that sends full pages of new ids with no or a huge
//! `totalSize`, both end in one clear error after a bounded number of requests.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::json;
use towerdesk_platform_api::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Answers `GET /labels` with a full page of 100: the same ids whatever the offset (`repeat`), or
/// ids that start at the offset asked for (always new), with `totalSize` as given.
struct Labels {
    repeat: bool,
    total_size: Option<i64>,
    requests: Arc<AtomicUsize>,
}

impl Respond for Labels {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        self.requests.fetch_add(1, Ordering::SeqCst);
        let offset: i64 = req
            .url
            .query_pairs()
            .find(|(k, _)| k == "offset")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let first = if self.repeat { 0 } else { offset };
        let labels: Vec<_> = (first..first + 100)
            .map(|id| json!({ "id": id, "name": format!("label-{id}"), "resource": false }))
            .collect();
        ResponseTemplate::new(200)
            .set_body_json(json!({ "labels": labels, "totalSize": self.total_size }))
    }
}

async fn server(
    repeat: bool,
    total_size: Option<i64>,
) -> (MockServer, PlatformClient, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let requests = Arc::new(AtomicUsize::new(0));
    Mock::given(method("GET"))
        .and(path("/labels"))
        .respond_with(Labels {
            repeat,
            total_size,
            requests: requests.clone(),
        })
        .mount(&server)
        .await;
    let client = PlatformClient::new(&server.uri(), "tok")
        .unwrap()
        .with_rate_limit(0.0);
    (server, client, requests)
}

#[tokio::test]
async fn the_same_full_page_at_every_offset_stops_at_the_second_page() {
    for total in [None, Some(1_000_000_000)] {
        let (_s, client, requests) = server(true, total).await;
        // The timeout only turns a hang (the bug) into a failure; it is no speed check.
        let query = LabelQuery::default();
        let listing = client.list_labels_all(Some(1), &query);
        let err = tokio::time::timeout(std::time::Duration::from_secs(120), listing)
            .await
            .expect("the listing ended")
            .unwrap_err();
        assert_eq!(err.kind(), ApiErrorKind::Decode);
        assert!(
            err.message().contains("already sent (offset 100)"),
            "{}",
            err.message()
        );
        assert_eq!(requests.load(Ordering::SeqCst), 2, "totalSize {total:?}");
    }
}

#[tokio::test]
async fn full_pages_of_new_ids_stop_at_the_cap() {
    for total in [None, Some(1_000_000_000)] {
        let (_s, client, requests) = server(false, total).await;
        let query = LabelQuery::default();
        let listing = collect_all_guarded(
            |p| client.list_labels_page(Some(1), &query, p),
            ListingGuard::with_max_items(2_000),
        );
        let err = tokio::time::timeout(std::time::Duration::from_secs(120), listing)
            .await
            .expect("the listing ended")
            .unwrap_err();
        assert_eq!(err.kind(), ApiErrorKind::Decode);
        assert!(
            err.message().contains("past 2000 items"),
            "{}",
            err.message()
        );
        assert_eq!(requests.load(Ordering::SeqCst), 20, "totalSize {total:?}");
    }
}

#[tokio::test]
async fn a_real_listing_still_ends_where_the_server_says() {
    // 250 labels: two full pages and a short one, with totalSize; nothing refused.
    let server = MockServer::start().await;
    struct Finite;
    impl Respond for Finite {
        fn respond(&self, req: &Request) -> ResponseTemplate {
            let offset: i64 = req
                .url
                .query_pairs()
                .find(|(k, _)| k == "offset")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            let labels: Vec<_> = (offset..(offset + 100).min(250))
                .map(|id| json!({ "id": id, "name": format!("l{id}"), "resource": false }))
                .collect();
            ResponseTemplate::new(200).set_body_json(json!({ "labels": labels, "totalSize": 250 }))
        }
    }
    Mock::given(method("GET"))
        .and(path("/labels"))
        .respond_with(Finite)
        .mount(&server)
        .await;
    let client = PlatformClient::new(&server.uri(), "tok")
        .unwrap()
        .with_rate_limit(0.0);
    let all = client
        .list_labels_all(Some(1), &LabelQuery::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 250);
}
