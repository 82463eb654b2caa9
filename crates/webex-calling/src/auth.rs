//! Where access tokens come from.

use crate::Error;
use futures::future::BoxFuture;
use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use webex_calling_client::{Client, RequestContext};

/// A source of access tokens, for applications that refresh OAuth tokens.
///
/// [`token`](Self::token) is called before every request, so it should be
/// cheap (return a cached token). After a 401, [`refresh`](Self::refresh) is
/// called once and the request is sent again with the token it returns; a
/// second 401 is returned to the caller.
///
/// ```
/// use futures::future::BoxFuture;
/// use std::sync::Mutex;
/// use webex_calling::{Error, TokenProvider};
///
/// struct MyOAuth {
///     current: Mutex<String>,
/// }
///
/// impl TokenProvider for MyOAuth {
///     fn token(&self) -> BoxFuture<'_, Result<String, Error>> {
///         Box::pin(async move {
///             self.current
///                 .lock()
///                 .map(|t| t.clone())
///                 .map_err(|_| Error::Token { message: "token lock poisoned".into() })
///         })
///     }
///
///     fn refresh(&self) -> BoxFuture<'_, Result<String, Error>> {
///         Box::pin(async move {
///             let fresh = "new-token-from-the-oauth-server".to_string();
///             if let Ok(mut current) = self.current.lock() {
///                 *current = fresh.clone();
///             }
///             Ok(fresh)
///         })
///     }
/// }
///
/// let webex = webex_calling::Webex::builder()
///     .token_provider(MyOAuth { current: Mutex::new("old-token".into()) })
///     .build()?;
/// # let _ = webex;
/// # Ok::<(), Error>(())
/// ```
pub trait TokenProvider: Send + Sync + 'static {
    /// The token to send now.
    fn token(&self) -> BoxFuture<'_, Result<String, Error>>;

    /// Obtains a new token after Webex rejected the current one with 401.
    fn refresh(&self) -> BoxFuture<'_, Result<String, Error>>;

    /// Obtains a new token after Webex rejected `rejected` with 401. Many
    /// requests in flight get their 401s together; a provider that already
    /// replaced `rejected` should return the new token instead of refreshing
    /// again. By default, [`refresh`](Self::refresh).
    fn refresh_rejected<'a>(&'a self, rejected: &'a str) -> BoxFuture<'a, Result<String, Error>> {
        let _ = rejected;
        self.refresh()
    }
}

impl<P: TokenProvider> TokenProvider for std::sync::Arc<P> {
    fn token(&self) -> BoxFuture<'_, Result<String, Error>> {
        (**self).token()
    }

    fn refresh(&self) -> BoxFuture<'_, Result<String, Error>> {
        (**self).refresh()
    }

    fn refresh_rejected<'a>(&'a self, rejected: &'a str) -> BoxFuture<'a, Result<String, Error>> {
        (**self).refresh_rejected(rejected)
    }
}

/// How a client authenticates; the token itself never leaves this module's
/// redacting wrappers except into the request header.
#[derive(Clone)]
pub(crate) enum Auth {
    Static(SecretString),
    Provider(Arc<dyn TokenProvider>),
}

impl Auth {
    pub(crate) fn validate_static(token: &str) -> Result<(), Error> {
        if token.trim().is_empty() {
            return Err(Error::config(
                "the access token is empty: set WEBEX_ACCESS_TOKEN or call WebexBuilder::token",
            ));
        }
        if reqwest::header::HeaderValue::from_str(token).is_err() {
            return Err(Error::config(
                "the access token contains characters that cannot be sent in an HTTP header (a newline or control character?)",
            ));
        }
        Ok(())
    }
}

pub(crate) fn expose(token: &SecretString) -> &str {
    token.expose_secret()
}

/// Generated clients that carry the current token.
///
/// A client is reused for as long as the token stays the same: building one
/// per request would copy (and later zeroize) the token every time, which
/// showed up in the read benchmark.
pub(crate) struct Clients {
    auth: Auth,
    base_url: String,
    http: reqwest::Client,
    /// Sent by the generated client's hook rather than set on `http`, which
    /// costs reqwest a copy per request and per connector clone.
    user_agent: Option<HeaderValue>,
    cached: Mutex<Option<(SecretString, Arc<Client>)>>,
    /// The one client of a fixed token: every call takes it without the
    /// lock and the comparison of tokens.
    fixed: Option<Arc<Client>>,
}

impl Clients {
    pub(crate) fn new(
        auth: Auth,
        base_url: String,
        http: reqwest::Client,
        user_agent: Option<HeaderValue>,
    ) -> Self {
        let mut clients = Self {
            auth,
            base_url,
            http,
            user_agent,
            cached: Mutex::new(None),
            fixed: None,
        };
        if let Auth::Static(token) = &clients.auth {
            clients.fixed = Some(clients.for_token(expose(token)));
        }
        clients
    }

    pub(crate) fn auth(&self) -> &Auth {
        &self.auth
    }

    /// A client with the token to send now.
    pub(crate) async fn current(&self) -> Result<Arc<Client>, Error> {
        if let Some(client) = &self.fixed {
            return Ok(Arc::clone(client));
        }
        match &self.auth {
            Auth::Static(token) => Ok(self.for_token(expose(token))),
            Auth::Provider(provider) => {
                let token = provider.token().await?;
                // Trimmed like a fixed token: a newline read from a file is not part of it.
                Ok(self.for_token(token.trim()))
            }
        }
    }

    /// A client with a fresh token after `rejected` got a 401, or `None`
    /// when there is no way to get one (a fixed token). When the rejected
    /// client's token was already replaced (another request refreshed
    /// first), the provider is told, so one refresh serves them all.
    pub(crate) async fn refresh(
        &self,
        rejected: &Arc<Client>,
    ) -> Result<Option<Arc<Client>>, Error> {
        let Auth::Provider(provider) = &self.auth else {
            return Ok(None);
        };
        let rejected_token = {
            let cached = self.cached.lock().unwrap_or_else(PoisonError::into_inner);
            match &*cached {
                Some((token, client)) if Arc::ptr_eq(client, rejected) => {
                    Some(token.expose_secret().to_owned())
                }
                _ => None,
            }
        };
        let token = match rejected_token {
            Some(token) => provider.refresh_rejected(&token).await?,
            // The rejected token is no longer the current one: use the current.
            None => provider.token().await?,
        };
        Ok(Some(self.for_token(token.trim())))
    }

    fn for_token(&self, token: &str) -> Arc<Client> {
        // A poisoned lock only means another thread panicked mid-swap; the
        // cache is still a valid (token, client) pair or None.
        let mut cached = self.cached.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((cached_token, client)) = &*cached
            && cached_token.expose_secret() == token
        {
            return Arc::clone(client);
        }
        let mut context = RequestContext::with_bearer_token(token);
        if let Some(user_agent) = &self.user_agent {
            context = context.with_user_agent(user_agent.clone());
        }
        let client = Arc::new(Client::new_with_client(
            &self.base_url,
            self.http.clone(),
            context,
        ));
        *cached = Some((SecretString::from(token), Arc::clone(&client)));
        client
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Static(_) => write!(f, "StaticToken({})", crate::REDACTED),
            Self::Provider(_) => f.write_str("TokenProvider(..)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use webex_calling_client::ClientInfo as _;

    #[tokio::test]
    async fn a_fixed_token_has_one_client_for_every_call() -> Result<(), Error> {
        let clients = Clients::new(
            Auth::Static(SecretString::from("fixed-token")),
            "http://127.0.0.1:1".to_owned(),
            reqwest::Client::new(),
            None,
        );
        let (first, second) = (clients.current().await?, clients.current().await?);
        assert!(Arc::ptr_eq(&first, &second));
        assert_eq!(first.inner().bearer_token(), Some("fixed-token"));
        assert!(
            clients.refresh(&first).await?.is_none(),
            "a fixed token cannot be refreshed"
        );
        Ok(())
    }
}
