//! Starting, configuring and stopping the mock server.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::http::HeaderMap;
use axum::routing::get;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::app::App;
use crate::auth::Auth;
use crate::error::MockError;
use crate::error_body::ErrorShape;
use crate::faults::{Faults, Injection, Storm};
use crate::handlers::QueryResult;
use crate::log::{LoggedRequest, RequestLog, TrackingIds};
use crate::model::MemberType;
use crate::oauth::{OAuth, OAuthConfig};
use crate::routes::{LIST_ROUTES, RequestCtx, SETTING_ROUTES};
use crate::seed::{self, PopulationSize};
use crate::state::Store;
use crate::{handlers, lists, pipeline};

/// Generated people on top of the three seed-document people, by default.
pub const DEFAULT_PEOPLE: usize = 10;
/// Generated virtual lines on top of the seed-document line, by default.
pub const DEFAULT_VIRTUAL_LINES: usize = 4;
/// Generated workspaces, by default.
pub const DEFAULT_WORKSPACES: usize = 3;

/// A running mock of the Webex Calling settings API.
///
/// The server runs on the Tokio runtime it was started on. Dropping the value
/// shuts the server down (in-flight requests are allowed to finish); use
/// [`MockServer::shutdown`] to also wait for that.
#[derive(Debug)]
pub struct MockServer {
    app: Arc<App>,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl MockServer {
    /// Starts a server on `127.0.0.1` with an ephemeral port, the seed-document
    /// examples and the default generated population (seed 0).
    pub async fn start() -> Result<MockServer, MockError> {
        Self::builder().start().await
    }

    /// A builder for a customised server.
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder::default()
    }

    /// The API base URL, e.g. `http://127.0.0.1:40123/v1`: the same shape as
    /// `https://webexapis.com/v1`, so clients append the spec paths to it.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The mock organization's id; `orgId` queries with any other value answer 404.
    pub fn org_id(&self) -> String {
        self.app.store.org_id.clone()
    }

    /// Ids of all people, the seed-document person first, then Alice Little and
    /// Bob Johnson, then the generated ones.
    pub fn people_ids(&self) -> Vec<String> {
        self.app.store.people_ids.clone()
    }

    /// Ids of all virtual lines, the seed-document line
    /// ([`crate::seed_examples::VIRTUAL_LINE_ID`]) first.
    pub fn virtual_line_ids(&self) -> Vec<String> {
        self.app.store.virtual_line_ids.clone()
    }

    /// Ids of all workspaces, the spec examples' workspace
    /// ([`crate::seed_examples::WORKSPACE_ID`]) first, then the generated
    /// ones, with Webex Calling or not.
    pub fn workspace_ids(&self) -> Vec<String> {
        self.app.store.workspace_ids.clone()
    }

    /// The people with Webex Calling: exactly those `GET /people?callingData=true`
    /// gives a `locationId` (every seventh generated person has none).
    pub fn calling_people_ids(&self) -> Vec<String> {
        self.app.store.calling_ids(MemberType::People)
    }

    /// The workspaces with Webex Calling (`calling.type` `webexCalling`), the only
    /// ones whose settings can be read; every fourth generated workspace has none
    /// and answers the settings operations with 403.
    pub fn calling_workspace_ids(&self) -> Vec<String> {
        self.app.store.calling_ids(MemberType::Place)
    }

    /// The Webex Calling locations, in order; targets are spread over them
    /// round-robin.
    pub fn location_ids(&self) -> Vec<String> {
        self.app
            .store
            .locations
            .iter()
            .map(|l| l.id.clone())
            .collect()
    }

    /// Like [`fail_next`](Self::fail_next), for the list operation `list`:
    /// `"people"`, `"workspaces"` or `"virtualLines"`.
    pub fn fail_next_list(&self, list: &str, status: u16, times: usize, retry_after: Option<&str>) {
        self.fail_next(&format!("list:{list}"), status, times, retry_after);
    }

    /// The requests received so far, oldest first (at most the latest 100,000).
    /// Empty if the log was switched off with [`MockServerBuilder::request_log`].
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        self.app.log.snapshot()
    }

    /// Forgets the requests logged so far.
    pub fn clear_request_log(&self) {
        self.app.log.clear();
    }

    /// Makes the next `times` requests whose path names `id` (decoded) answer
    /// `status` with a Webex error body, plus `Retry-After: retry_after` verbatim
    /// when given. Takes precedence over every other check, authentication included.
    /// Queued faults for the same id are served in the order they were queued.
    pub fn fail_next(&self, id: &str, status: u16, times: usize, retry_after: Option<&str>) {
        let injection = Injection::Fail {
            status,
            retry_after: retry_after.map(str::to_owned),
        };
        self.app.faults.enqueue(id, injection, times);
    }

    /// Makes the next `times` requests whose path names `id` (decoded) get a
    /// response head and a partial body, after which the connection is cut.
    pub fn drop_next(&self, id: &str, times: usize) {
        self.app.faults.enqueue(id, Injection::Drop, times);
    }

    /// Token refreshes made so far (with [`MockServerBuilder::oauth`]).
    pub fn token_refreshes(&self) -> u64 {
        self.app.oauth.as_ref().map_or(0, OAuth::refreshes)
    }

    /// Every access and refresh token issued so far (with
    /// [`MockServerBuilder::oauth`]), for tests that check none leaks.
    pub fn issued_tokens(&self) -> Vec<String> {
        self.app.oauth.as_ref().map_or_else(Vec::new, OAuth::issued)
    }

    /// Revokes every refresh token, as an administrator revoking a login
    /// would: the next refresh is refused.
    pub fn revoke_refresh_tokens(&self) {
        if let Some(oauth) = &self.app.oauth {
            oauth.revoke_refresh_tokens();
        }
    }

    /// Stops accepting connections and waits for in-flight requests to finish.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            // Errors here mean the server already failed; there is nobody to tell.
            let _ = task.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Configures a [`MockServer`]. Every setting has a default; see each method.
#[derive(Debug, Clone)]
#[must_use]
pub struct MockServerBuilder {
    bind: SocketAddr,
    people: usize,
    virtual_lines: usize,
    workspaces: usize,
    seed: u64,
    rate_limit: Option<f64>,
    fail_rate: f64,
    latency: Option<Duration>,
    tokens: HashSet<String>,
    read_only_tokens: HashSet<String>,
    locked: HashSet<String>,
    malformed_retry_after: bool,
    request_log: bool,
    locations: usize,
    error_shape: ErrorShape,
    oauth: Option<OAuthConfig>,
    storm: Option<Storm>,
}

impl Default for MockServerBuilder {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            people: DEFAULT_PEOPLE,
            virtual_lines: DEFAULT_VIRTUAL_LINES,
            workspaces: DEFAULT_WORKSPACES,
            seed: 0,
            rate_limit: None,
            fail_rate: 0.0,
            latency: None,
            tokens: HashSet::new(),
            read_only_tokens: HashSet::new(),
            locked: HashSet::new(),
            malformed_retry_after: false,
            request_log: true,
            locations: 1,
            error_shape: ErrorShape::Flat,
            oauth: None,
            storm: None,
        }
    }
}

impl MockServerBuilder {
    /// Address to listen on (default `127.0.0.1:0`, an ephemeral port).
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.bind = addr;
        self
    }

    /// Number of generated people in addition to the three seed-document people
    /// (default [`DEFAULT_PEOPLE`]).
    pub fn people(mut self, n: usize) -> Self {
        self.people = n;
        self
    }

    /// Number of generated virtual lines in addition to the seed-document line
    /// (default [`DEFAULT_VIRTUAL_LINES`]).
    pub fn virtual_lines(mut self, n: usize) -> Self {
        self.virtual_lines = n;
        self
    }

    /// Number of generated workspaces in addition to the spec examples'
    /// workspace (default [`DEFAULT_WORKSPACES`]).
    pub fn workspaces(mut self, n: usize) -> Self {
        self.workspaces = n;
        self
    }

    /// Seed for generated data and random faults (default 0). The same seed and
    /// sizes give the same ids; the same seed and request sequence give the same faults.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Token-bucket rate limit over all requests, in requests per second; the
    /// burst is one second's worth (at least 1). Requests over it answer 429 with
    /// `Retry-After` in whole seconds (at least 1). Off by default.
    pub fn rate_limit(mut self, per_second: f64) -> Self {
        self.rate_limit = Some(per_second);
        self
    }

    /// Fraction (0 to 1) of authenticated requests answered 500, 502, 503 or 504,
    /// drawn from a generator seeded by [`Self::seed`]; some 503s carry
    /// `Retry-After`. Default 0.
    pub fn fail_rate(mut self, fraction: f64) -> Self {
        self.fail_rate = fraction;
        self
    }

    /// Delay added before every response (default none).
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = Some(latency);
        self
    }

    /// Accepts this bearer token with read and write access. Repeatable. When no
    /// token is configured, any non-empty bearer token is accepted.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.tokens.insert(token.into());
        self
    }

    /// Accepts this bearer token for reads; writes with it answer 403. Repeatable.
    pub fn read_only_token(mut self, token: impl Into<String>) -> Self {
        self.read_only_tokens.insert(token.into());
        self
    }

    /// Makes every authenticated request naming `id` answer 423 with
    /// `Retry-After: 5`. Repeatable.
    pub fn locked(mut self, id: impl Into<String>) -> Self {
        self.locked.insert(id.into());
        self
    }

    /// A 429 storm: from the `after`-th request on, every request is answered
    /// 429 with `Retry-After: retry_after` seconds for `duration` (wall
    /// time). A long duration and a huge `retry_after` make a server that
    /// never lets anything through.
    pub fn storm(mut self, after: u64, duration: Duration, retry_after: u64) -> Self {
        self.storm = Some(Storm {
            after,
            duration,
            retry_after,
        });
        self
    }

    /// Makes 429, 423 and 503 answers carry junk `Retry-After` values such as
    /// `rand(30),add(30)` instead of whole seconds, as some Webex gateways do.
    pub fn malformed_retry_after(mut self, on: bool) -> Self {
        self.malformed_retry_after = on;
        self
    }

    /// Records requests for [`MockServer::request_log`] (default on). Switch it
    /// off for benchmarks.
    pub fn request_log(mut self, on: bool) -> Self {
        self.request_log = on;
        self
    }

    /// Ids of the people the server will have, in [`MockServer::people_ids`] order.
    pub fn people_ids(&self) -> Vec<String> {
        seed::generate(self.size()).people_ids
    }

    /// Ids of the virtual lines the server will have, in
    /// [`MockServer::virtual_line_ids`] order.
    pub fn virtual_line_ids(&self) -> Vec<String> {
        seed::generate(self.size()).virtual_line_ids
    }

    /// Ids of the workspaces the server will have.
    pub fn workspace_ids(&self) -> Vec<String> {
        seed::generate(self.size()).workspace_ids
    }

    /// The people with Webex Calling the server will have, in
    /// [`MockServer::calling_people_ids`] order.
    pub fn calling_people_ids(&self) -> Vec<String> {
        Store::new(seed::generate(self.size())).calling_ids(MemberType::People)
    }

    /// The workspaces with Webex Calling the server will have.
    pub fn calling_workspace_ids(&self) -> Vec<String> {
        Store::new(seed::generate(self.size())).calling_ids(MemberType::Place)
    }

    /// The locations the server will have.
    pub fn location_ids(&self) -> Vec<String> {
        seed::generate(self.size())
            .locations
            .into_iter()
            .map(|l| l.id)
            .collect()
    }

    /// Spreads the targets over `n` Webex Calling locations (default 1; 0 is
    /// treated as 1). Location ids decode to `ciscospark://us/LOCATION/...`.
    pub fn locations(mut self, n: usize) -> Self {
        self.locations = n.max(1);
        self
    }

    /// The body shape of every error answer (default [`ErrorShape::Flat`],
    /// the one Webex documents).
    pub fn error_shape(mut self, shape: ErrorShape) -> Self {
        self.error_shape = shape;
        self
    }

    /// Enables the login endpoints (device login, authorization code with
    /// PKCE, refresh, service apps, `GET /people/me`) for the OAuth client
    /// `client_id` with `client_secret`. Tokens they issue are accepted (until
    /// they expire) beside the static ones.
    pub fn oauth(mut self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        self.oauth = Some(OAuthConfig {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            token_lifetime: Duration::from_secs(3600),
            approve_after: 0,
            interval: 1,
            revoke_after: None,
        });
        self
    }

    fn oauth_config(&mut self) -> Option<&mut OAuthConfig> {
        self.oauth.as_mut()
    }

    /// With [`oauth`](Self::oauth): access tokens expire after `lifetime`
    /// (then the API answers 401), default an hour.
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        if let Some(config) = self.oauth_config() {
            config.token_lifetime = lifetime;
        }
        self
    }

    /// With [`oauth`](Self::oauth): a device login is approved after `polls`
    /// polls (default 0: at the first).
    pub fn approve_device_after(mut self, polls: u64) -> Self {
        if let Some(config) = self.oauth_config() {
            config.approve_after = polls;
        }
        self
    }

    /// With [`oauth`](Self::oauth): the poll interval a device login is told,
    /// in seconds (default 1).
    pub fn device_interval(mut self, seconds: u64) -> Self {
        if let Some(config) = self.oauth_config() {
            config.interval = seconds;
        }
        self
    }

    /// With [`oauth`](Self::oauth): after `refreshes` refreshes, every refresh
    /// token is revoked, so the next refresh is refused (`invalid_grant`).
    pub fn revoke_refresh_tokens_after(mut self, refreshes: u64) -> Self {
        if let Some(config) = self.oauth_config() {
            config.revoke_after = Some(refreshes);
        }
        self
    }

    fn size(&self) -> PopulationSize {
        PopulationSize {
            seed: self.seed,
            people: self.people,
            workspaces: self.workspaces,
            virtual_lines: self.virtual_lines,
            locations: self.locations,
        }
    }

    /// Binds the socket and starts serving on the current Tokio runtime.
    pub async fn start(self) -> Result<MockServer, MockError> {
        let faults = Faults::new(
            self.seed,
            self.rate_limit,
            self.fail_rate,
            self.locked.clone(),
            self.malformed_retry_after,
        )?
        .with_storm(self.storm);
        let app = Arc::new(App {
            store: Store::new(seed::generate(self.size())),
            auth: Auth {
                full: self.tokens,
                read_only: self.read_only_tokens,
            },
            faults,
            log: RequestLog::new(self.request_log),
            latency: self.latency.filter(|d| !d.is_zero()),
            tracking: TrackingIds::new(self.seed),
            error_shape: self.error_shape,
            oauth: self.oauth.clone().map(OAuth::new),
        });
        let listener = tokio::net::TcpListener::bind(self.bind)
            .await
            .map_err(|source| MockError::Bind {
                addr: self.bind,
                source,
            })?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let router = router(Arc::clone(&app));
        let task = tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    // A dropped sender means the MockServer is gone: stop too.
                    let _ = stopped.await;
                })
                .await
        });
        Ok(MockServer {
            app,
            addr,
            stop: Some(stop),
            task: Some(task),
        })
    }
}

fn router(app: Arc<App>) -> Router {
    let mut router = Router::new();
    for &route in SETTING_ROUTES.iter() {
        let path = format!("{}{{id}}{}", route.prefix, route.suffix);
        let methods = get(
            move |State(app): State<Arc<App>>,
                  Extension(ctx): Extension<RequestCtx>,
                  query: QueryResult| { handlers::get_setting(app, ctx, query, route) },
        )
        .put(
            move |State(app): State<Arc<App>>,
                  Extension(ctx): Extension<RequestCtx>,
                  query: QueryResult,
                  headers: HeaderMap,
                  body: Bytes| {
                handlers::put_setting(app, ctx, query, (headers, body), route)
            },
        );
        router = router.route(&path, methods.fallback(handlers::method_not_allowed));
    }
    for (path, kind) in LIST_ROUTES {
        let list = get(
            move |State(app): State<Arc<App>>,
                  Extension(ctx): Extension<RequestCtx>,
                  query: lists::ListQueryResult,
                  headers: HeaderMap| {
                lists::list(app, ctx, query, headers, path, kind)
            },
        );
        router = router.route(path, list.fallback(handlers::list_method_not_allowed));
    }
    router = crate::oauth::routes(router);
    router
        .fallback(handlers::not_found)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            pipeline::pipeline,
        ))
        .with_state(app)
}
