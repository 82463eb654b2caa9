//! [`WebexBuilder`]: every setting of a client, checked once at build time.

use crate::auth::{Auth, Clients};
use crate::client::{Inner, Webex};
use crate::gate::Gate;
use crate::limiter::{Concurrency, Limiter};
use crate::stall::StallWatch;
use crate::stats::Counters;
use crate::tracking::valid_prefix;
use crate::{Error, RetryPolicy, TokenProvider};
use reqwest::header::HeaderValue;
use secrecy::SecretString;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use url::{Host, Url};

/// The production API root.
pub const DEFAULT_BASE_URL: &str = "https://webexapis.com/v1";
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The `User-Agent` of a client built without [`WebexBuilder::user_agent`].
const DEFAULT_USER_AGENT: &str = concat!("webex-calling-rs/", env!("CARGO_PKG_VERSION"));
const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_TRACKING_PREFIX: &str = "webex-calling-rs";

/// Configures and builds a [`Webex`] client; start from [`Webex::builder`].
///
/// Defaults: base URL `https://webexapis.com/v1`, connect timeout 10 s, request
/// timeout 30 s, [`RetryPolicy::default`], [`Concurrency::Auto`] (an adaptive
/// number of requests in flight, starting at 104), `User-Agent`
/// `webex-calling-rs/<version>`, `TrackingID` prefix `webex-calling-rs`.
///
/// ```
/// use std::time::Duration;
/// use webex_calling::{RetryPolicy, Webex};
///
/// let webex = Webex::builder()
///     .token("ACCESS_TOKEN")
///     .base_url("https://webexapis.com/v1")
///     .org_id("ORG_ID")
///     .connect_timeout(Duration::from_secs(5))
///     .request_timeout(Duration::from_secs(20))
///     .retry_policy(RetryPolicy::default().max_attempts(3))
///     .max_concurrency(8)
///     .user_agent("my-provisioning-tool/1.0")
///     .tracking_id_prefix("my-tool")
///     .build()?;
/// # let _ = webex;
/// # Ok::<(), webex_calling::Error>(())
/// ```
#[must_use]
pub struct WebexBuilder {
    auth: Option<Auth>,
    base_url: String,
    org_id: Option<String>,
    connect_timeout: Option<Duration>,
    request_timeout: Duration,
    policy: RetryPolicy,
    concurrency: Concurrency,
    user_agent: Option<String>,
    tracking_prefix: String,
    http: Option<reqwest::Client>,
}

impl Default for WebexBuilder {
    fn default() -> Self {
        Self {
            auth: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            org_id: None,
            connect_timeout: None,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            policy: RetryPolicy::default(),
            concurrency: Concurrency::Auto,
            user_agent: None,
            tracking_prefix: DEFAULT_TRACKING_PREFIX.to_owned(),
            http: None,
        }
    }
}

impl fmt::Debug for WebexBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebexBuilder")
            .field("auth", &self.auth)
            .field("base_url", &self.base_url)
            .field("org_id", &self.org_id)
            .field("request_timeout", &self.request_timeout)
            .field("retry_policy", &self.policy)
            .field("concurrency", &self.concurrency)
            .finish_non_exhaustive()
    }
}

impl WebexBuilder {
    /// Authenticates with a fixed access token (replaces any token provider).
    /// Whitespace around it, such as the newline at the end of a token file,
    /// is removed.
    ///
    /// ```
    /// let builder = webex_calling::Webex::builder().token("ACCESS_TOKEN\n");
    /// assert!(!format!("{builder:?}").contains("ACCESS_TOKEN"));
    /// ```
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.auth = Some(Auth::Static(SecretString::from(token.into().trim())));
        self
    }

    /// Authenticates with tokens from `provider`, which is asked once for a
    /// fresh token after a 401 (replaces any fixed token); whitespace around
    /// the tokens it returns is removed. See [`TokenProvider`].
    ///
    /// ```
    /// use webex_calling::{BoxFuture, Error, TokenProvider};
    ///
    /// struct FromVault;
    ///
    /// impl TokenProvider for FromVault {
    ///     fn token(&self) -> BoxFuture<'_, Result<String, Error>> {
    ///         Box::pin(async { Ok("token-from-vault".to_string()) })
    ///     }
    ///     fn refresh(&self) -> BoxFuture<'_, Result<String, Error>> {
    ///         Box::pin(async { Ok("refreshed-token".to_string()) })
    ///     }
    /// }
    ///
    /// let webex = webex_calling::Webex::builder().token_provider(FromVault).build()?;
    /// # let _ = webex;
    /// # Ok::<(), webex_calling::Error>(())
    /// ```
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.auth = Some(Auth::Provider(Arc::new(provider)));
        self
    }

    /// The API root, such as `https://webexapis.com/v1`. `http://` is accepted
    /// only for loopback hosts (a local mock server), because the token would
    /// otherwise travel in clear text.
    ///
    /// ```
    /// let error = webex_calling::Webex::builder()
    ///     .token("t")
    ///     .base_url("http://webexapis.com/v1")
    ///     .build()
    ///     .unwrap_err();
    /// assert!(error.to_string().contains("https://"));
    /// ```
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The organization (`orgId`) to act on when a person or virtual line
    /// does not set its own; partner administrators need it.
    ///
    /// ```
    /// let builder = webex_calling::Webex::builder().org_id("ORG_ID");
    /// # let _ = builder;
    /// ```
    pub fn org_id(mut self, org_id: impl Into<String>) -> Self {
        self.org_id = Some(org_id.into());
        self
    }

    /// How long to wait for a TCP and TLS connection (default 10 s). Applies
    /// only to the HTTP client this builder creates, not to one passed to
    /// [`http_client`](Self::http_client).
    ///
    /// ```
    /// let builder = webex_calling::Webex::builder().connect_timeout(std::time::Duration::from_secs(3));
    /// # let _ = builder;
    /// ```
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How long one request may take from sending to the end of the response
    /// (default 30 s). Each retry gets the full timeout again.
    ///
    /// ```
    /// let builder = webex_calling::Webex::builder().request_timeout(std::time::Duration::from_secs(15));
    /// # let _ = builder;
    /// ```
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// When and how failed requests are retried; see [`RetryPolicy`].
    ///
    /// ```
    /// let builder = webex_calling::Webex::builder().retry_policy(webex_calling::RetryPolicy::none());
    /// # let _ = builder;
    /// ```
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// How many HTTP requests this client (all clones together) has in flight
    /// at once: [`Concurrency::Auto`] (the default) finds the server's
    /// capacity by itself; [`Concurrency::Fixed`] holds a number.
    ///
    /// ```
    /// use webex_calling::Concurrency;
    /// let builder = webex_calling::Webex::builder().concurrency(Concurrency::Auto);
    /// # let _ = builder;
    /// ```
    pub fn concurrency(mut self, concurrency: Concurrency) -> Self {
        self.concurrency = match concurrency {
            Concurrency::Fixed(n) => Concurrency::Fixed(n.max(1)),
            Concurrency::Auto => Concurrency::Auto,
        };
        self
    }

    /// A fixed limit of HTTP requests in flight at once (at least 1): the
    /// same as `concurrency(Concurrency::Fixed(limit))`.
    ///
    /// ```
    /// let builder = webex_calling::Webex::builder().max_concurrency(4);
    /// # let _ = builder;
    /// ```
    pub fn max_concurrency(mut self, limit: usize) -> Self {
        self.concurrency = Concurrency::Fixed(limit.max(1));
        self
    }

    /// The `User-Agent` header (default `webex-calling-rs/<version>`; with a
    /// caller's [`http_client`](Self::http_client), that client's own unless
    /// this is set). [`build`](Self::build) fails on a value that cannot be
    /// sent in a header.
    ///
    /// ```
    /// let builder = webex_calling::Webex::builder().user_agent("my-tool/2.1");
    /// # let _ = builder;
    /// ```
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The start of every `TrackingID` this client sends (ASCII letters,
    /// digits, `-`, `_`, `.`, `:`; at most 64 characters).
    ///
    /// ```
    /// let builder = webex_calling::Webex::builder().tracking_id_prefix("nightly-sync");
    /// # let _ = builder;
    /// ```
    pub fn tracking_id_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.tracking_prefix = prefix.into();
        self
    }

    /// Sends requests through the caller's `reqwest::Client` (to share its
    /// connection pool, proxy or TLS settings). The request timeout and a
    /// [`user_agent`](Self::user_agent) still apply; the connect timeout must
    /// then be set on that client.
    /// Start it from [`http_client_builder`] to keep this crate's proxy and
    /// redirect rules.
    ///
    /// ```
    /// let http = reqwest::Client::new();
    /// let webex = webex_calling::Webex::builder().token("t").http_client(http).build()?;
    /// # let _ = webex;
    /// # Ok::<(), webex_calling::Error>(())
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Checks the settings and builds the client. Fails with
    /// [`Error::Config`] explaining what to fix.
    ///
    /// ```
    /// let error = webex_calling::Webex::builder().build().unwrap_err();
    /// assert!(error.to_string().contains("token"));
    /// ```
    pub fn build(self) -> Result<Webex, Error> {
        let auth = self.auth.ok_or_else(|| {
            Error::config(
                "no access token: call WebexBuilder::token or WebexBuilder::token_provider",
            )
        })?;
        if let Auth::Static(token) = &auth {
            Auth::validate_static(crate::auth::expose(token))?;
        }
        let base_url = validate_base_url(&self.base_url)?;
        if let Some(org_id) = &self.org_id {
            crate::client::validate_id("default org id", org_id)?;
        }
        if !valid_prefix(&self.tracking_prefix) {
            return Err(Error::config(format!(
                "tracking id prefix {:?} is not usable: use 1 to 64 ASCII letters, digits, '-', '_', '.' or ':'",
                self.tracking_prefix
            )));
        }
        if self.request_timeout.is_zero() {
            return Err(Error::config(
                "the request timeout must be greater than zero",
            ));
        }
        // Sent by the generated client's hook, not set on the reqwest client,
        // which would copy it into every request and connector clone.
        let user_agent = match self.user_agent {
            Some(custom) => Some(HeaderValue::from_str(&custom).map_err(|_| {
                Error::config(format!(
                    "user agent {custom:?} cannot be sent in an HTTP header: use visible ASCII characters and spaces"
                ))
            })?),
            None if self.http.is_none() => Some(HeaderValue::from_static(DEFAULT_USER_AGENT)),
            None => None,
        };
        let http = match self.http {
            Some(http) => {
                if self.connect_timeout.is_some() {
                    return Err(Error::config(
                        "connect_timeout cannot be applied to a caller-supplied reqwest::Client; set it on that client instead",
                    ));
                }
                http
            }
            None => http_client_builder(&base_url)?
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .build()
                .map_err(|e| Error::config(format!("could not create the HTTP client: {e}")))?,
        };
        Ok(Webex {
            inner: Arc::new(Inner {
                clients: Clients::new(auth, base_url.clone(), http, user_agent),
                base_url,
                org_id: self.org_id.map(Arc::from),
                stall: StallWatch::new(self.policy.max_retry_after, self.policy.stall_after),
                policy: self.policy,
                request_timeout: self.request_timeout,
                limiter: Limiter::new(self.concurrency),
                gate: Gate::new(),
                counters: Counters::default(),
                tracking: crate::tracking::TrackingIds::new(self.tracking_prefix),
            }),
        })
    }
}

/// A `reqwest::ClientBuilder` with the transport rules of the client this
/// crate builds itself, for callers who pass their own client to
/// [`WebexBuilder::http_client`]:
///
/// * **No proxy for a loopback base URL.** `http://` is allowed only for
///   loopback hosts, on the grounds that the token then never leaves the
///   machine; a proxy from `HTTP_PROXY`/`ALL_PROXY` would receive it in clear
///   text. For any other base URL the system proxy settings apply as usual.
/// * **One retry layer.** reqwest's own retry of HTTP/2 refusals is off: the
///   client's [`RetryPolicy`](crate::RetryPolicy) resends a request the
///   server refused unprocessed (GOAWAY, `REFUSED_STREAM`) at once, and its
///   backoff covers every other transport error. A client built elsewhere
///   keeps whatever retries it has, on top of the policy's.
/// * **Redirects stay on the API's origin.** A redirect is followed only to
///   the base URL's scheme, host and port (at most 10 in a row); any other is
///   not followed, so a `307` from `https` to `http` or to another host cannot
///   resend the body or the token there. The redirect response is then the
///   call's error (an [`ApiError`](crate::ApiError) with the 3xx status).
///
/// Fails with [`Error::Config`] when `base_url` is not acceptable to
/// [`WebexBuilder::base_url`].
///
/// ```
/// let base_url = "http://127.0.0.1:8080/v1";
/// let http = webex_calling::http_client_builder(base_url)?
///     .user_agent("my-tool/1.0")
///     .build()
///     .expect("a reqwest client");
/// let webex = webex_calling::Webex::builder()
///     .token("ACCESS_TOKEN")
///     .base_url(base_url)
///     .http_client(http)
///     .build()?;
/// # let _ = webex;
/// # Ok::<(), webex_calling::Error>(())
/// ```
pub fn http_client_builder(base_url: &str) -> Result<reqwest::ClientBuilder, Error> {
    let base_url = validate_base_url(base_url)?;
    let url = Url::parse(&base_url)
        .map_err(|e| Error::config(format!("base URL {base_url:?} is not a valid URL ({e})")))?;
    let origin = url.origin();
    let builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::custom(move |attempt| {
            if stays_on_origin(&origin, attempt.url()) {
                reqwest::redirect::Policy::default().redirect(attempt)
            } else {
                attempt.stop()
            }
        }))
        // Retries have one home, the client's retry loop, which resends an
        // HTTP/2 refusal (GOAWAY, REFUSED_STREAM) at once as reqwest's layer
        // would. That layer clones every request up front in case it retries
        // (about 2,300 instructions of a loopback read); allowed no retries,
        // it clones nothing.
        .retry(reqwest::retry::never().max_retries_per_request(0));
    Ok(match url.host() {
        Some(host) if is_loopback(&host) => builder.no_proxy(),
        _ => builder,
    })
}

/// Whether a redirect to `next` keeps the scheme, host and port of the API.
fn stays_on_origin(origin: &url::Origin, next: &Url) -> bool {
    next.origin() == *origin
}

/// Checks a base URL and normalises it to have no trailing slash, since the
/// generated client appends paths that start with `/`.
fn validate_base_url(raw: &str) -> Result<String, Error> {
    let trimmed = raw.trim();
    let url = Url::parse(trimmed).map_err(|e| {
        Error::config(format!(
            "base URL {trimmed:?} is not a valid URL ({e}); expected something like {DEFAULT_BASE_URL}"
        ))
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config(
            "the base URL must not contain a user name or password; give the access token as the token instead",
        ));
    }
    let host = url.host().ok_or_else(|| {
        Error::config(format!(
            "base URL {trimmed:?} has no host; expected something like {DEFAULT_BASE_URL}"
        ))
    })?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => {
            return Err(Error::config(format!(
                "base URL {trimmed:?} uses http:// for a non-loopback host, which would send the access token in clear text; use https:// (http:// is allowed only for localhost, 127.0.0.0/8 and ::1)"
            )));
        }
        other => {
            return Err(Error::config(format!(
                "base URL {trimmed:?} has scheme {other:?}; use https://"
            )));
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(format!(
            "base URL {trimmed:?} must not have a query or fragment; give only the API root such as {DEFAULT_BASE_URL}"
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => ip.is_loopback(),
    }
}

#[cfg(test)]
mod tests {
    use super::{stays_on_origin, validate_base_url};
    use url::Url;

    #[test]
    fn redirects_stay_on_the_api_origin() {
        let origin = Url::parse("https://webexapis.com/v1")
            .expect("a URL")
            .origin();
        let stays = |next: &str| stays_on_origin(&origin, &Url::parse(next).expect("a URL"));
        assert!(stays("https://webexapis.com/v1/people/x/features/bargeIn"));
        assert!(stays("https://WEBEXAPIS.com:443/elsewhere"));
        for away in [
            "http://webexapis.com/v1/people",
            "https://webexapis.com:8443/v1",
            "https://evil.example/v1",
            "https://webexapis.com.evil.example/v1",
        ] {
            assert!(!stays(away), "{away}");
        }
        let local = Url::parse("http://127.0.0.1:8080").expect("a URL").origin();
        assert!(stays_on_origin(
            &local,
            &Url::parse("http://127.0.0.1:8080/x").expect("a URL")
        ));
        assert!(!stays_on_origin(
            &local,
            &Url::parse("http://127.0.0.1:8081/x").expect("a URL")
        ));
    }

    #[test]
    fn base_urls() {
        assert_eq!(
            validate_base_url("https://webexapis.com/v1/")
                .ok()
                .as_deref(),
            Some("https://webexapis.com/v1")
        );
        assert!(validate_base_url("http://127.0.0.1:8080").is_ok());
        assert!(validate_base_url("http://localhost:1/v1").is_ok());
        assert!(validate_base_url("http://[::1]:1").is_ok());
        for bad in [
            "http://webexapis.com/v1",
            "http://10.0.0.1",
            "http://localhost.evil.com",
            "ftp://webexapis.com",
            "webexapis.com/v1",
            "https://user:pw@webexapis.com",
            "https://webexapis.com/v1?x=1",
            "",
        ] {
            assert!(validate_base_url(bad).is_err(), "{bad}");
        }
    }
}
