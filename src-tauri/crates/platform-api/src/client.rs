//! [`PlatformClient`]: the HTTP plumbing (base URL, auth, pacing, error mapping) and one
//! method per Platform endpoint Towerdesk uses.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{AUTHORIZATION, HeaderValue, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::{Host, Url};

use crate::error::{ApiError, ApiErrorKind, LaunchValidationError, Result};
use crate::limiter::{DEFAULT_REQUESTS_PER_SECOND, RateLimiter};
use crate::models::*;
use crate::paging::ListingGuard;

/// Default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for a whole request, response body included.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The answer of a `.../validate?name=` endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameCheck {
    /// 204: the name is valid and free.
    Available,
    /// 409: the name is taken; the server's message.
    Taken(String),
    /// 400: the name is not valid; the server's message.
    Invalid(String),
}

/// Settings for building a [`PlatformClient`].
#[derive(Clone)]
pub struct PlatformClientBuilder {
    base_url: String,
    token: String,
    connect_timeout: Duration,
    request_timeout: Duration,
    rate_limit: f64,
    user_agent: String,
}

impl fmt::Debug for PlatformClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlatformClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &"<redacted>")
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("rate_limit", &self.rate_limit)
            .finish()
    }
}

impl PlatformClientBuilder {
    /// Time allowed to open a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for a whole request, response body included (default 30 s).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Requests per second (default 20, the Platform's limit per token). A value that is not
    /// a positive finite number disables pacing.
    pub fn rate_limit(mut self, per_second: f64) -> Self {
        self.rate_limit = per_second;
        self
    }

    /// The `User-Agent` header (default `towerdesk/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    pub fn build(self) -> Result<PlatformClient> {
        let base = parse_base_url(&self.base_url)?;
        let auth = if self.token.is_empty() {
            None
        } else {
            let mut value = HeaderValue::from_str(&format!("Bearer {}", self.token)).map_err(|_| {
                ApiError::new(
                    ApiErrorKind::Unauthorized,
                    "the access token contains characters that cannot be sent in an HTTP header",
                )
            })?;
            value.set_sensitive(true);
            Some(value)
        };
        let http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .user_agent(self.user_agent)
            .build()
            .map_err(|e| {
                ApiError::new(ApiErrorKind::Connection, "could not set up the HTTP client")
                    .with_source(e)
            })?;
        Ok(PlatformClient {
            http,
            base,
            auth,
            limiter: RateLimiter::new(self.rate_limit),
            requests_sent: Arc::new(AtomicU64::new(0)),
            request_timeout: self.request_timeout,
        })
    }
}

/// A typed client for one Platform server and one access token.
///
/// Cheap to clone; clones share the connection pool, the rate limiter and the request
/// counter, so create one client per account and clone it where needed.
#[derive(Clone)]
pub struct PlatformClient {
    http: reqwest::Client,
    base: Url,
    auth: Option<HeaderValue>,
    limiter: RateLimiter,
    requests_sent: Arc<AtomicU64>,
    request_timeout: Duration,
}

impl fmt::Debug for PlatformClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlatformClient")
            .field("base_url", &self.base.as_str())
            .field("token", &self.auth.as_ref().map(|_| "<redacted>"))
            .field("rate_limit", &self.limiter.requests_per_second())
            .field("request_timeout", &self.request_timeout)
            .field("requests_sent", &self.requests_sent())
            .finish()
    }
}

/// Checks and normalises a base URL: `https://` anywhere, `http://` only to a loopback host;
/// the path prefix (Enterprise `/api`) is kept.
fn parse_base_url(base_url: &str) -> Result<Url> {
    let url = Url::parse(base_url.trim())
        .map_err(|e| ApiError::invalid_url(format!("invalid server URL {base_url:?}: {e}")))?;
    match url.scheme() {
        "https" => {}
        "http" => {
            let loopback = match url.host() {
                Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
                Some(Host::Ipv4(ip)) => ip.is_loopback(),
                Some(Host::Ipv6(ip)) => ip.is_loopback(),
                None => false,
            };
            if !loopback {
                return Err(ApiError::invalid_url(format!(
                    "refusing plain http:// to {}: the access token would travel unencrypted; use https://",
                    url.host_str().unwrap_or("")
                )));
            }
        }
        other => {
            return Err(ApiError::invalid_url(format!(
                "unsupported URL scheme {other:?} in {base_url:?}: use https://"
            )));
        }
    }
    if url.cannot_be_a_base() || url.host().is_none() {
        return Err(ApiError::invalid_url(format!("{base_url:?} has no host")));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(ApiError::invalid_url(format!(
            "{base_url:?}: a server URL has no query or fragment"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ApiError::invalid_url(
            "a server URL must not carry a user name or password",
        ));
    }
    Ok(url)
}

fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?;
    Some(
        (at.with_timezone(&Utc) - Utc::now())
            .to_std()
            .unwrap_or(Duration::ZERO),
    )
}

/// The error body the Platform sends: `ErrorResponse` or `WorkflowLaunchValidationErrorResponse`.
#[derive(serde::Deserialize)]
struct ErrorBody {
    message: Option<String>,
    #[serde(default)]
    errors: Option<Vec<LaunchValidationError>>,
}

fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

fn transport_error(err: reqwest::Error, method: &Method, path: &str) -> ApiError {
    let (kind, sent, what) = if err.is_timeout() {
        // A connect timeout never reached the server; any other timeout may have.
        (
            ApiErrorKind::Timeout,
            !err.is_connect(),
            "the server did not answer in time",
        )
    } else if err.is_connect() {
        (
            ApiErrorKind::Connection,
            false,
            "could not connect to the server",
        )
    } else if err.is_builder() {
        (
            ApiErrorKind::InvalidUrl,
            false,
            "could not build the request",
        )
    } else {
        (
            ApiErrorKind::Connection,
            true,
            "the connection failed before a complete response",
        )
    };
    let message = format!("{what} ({})", error_chain(&err));
    ApiError::new(kind, message)
        .with_request(method.as_str(), path, sent)
        .with_source(err)
}

fn csv<T: Copy>(items: &[T], f: impl Fn(T) -> &'static str) -> String {
    items.iter().map(|i| f(*i)).collect::<Vec<_>>().join(",")
}

/// Collects every page of a paged listing: pages of 100 from offset 0 until a short page,
/// `hasMore: false`, or `totalSize` reached (when the server sends one). A listing that would
/// never end (a repeated page, or pages past [`crate::MAX_LISTING_ITEMS`]) is an error
/// ([`ListingGuard`]).
pub async fn collect_all<T, F, Fut>(fetch: F) -> Result<Vec<T>>
where
    T: serde::Serialize,
    F: FnMut(PageRequest) -> Fut,
    Fut: Future<Output = Result<Page<T>>>,
{
    collect_all_guarded(fetch, ListingGuard::new()).await
}

/// [`collect_all`] with the guard given (tests use a small cap).
pub async fn collect_all_guarded<T, F, Fut>(mut fetch: F, mut guard: ListingGuard) -> Result<Vec<T>>
where
    T: serde::Serialize,
    F: FnMut(PageRequest) -> Fut,
    Fut: Future<Output = Result<Page<T>>>,
{
    let mut all = Vec::new();
    let mut offset: u32 = 0;
    loop {
        let page = fetch(PageRequest::new(offset, PageRequest::MAX_PAGE_SIZE)).await?;
        let n = page.items.len();
        if n < PageRequest::MAX_PAGE_SIZE as usize || page.has_more == Some(false) {
            all.extend(page.items);
            break;
        }
        if matches!(page.total_size, Some(total) if (all.len() + n) as i64 >= total) {
            all.extend(page.items);
            break;
        }
        guard.after_full_page(&page.items, offset)?;
        all.extend(page.items);
        offset = offset.saturating_add(n as u32);
    }
    Ok(all)
}

/// Query parameters of one request.
#[derive(Default)]
struct Query(Vec<(&'static str, String)>);

impl Query {
    fn new() -> Self {
        Query::default()
    }
    fn ws(self, workspace_id: Option<i64>) -> Self {
        self.opt("workspaceId", workspace_id)
    }
    fn set(mut self, key: &'static str, value: impl ToString) -> Self {
        self.0.push((key, value.to_string()));
        self
    }
    fn opt(self, key: &'static str, value: Option<impl ToString>) -> Self {
        match value {
            Some(v) => self.set(key, v),
            None => self,
        }
    }
    fn page(self, page: PageRequest) -> Self {
        let page = PageRequest::new(page.offset, page.max);
        self.set("max", page.max).set("offset", page.offset)
    }
    fn search(self, search: Option<&str>) -> Self {
        self.opt("search", search.filter(|s| !s.is_empty()))
    }
}

fn missing(field: &str, method: &Method, path: &str) -> ApiError {
    ApiError::new(
        ApiErrorKind::Decode,
        format!("unexpected response from {method} {path}: no `{field}` in the body"),
    )
    .with_request(method.as_str(), path, true)
}

impl PlatformClient {
    /// A client with default settings (10 s connect timeout, 30 s request timeout, 20
    /// requests per second). `base_url` is e.g. `https://api.cloud.seqera.io` or an
    /// Enterprise `https://host/api`; plain `http://` is refused unless the host is loopback.
    /// An empty token sends no `Authorization` header (enough for `/service-info`).
    pub fn new(base_url: &str, token: impl Into<String>) -> Result<Self> {
        Self::builder(base_url, token).build()
    }

    /// A builder to change timeouts, pacing or the user agent.
    pub fn builder(base_url: &str, token: impl Into<String>) -> PlatformClientBuilder {
        PlatformClientBuilder {
            base_url: base_url.to_owned(),
            token: token.into(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            rate_limit: DEFAULT_REQUESTS_PER_SECOND,
            user_agent: concat!("towerdesk/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }

    /// The same client with a new pacing (a new limiter, shared by the clones made from the
    /// result). A value that is not a positive finite number disables pacing.
    pub fn with_rate_limit(mut self, per_second: f64) -> Self {
        self.limiter = RateLimiter::new(per_second);
        self
    }

    /// The same client pacing with `limiter` (e.g. one shared by several clients of a token).
    pub fn with_rate_limiter(mut self, limiter: RateLimiter) -> Self {
        self.limiter = limiter;
        self
    }

    /// The same client with another whole-request timeout.
    pub fn with_request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// The limiter this client paces with.
    pub fn rate_limiter(&self) -> &RateLimiter {
        &self.limiter
    }

    /// The normalised base URL.
    pub fn base_url(&self) -> &str {
        self.base.as_str()
    }

    /// How many HTTP requests this client and its clones have sent (failed ones included).
    pub fn requests_sent(&self) -> u64 {
        self.requests_sent.load(Ordering::Relaxed)
    }

    // -----------------------------------------------------------------------------------------
    // Plumbing
    // -----------------------------------------------------------------------------------------

    fn url(&self, segments: &[&str], query: &Query) -> Result<Url> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|_| ApiError::invalid_url("the server URL cannot take a path"))?
            .pop_if_empty()
            .extend(segments);
        if !query.0.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in &query.0 {
                pairs.append_pair(k, v);
            }
        }
        Ok(url)
    }

    /// Sends one request and returns the status and body of a 2xx answer; every other
    /// outcome becomes an [`ApiError`].
    async fn execute<B: Serialize + ?Sized>(
        &self,
        method: Method,
        segments: &[&str],
        query: Query,
        body: Option<&B>,
    ) -> Result<(StatusCode, Vec<u8>)> {
        let url = self.url(segments, &query)?;
        let path = format!("/{}", segments.join("/"));
        let mut request = self
            .http
            .request(method.clone(), url)
            .timeout(self.request_timeout)
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(auth) = &self.auth {
            request = request.header(AUTHORIZATION, auth.clone());
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        self.limiter.acquire().await;
        self.requests_sent.fetch_add(1, Ordering::Relaxed);
        tracing::debug!(%method, %path, "platform request");
        let response = request
            .send()
            .await
            .map_err(|e| transport_error(e, &method, &path))?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let bytes = response
            .bytes()
            .await
            .map_err(|e| transport_error(e, &method, &path))?;
        if status.is_success() {
            return Ok((status, bytes.into()));
        }
        let parsed: Option<ErrorBody> = serde_json::from_slice(&bytes).ok();
        let (message, errors) = match parsed {
            Some(ErrorBody {
                message: Some(m),
                errors,
            }) if !m.trim().is_empty() => (m, errors.unwrap_or_default()),
            _ => (
                format!(
                    "HTTP {} {}",
                    status.as_u16(),
                    status.canonical_reason().unwrap_or("error")
                ),
                Vec::new(),
            ),
        };
        let kind = ApiErrorKind::from_status(status.as_u16(), retry_after);
        tracing::debug!(%method, %path, status = status.as_u16(), "platform error");
        Err(ApiError::new(kind, message)
            .with_status(status.as_u16())
            .with_request(method.as_str(), &path, true)
            .with_validation_errors(errors))
    }

    async fn json<T: DeserializeOwned, B: Serialize + ?Sized>(
        &self,
        method: Method,
        segments: &[&str],
        query: Query,
        body: Option<&B>,
    ) -> Result<T> {
        let (_, bytes) = self.execute(method.clone(), segments, query, body).await?;
        serde_json::from_slice(&bytes).map_err(|e| {
            let path = format!("/{}", segments.join("/"));
            ApiError::new(
                ApiErrorKind::Decode,
                format!("unexpected response from {method} {path}: {e}"),
            )
            .with_request(method.as_str(), &path, true)
            .with_source(e)
        })
    }

    async fn get<T: DeserializeOwned>(&self, segments: &[&str], query: Query) -> Result<T> {
        self.json::<T, ()>(Method::GET, segments, query, None).await
    }

    async fn no_content<B: Serialize + ?Sized>(
        &self,
        method: Method,
        segments: &[&str],
        query: Query,
        body: Option<&B>,
    ) -> Result<()> {
        self.execute(method, segments, query, body)
            .await
            .map(|_| ())
    }

    async fn name_check(&self, segments: &[&str], query: Query) -> Result<NameCheck> {
        match self
            .no_content::<()>(Method::GET, segments, query, None)
            .await
        {
            Ok(()) => Ok(NameCheck::Available),
            Err(e) if e.status() == Some(409) => Ok(NameCheck::Taken(e.message().to_owned())),
            Err(e) if e.status() == Some(400) => Ok(NameCheck::Invalid(e.message().to_owned())),
            Err(e) => Err(e),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Service and user
    // -----------------------------------------------------------------------------------------

    /// `GET /service-info`: server version and features (needs no token).
    pub async fn service_info(&self) -> Result<ServiceInfo> {
        let r: ServiceInfoResponse = self.get(&["service-info"], Query::new()).await?;
        r.service_info
            .ok_or_else(|| missing("serviceInfo", &Method::GET, "/service-info"))
    }

    /// `GET /user-info`: the token's user and default workspace.
    pub async fn user_info(&self) -> Result<UserInfoResponse> {
        self.get(&["user-info"], Query::new()).await
    }

    /// `GET /user/{userId}/workspaces`: every organization (rows without a workspace) and
    /// workspace the user can reach, with the user's roles.
    pub async fn user_workspaces(&self, user_id: i64) -> Result<Vec<OrgAndWorkspace>> {
        let r: OrgsAndWorkspacesResponse = self
            .get(&["user", &user_id.to_string(), "workspaces"], Query::new())
            .await?;
        Ok(r.orgs_and_workspaces)
    }

    // -----------------------------------------------------------------------------------------
    // Organizations
    // -----------------------------------------------------------------------------------------

    /// `GET /orgs` (one response; `totalSize` is often null).
    pub async fn list_orgs(&self) -> Result<Vec<Organization>> {
        let r: OrganizationsResponse = self.get(&["orgs"], Query::new()).await?;
        Ok(r.organizations)
    }

    /// `GET /orgs/{orgId}`.
    pub async fn describe_org(&self, org_id: i64) -> Result<Organization> {
        let id = org_id.to_string();
        let r: OrganizationResponse = self.get(&["orgs", &id], Query::new()).await?;
        r.organization
            .ok_or_else(|| missing("organization", &Method::GET, &format!("/orgs/{org_id}")))
    }

    /// `POST /orgs`.
    pub async fn create_org(&self, organization: &NewOrganization) -> Result<Organization> {
        let body = CreateOrganizationRequest {
            organization: organization.clone(),
            logo_id: None,
        };
        let r: OrganizationResponse = self
            .json(Method::POST, &["orgs"], Query::new(), Some(&body))
            .await?;
        r.organization
            .ok_or_else(|| missing("organization", &Method::POST, "/orgs"))
    }

    /// `GET /orgs/{orgId}/quotas`.
    pub async fn org_quotas(&self, org_id: i64) -> Result<OrganizationQuotas> {
        let id = org_id.to_string();
        let r: OrganizationQuotasResponse =
            self.get(&["orgs", &id, "quotas"], Query::new()).await?;
        r.quotas
            .ok_or_else(|| missing("quotas", &Method::GET, &format!("/orgs/{org_id}/quotas")))
    }

    async fn members_page(
        &self,
        segments: &[&str],
        search: Option<&str>,
        page: PageRequest,
    ) -> Result<Page<Member>> {
        let r: MembersResponse = self
            .get(segments, Query::new().page(page).search(search))
            .await?;
        Ok(Page {
            items: r.members,
            total_size: r.total_size,
            has_more: None,
        })
    }

    /// `GET /orgs/{orgId}/members`, one page.
    pub async fn list_org_members_page(
        &self,
        org_id: i64,
        search: Option<&str>,
        page: PageRequest,
    ) -> Result<Page<Member>> {
        let id = org_id.to_string();
        self.members_page(&["orgs", &id, "members"], search, page)
            .await
    }

    /// `GET /orgs/{orgId}/members`, every page.
    pub async fn list_org_members_all(
        &self,
        org_id: i64,
        search: Option<&str>,
    ) -> Result<Vec<Member>> {
        collect_all(|p| self.list_org_members_page(org_id, search, p)).await
    }

    /// `GET /orgs/{orgId}/collaborators`, one page.
    pub async fn list_org_collaborators_page(
        &self,
        org_id: i64,
        search: Option<&str>,
        page: PageRequest,
    ) -> Result<Page<Member>> {
        let id = org_id.to_string();
        self.members_page(&["orgs", &id, "collaborators"], search, page)
            .await
    }

    /// `GET /orgs/{orgId}/collaborators`, every page.
    pub async fn list_org_collaborators_all(
        &self,
        org_id: i64,
        search: Option<&str>,
    ) -> Result<Vec<Member>> {
        collect_all(|p| self.list_org_collaborators_page(org_id, search, p)).await
    }

    /// `PUT /orgs/{orgId}/members/add` with `{"user": <user name or email>}`.
    pub async fn add_org_member(&self, org_id: i64, user_name_or_email: &str) -> Result<Member> {
        let id = org_id.to_string();
        let body = AddMemberRequest {
            user: user_name_or_email.to_owned(),
        };
        let r: MemberResponse = self
            .json(
                Method::PUT,
                &["orgs", &id, "members", "add"],
                Query::new(),
                Some(&body),
            )
            .await?;
        r.member.ok_or_else(|| {
            missing(
                "member",
                &Method::PUT,
                &format!("/orgs/{org_id}/members/add"),
            )
        })
    }

    /// `GET /orgs/{orgId}/teams`, one page.
    pub async fn list_org_teams_page(
        &self,
        org_id: i64,
        search: Option<&str>,
        page: PageRequest,
    ) -> Result<Page<Team>> {
        let id = org_id.to_string();
        let r: TeamsResponse = self
            .get(
                &["orgs", &id, "teams"],
                Query::new().page(page).search(search),
            )
            .await?;
        Ok(Page {
            items: r.teams,
            total_size: r.total_size,
            has_more: None,
        })
    }

    /// `GET /orgs/{orgId}/teams`, every page.
    pub async fn list_org_teams_all(&self, org_id: i64, search: Option<&str>) -> Result<Vec<Team>> {
        collect_all(|p| self.list_org_teams_page(org_id, search, p)).await
    }

    /// `POST /orgs/{orgId}/teams`.
    pub async fn create_team(&self, org_id: i64, team: &NewTeam) -> Result<Team> {
        let id = org_id.to_string();
        let body = CreateTeamRequest {
            team: team.clone(),
            avatar_id: None,
        };
        let r: TeamResponse = self
            .json(
                Method::POST,
                &["orgs", &id, "teams"],
                Query::new(),
                Some(&body),
            )
            .await?;
        r.team
            .ok_or_else(|| missing("team", &Method::POST, &format!("/orgs/{org_id}/teams")))
    }

    /// `GET /orgs/{orgId}/teams/{teamId}/members`, one page.
    pub async fn list_team_members_page(
        &self,
        org_id: i64,
        team_id: i64,
        search: Option<&str>,
        page: PageRequest,
    ) -> Result<Page<Member>> {
        let (o, t) = (org_id.to_string(), team_id.to_string());
        self.members_page(&["orgs", &o, "teams", &t, "members"], search, page)
            .await
    }

    /// `GET /orgs/{orgId}/teams/{teamId}/members`, every page.
    pub async fn list_team_members_all(
        &self,
        org_id: i64,
        team_id: i64,
        search: Option<&str>,
    ) -> Result<Vec<Member>> {
        collect_all(|p| self.list_team_members_page(org_id, team_id, search, p)).await
    }

    // -----------------------------------------------------------------------------------------
    // Workspaces
    // -----------------------------------------------------------------------------------------

    /// `GET /orgs/{orgId}/workspaces`: the org's workspaces the caller belongs to (not paged).
    pub async fn list_workspaces(&self, org_id: i64) -> Result<Vec<Workspace>> {
        let id = org_id.to_string();
        let r: WorkspacesResponse = self.get(&["orgs", &id, "workspaces"], Query::new()).await?;
        Ok(r.workspaces)
    }

    /// `GET /orgs/{orgId}/workspaces/{workspaceId}`.
    pub async fn describe_workspace(&self, org_id: i64, workspace_id: i64) -> Result<Workspace> {
        let (o, w) = (org_id.to_string(), workspace_id.to_string());
        let r: WorkspaceResponse = self
            .get(&["orgs", &o, "workspaces", &w], Query::new())
            .await?;
        r.workspace.ok_or_else(|| {
            missing(
                "workspace",
                &Method::GET,
                &format!("/orgs/{org_id}/workspaces/{workspace_id}"),
            )
        })
    }

    /// `POST /orgs/{orgId}/workspaces` with `{"workspace": {...}}`.
    pub async fn create_workspace(
        &self,
        org_id: i64,
        workspace: &NewWorkspace,
    ) -> Result<Workspace> {
        let o = org_id.to_string();
        let body = CreateWorkspaceRequest {
            workspace: workspace.clone(),
        };
        let r: WorkspaceResponse = self
            .json(
                Method::POST,
                &["orgs", &o, "workspaces"],
                Query::new(),
                Some(&body),
            )
            .await?;
        r.workspace.ok_or_else(|| {
            missing(
                "workspace",
                &Method::POST,
                &format!("/orgs/{org_id}/workspaces"),
            )
        })
    }

    /// `PUT /orgs/{orgId}/workspaces/{workspaceId}` with a flat body that always carries
    /// `visibility`.
    pub async fn update_workspace(
        &self,
        org_id: i64,
        workspace_id: i64,
        update: &UpdateWorkspaceRequest,
    ) -> Result<Workspace> {
        let (o, w) = (org_id.to_string(), workspace_id.to_string());
        let r: WorkspaceResponse = self
            .json(
                Method::PUT,
                &["orgs", &o, "workspaces", &w],
                Query::new(),
                Some(update),
            )
            .await?;
        r.workspace.ok_or_else(|| {
            missing(
                "workspace",
                &Method::PUT,
                &format!("/orgs/{org_id}/workspaces/{workspace_id}"),
            )
        })
    }

    /// `DELETE /orgs/{orgId}/workspaces/{workspaceId}`: deletes everything in it, for good.
    pub async fn delete_workspace(&self, org_id: i64, workspace_id: i64) -> Result<()> {
        let (o, w) = (org_id.to_string(), workspace_id.to_string());
        self.no_content::<()>(
            Method::DELETE,
            &["orgs", &o, "workspaces", &w],
            Query::new(),
            None,
        )
        .await
    }

    /// `GET /orgs/{orgId}/workspaces/validate?name=`.
    pub async fn validate_workspace_name(&self, org_id: i64, name: &str) -> Result<NameCheck> {
        let o = org_id.to_string();
        self.name_check(
            &["orgs", &o, "workspaces", "validate"],
            Query::new().set("name", name),
        )
        .await
    }

    // -----------------------------------------------------------------------------------------
    // Participants
    // -----------------------------------------------------------------------------------------

    /// `GET /orgs/{orgId}/workspaces/{workspaceId}/participants`, one page.
    pub async fn list_participants_page(
        &self,
        org_id: i64,
        workspace_id: i64,
        search: Option<&str>,
        page: PageRequest,
    ) -> Result<Page<Participant>> {
        let (o, w) = (org_id.to_string(), workspace_id.to_string());
        let r: ParticipantsResponse = self
            .get(
                &["orgs", &o, "workspaces", &w, "participants"],
                Query::new().page(page).search(search),
            )
            .await?;
        Ok(Page {
            items: r.participants,
            total_size: r.total_size,
            has_more: None,
        })
    }

    /// Every participant of a workspace.
    pub async fn list_participants_all(
        &self,
        org_id: i64,
        workspace_id: i64,
        search: Option<&str>,
    ) -> Result<Vec<Participant>> {
        collect_all(|p| self.list_participants_page(org_id, workspace_id, search, p)).await
    }

    /// `PUT .../participants/add` with exactly one of `memberId`, `teamId`, `userNameOrEmail`.
    /// The new participant gets the server's default role; set it with
    /// [`PlatformClient::update_participant_role`].
    pub async fn add_participant(
        &self,
        org_id: i64,
        workspace_id: i64,
        participant: &AddParticipantRequest,
    ) -> Result<Participant> {
        let (o, w) = (org_id.to_string(), workspace_id.to_string());
        let r: ParticipantResponse = self
            .json(
                Method::PUT,
                &["orgs", &o, "workspaces", &w, "participants", "add"],
                Query::new(),
                Some(participant),
            )
            .await?;
        r.participant.ok_or_else(|| {
            missing(
                "participant",
                &Method::PUT,
                &format!("/orgs/{org_id}/workspaces/{workspace_id}/participants/add"),
            )
        })
    }

    /// `PUT .../participants/{participantId}/role` with `{"role": …}`.
    pub async fn update_participant_role(
        &self,
        org_id: i64,
        workspace_id: i64,
        participant_id: i64,
        role: &WorkspaceRole,
    ) -> Result<()> {
        let (o, w, p) = (
            org_id.to_string(),
            workspace_id.to_string(),
            participant_id.to_string(),
        );
        let body = UpdateParticipantRoleRequest { role: role.clone() };
        self.no_content(
            Method::PUT,
            &["orgs", &o, "workspaces", &w, "participants", &p, "role"],
            Query::new(),
            Some(&body),
        )
        .await
    }

    /// `DELETE .../participants/{participantId}`.
    pub async fn remove_participant(
        &self,
        org_id: i64,
        workspace_id: i64,
        participant_id: i64,
    ) -> Result<()> {
        let (o, w, p) = (
            org_id.to_string(),
            workspace_id.to_string(),
            participant_id.to_string(),
        );
        self.no_content::<()>(
            Method::DELETE,
            &["orgs", &o, "workspaces", &w, "participants", &p],
            Query::new(),
            None,
        )
        .await
    }

    // -----------------------------------------------------------------------------------------
    // Workspace Studios settings
    // -----------------------------------------------------------------------------------------

    /// `GET .../settings/studios` (sent without the body the spec wrongly declares).
    pub async fn studios_settings(
        &self,
        org_id: i64,
        workspace_id: i64,
    ) -> Result<StudiosSettings> {
        let (o, w) = (org_id.to_string(), workspace_id.to_string());
        self.get(
            &["orgs", &o, "workspaces", &w, "settings", "studios"],
            Query::new(),
        )
        .await
    }

    /// `PUT .../settings/studios`.
    pub async fn update_studios_settings(
        &self,
        org_id: i64,
        workspace_id: i64,
        settings: &StudiosSettingsUpdate,
    ) -> Result<()> {
        let (o, w) = (org_id.to_string(), workspace_id.to_string());
        self.no_content(
            Method::PUT,
            &["orgs", &o, "workspaces", &w, "settings", "studios"],
            Query::new(),
            Some(settings),
        )
        .await
    }

    // -----------------------------------------------------------------------------------------
    // Labels
    // -----------------------------------------------------------------------------------------

    /// `GET /labels`, one page.
    pub async fn list_labels_page(
        &self,
        workspace_id: Option<i64>,
        query: &LabelQuery,
        page: PageRequest,
    ) -> Result<Page<Label>> {
        let label_type = query.label_type.map(|t| match t {
            LabelType::Simple => "simple",
            LabelType::Resource => "resource",
            LabelType::All => "all",
        });
        let q = Query::new()
            .ws(workspace_id)
            .page(page)
            .search(query.search.as_deref())
            .opt("type", label_type)
            .opt("isDefault", query.is_default);
        let r: LabelsResponse = self.get(&["labels"], q).await?;
        Ok(Page {
            items: r.labels,
            total_size: r.total_size,
            has_more: None,
        })
    }

    /// `GET /labels`, every page.
    pub async fn list_labels_all(
        &self,
        workspace_id: Option<i64>,
        query: &LabelQuery,
    ) -> Result<Vec<Label>> {
        collect_all(|p| self.list_labels_page(workspace_id, query, p)).await
    }

    /// `POST /labels`: creates a label, or returns the existing one with that name/value.
    pub async fn create_label(
        &self,
        workspace_id: Option<i64>,
        label: &CreateLabelRequest,
    ) -> Result<Label> {
        self.json(
            Method::POST,
            &["labels"],
            Query::new().ws(workspace_id),
            Some(label),
        )
        .await
    }

    /// `PUT /labels/{labelId}`.
    pub async fn update_label(
        &self,
        workspace_id: Option<i64>,
        label_id: i64,
        label: &UpdateLabelRequest,
    ) -> Result<Label> {
        let id = label_id.to_string();
        self.json(
            Method::PUT,
            &["labels", &id],
            Query::new().ws(workspace_id),
            Some(label),
        )
        .await
    }

    /// `DELETE /labels/{labelId}`.
    pub async fn delete_label(&self, workspace_id: Option<i64>, label_id: i64) -> Result<()> {
        let id = label_id.to_string();
        self.no_content::<()>(
            Method::DELETE,
            &["labels", &id],
            Query::new().ws(workspace_id),
            None,
        )
        .await
    }

    /// `POST /pipelines/labels/add`: adds labels, keeping the existing ones.
    pub async fn add_labels_to_pipelines(
        &self,
        workspace_id: Option<i64>,
        pipeline_ids: &[i64],
        label_ids: &[i64],
    ) -> Result<()> {
        self.pipeline_labels("add", workspace_id, pipeline_ids, label_ids)
            .await
    }

    /// `POST /pipelines/labels/remove`.
    pub async fn remove_labels_from_pipelines(
        &self,
        workspace_id: Option<i64>,
        pipeline_ids: &[i64],
        label_ids: &[i64],
    ) -> Result<()> {
        self.pipeline_labels("remove", workspace_id, pipeline_ids, label_ids)
            .await
    }

    async fn pipeline_labels(
        &self,
        op: &str,
        workspace_id: Option<i64>,
        pipeline_ids: &[i64],
        label_ids: &[i64],
    ) -> Result<()> {
        let body = AssociatePipelineLabelsRequest {
            pipeline_ids: pipeline_ids.to_vec(),
            label_ids: label_ids.to_vec(),
        };
        self.no_content(
            Method::POST,
            &["pipelines", "labels", op],
            Query::new().ws(workspace_id),
            Some(&body),
        )
        .await
    }

    /// `POST /workflow/labels/add`: adds labels to runs, keeping the existing ones.
    pub async fn add_labels_to_runs(
        &self,
        workspace_id: Option<i64>,
        workflow_ids: &[String],
        label_ids: &[i64],
    ) -> Result<()> {
        self.run_labels("add", workspace_id, workflow_ids, label_ids)
            .await
    }

    /// `POST /workflow/labels/remove`.
    pub async fn remove_labels_from_runs(
        &self,
        workspace_id: Option<i64>,
        workflow_ids: &[String],
        label_ids: &[i64],
    ) -> Result<()> {
        self.run_labels("remove", workspace_id, workflow_ids, label_ids)
            .await
    }

    async fn run_labels(
        &self,
        op: &str,
        workspace_id: Option<i64>,
        workflow_ids: &[String],
        label_ids: &[i64],
    ) -> Result<()> {
        let body = AssociateWorkflowLabelsRequest {
            workflow_ids: workflow_ids.to_vec(),
            label_ids: label_ids.to_vec(),
        };
        self.no_content(
            Method::POST,
            &["workflow", "labels", op],
            Query::new().ws(workspace_id),
            Some(&body),
        )
        .await
    }

    // -----------------------------------------------------------------------------------------
    // Pipelines
    // -----------------------------------------------------------------------------------------

    /// `GET /pipelines`, one page. `query.visibility` is the Launchpad's "Pipelines from".
    pub async fn list_pipelines_page(
        &self,
        workspace_id: Option<i64>,
        query: &PipelineQuery,
        page: PageRequest,
    ) -> Result<Page<Pipeline>> {
        let mut q = Query::new()
            .ws(workspace_id)
            .page(page)
            .search(query.search.as_deref())
            .opt(
                "visibility",
                query.visibility.map(PipelineVisibility::as_str),
            );
        if !query.attributes.is_empty() {
            q = q.set(
                "attributes",
                csv(&query.attributes, PipelineAttribute::as_str),
            );
        }
        q = q
            .opt(
                "sortBy",
                query.sort_by.map(|s| match s {
                    PipelineSortBy::Name => "NAME",
                    PipelineSortBy::Modified => "MODIFIED",
                    PipelineSortBy::Created => "CREATED",
                }),
            )
            .opt(
                "sortDir",
                query.sort_dir.map(|s| match s {
                    SortDir::Ascending => "ASCENDING",
                    SortDir::Descending => "DESCENDING",
                }),
            );
        let r: PipelinesResponse = self.get(&["pipelines"], q).await?;
        Ok(Page {
            items: r.pipelines,
            total_size: r.total_size,
            has_more: None,
        })
    }

    /// `GET /pipelines`, every page.
    pub async fn list_pipelines_all(
        &self,
        workspace_id: Option<i64>,
        query: &PipelineQuery,
    ) -> Result<Vec<Pipeline>> {
        collect_all(|p| self.list_pipelines_page(workspace_id, query, p)).await
    }

    /// `GET /pipelines/{pipelineId}`. For a pipeline of a shared workspace, pass its
    /// `workspace_id` as `source_workspace_id`.
    pub async fn describe_pipeline(
        &self,
        workspace_id: Option<i64>,
        pipeline_id: i64,
        source_workspace_id: Option<i64>,
        attributes: &[PipelineAttribute],
    ) -> Result<Pipeline> {
        let id = pipeline_id.to_string();
        let mut q = Query::new()
            .ws(workspace_id)
            .opt("sourceWorkspaceId", source_workspace_id);
        if !attributes.is_empty() {
            q = q.set("attributes", csv(attributes, PipelineAttribute::as_str));
        }
        let r: PipelineResponse = self.get(&["pipelines", &id], q).await?;
        r.pipeline.ok_or_else(|| {
            missing(
                "pipeline",
                &Method::GET,
                &format!("/pipelines/{pipeline_id}"),
            )
        })
    }

    /// `GET /pipelines/{pipelineId}/launch`: the saved launch form (with its compute
    /// environment). `version_id` picks a version other than the default.
    pub async fn pipeline_launch_info(
        &self,
        workspace_id: Option<i64>,
        pipeline_id: i64,
        source_workspace_id: Option<i64>,
        version_id: Option<&str>,
    ) -> Result<Launch> {
        let id = pipeline_id.to_string();
        let q = Query::new()
            .ws(workspace_id)
            .opt("sourceWorkspaceId", source_workspace_id)
            .opt("versionId", version_id);
        let r: LaunchResponse = self.get(&["pipelines", &id, "launch"], q).await?;
        r.launch.ok_or_else(|| {
            missing(
                "launch",
                &Method::GET,
                &format!("/pipelines/{pipeline_id}/launch"),
            )
        })
    }

    /// `GET /pipelines/{pipelineId}/schema`: the pipeline's `nextflow_schema.json` (as text) and
    /// its saved params; None when the server has no schema for it (`204`). For a pipeline of a
    /// shared workspace, pass its `workspace_id` as `source_workspace_id`.
    pub async fn describe_pipeline_schema(
        &self,
        workspace_id: Option<i64>,
        pipeline_id: i64,
        source_workspace_id: Option<i64>,
    ) -> Result<Option<PipelineSchemaResponse>> {
        let id = pipeline_id.to_string();
        let q = Query::new()
            .ws(workspace_id)
            .opt("sourceWorkspaceId", source_workspace_id);
        let segments = ["pipelines", id.as_str(), "schema"];
        let (status, bytes) = self.execute::<()>(Method::GET, &segments, q, None).await?;
        if status == StatusCode::NO_CONTENT || bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        let path = format!("/pipelines/{pipeline_id}/schema");
        serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            ApiError::new(
                ApiErrorKind::Decode,
                format!("unexpected response from GET {path}: {e}"),
            )
            .with_request("GET", &path, true)
            .with_source(e)
        })
    }

    /// `POST /pipelines`.
    pub async fn create_pipeline(
        &self,
        workspace_id: Option<i64>,
        pipeline: &CreatePipelineRequest,
    ) -> Result<Pipeline> {
        let r: PipelineResponse = self
            .json(
                Method::POST,
                &["pipelines"],
                Query::new().ws(workspace_id),
                Some(pipeline),
            )
            .await?;
        r.pipeline
            .ok_or_else(|| missing("pipeline", &Method::POST, "/pipelines"))
    }

    /// `PUT /pipelines/{pipelineId}` (the default version). `label_ids` replaces the labels.
    pub async fn update_pipeline(
        &self,
        workspace_id: Option<i64>,
        pipeline_id: i64,
        update: &UpdatePipelineRequest,
    ) -> Result<Pipeline> {
        let id = pipeline_id.to_string();
        let r: PipelineResponse = self
            .json(
                Method::PUT,
                &["pipelines", &id],
                Query::new().ws(workspace_id),
                Some(update),
            )
            .await?;
        r.pipeline.ok_or_else(|| {
            missing(
                "pipeline",
                &Method::PUT,
                &format!("/pipelines/{pipeline_id}"),
            )
        })
    }

    /// `DELETE /pipelines/{pipelineId}`.
    pub async fn delete_pipeline(&self, workspace_id: Option<i64>, pipeline_id: i64) -> Result<()> {
        let id = pipeline_id.to_string();
        self.no_content::<()>(
            Method::DELETE,
            &["pipelines", &id],
            Query::new().ws(workspace_id),
            None,
        )
        .await
    }

    /// `GET /pipelines/validate?name=`.
    pub async fn validate_pipeline_name(
        &self,
        workspace_id: Option<i64>,
        name: &str,
    ) -> Result<NameCheck> {
        self.name_check(
            &["pipelines", "validate"],
            Query::new().ws(workspace_id).set("name", name),
        )
        .await
    }

    /// `GET /pipelines/{pipelineId}/versions`, one page.
    pub async fn list_pipeline_versions_page(
        &self,
        workspace_id: Option<i64>,
        pipeline_id: i64,
        search: Option<&str>,
        page: PageRequest,
    ) -> Result<Page<Pipeline>> {
        let id = pipeline_id.to_string();
        let r: PipelineVersionsResponse = self
            .get(
                &["pipelines", &id, "versions"],
                Query::new().ws(workspace_id).page(page).search(search),
            )
            .await?;
        Ok(Page {
            items: r.versions,
            total_size: r.total_size,
            has_more: None,
        })
    }

    /// `GET /pipelines/{pipelineId}/versions`, every page.
    pub async fn list_pipeline_versions_all(
        &self,
        workspace_id: Option<i64>,
        pipeline_id: i64,
        search: Option<&str>,
    ) -> Result<Vec<Pipeline>> {
        collect_all(|p| self.list_pipeline_versions_page(workspace_id, pipeline_id, search, p))
            .await
    }

    // -----------------------------------------------------------------------------------------
    // Compute environments and credentials
    // -----------------------------------------------------------------------------------------

    /// `GET /compute-envs` (not paged), optionally only those with `status`.
    pub async fn list_compute_envs(
        &self,
        workspace_id: Option<i64>,
        status: Option<&ComputeEnvStatus>,
    ) -> Result<Vec<ComputeEnvSummary>> {
        let q = Query::new()
            .ws(workspace_id)
            .opt("status", status.map(ComputeEnvStatus::as_str));
        let r: ComputeEnvsResponse = self.get(&["compute-envs"], q).await?;
        Ok(r.compute_envs)
    }

    /// `GET /compute-envs/{computeEnvId}`.
    pub async fn describe_compute_env(
        &self,
        workspace_id: Option<i64>,
        compute_env_id: &str,
    ) -> Result<ComputeEnv> {
        let r: ComputeEnvResponse = self
            .get(
                &["compute-envs", compute_env_id],
                Query::new().ws(workspace_id),
            )
            .await?;
        r.compute_env.ok_or_else(|| {
            missing(
                "computeEnv",
                &Method::GET,
                &format!("/compute-envs/{compute_env_id}"),
            )
        })
    }

    /// `POST /compute-envs/{computeEnvId}/primary` with `{}`.
    pub async fn make_primary_compute_env(
        &self,
        workspace_id: Option<i64>,
        compute_env_id: &str,
    ) -> Result<()> {
        self.no_content(
            Method::POST,
            &["compute-envs", compute_env_id, "primary"],
            Query::new().ws(workspace_id),
            Some(&serde_json::json!({})),
        )
        .await
    }

    /// `GET /credentials` (not paged; metadata only, never secrets).
    pub async fn list_credentials(&self, workspace_id: Option<i64>) -> Result<Vec<Credentials>> {
        let r: CredentialsResponse = self
            .get(&["credentials"], Query::new().ws(workspace_id))
            .await?;
        Ok(r.credentials)
    }

    // -----------------------------------------------------------------------------------------
    // Runs
    // -----------------------------------------------------------------------------------------

    /// `GET /workflow`, one page (asks for `totalSize`).
    pub async fn list_runs_page(
        &self,
        workspace_id: Option<i64>,
        query: &WorkflowQuery,
        page: PageRequest,
    ) -> Result<Page<WorkflowListItem>> {
        let mut q = Query::new()
            .ws(workspace_id)
            .page(page)
            .search(query.search.as_deref())
            .set("includeTotalSize", true);
        if !query.attributes.is_empty() {
            q = q.set(
                "attributes",
                csv(&query.attributes, WorkflowAttribute::as_str),
            );
        }
        let r: WorkflowsResponse = self.get(&["workflow"], q).await?;
        Ok(Page {
            items: r.workflows,
            total_size: r.total_size,
            has_more: r.has_more,
        })
    }

    /// `GET /workflow`, every page.
    pub async fn list_runs_all(
        &self,
        workspace_id: Option<i64>,
        query: &WorkflowQuery,
    ) -> Result<Vec<WorkflowListItem>> {
        collect_all(|p| self.list_runs_page(workspace_id, query, p)).await
    }

    /// `GET /workflow/{workflowId}`.
    pub async fn describe_run(
        &self,
        workspace_id: Option<i64>,
        workflow_id: &str,
    ) -> Result<WorkflowResponse> {
        self.get(&["workflow", workflow_id], Query::new().ws(workspace_id))
            .await
    }

    /// `GET /workflow/{workflowId}/progress`.
    pub async fn run_progress(
        &self,
        workspace_id: Option<i64>,
        workflow_id: &str,
    ) -> Result<ProgressData> {
        let r: ProgressResponse = self
            .get(
                &["workflow", workflow_id, "progress"],
                Query::new().ws(workspace_id),
            )
            .await?;
        r.progress.ok_or_else(|| {
            missing(
                "progress",
                &Method::GET,
                &format!("/workflow/{workflow_id}/progress"),
            )
        })
    }

    /// `GET /workflow/{workflowId}/launch`: how a run was launched (for relaunch/resume).
    pub async fn run_launch(&self, workspace_id: Option<i64>, workflow_id: &str) -> Result<Launch> {
        let r: LaunchResponse = self
            .get(
                &["workflow", workflow_id, "launch"],
                Query::new().ws(workspace_id),
            )
            .await?;
        r.launch.ok_or_else(|| {
            missing(
                "launch",
                &Method::GET,
                &format!("/workflow/{workflow_id}/launch"),
            )
        })
    }

    /// `POST /workflow/launch?workspaceId=&sourceWorkspaceId=` with `{"launch": …}`; returns
    /// the new run's `workflowId`. For a pipeline of a shared workspace, pass that workspace
    /// as `source_workspace_id`. A refused launch's blockers are in
    /// [`ApiError::validation_errors`].
    pub async fn launch_run(
        &self,
        workspace_id: Option<i64>,
        source_workspace_id: Option<i64>,
        launch: &WorkflowLaunchRequest,
    ) -> Result<String> {
        let body = SubmitWorkflowLaunchRequest {
            launch: launch.clone(),
        };
        let q = Query::new()
            .ws(workspace_id)
            .opt("sourceWorkspaceId", source_workspace_id);
        let r: SubmitWorkflowLaunchResponse = self
            .json(Method::POST, &["workflow", "launch"], q, Some(&body))
            .await?;
        r.workflow_id
            .ok_or_else(|| missing("workflowId", &Method::POST, "/workflow/launch"))
    }

    /// `POST /workflow/{workflowId}/cancel` with `{}`.
    pub async fn cancel_run(&self, workspace_id: Option<i64>, workflow_id: &str) -> Result<()> {
        self.no_content(
            Method::POST,
            &["workflow", workflow_id, "cancel"],
            Query::new().ws(workspace_id),
            Some(&serde_json::json!({})),
        )
        .await
    }

    /// `DELETE /workflow/{workflowId}`; `force` deletes a run that is still active.
    pub async fn delete_run(
        &self,
        workspace_id: Option<i64>,
        workflow_id: &str,
        force: bool,
    ) -> Result<()> {
        let query = Query::new()
            .ws(workspace_id)
            .opt("force", force.then_some(true));
        self.no_content::<()>(Method::DELETE, &["workflow", workflow_id], query, None)
            .await
    }

    // -----------------------------------------------------------------------------------------
    // Actions
    // -----------------------------------------------------------------------------------------

    /// `GET /actions` (not paged).
    pub async fn list_actions(&self, workspace_id: Option<i64>) -> Result<Vec<ActionSummary>> {
        let r: ActionsResponse = self
            .get(&["actions"], Query::new().ws(workspace_id))
            .await?;
        Ok(r.actions)
    }

    /// `GET /actions/{actionId}`.
    pub async fn describe_action(
        &self,
        workspace_id: Option<i64>,
        action_id: &str,
    ) -> Result<Action> {
        let r: ActionResponse = self
            .get(&["actions", action_id], Query::new().ws(workspace_id))
            .await?;
        r.action
            .ok_or_else(|| missing("action", &Method::GET, &format!("/actions/{action_id}")))
    }

    // -----------------------------------------------------------------------------------------
    // Studios
    // -----------------------------------------------------------------------------------------

    /// `GET /studios`, one page (404 when Studios are disabled for the workspace).
    pub async fn list_studios_page(
        &self,
        workspace_id: Option<i64>,
        search: Option<&str>,
        page: PageRequest,
    ) -> Result<Page<Studio>> {
        let r: StudiosResponse = self
            .get(
                &["studios"],
                Query::new().ws(workspace_id).page(page).search(search),
            )
            .await?;
        Ok(Page {
            items: r.studios,
            total_size: r.total_size,
            has_more: None,
        })
    }

    /// `GET /studios`, every page.
    pub async fn list_studios_all(
        &self,
        workspace_id: Option<i64>,
        search: Option<&str>,
    ) -> Result<Vec<Studio>> {
        collect_all(|p| self.list_studios_page(workspace_id, search, p)).await
    }

    /// `GET /studios/{sessionId}`.
    pub async fn describe_studio(
        &self,
        workspace_id: Option<i64>,
        session_id: &str,
    ) -> Result<Studio> {
        self.get(&["studios", session_id], Query::new().ws(workspace_id))
            .await
    }

    /// `GET /studios/templates`, every page.
    pub async fn list_studio_templates(
        &self,
        workspace_id: Option<i64>,
    ) -> Result<Vec<StudioTemplate>> {
        collect_all(|page| async move {
            let r: StudioTemplatesResponse = self
                .get(
                    &["studios", "templates"],
                    Query::new().ws(workspace_id).page(page),
                )
                .await?;
            Ok(Page {
                items: r.templates,
                total_size: r.total_size,
                has_more: None,
            })
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_accepts_seconds_and_http_dates() {
        assert_eq!(parse_retry_after("7"), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO),
            "a date in the past means: retry now"
        );
        let soon = (Utc::now() + chrono::Duration::seconds(120)).to_rfc2822();
        let d = parse_retry_after(&soon).unwrap();
        assert!(
            d > Duration::from_secs(100) && d <= Duration::from_secs(120),
            "{d:?}"
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn base_url_rules() {
        for ok in [
            "https://api.cloud.seqera.io",
            "https://tower.example.org/api",
            "http://127.0.0.1:8080",
            "http://127.1.2.3/api",
            "http://localhost:9000",
            "http://[::1]:8080/api/",
        ] {
            assert!(parse_base_url(ok).is_ok(), "{ok} should be accepted");
        }
        for bad in [
            "http://api.cloud.seqera.io",
            "http://10.0.0.5/api",
            "http://localhost.evil.example",
            "ftp://host/api",
            "not a url",
            "https://host/api?x=1",
            "https://user:pw@host/api",
        ] {
            let err = parse_base_url(bad).unwrap_err();
            assert_eq!(err.kind(), ApiErrorKind::InvalidUrl, "{bad}");
        }
    }
}
