//! A token provider that keeps a login going: refreshed before the access
//! token expires and after a 401, once for everyone waiting.

use super::{Login, OAuthClient, TokenStore};
use crate::{Error, TokenProvider};
use futures::future::BoxFuture;
use secrecy::ExposeSecret;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::Mutex;

/// Refresh this long before the access token expires, so no request is sent
/// with a token about to lapse.
const DEFAULT_MARGIN: Duration = Duration::from_secs(60);

/// A [`TokenProvider`] over a [`Login`]: it hands out the access token while
/// it is good, and refreshes it `margin` before it expires (default one
/// minute, capped at half the token's life) or after Webex rejects it.
///
/// **Single flight**: the login sits behind one lock held across a refresh,
/// so any number of requests that need a fresh token cause one refresh
/// call; and after a 401, a request whose token was already replaced gets
/// the new one without another. A rotated refresh token is saved to the
/// store before it is used (a crash cannot lose it).
///
/// ```no_run
/// # async fn run() -> Result<(), webex_calling::Error> {
/// use std::sync::Arc;
/// use webex_calling::login::{FileStore, RefreshingTokens, TokenStore};
///
/// let store = Arc::new(FileStore::new("/home/me/.config/wxc/default.json"));
/// let login = store.load()?.expect("logged in");
/// let tokens = Arc::new(RefreshingTokens::new(login)?.with_store(store));
/// let webex = webex_calling::Webex::builder().token_provider(tokens.clone()).build()?;
/// # let _ = webex;
/// # Ok(())
/// # }
/// ```
pub struct RefreshingTokens {
    oauth: OAuthClient,
    state: Mutex<State>,
    store: Option<Arc<dyn TokenStore>>,
    margin: Duration,
    refreshes: AtomicU64,
    hint: String,
}

/// The login, and how long its access token had to live when it was got.
struct State {
    login: Login,
    lifetime: Duration,
}

impl State {
    fn new(login: Login) -> Self {
        let lifetime = remaining(&login);
        Self { login, lifetime }
    }
}

/// How long the access token has left.
fn remaining(login: &Login) -> Duration {
    login
        .tokens
        .access_expires_at
        .duration_since(std::time::SystemTime::now())
        .unwrap_or_default()
}

impl fmt::Debug for RefreshingTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshingTokens")
            .field("oauth", &self.oauth)
            .field("margin", &self.margin)
            .field("refreshes", &self.refreshes())
            .finish_non_exhaustive()
    }
}

impl RefreshingTokens {
    /// A provider for `login`, refreshing with its own OAuth client.
    pub fn new(login: Login) -> Result<Self, Error> {
        Ok(Self {
            oauth: login.oauth()?,
            state: Mutex::new(State::new(login)),
            store: None,
            margin: DEFAULT_MARGIN,
            refreshes: AtomicU64::new(0),
            hint: "log in again".to_owned(),
        })
    }

    /// Saves every refreshed login to `store`.
    #[must_use]
    pub fn with_store(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.store = Some(store);
        self
    }

    /// Refreshes this long before the access token expires.
    #[must_use]
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// What a refused refresh token tells the user to do (default "log in
    /// again"; `wxc` names its command).
    #[must_use]
    pub fn login_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = hint.into();
        self
    }

    /// How many refreshes were made.
    pub fn refreshes(&self) -> u64 {
        self.refreshes.load(Ordering::Relaxed)
    }

    /// The login as it is now (the latest tokens).
    pub async fn login(&self) -> Login {
        self.state.lock().await.login.clone()
    }

    /// The access token, refreshed first when it is within the margin of
    /// its expiry (at most half of the token's life, so a token issued for
    /// two seconds is refreshed after one, not before every request).
    async fn current(&self) -> Result<String, Error> {
        let mut state = self.state.lock().await;
        let margin = self.margin.min(state.lifetime / 2);
        if !state.login.tokens.access_valid_for(margin) {
            self.refresh_locked(&mut state).await?;
        }
        Ok(state.login.tokens.access_token.expose_secret().to_owned())
    }

    /// Refreshes unless the rejected token was already replaced.
    async fn replace(&self, rejected: Option<&str>) -> Result<String, Error> {
        let mut state = self.state.lock().await;
        let current = state.login.tokens.access_token.expose_secret();
        if rejected.is_none_or(|rejected| rejected == current) {
            self.refresh_locked(&mut state).await?;
        }
        Ok(state.login.tokens.access_token.expose_secret().to_owned())
    }

    /// Refreshes the login. Another process sharing the store (two cron
    /// jobs on one profile) may have rotated the refresh token first: its
    /// newer login is adopted instead, before refreshing and again when
    /// Webex refuses the refresh token this one holds.
    async fn refresh_locked(&self, state: &mut State) -> Result<(), Error> {
        let margin = self.margin.min(state.lifetime / 2);
        if self.adopt_newer(state) && state.login.tokens.access_valid_for(margin) {
            return Ok(());
        }
        let mut adopted_after_refusal = false;
        loop {
            let login = &state.login;
            let Some(refresh_token) = login
                .tokens
                .can_refresh()
                .then(|| login.tokens.refresh_token.clone())
                .flatten()
            else {
                return Err(Error::token(format!(
                    "the access token expired and there is no usable refresh token; {}",
                    self.hint
                )));
            };
            match self.oauth.refresh(&refresh_token).await {
                Ok(tokens) => return self.keep(state, tokens),
                Err(error) => {
                    if !adopted_after_refusal && self.adopt_newer(state) {
                        adopted_after_refusal = true;
                        continue;
                    }
                    return Err(Error::token(format!("{}; {}", error.message(), self.hint)));
                }
            }
        }
    }

    /// Saves (before use: the old refresh token may be dead now) and uses
    /// freshly refreshed tokens.
    fn keep(&self, state: &mut State, tokens: super::TokenSet) -> Result<(), Error> {
        let mut refreshed = state.login.clone();
        refreshed.tokens = tokens;
        if let Some(store) = &self.store {
            store.save(&refreshed)?;
        }
        state.login = refreshed;
        state.lifetime = remaining(&state.login);
        self.refreshes.fetch_add(1, Ordering::Relaxed);
        tracing::info!("access token refreshed");
        Ok(())
    }

    /// Takes the stored login when it is another one of the same client
    /// (tokens refreshed elsewhere); whether it did.
    fn adopt_newer(&self, state: &mut State) -> bool {
        let Some(Ok(Some(stored))) = self.store.as_ref().map(|store| store.load()) else {
            return false;
        };
        let same_client =
            stored.client_id == state.login.client_id && stored.base_url == state.login.base_url;
        let newer = stored.tokens.access_token.expose_secret()
            != state.login.tokens.access_token.expose_secret();
        if !(same_client && newer) {
            return false;
        }
        tracing::info!("using the tokens another process refreshed");
        *state = State::new(stored);
        true
    }
}

impl TokenProvider for RefreshingTokens {
    fn token(&self) -> BoxFuture<'_, Result<String, Error>> {
        Box::pin(self.current())
    }

    fn refresh(&self) -> BoxFuture<'_, Result<String, Error>> {
        Box::pin(self.replace(None))
    }

    fn refresh_rejected<'a>(&'a self, rejected: &'a str) -> BoxFuture<'a, Result<String, Error>> {
        Box::pin(self.replace(Some(rejected)))
    }
}
