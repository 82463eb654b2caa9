//! The authorization code grant with PKCE (RFC 7636) and a loopback redirect
//! (RFC 8252, 7.3): the user approves in a browser, which Webex sends back to
//! `http://127.0.0.1:PORT/...` with a code this program trades for tokens.

use super::{OAuthClient, TokenSet};
use crate::Error;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore as _;
use secrecy::SecretString;
use sha2::{Digest, Sha256};
use std::fmt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The most of the redirect request that is read.
const REQUEST_LIMIT: usize = 16 * 1024;

/// A browser login waiting for its redirect: open [`url`](Self::url) in a
/// browser, then [`finish`](Self::finish).
pub struct LoopbackLogin {
    listener: TcpListener,
    redirect_uri: String,
    url: String,
    state: String,
    verifier: SecretString,
}

impl fmt::Debug for LoopbackLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoopbackLogin")
            .field("redirect_uri", &self.redirect_uri)
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// `bytes` random bytes as unpadded base64url.
fn random(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buffer);
    URL_SAFE_NO_PAD.encode(buffer)
}

impl LoopbackLogin {
    /// Listens on `redirect_uri` (`http://127.0.0.1:PORT/PATH`, as the
    /// integration registered it; port 0 picks a free one) and makes the
    /// authorization URL for `scopes`, with a fresh PKCE verifier and state.
    pub async fn start(
        oauth: &OAuthClient,
        redirect_uri: &str,
        scopes: &[String],
    ) -> Result<Self, Error> {
        let parsed = url::Url::parse(redirect_uri)
            .map_err(|e| Error::config(format!("redirect URI {redirect_uri:?}: {e}")))?;
        let loopback = matches!(parsed.host_str(), Some("127.0.0.1" | "[::1]" | "localhost"));
        if parsed.scheme() != "http" || !loopback {
            return Err(Error::config(format!(
                "redirect URI {redirect_uri:?} must be http://127.0.0.1:PORT/... (a loopback address, RFC 8252)"
            )));
        }
        let host = parsed
            .host_str()
            .unwrap_or("127.0.0.1")
            .trim_matches(['[', ']']);
        let port = parsed.port().unwrap_or(0);
        let listener = TcpListener::bind((host, port))
            .await
            .map_err(|e| Error::config(format!("cannot listen on {redirect_uri}: {e}")))?;
        let mut redirect = parsed.clone();
        if port == 0 {
            let bound = listener
                .local_addr()
                .map_err(|e| Error::config(format!("cannot listen on {redirect_uri}: {e}")))?;
            let _ = redirect.set_port(Some(bound.port()));
        }
        let redirect_uri = redirect.to_string();
        let verifier = random(32);
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        let state = random(16);
        let mut url = url::Url::parse(&format!("{}/authorize", oauth.base_url()))
            .map_err(|e| Error::config(format!("the base URL cannot take /authorize: {e}")))?;
        url.query_pairs_mut()
            .append_pair("client_id", oauth.client_id())
            .append_pair("response_type", "code")
            .append_pair("redirect_uri", &redirect_uri)
            .append_pair("scope", &scopes.join(" "))
            .append_pair("state", &state)
            .append_pair("code_challenge", &challenge)
            .append_pair("code_challenge_method", "S256");
        Ok(Self {
            listener,
            redirect_uri,
            url: url.to_string(),
            state,
            verifier: SecretString::from(verifier),
        })
    }

    /// The page to open in a browser.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The redirect URI, with the port it listens on.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Waits for the browser to come back, checks the state, and trades the
    /// code for tokens. Requests that are not the redirect (a favicon) are
    /// answered 404, and redirects with another state (another login's, or
    /// any local process's) 400, and waited past: only this login's own
    /// redirect ends the wait. Cancel by dropping the future.
    pub async fn finish(self, oauth: &OAuthClient) -> Result<TokenSet, Error> {
        loop {
            let (mut socket, _) =
                self.listener.accept().await.map_err(|e| {
                    Error::token(format!("the browser's redirect did not arrive: {e}"))
                })?;
            let mut request = vec![0u8; REQUEST_LIMIT];
            let read = socket.read(&mut request).await.unwrap_or(0);
            let head = String::from_utf8_lossy(&request[..read]).into_owned();
            let target = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
            let Some(query) = redirect_query(&self.redirect_uri, &target) else {
                let _ = socket
                    .write_all(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    )
                    .await;
                continue;
            };
            if !self.is_ours(&query) {
                let page = b"This is not the login the terminal is waiting for.";
                let head = format!(
                    "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    page.len()
                );
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(page).await;
                tracing::warn!(
                    "a redirect with another login's state came to {}; still waiting",
                    self.redirect_uri
                );
                continue;
            }
            let answer = self.check(&query);
            let page: &[u8] = match &answer {
                Ok(_) => b"Logged in. You can close this tab and return to the terminal.",
                Err(_) => b"The login failed; the terminal says why.",
            };
            let response = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                page.len()
            );
            let _ = socket.write_all(response.as_bytes()).await;
            let _ = socket.write_all(page).await;
            let code = answer?;
            return oauth
                .exchange_code(&code, &self.redirect_uri, &self.verifier)
                .await;
        }
    }

    /// Whether a redirect carries this login's state (RFC 6749, 10.12: any
    /// other is not this login's answer, refusal or code).
    fn is_ours(&self, query: &[(String, String)]) -> bool {
        query
            .iter()
            .any(|(key, value)| key == "state" && value == self.state.as_str())
    }

    /// The code of a redirect whose state is ours; an error for a refusal.
    fn check(&self, query: &[(String, String)]) -> Result<String, Error> {
        let get = |key: &str| query.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        if let Some(error) = get("error") {
            return Err(Error::token(format!(
                "the login was refused in the browser ({error})"
            )));
        }
        get("code").ok_or_else(|| Error::token("the browser came back without a code"))
    }
}

/// The query pairs of `target` when its path is the redirect URI's.
fn redirect_query(redirect_uri: &str, target: &str) -> Option<Vec<(String, String)>> {
    let expected = url::Url::parse(redirect_uri).ok()?;
    let got = url::Url::parse(&format!("http://localhost{target}")).ok()?;
    (got.path() == expected.path()).then(|| got.query_pairs().into_owned().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_is_the_s256_of_the_verifier() {
        // Computed independently (Python's hashlib and base64.urlsafe_b64encode).
        let verifier = "dBjftJeZ4CVP-mJ92IrVJN1A_SnDPNJ0Wg0rNf5BSjU";
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        assert_eq!(challenge, "RNqONjCcxr52-43Wwjia_kVfwKVyw00zOGUUHVB7zuY");
    }

    #[test]
    fn only_the_redirect_path_carries_a_code() {
        let uri = "http://127.0.0.1:8400/callback";
        let query = redirect_query(uri, "/callback?code=abc&state=s").expect("the redirect");
        assert_eq!(query[0], ("code".to_owned(), "abc".to_owned()));
        assert!(redirect_query(uri, "/favicon.ico").is_none());
    }
}
