//! Logging in once: OAuth 2.0 against Webex, so that unattended jobs run on
//! refreshed tokens instead of a personal token pasted every 12 hours.
//!
//! * [`OAuthClient`] speaks to Webex's token endpoints: the device
//!   authorization grant (RFC 8628, [`OAuthClient::start_device`]), the
//!   authorization code with PKCE and a loopback redirect (RFC 7636, RFC
//!   8252, [`LoopbackLogin`]), service apps
//!   ([`OAuthClient::service_app`]) and refresh.
//! * [`RefreshingTokens`] is a [`TokenProvider`](crate::TokenProvider) that
//!   refreshes before expiry and after a 401, once for any number of
//!   requests waiting (single flight), and stores a rotated refresh token
//!   before it is used.
//! * [`TokenStore`] keeps a [`Login`] between runs; [`FileStore`] in a file
//!   of mode 0600 in a directory of mode 0700, written atomically;
//!   `KeyringStore` (cargo feature `keyring`) in the operating system's
//!   keyring.
//!
//! Secrets (tokens, the client secret) are [`SecretString`]s: they appear in
//! no `Debug` output, log, error or panic message; only the store and the
//! `Authorization` header ever see them.
//!
//! Webex's token answers follow RFC 6749; where Webex answers with its own
//! error body instead, the error is recognised by its words
//! (`authorization_pending`, `invalid_grant`, ...), not only by its shape.

mod device;
#[cfg(feature = "keyring")]
mod keyring_store;
mod pkce;
mod provider;
mod store;

pub use device::DeviceAuthorization;
#[cfg(feature = "keyring")]
pub use keyring_store::KeyringStore;
pub use pkce::LoopbackLogin;
pub use provider::RefreshingTokens;
pub use store::{FileStore, Login, LoginKind, RefreshLock, TokenStore};

use crate::Error;
use base64::Engine as _;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::fmt;
use std::time::{Duration, SystemTime};

/// How long an access token is taken to live when the server does not say.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);
/// The most of a token answer that is read: a few hundred bytes in practice.
const ANSWER_LIMIT: usize = 64 * 1024;

/// Form fields whose values are secrets, blanked out of error answers.
const SECRET_FIELDS: &[&str] = &[
    "client_secret",
    "refresh_token",
    "code",
    "code_verifier",
    "device_code",
];

/// `body` with each secret (of 4 bytes or more) blanked out in every form an
/// echo can hold it (see [`crate::blank_secrets`]).
fn scrub(body: &[u8], secrets: &[&str]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body);
    let secrets: Vec<&str> = secrets.iter().copied().filter(|s| s.len() >= 4).collect();
    crate::redact::blank_secrets(&text, &secrets)
        .into_owned()
        .into_bytes()
}

/// The scopes `wxc` asks for by default: reading and changing the settings of
/// people, workspaces and virtual lines, and listing them.
pub const DEFAULT_SCOPES: &[&str] = &[
    "spark-admin:people_read",
    "spark-admin:people_write",
    "spark-admin:workspaces_read",
    "spark-admin:workspaces_write",
    "spark-admin:telephony_config_read",
    "spark-admin:telephony_config_write",
];

/// An access token with its expiry, and the refresh token that renews it.
#[derive(Clone)]
#[non_exhaustive]
pub struct TokenSet {
    /// The access token.
    pub access_token: SecretString,
    /// When the access token expires.
    pub access_expires_at: SystemTime,
    /// The refresh token, when the grant gives one.
    pub refresh_token: Option<SecretString>,
    /// When the refresh token expires, when the server says.
    pub refresh_expires_at: Option<SystemTime>,
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &crate::REDACTED)
            .field("access_expires_at", &self.access_expires_at)
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| crate::REDACTED),
            )
            .field("refresh_expires_at", &self.refresh_expires_at)
            .finish()
    }
}

impl TokenSet {
    /// An access token expiring at `access_expires_at`, with no refresh token.
    pub fn new(access_token: SecretString, access_expires_at: SystemTime) -> Self {
        Self {
            access_token,
            access_expires_at,
            refresh_token: None,
            refresh_expires_at: None,
        }
    }

    /// The same with a refresh token (expiring at `expires_at`, when known).
    #[must_use]
    pub fn with_refresh(
        mut self,
        refresh_token: SecretString,
        expires_at: Option<SystemTime>,
    ) -> Self {
        self.refresh_token = Some(refresh_token);
        self.refresh_expires_at = expires_at;
        self
    }

    /// Whether the access token is still good `margin` from now.
    pub fn access_valid_for(&self, margin: Duration) -> bool {
        SystemTime::now()
            .checked_add(margin)
            .is_some_and(|then| then < self.access_expires_at)
    }

    /// Whether the refresh token can still be used.
    pub fn can_refresh(&self) -> bool {
        self.refresh_token.is_some()
            && self
                .refresh_expires_at
                .is_none_or(|expiry| SystemTime::now() < expiry)
    }
}

/// Who a token belongs to, from `GET /people/me`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, Deserialize)]
#[non_exhaustive]
pub struct Identity {
    /// The person's (or service app's) id.
    pub id: String,
    /// Their name as Webex shows it.
    #[serde(default, rename = "displayName")]
    pub display_name: Option<String>,
    /// Their first email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Their organization.
    #[serde(default, rename = "orgId")]
    pub org_id: Option<String>,
}

/// Webex's OAuth endpoints for one integration or service app.
#[derive(Clone)]
pub struct OAuthClient {
    base_url: String,
    client_id: String,
    client_secret: SecretString,
    http: reqwest::Client,
}

impl fmt::Debug for OAuthClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthClient")
            .field("base_url", &self.base_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &crate::REDACTED)
            .finish()
    }
}

/// A token endpoint's answer, success or error, whatever its shape.
#[derive(Deserialize, Default)]
struct Answer {
    access_token: Option<String>,
    expires_in: Option<u64>,
    refresh_token: Option<String>,
    refresh_token_expires_in: Option<u64>,
}

impl OAuthClient {
    /// The endpoints under `base_url` (the API root, `https://webexapis.com/v1`)
    /// for the integration or service app `client_id`.
    pub fn new(
        base_url: &str,
        client_id: impl Into<String>,
        client_secret: SecretString,
    ) -> Result<Self, Error> {
        let base_url = base_url.trim().trim_end_matches('/').to_owned();
        let http = crate::http_client_builder(&base_url)?
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| Error::config(format!("cannot create the HTTP client: {e}")))?;
        let client_id = client_id.into();
        if client_id.trim().is_empty() {
            return Err(Error::config(
                "the client id is empty; copy it from the integration's page on developer.webex.com",
            ));
        }
        if client_secret.expose_secret().trim().is_empty() {
            return Err(Error::config("the client secret is empty"));
        }
        Ok(Self {
            base_url,
            client_id,
            client_secret,
            http,
        })
    }

    /// The integration's client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The client secret (a [`SecretString`]: shown nowhere).
    pub fn client_secret(&self) -> &SecretString {
        &self.client_secret
    }

    /// The API root.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// New tokens for `refresh_token`. Webex may rotate the refresh token:
    /// keep the one returned (the old one when none is).
    pub async fn refresh(&self, refresh_token: &SecretString) -> Result<TokenSet, Error> {
        self.refresh_raw(refresh_token)
            .await
            .map_err(Refused::into_error)
    }

    /// [`refresh`](Self::refresh), telling a refusal from a failure to ask.
    pub(crate) async fn refresh_raw(
        &self,
        refresh_token: &SecretString,
    ) -> Result<TokenSet, Refused> {
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose_secret()),
            ("refresh_token", refresh_token.expose_secret()),
        ];
        let mut tokens = self.token_request_raw("access_token", &form, false).await?;
        if tokens.refresh_token.is_none() {
            tokens.refresh_token = Some(refresh_token.clone());
        }
        Ok(tokens)
    }

    /// Tokens for the code an authorization redirect brought back, with the
    /// PKCE verifier that went with it.
    pub async fn exchange_code(
        &self,
        code: &str,
        redirect_uri: &str,
        verifier: &SecretString,
    ) -> Result<TokenSet, Error> {
        let form = [
            ("grant_type", "authorization_code"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose_secret()),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier.expose_secret()),
        ];
        self.token_request("access_token", &form, false).await
    }

    /// The first tokens of a service app (this client id and secret) in
    /// organization `target_org`, asked for with `bearer`, a token with the
    /// `spark:applications_token` scope. Refresh them like any other.
    pub async fn service_app(
        &self,
        application_id: &str,
        target_org: &str,
        bearer: &SecretString,
    ) -> Result<TokenSet, Error> {
        crate::client::validate_id("application id", application_id)?;
        let url = format!(
            "{}/applications/{}/token",
            self.base_url,
            url::form_urlencoded::byte_serialize(application_id.as_bytes()).collect::<String>()
        );
        let body = serde_json::json!({
            "clientId": self.client_id,
            "clientSecret": self.client_secret.expose_secret(),
            "targetOrgId": target_org,
        });
        let request = self
            .http
            .post(url)
            .bearer_auth(bearer.expose_secret())
            .json(&body);
        self.send(request, &[bearer.expose_secret()]).await
    }

    /// Who `access_token` belongs to (`GET /people/me`).
    pub async fn whoami(&self, access_token: &SecretString) -> Result<Identity, Error> {
        let response = self
            .http
            .get(format!("{}/people/me", self.base_url))
            .bearer_auth(access_token.expose_secret())
            .send()
            .await
            .map_err(|e| Error::token(format!("cannot reach {}: {e}", self.base_url)))?;
        let status = response.status();
        let body = webex_calling_client::read_prefix(response, ANSWER_LIMIT)
            .await
            .map_err(|e| Error::token(format!("cannot read who is logged in: {e}")))?;
        if !status.is_success() {
            return Err(Error::token(format!(
                "Webex did not say who is logged in (HTTP {status}): {}",
                crate::error::excerpt(&scrub(&body, &[access_token.expose_secret()]))
            )));
        }
        #[derive(Deserialize)]
        struct Me {
            id: String,
            #[serde(default, rename = "displayName")]
            display_name: Option<String>,
            #[serde(default)]
            emails: Vec<String>,
            #[serde(default, rename = "orgId")]
            org_id: Option<String>,
        }
        let me: Me = serde_json::from_slice(&body)
            .map_err(|e| Error::token(format!("cannot read who is logged in: {e}")))?;
        Ok(Identity {
            id: me.id,
            display_name: me.display_name,
            email: me.emails.into_iter().next(),
            org_id: me.org_id,
        })
    }

    /// POSTs a form to a token endpoint (`access_token`, `device/token`).
    async fn token_request(
        &self,
        path: &str,
        form: &[(&str, &str)],
        basic: bool,
    ) -> Result<TokenSet, Error> {
        self.token_request_raw(path, form, basic)
            .await
            .map_err(Refused::into_error)
    }

    /// [`token_request`](Self::token_request), telling an OAuth refusal
    /// (`authorization_pending`, ...) from other failures.
    async fn token_request_raw(
        &self,
        path: &str,
        form: &[(&str, &str)],
        basic: bool,
    ) -> Result<TokenSet, Refused> {
        let mut request = self
            .http
            .post(format!("{}/{path}", self.base_url))
            .form(form);
        // The credentials as HTTP Basic carries them, to blank them out of
        // an answer that echoes the request's headers.
        let mut basic_credentials = None;
        if basic {
            request = request.basic_auth(&self.client_id, Some(self.client_secret.expose_secret()));
            basic_credentials = Some(base64::engine::general_purpose::STANDARD.encode(format!(
                "{}:{}",
                self.client_id,
                self.client_secret.expose_secret()
            )));
        }
        let secrets: Vec<&str> = form
            .iter()
            .filter(|(key, _)| SECRET_FIELDS.contains(key))
            .map(|(_, value)| *value)
            .chain(basic_credentials.as_deref())
            .collect();
        self.send_raw(request, &secrets).await
    }

    async fn send(
        &self,
        request: reqwest::RequestBuilder,
        secrets: &[&str],
    ) -> Result<TokenSet, Error> {
        self.send_raw(request, secrets)
            .await
            .map_err(Refused::into_error)
    }

    /// Sends a token request. An error answer is read with `secrets` (and the
    /// client secret) blanked out: a server that echoes the request must not
    /// get a secret into an error message.
    async fn send_raw(
        &self,
        request: reqwest::RequestBuilder,
        secrets: &[&str],
    ) -> Result<TokenSet, Refused> {
        let response = request.send().await.map_err(|e| {
            Refused::Unreachable(Error::token(format!(
                "cannot reach {}: {}",
                self.base_url,
                without_url(&e)
            )))
        })?;
        let status = response.status();
        let body = webex_calling_client::read_prefix(response, ANSWER_LIMIT)
            .await
            .map_err(|e| {
                Refused::Unreachable(Error::token(format!(
                    "cannot read the token answer: {}",
                    without_url(&e)
                )))
            })?;
        if !status.is_success() {
            let mut secrets = secrets.to_vec();
            secrets.push(self.client_secret.expose_secret());
            return Err(Refused::OAuth(OAuthError::from_answer(
                status.as_u16(),
                &scrub(&body, &secrets),
            )));
        }
        let answer: Answer = serde_json::from_slice(&body).map_err(|e| {
            Refused::Failed(Error::token(format!(
                "the token answer is not what OAuth says ({e})"
            )))
        })?;
        let access_token = answer
            .access_token
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| Refused::Failed(Error::token("the token answer has no access token")))?;
        let now = SystemTime::now();
        let after =
            |seconds: Option<u64>| seconds.and_then(|s| now.checked_add(Duration::from_secs(s)));
        Ok(TokenSet {
            access_token: SecretString::from(access_token),
            access_expires_at: after(answer.expires_in).unwrap_or(now + DEFAULT_LIFETIME),
            refresh_token: answer
                .refresh_token
                .filter(|t| !t.trim().is_empty())
                .map(SecretString::from),
            refresh_expires_at: after(answer.refresh_token_expires_in),
        })
    }
}

/// Why a token request got no tokens.
pub(crate) enum Refused {
    /// The endpoint refused, in OAuth's words.
    OAuth(OAuthError),
    /// It could not be asked, or its answer not read (the network, or the
    /// server going away): asking again later may work.
    Unreachable(Error),
    /// It answered, but not with tokens.
    Failed(Error),
}

impl Refused {
    pub(crate) fn into_error(self) -> Error {
        match self {
            Self::OAuth(error) => error.into_error(),
            Self::Unreachable(error) | Self::Failed(error) => error,
        }
    }

    /// Whether asking again later may succeed: the endpoint could not be
    /// reached, or it answered 429 or a 5xx (busy or failing, which says
    /// nothing about the grant).
    pub(crate) fn is_transient(&self) -> bool {
        match self {
            Self::Unreachable(_) => true,
            Self::OAuth(OAuthError::Other(status, _)) => *status == 429 || *status >= 500,
            Self::OAuth(_) | Self::Failed(_) => false,
        }
    }
}

/// A reqwest error's text without its URL: the URL of a token request can
/// hold nothing secret, but errors stay short.
fn without_url(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    if let Some(url) = error.url() {
        text = text.replace(url.as_str(), "");
    }
    text
}

/// What a token endpoint refused, by the words of its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OAuthError {
    /// The user has not approved yet (device flow): poll again.
    Pending,
    /// Poll less often (device flow): 5 s more between polls.
    SlowDown,
    /// The device code expired before the user approved.
    Expired,
    /// The user refused.
    Denied,
    /// The grant (refresh token, code) is invalid, expired or revoked.
    InvalidGrant(String),
    /// The client id or secret is wrong (`invalid_client`).
    InvalidClient(String),
    /// Anything else, with the status and the answer's text.
    Other(u16, String),
}

impl OAuthError {
    pub(crate) fn from_answer(status: u16, body: &[u8]) -> Self {
        let text = String::from_utf8_lossy(body);
        let has = |word: &str| text.contains(word);
        let excerpt = crate::error::excerpt(body);
        if has("authorization_pending") {
            Self::Pending
        } else if has("slow_down") {
            Self::SlowDown
        } else if has("expired_token") {
            Self::Expired
        } else if has("access_denied") {
            Self::Denied
        } else if has("invalid_grant") || has("invalid_token") {
            Self::InvalidGrant(excerpt)
        } else if has("invalid_client") {
            Self::InvalidClient(excerpt)
        } else {
            Self::Other(status, excerpt)
        }
    }

    pub(crate) fn into_error(self) -> Error {
        Error::token(match self {
            Self::Pending => "the login is still waiting for approval".to_owned(),
            Self::SlowDown => "Webex asked to poll less often".to_owned(),
            Self::Expired => {
                "the login code expired before it was approved; start the login again".to_owned()
            }
            Self::Denied => {
                "the login was denied: the user declined it when asked to approve".to_owned()
            }
            Self::InvalidGrant(text) => {
                format!("Webex refused the grant (expired or revoked): {text}")
            }
            Self::InvalidClient(text) => format!(
                "Webex does not accept this client id and client secret: check both against \
                 the integration's page on developer.webex.com ({text})"
            ),
            Self::Other(status, text) => {
                format!("the token endpoint answered HTTP {status}: {text}")
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::OAuthError;

    #[test]
    fn a_refused_client_says_which_credentials_to_check() {
        let answer = br#"{"error":"invalid_client","error_description":"Bad client credentials"}"#;
        let refused = OAuthError::from_answer(401, answer);
        assert!(
            matches!(refused, OAuthError::InvalidClient(_)),
            "{refused:?}"
        );
        let message = refused.into_error().to_string();
        assert!(message.contains("client id and client secret"), "{message}");
        assert!(message.contains("Bad client credentials"), "{message}");
    }
}
