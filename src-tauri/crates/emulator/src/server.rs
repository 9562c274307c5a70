//! The HTTP front: an accept loop over hyper (so a request can end with a dropped connection),
//! and the gateway every request passes: latency, bearer auth, rate limit, faults, persistence
//! and the one-line access log.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::app::App;
use crate::error::EmulatorError;
use crate::faults::FaultKind;

/// Put on a response to make the server close the connection instead of sending it.
#[derive(Clone, Copy, Debug)]
pub struct DropConnection;

#[derive(Debug)]
struct ConnectionDropped;

impl std::fmt::Display for ConnectionDropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for ConnectionDropped {}

/// Wraps the router: a response marked [`DropConnection`] becomes a service error, on which
/// hyper aborts the connection without writing anything, so the client sees a connection
/// error rather than an HTTP status.
#[derive(Clone)]
struct DropAware<S>(S);

impl<S> hyper::service::Service<hyper::Request<Incoming>> for DropAware<S>
where
    S: hyper::service::Service<hyper::Request<Incoming>, Response = Response, Error = Infallible>,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = ConnectionDropped;
    type Future = Pin<Box<dyn Future<Output = Result<Response, ConnectionDropped>> + Send>>;

    fn call(&self, req: hyper::Request<Incoming>) -> Self::Future {
        let fut = self.0.call(req);
        Box::pin(async move {
            let resp = match fut.await {
                Ok(r) => r,
                Err(never) => match never {},
            };
            if resp.extensions().get::<DropConnection>().is_some() {
                Err(ConnectionDropped)
            } else {
                Ok(resp)
            }
        })
    }
}

/// Serves connections until `shutdown` turns true.
pub async fn serve(listener: TcpListener, router: Router, mut shutdown: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let service = DropAware(TowerToHyperService::new(router.clone()));
                let mut stop = shutdown.clone();
                tokio::spawn(async move {
                    let conn = hyper::server::conn::http1::Builder::new()
                        .keep_alive(true)
                        .serve_connection(TokioIo::new(stream), service);
                    tokio::pin!(conn);
                    tokio::select! {
                        _ = conn.as_mut() => {}
                        _ = async { let _ = stop.wait_for(|s| *s).await; } => {
                            conn.as_mut().graceful_shutdown();
                            let _ = tokio::time::timeout(Duration::from_millis(500), conn).await;
                        }
                    }
                });
            }
            _ = async { let _ = shutdown.wait_for(|s| *s).await; } => break,
        }
    }
}

fn bearer(req: &Request) -> Option<&str> {
    req.headers()
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

fn status_response(status: StatusCode, message: &str) -> Response {
    (
        status,
        axum::Json(serde_json::json!({ "message": message })),
    )
        .into_response()
}

fn too_many_requests() -> Response {
    let mut r = status_response(
        StatusCode::TOO_MANY_REQUESTS,
        "Too many requests, slow down",
    );
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    r
}

fn dropped() -> Response {
    let mut r = Response::new(Body::empty());
    r.extensions_mut().insert(DropConnection);
    r
}

/// The gateway middleware (outermost layer of the router).
pub async fn gateway(State(app): State<App>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let target = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| req.uri().path().to_string());
    let latency = app.faults.settings.latency_ms;
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let (resp, note) = handle(&app, req, next).await;
    if app.log_requests {
        let status = if resp.extensions().get::<DropConnection>().is_some() {
            "DROPPED".to_string()
        } else {
            resp.status().as_u16().to_string()
        };
        // `server` tells apart the emulators of tests that run side by side in one process.
        tracing::info!(
            target: "towerdesk_emulator::access",
            server = %app.base_url.get().map(String::as_str).unwrap_or(""),
            "{method} {target} {status} {}ms{note}",
            started.elapsed().as_millis()
        );
    }
    resp
}

async fn handle(app: &App, req: Request, next: Next) -> (Response, &'static str) {
    if req.uri().path() == "/service-info" {
        return (next.run(req).await, "");
    }
    match bearer(&req) {
        Some(t) if t == app.token => {}
        _ => return (EmulatorError::Unauthorized.into_response(), ""),
    }
    if !app
        .faults
        .admit(&app.token, chrono::Utc::now().timestamp_millis())
    {
        return (too_many_requests(), " (rate limit)");
    }
    if *req.method() == Method::GET && app.faults.refuses(req.uri().path()) {
        return (EmulatorError::forbidden().into_response(), " (refused)");
    }
    let is_write = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let fault = app.faults.pick(is_write);
    match fault {
        Some(FaultKind::InternalError) => {
            return (
                status_response(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Unexpected error while processing - Error ID: emulated",
                ),
                " (fault: 500)",
            );
        }
        Some(FaultKind::BadGateway) => {
            return (
                status_response(StatusCode::BAD_GATEWAY, "Bad gateway"),
                " (fault: 502)",
            );
        }
        Some(FaultKind::Unavailable) => {
            return (
                status_response(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Service temporarily unavailable",
                ),
                " (fault: 503)",
            );
        }
        Some(FaultKind::TooManyRequests) => return (too_many_requests(), " (fault: 429)"),
        Some(FaultKind::Timeout) => {
            tokio::time::sleep(Duration::from_millis(app.faults.settings.timeout_ms)).await;
            return (
                status_response(StatusCode::GATEWAY_TIMEOUT, "Gateway timeout"),
                " (fault: timeout)",
            );
        }
        Some(FaultKind::Drop) => return (dropped(), " (fault: drop)"),
        _ => {}
    }
    let resp = next.run(req).await;
    if is_write
        && resp.status().is_success()
        && let Err(e) = app.persist().await
    {
        tracing::error!("cannot save the state file: {e}");
        return (
            status_response(StatusCode::INTERNAL_SERVER_ERROR, "Cannot save state"),
            "",
        );
    }
    if !resp.status().is_success() {
        return (resp, "");
    }
    match fault {
        Some(FaultKind::ApplyThenError) => (
            status_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Unexpected error while processing - Error ID: emulated-after-apply",
            ),
            " (fault: applied, then 500)",
        ),
        Some(FaultKind::ApplyThenDrop) => (dropped(), " (fault: applied, then drop)"),
        _ => (resp, ""),
    }
}
