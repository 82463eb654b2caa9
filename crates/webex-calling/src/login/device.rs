//! The device authorization grant (RFC 8628): the user approves on another
//! device with a short code while this program polls.

use super::{OAuthClient, OAuthError, Refused, TokenSet};
use crate::Error;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::fmt;
use std::time::Duration;
use tokio::time::Instant;

/// Polls are at least this far apart, whatever the server says.
const MIN_INTERVAL: Duration = Duration::from_secs(1);
/// The interval when the server gives none (RFC 8628's default).
const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);
/// What a `slow_down` adds to the interval (RFC 8628, 3.5).
const SLOW_DOWN: Duration = Duration::from_secs(5);

/// How many polls in a row may fail to reach the token endpoint (or find
/// it busy) before the login gives up: at the usual 5 s interval, about
/// half a minute of outage.
const MAX_UNREACHABLE_POLLS: u32 = 5;

/// A started device login: show the user the code and where to enter it,
/// then [`poll`](OAuthClient::poll_device).
#[derive(Clone)]
pub struct DeviceAuthorization {
    device_code: SecretString,
    /// The code the user types at [`verification_uri`](Self::verification_uri).
    pub user_code: String,
    /// Where the user enters the code.
    pub verification_uri: String,
    /// The same with the code filled in (for a QR code), when the server gives it.
    pub verification_uri_complete: Option<String>,
    /// How long the code stays valid.
    pub expires_in: Duration,
    /// How long to wait between polls.
    pub interval: Duration,
}

impl fmt::Debug for DeviceAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceAuthorization")
            .field("device_code", &crate::REDACTED)
            .field("user_code", &self.user_code)
            .field("verification_uri", &self.verification_uri)
            .field("verification_uri_complete", &self.verification_uri_complete)
            .field("expires_in", &self.expires_in)
            .field("interval", &self.interval)
            .finish()
    }
}

#[derive(Deserialize)]
struct Started {
    device_code: String,
    user_code: String,
    verification_uri: String,
    #[serde(default)]
    verification_uri_complete: Option<String>,
    #[serde(default)]
    expires_in: Option<u64>,
    #[serde(default)]
    interval: Option<u64>,
}

impl OAuthClient {
    /// Starts a device login for `scopes`: the user code and the pages where
    /// the user approves it.
    pub async fn start_device(&self, scopes: &[String]) -> Result<DeviceAuthorization, Error> {
        let scope = scopes.join(" ");
        let response = self
            .http
            .post(format!("{}/device/authorize", self.base_url))
            .form(&[
                ("client_id", self.client_id.as_str()),
                ("scope", scope.as_str()),
            ])
            .send()
            .await
            .map_err(|e| {
                Error::token(format!(
                    "cannot start the device login: {}",
                    super::without_url(&e)
                ))
            })?;
        let status = response.status();
        let body = webex_calling_client::read_prefix(response, super::ANSWER_LIMIT)
            .await
            .map_err(|e| Error::token(format!("cannot read the device login answer: {e}")))?;
        if !status.is_success() {
            return Err(OAuthError::from_answer(status.as_u16(), &body).into_error());
        }
        let started: Started = serde_json::from_slice(&body).map_err(|e| {
            Error::token(format!(
                "the device login answer is not what RFC 8628 says ({e})"
            ))
        })?;
        Ok(DeviceAuthorization {
            device_code: SecretString::from(started.device_code),
            user_code: started.user_code,
            verification_uri: started.verification_uri,
            verification_uri_complete: started.verification_uri_complete,
            expires_in: Duration::from_secs(started.expires_in.unwrap_or(600)),
            interval: started
                .interval
                .map_or(DEFAULT_INTERVAL, Duration::from_secs)
                .max(MIN_INTERVAL),
        })
    }

    /// Polls until the user approves (the tokens), refuses, or the code
    /// expires (errors that say so). Honours the interval and `slow_down`.
    /// To cancel (Ctrl-C), drop the future: nothing is left running.
    pub async fn poll_device(&self, device: &DeviceAuthorization) -> Result<TokenSet, Error> {
        let deadline = Instant::now() + device.expires_in;
        let mut interval = device.interval;
        // A network blip while the user approves must not throw the login
        // away; a server gone for good still ends it after a few polls.
        let mut unreachable = 0;
        loop {
            tokio::time::sleep(interval).await;
            if Instant::now() >= deadline {
                return Err(OAuthError::Expired.into_error());
            }
            let form = [
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("device_code", device.device_code.expose_secret()),
                ("client_id", self.client_id.as_str()),
            ];
            match self.token_request_raw("device/token", &form, true).await {
                Ok(tokens) => return Ok(tokens),
                Err(Refused::OAuth(OAuthError::Pending)) => unreachable = 0,
                Err(Refused::OAuth(OAuthError::SlowDown)) => interval += SLOW_DOWN,
                Err(refused) if refused.is_transient() && unreachable < MAX_UNREACHABLE_POLLS => {
                    unreachable += 1;
                    tracing::warn!(
                        "the device login poll failed ({}); polling on",
                        refused.into_error()
                    );
                    continue;
                }
                Err(refused) => return Err(refused.into_error()),
            }
        }
    }
}
