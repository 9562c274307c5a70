//! The client stays under the Platform's 20 requests per second per token.

use std::time::Duration;

use futures::future::join_all;
use serde_json::json;
use tokio::time::Instant;
use towerdesk_platform_api::*;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Runs `n` acquisitions at once and returns when each one was let through, sorted.
async fn let_through(limiters: &[RateLimiter], n: usize) -> Vec<Duration> {
    let start = Instant::now();
    let mut times: Vec<Duration> = join_all((0..n).map(|i| {
        let limiter = limiters[i % limiters.len()].clone();
        async move {
            limiter.acquire().await;
            start.elapsed()
        }
    }))
    .await;
    times.sort();
    times
}

#[tokio::test(start_paused = true)]
async fn forty_five_requests_at_twenty_per_second_take_at_least_two_seconds() {
    let times = let_through(&[RateLimiter::new(20.0)], 45).await;
    let last = *times.last().unwrap();
    assert!(
        last >= Duration::from_millis(2200),
        "44 gaps of 50 ms: {last:?}"
    );
    assert!(
        last < Duration::from_millis(2300),
        "but no slower: {last:?}"
    );
    for window in times.windows(21) {
        assert!(
            window[20] - window[0] >= Duration::from_secs(1),
            "21 starts within one second: {window:?}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn the_default_stays_under_twenty_per_second_and_clones_share_the_pace() {
    let client = PlatformClient::new("https://api.cloud.seqera.io", "t").unwrap();
    let rate = client.rate_limiter().requests_per_second().unwrap();
    assert!(rate < 20.0 && rate > 18.99, "{rate}");
    let other = client.clone();
    let times = let_through(
        &[client.rate_limiter().clone(), other.rate_limiter().clone()],
        21,
    )
    .await;
    assert!(
        *times.last().unwrap() >= Duration::from_secs(1),
        "{times:?}"
    );

    let limited = client.with_rate_limit(5.0);
    assert_eq!(limited.rate_limiter().requests_per_second(), Some(5.0));
    let times = let_through(&[limited.rate_limiter().clone()], 6).await;
    assert!(
        *times.last().unwrap() >= Duration::from_secs(1),
        "{times:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn zero_or_infinite_means_unlimited() {
    for limiter in [
        RateLimiter::new(0.0),
        RateLimiter::unlimited(),
        RateLimiter::new(f64::NAN),
    ] {
        assert_eq!(limiter.requests_per_second(), None);
        let times = let_through(&[limiter], 100).await;
        assert_eq!(*times.last().unwrap(), Duration::ZERO);
    }
}

#[tokio::test]
async fn http_requests_through_clones_are_paced_and_counted() {
    let server = MockServer::start().await;
    Mock::given(path("/service-info"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"serviceInfo": {"version": "x"}})),
        )
        .expect(11)
        .mount(&server)
        .await;
    let client = PlatformClient::builder(&server.uri(), "t")
        .rate_limit(50.0)
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let results = join_all((0..11).map(|_| {
        let c = client.clone();
        async move { c.service_info().await }
    }))
    .await;
    assert!(results.iter().all(Result::is_ok));
    // 10 gaps of 20 ms at least; only a lower bound, which pacing guarantees.
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(client.requests_sent(), 11, "clones share one counter");
}
