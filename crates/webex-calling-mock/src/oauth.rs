//! Webex's login endpoints, for testing logins without Webex: the device
//! authorization grant, the authorization code grant with PKCE (an
//! `/authorize` that approves at once), refresh with rotating refresh
//! tokens, service-app tokens and `GET /people/me`. Written from the
//! reference notes (RFC 6749, 7636, 8628 and Webex's descriptions), not from
//! the client, so the client is tested against an independent reading.
//!
//! Enabled with [`MockServerBuilder::oauth`](crate::MockServerBuilder::oauth);
//! otherwise these paths answer 404.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use base64::Engine as _;
use parking_lot::Mutex;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::time::Instant;

use crate::reply::json_response;
use crate::seed_examples;

/// How the mock's login endpoints behave.
#[derive(Debug, Clone)]
pub(crate) struct OAuthConfig {
    pub(crate) client_id: String,
    pub(crate) client_secret: String,
    /// Access tokens expire after this (default an hour).
    pub(crate) token_lifetime: Duration,
    /// A device code is approved after this many polls.
    pub(crate) approve_after: u64,
    /// The `interval` a device login is told to poll at, in seconds.
    pub(crate) interval: u64,
    /// After this many refreshes, every refresh token is revoked.
    pub(crate) revoke_after: Option<u64>,
}

#[derive(Debug)]
struct Device {
    polls: u64,
    /// When it was last polled, and how far apart polls must be (RFC 8628:
    /// a poll too soon gets `slow_down`, which adds 5 seconds).
    last: Option<Instant>,
    interval: Duration,
}

#[derive(Debug)]
struct Code {
    challenge: Option<String>,
    redirect_uri: String,
}

/// Issued tokens and pending logins.
#[derive(Debug)]
pub(crate) struct OAuth {
    config: OAuthConfig,
    access: Mutex<HashMap<String, Instant>>,
    refresh: Mutex<HashMap<String, ()>>,
    devices: Mutex<HashMap<String, Device>>,
    codes: Mutex<HashMap<String, Code>>,
    refreshes: AtomicU64,
    revoked: AtomicBool,
    /// Every token issued, for tests that look for leaks.
    issued: Mutex<Vec<String>>,
}

/// An OAuth error answer (RFC 6749, 5.2).
fn refuse(status: StatusCode, error: &str, description: &str) -> Response {
    let body = json!({ "error": error, "error_description": description });
    json_response(status, body.to_string().into_bytes())
}

fn random(prefix: &str) -> String {
    format!("{prefix}{}", uuid::Uuid::new_v4().simple())
}

/// The fields of a form body.
fn form(body: &[u8]) -> HashMap<String, String> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

/// The client id and secret of an HTTP Basic `Authorization` header.
fn basic(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

impl OAuth {
    pub(crate) fn new(config: OAuthConfig) -> Self {
        Self {
            config,
            access: Mutex::new(HashMap::new()),
            refresh: Mutex::new(HashMap::new()),
            devices: Mutex::new(HashMap::new()),
            codes: Mutex::new(HashMap::new()),
            refreshes: AtomicU64::new(0),
            revoked: AtomicBool::new(false),
            issued: Mutex::new(Vec::new()),
        }
    }

    /// Whether `token` is one this server issued, and whether it still works.
    pub(crate) fn check_access(&self, token: &str) -> Option<bool> {
        self.access
            .lock()
            .get(token)
            .map(|expires| Instant::now() < *expires)
    }

    /// Every access and refresh token issued so far.
    pub(crate) fn issued(&self) -> Vec<String> {
        self.issued.lock().clone()
    }

    /// Refreshes made so far.
    pub(crate) fn refreshes(&self) -> u64 {
        self.refreshes.load(Ordering::Relaxed)
    }

    /// Revokes every refresh token issued so far and to come.
    pub(crate) fn revoke_refresh_tokens(&self) {
        self.revoked.store(true, Ordering::Relaxed);
        self.refresh.lock().clear();
    }

    fn client_ok(&self, id: Option<&String>, secret: Option<&String>) -> bool {
        id == Some(&self.config.client_id) && secret == Some(&self.config.client_secret)
    }

    fn issue(&self, with_refresh: bool) -> Response {
        let access = random("mock-at-");
        let lifetime = self.config.token_lifetime;
        self.access
            .lock()
            .insert(access.clone(), Instant::now() + lifetime);
        self.issued.lock().push(access.clone());
        let mut body = json!({
            "access_token": access,
            "expires_in": lifetime.as_secs().max(1),
            "token_type": "Bearer",
        });
        if with_refresh {
            let refresh = random("mock-rt-");
            self.refresh.lock().insert(refresh.clone(), ());
            self.issued.lock().push(refresh.clone());
            body["refresh_token"] = json!(refresh);
            body["refresh_token_expires_in"] = json!(7_776_000);
        }
        json_response(StatusCode::OK, body.to_string().into_bytes())
    }

    /// `POST /device/authorize`.
    pub(crate) fn device_authorize(&self, base_url: &str, body: &[u8]) -> Response {
        let fields = form(body);
        if fields.get("client_id") != Some(&self.config.client_id) {
            return refuse(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "Unknown client_id",
            );
        }
        let device_code = random("mock-dc-");
        let user_code: String = uuid::Uuid::new_v4().simple().to_string()[..8].to_uppercase();
        self.devices.lock().insert(
            device_code.clone(),
            Device {
                polls: 0,
                last: None,
                interval: Duration::from_secs(self.config.interval),
            },
        );
        let verification = format!("{base_url}/device");
        let body = json!({
            "device_code": device_code,
            "user_code": user_code,
            "verification_uri": verification,
            "verification_uri_complete": format!("{verification}?userCode={user_code}"),
            "expires_in": 600,
            "interval": self.config.interval,
        });
        json_response(StatusCode::OK, body.to_string().into_bytes())
    }

    /// `POST /device/token`: pending until the configured number of polls.
    pub(crate) fn device_token(&self, headers: &HeaderMap, body: &[u8]) -> Response {
        let fields = form(body);
        let Some((id, secret)) = basic(headers) else {
            return refuse(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "HTTP Basic client authentication is required",
            );
        };
        if !self.client_ok(Some(&id), Some(&secret)) {
            return refuse(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "Bad client credentials",
            );
        }
        if fields.get("grant_type").map(String::as_str)
            != Some("urn:ietf:params:oauth:grant-type:device_code")
        {
            return refuse(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "Expected the device_code grant",
            );
        }
        let Some(code) = fields.get("device_code") else {
            return refuse(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "device_code is required",
            );
        };
        let approved = {
            let mut devices = self.devices.lock();
            let Some(device) = devices.get_mut(code) else {
                return refuse(
                    StatusCode::BAD_REQUEST,
                    "expired_token",
                    "Unknown or expired device code",
                );
            };
            let now = Instant::now();
            let early = device.last.is_some_and(|last| now < last + device.interval);
            device.last = Some(now);
            if early {
                device.interval += Duration::from_secs(5);
                return refuse(
                    StatusCode::BAD_REQUEST,
                    "slow_down",
                    "Polling too fast; wait 5 more seconds between polls",
                );
            }
            device.polls += 1;
            let approved = device.polls > self.config.approve_after;
            if approved {
                devices.remove(code);
            }
            approved
        };
        if !approved {
            return refuse(
                StatusCode::BAD_REQUEST,
                "authorization_pending",
                "The user has not approved yet",
            );
        }
        self.issue(true)
    }

    /// `GET /authorize`: approves at once, redirecting with a code.
    pub(crate) fn authorize(&self, query: &str) -> Response {
        let fields = form(query.as_bytes());
        let get = |key: &str| fields.get(key).cloned();
        let (Some(client_id), Some(redirect_uri)) = (get("client_id"), get("redirect_uri")) else {
            return refuse(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "client_id and redirect_uri are required",
            );
        };
        if client_id != self.config.client_id {
            return refuse(
                StatusCode::BAD_REQUEST,
                "invalid_client",
                "Unknown client_id",
            );
        }
        let code = random("mock-code-");
        self.codes.lock().insert(
            code.clone(),
            Code {
                challenge: get("code_challenge"),
                redirect_uri: redirect_uri.clone(),
            },
        );
        let mut location = match url::Url::parse(&redirect_uri) {
            Ok(url) => url,
            Err(_) => {
                return refuse(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "redirect_uri is not a URL",
                );
            }
        };
        location.query_pairs_mut().append_pair("code", &code);
        if let Some(state) = get("state") {
            location.query_pairs_mut().append_pair("state", &state);
        }
        let mut response = Response::new(axum::body::Body::empty());
        *response.status_mut() = StatusCode::FOUND;
        if let Ok(value) = location.as_str().parse() {
            response.headers_mut().insert(header::LOCATION, value);
        }
        response
    }

    /// `POST /access_token`: the authorization code and refresh grants.
    pub(crate) fn access_token(&self, headers: &HeaderMap, body: &[u8]) -> Response {
        let fields = form(body);
        let (id, secret) = match basic(headers) {
            Some((id, secret)) => (Some(id), Some(secret)),
            None => (
                fields.get("client_id").cloned(),
                fields.get("client_secret").cloned(),
            ),
        };
        if !self.client_ok(id.as_ref(), secret.as_ref()) {
            return refuse(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "Bad client credentials",
            );
        }
        match fields.get("grant_type").map(String::as_str) {
            Some("authorization_code") => self.code_grant(&fields),
            Some("refresh_token") => self.refresh_grant(&fields),
            _ => refuse(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "Expected authorization_code or refresh_token",
            ),
        }
    }

    fn code_grant(&self, fields: &HashMap<String, String>) -> Response {
        let Some(code) = fields.get("code").and_then(|c| self.codes.lock().remove(c)) else {
            return refuse(
                StatusCode::BAD_REQUEST,
                "invalid_grant",
                "Unknown or used code",
            );
        };
        if fields.get("redirect_uri") != Some(&code.redirect_uri) {
            return refuse(
                StatusCode::BAD_REQUEST,
                "invalid_grant",
                "redirect_uri differs from the authorization request's",
            );
        }
        if let Some(challenge) = &code.challenge {
            let verifier = fields.get("code_verifier").map_or("", String::as_str);
            let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(Sha256::digest(verifier.as_bytes()));
            if &computed != challenge {
                return refuse(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "PKCE verification failed",
                );
            }
        }
        self.issue(true)
    }

    fn refresh_grant(&self, fields: &HashMap<String, String>) -> Response {
        let token = fields.get("refresh_token").map_or("", String::as_str);
        let known =
            !self.revoked.load(Ordering::Relaxed) && self.refresh.lock().remove(token).is_some();
        if !known {
            return refuse(
                StatusCode::BAD_REQUEST,
                "invalid_grant",
                "The refresh token is invalid, expired or revoked",
            );
        }
        let made = self.refreshes.fetch_add(1, Ordering::Relaxed) + 1;
        let response = self.issue(true);
        if self.config.revoke_after.is_some_and(|after| made >= after) {
            self.revoke_refresh_tokens();
        }
        response
    }

    /// `POST /applications/{id}/token`: a service app's first tokens.
    pub(crate) fn application_token(&self, body: &[u8]) -> Response {
        let Ok(fields) = serde_json::from_slice::<Value>(body) else {
            return refuse(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "Expected a JSON body",
            );
        };
        let text = |key: &str| fields.get(key).and_then(Value::as_str).map(str::to_owned);
        if !self.client_ok(text("clientId").as_ref(), text("clientSecret").as_ref()) {
            return refuse(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "Bad client credentials",
            );
        }
        if text("targetOrgId").is_none() {
            return refuse(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "targetOrgId is required",
            );
        }
        self.issue(true)
    }
}

/// `GET /people/me`: the seed person, in the mock organization.
pub(crate) fn me() -> Response {
    let body = json!({
        "id": seed_examples::PERSON_ID,
        "displayName": "Dana Whitfield",
        "emails": ["dana.whitfield@example.com"],
        "orgId": seed_examples::ORG_ID,
    });
    json_response(StatusCode::OK, body.to_string().into_bytes())
}

/// The login routes, answering 404 while OAuth is not enabled.
pub(crate) fn routes(
    router: axum::Router<std::sync::Arc<crate::app::App>>,
) -> axum::Router<std::sync::Arc<crate::app::App>> {
    use axum::body::Bytes;
    use axum::extract::{RawQuery, State};
    use axum::routing::{get, post};
    use std::sync::Arc;
    type AppState = State<Arc<crate::app::App>>;

    fn with(app: &crate::app::App, answer: impl FnOnce(&OAuth) -> Response) -> Response {
        match &app.oauth {
            Some(oauth) => answer(oauth),
            None => refuse(
                StatusCode::NOT_FOUND,
                "not_found",
                "OAuth is not enabled on this mock (--oauth-client-id, --oauth-client-secret)",
            ),
        }
    }

    router
        .route(
            "/v1/device/authorize",
            post(
                |State(app): AppState, headers: HeaderMap, body: Bytes| async move {
                    let base = format!(
                        "http://{}/v1",
                        headers
                            .get(header::HOST)
                            .and_then(|h| h.to_str().ok())
                            .unwrap_or("127.0.0.1")
                    );
                    with(&app, |oauth| oauth.device_authorize(&base, &body))
                },
            ),
        )
        .route(
            "/v1/device/token",
            post(
                |State(app): AppState, headers: HeaderMap, body: Bytes| async move {
                    with(&app, |oauth| oauth.device_token(&headers, &body))
                },
            ),
        )
        .route(
            "/v1/access_token",
            post(
                |State(app): AppState, headers: HeaderMap, body: Bytes| async move {
                    with(&app, |oauth| oauth.access_token(&headers, &body))
                },
            ),
        )
        .route(
            "/v1/authorize",
            get(
                |State(app): AppState, RawQuery(query): RawQuery| async move {
                    with(&app, |oauth| {
                        oauth.authorize(query.as_deref().unwrap_or(""))
                    })
                },
            ),
        )
        .route(
            "/v1/applications/{id}/token",
            post(|State(app): AppState, body: Bytes| async move {
                with(&app, |oauth| oauth.application_token(&body))
            }),
        )
        .route(
            "/v1/people/me",
            get(|State(app): AppState| async move { with(&app, |_| me()) }),
        )
}
