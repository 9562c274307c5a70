//! Every failure the sync engine must tell apart becomes the right `ApiErrorKind`, with the
//! server's message, retryability and "outcome unknown" set correctly.

use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use towerdesk_platform_api::*;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok-SECRET-123";

async fn setup() -> (MockServer, PlatformClient) {
    let server = MockServer::start().await;
    let client = PlatformClient::new(&server.uri(), TOKEN)
        .unwrap()
        .with_rate_limit(0.0);
    (server, client)
}

fn new_workspace() -> NewWorkspace {
    NewWorkspace {
        name: "wsp-new".into(),
        full_name: "New workspace".into(),
        description: None,
        visibility: Visibility::Private,
    }
}

fn launch() -> WorkflowLaunchRequest {
    WorkflowLaunchRequest {
        compute_env_id: Some("ce1".into()),
        pipeline: Some("https://github.com/nextflow-io/hello".into()),
        work_dir: Some("s3://bucket/work".into()),
        ..Default::default()
    }
}

fn assert_no_token(err: &ApiError) {
    assert!(!err.to_string().contains(TOKEN));
    assert!(!format!("{err:?}").contains(TOKEN));
}

#[tokio::test]
async fn unauthorized_401() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/user-info"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "Unauthorized"})))
        .expect(1)
        .mount(&server)
        .await;
    let err = client.user_info().await.unwrap_err();
    assert_eq!(err.kind(), ApiErrorKind::Unauthorized);
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.path(), Some("/user-info"));
    assert!(!err.is_retryable());
    assert_no_token(&err);
}

#[tokio::test]
async fn forbidden_403_shows_the_server_message() {
    let (server, client) = setup().await;
    Mock::given(method("DELETE"))
        .and(path("/orgs/1/workspaces/2"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"message": "Forbidden"})))
        .mount(&server)
        .await;
    let err = client.delete_workspace(1, 2).await.unwrap_err();
    assert_eq!(err.kind(), ApiErrorKind::Forbidden);
    assert_eq!(err.message(), "Forbidden");
    assert_eq!(err.to_string(), "Forbidden");
    assert!(!err.is_retryable());
    assert!(
        !err.is_outcome_unknown(),
        "a 403 was rejected, nothing happened"
    );
}

#[tokio::test]
async fn not_found_404_without_a_body() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/workflow/nope"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let err = client.describe_run(Some(5), "nope").await.unwrap_err();
    assert_eq!(err.kind(), ApiErrorKind::NotFound);
    assert_eq!(err.to_string(), "HTTP 404 Not Found");
}

#[tokio::test]
async fn conflict_409_with_message() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/orgs/7/workspaces"))
        .respond_with(
            ResponseTemplate::new(409).set_body_json(
                json!({"message": "A workspace with name 'wsp-new' already exists"}),
            ),
        )
        .mount(&server)
        .await;
    let err = client
        .create_workspace(7, &new_workspace())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ApiErrorKind::Conflict);
    assert_eq!(
        err.to_string(),
        "A workspace with name 'wsp-new' already exists"
    );
    assert_eq!(err.method(), Some("POST"));
    assert!(!err.is_retryable());
    assert!(!err.is_outcome_unknown());
}

#[tokio::test]
async fn bad_request_400_and_422_and_other_4xx() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/workflow/launch"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "message": "Launch blocked: compute environment disabled; work dir missing",
            "errors": [
                {"code": "CE_DISABLED", "message": "compute environment disabled"},
                {"code": "WORK_DIR_MISSING", "message": "work dir missing"}
            ]
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/labels"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({"message": "bad search"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/credentials"))
        .respond_with(ResponseTemplate::new(418))
        .mount(&server)
        .await;

    let err = client
        .launch_run(Some(1), None, &launch())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ApiErrorKind::BadRequest);
    assert!(err.message().starts_with("Launch blocked"));
    let codes: Vec<_> = err
        .validation_errors()
        .iter()
        .map(|e| e.code.clone().unwrap())
        .collect();
    assert_eq!(codes, ["CE_DISABLED", "WORK_DIR_MISSING"]);
    assert!(!err.is_outcome_unknown());

    let err = client
        .list_labels_page(None, &LabelQuery::default(), PageRequest::first())
        .await
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.message()),
        (ApiErrorKind::BadRequest, "bad search")
    );

    let err = client.list_credentials(None).await.unwrap_err();
    assert_eq!(err.kind(), ApiErrorKind::BadRequest);
    assert_eq!(err.status(), Some(418));
}

#[tokio::test]
async fn rate_limited_429_with_retry_after_seconds_or_date() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/orgs"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "3")
                .set_body_json(json!({"message": "Too many requests"})),
        )
        .mount(&server)
        .await;
    let later = (chrono::Utc::now() + chrono::Duration::seconds(60))
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    Mock::given(method("GET"))
        .and(path("/orgs/1"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", later.as_str()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/orgs/2"))
        .respond_with(ResponseTemplate::new(429))
        .mount(&server)
        .await;

    let err = client.list_orgs().await.unwrap_err();
    assert_eq!(
        err.kind(),
        ApiErrorKind::RateLimited {
            retry_after: Some(Duration::from_secs(3))
        }
    );
    assert_eq!(err.message(), "Too many requests");
    assert!(err.is_retryable());

    let err = client.describe_org(1).await.unwrap_err();
    let wait = err.retry_after().expect("an HTTP date is understood");
    assert!(
        wait > Duration::from_secs(50) && wait <= Duration::from_secs(60),
        "{wait:?}"
    );

    let err = client.describe_org(2).await.unwrap_err();
    assert_eq!(err.kind(), ApiErrorKind::RateLimited { retry_after: None });
}

#[tokio::test]
async fn server_error_500_is_retryable_and_a_write_outcome_is_unknown() {
    let (server, client) = setup().await;
    Mock::given(path("/workflow/launch"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({
            "message": "Unexpected error while processing - Error ID: 54apnFENQxbvCr23JaIjLb"
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/service-info"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;

    let err = client.launch_run(None, None, &launch()).await.unwrap_err();
    assert_eq!(err.kind(), ApiErrorKind::Server);
    assert!(err.message().contains("Error ID: 54apnFENQxbvCr23JaIjLb"));
    assert!(err.is_retryable());
    assert!(err.is_outcome_unknown(), "the launch may have happened");

    let err = client.service_info().await.unwrap_err();
    assert_eq!(err.kind(), ApiErrorKind::Server);
    assert!(err.is_retryable());
    assert!(!err.is_outcome_unknown(), "a read changes nothing");
}

#[tokio::test]
async fn timeout_on_a_delayed_response() {
    let (server, client) = setup().await;
    let client = client.with_request_timeout(Duration::from_millis(200));
    Mock::given(method("POST"))
        .and(path("/orgs/1/workspaces"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"workspace": {"id": 1}}))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let started = std::time::Instant::now();
    let err = client
        .create_workspace(1, &new_workspace())
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the timeout applies"
    );
    assert_eq!(err.kind(), ApiErrorKind::Timeout);
    assert!(err.is_retryable());
    assert!(err.is_outcome_unknown(), "the create may have been applied");
    assert_no_token(&err);
}

#[tokio::test]
async fn connection_refused_is_a_known_outcome() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = PlatformClient::new(&format!("http://127.0.0.1:{port}"), TOKEN).unwrap();
    let err = client.launch_run(None, None, &launch()).await.unwrap_err();
    assert_eq!(err.kind(), ApiErrorKind::Connection);
    assert!(err.is_retryable());
    assert!(!err.is_outcome_unknown(), "nothing was sent");
    assert_no_token(&err);
}

/// A server that reads the request and then ends the connection without answering:
/// closed politely (FIN) or reset (RST).
async fn dropping_server(reset: bool) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buf = vec![0u8; 8192];
            let _ = stream.read(&mut buf).await;
            if reset {
                stream.set_zero_linger().unwrap();
            } else {
                // A truncated answer, then close.
                let _ = stream
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"work")
                    .await;
                let _ = stream.shutdown().await;
            }
            drop(stream);
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn connection_closed_mid_response_after_a_write_is_outcome_unknown() {
    let client = PlatformClient::new(&dropping_server(false).await, TOKEN).unwrap();
    let err = client
        .launch_run(Some(1), None, &launch())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ApiErrorKind::Connection, "{err}");
    assert!(err.is_retryable());
    assert!(err.is_outcome_unknown());
}

#[tokio::test]
async fn connection_reset_after_a_write_is_outcome_unknown() {
    let client = PlatformClient::new(&dropping_server(true).await, TOKEN).unwrap();
    let err = client.cancel_run(Some(1), "abc").await.unwrap_err();
    assert_eq!(err.kind(), ApiErrorKind::Connection, "{err}");
    assert!(err.is_outcome_unknown());
    let err = client.list_orgs().await.unwrap_err();
    assert_eq!(err.kind(), ApiErrorKind::Connection);
    assert!(!err.is_outcome_unknown(), "a read changes nothing");
}

#[tokio::test]
async fn a_body_that_is_not_the_promised_shape_is_a_decode_error() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/orgs/1/workspaces"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>proxy login</html>"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/orgs/1/workspaces/2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"somethingElse": 1})))
        .mount(&server)
        .await;
    let err = client.list_workspaces(1).await.unwrap_err();
    assert_eq!(err.kind(), ApiErrorKind::Decode);
    assert!(!err.is_retryable());
    let err = client.describe_workspace(1, 2).await.unwrap_err();
    assert_eq!(err.kind(), ApiErrorKind::Decode);
    assert!(err.message().contains("workspace"), "{err}");
    assert!(!err.is_outcome_unknown(), "a read changes nothing");

    Mock::given(method("POST"))
        .and(path("/labels"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"id\": \"not a number\"}"))
        .mount(&server)
        .await;
    let label = CreateLabelRequest {
        name: "l".into(),
        value: None,
        resource: false,
        is_default: false,
    };
    let err = client.create_label(None, &label).await.unwrap_err();
    assert_eq!(err.kind(), ApiErrorKind::Decode);
    assert!(
        err.is_outcome_unknown(),
        "the server applied the create, but its answer is unreadable"
    );
}

#[tokio::test]
async fn the_token_never_shows_in_debug_output() {
    let (_server, client) = setup().await;
    let debug = format!("{client:?}");
    assert!(!debug.contains(TOKEN), "{debug}");
    assert!(debug.contains("<redacted>"));
    let builder = format!("{:?}", PlatformClient::builder("https://h", TOKEN));
    assert!(!builder.contains(TOKEN), "{builder}");
}

#[test]
fn kinds_have_stable_codes() {
    let codes: Vec<_> = [
        ApiErrorKind::Unauthorized,
        ApiErrorKind::Forbidden,
        ApiErrorKind::NotFound,
        ApiErrorKind::Conflict,
        ApiErrorKind::BadRequest,
        ApiErrorKind::RateLimited { retry_after: None },
        ApiErrorKind::Server,
        ApiErrorKind::Timeout,
        ApiErrorKind::Connection,
        ApiErrorKind::Decode,
        ApiErrorKind::InvalidUrl,
    ]
    .iter()
    .map(ApiErrorKind::code)
    .collect();
    assert_eq!(
        codes,
        [
            "unauthorized",
            "forbidden",
            "not_found",
            "conflict",
            "bad_request",
            "rate_limited",
            "server",
            "timeout",
            "connection",
            "decode",
            "invalid_url"
        ]
    );
    assert_eq!(
        ApiErrorKind::from_status(422, None),
        ApiErrorKind::BadRequest
    );
    assert_eq!(ApiErrorKind::from_status(502, None), ApiErrorKind::Server);
}
