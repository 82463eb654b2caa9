//! A token provider that keeps a login going: refreshed before the access
//! token expires and after a 401, once for everyone waiting.

use super::{Login, OAuthClient, RefreshLock, TokenStore};
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

/// How many times a refresh is sent again when the token endpoint cannot be
/// reached or answers 429 or 5xx (after 1, 2, 4 and 8 s: 15 s in all).
const REFRESH_RETRIES: u32 = 4;

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

/// The login, how long its access token had to live when it was got, and
/// whether the store has been seen holding it (so that a store found empty
/// later was logged out, not never written).
struct State {
    login: Login,
    lifetime: Duration,
    stored: bool,
}

impl State {
    fn new(login: Login) -> Self {
        let lifetime = remaining(&login);
        Self {
            login,
            lifetime,
            stored: false,
        }
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

    /// Saves every refreshed login to `store`, under its refresh lock. If
    /// `store` holds this login (same client id and API root) now, a store
    /// found empty later was logged out, and one holding another login was
    /// logged in anew: either way refreshing stops with an error instead of
    /// writing this login back.
    #[must_use]
    pub fn with_store(mut self, store: Arc<dyn TokenStore>) -> Self {
        // A login read from this store (wxc's case) was in it from the
        // start: found gone later, it was logged out.
        let state = self.state.get_mut();
        state.stored =
            matches!(store.load(), Ok(Some(stored)) if same_client(&stored, &state.login));
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

    /// Refreshes the login, holding the store's refresh lock so that
    /// another process sharing the store (two cron jobs on one profile)
    /// does not refresh at the same moment: when it has refreshed first,
    /// its newer login is adopted instead (checked again when Webex refuses
    /// the refresh token this one holds). A token endpoint that cannot be
    /// reached or answers 429 or 5xx is asked again, after 1, 2, 4 and 8 s.
    /// A login removed from the store meanwhile (logged out) is not
    /// refreshed, nor written back.
    async fn refresh_locked(&self, state: &mut State) -> Result<(), Error> {
        let margin = self.margin.min(state.lifetime / 2);
        let _lock = self.lock_refresh().await?;
        match self.adopt_newer(state)? {
            Adoption::Adopted if state.login.tokens.access_valid_for(margin) => return Ok(()),
            _ => {}
        }
        let mut adopted_after_refusal = false;
        let mut retries = 0;
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
            let refused = match self.oauth.refresh_raw(&refresh_token).await {
                Ok(tokens) => return self.keep(state, tokens),
                Err(refused) => refused,
            };
            if refused.is_transient() && retries < REFRESH_RETRIES {
                let delay = Duration::from_secs(1 << retries);
                retries += 1;
                tracing::warn!(
                    "the token refresh failed ({}); trying again in {}s",
                    refused.into_error(),
                    delay.as_secs()
                );
                tokio::time::sleep(delay).await;
                continue;
            }
            if !adopted_after_refusal && matches!(self.adopt_newer(state)?, Adoption::Adopted) {
                adopted_after_refusal = true;
                if state.login.tokens.access_valid_for(margin) {
                    return Ok(());
                }
                continue;
            }
            let advice = if refused.is_transient() {
                "the login itself may be fine: try again once the token endpoint answers"
            } else {
                self.hint.as_str()
            };
            return Err(Error::token(format!(
                "{}; {advice}",
                refused.into_error().message()
            )));
        }
    }

    /// The store's refresh lock (see [`RefreshLock::acquire`]).
    async fn lock_refresh(&self) -> Result<Option<RefreshLock>, Error> {
        match &self.store {
            Some(store) => RefreshLock::acquire(store.as_ref()).await.map(Some),
            None => Ok(None),
        }
    }

    /// Saves (before use: the old refresh token may be dead now) and uses
    /// freshly refreshed tokens; unless the login was removed from the
    /// store meanwhile, which this must not undo.
    fn keep(&self, state: &mut State, tokens: super::TokenSet) -> Result<(), Error> {
        let mut refreshed = state.login.clone();
        refreshed.tokens = tokens;
        if let Some(store) = &self.store {
            self.stored_login(store.as_ref(), state)?;
            store.save(&refreshed)?;
            state.stored = true;
        }
        state.login = refreshed;
        state.lifetime = remaining(&state.login);
        self.refreshes.fetch_add(1, Ordering::Relaxed);
        tracing::info!("access token refreshed");
        Ok(())
    }

    /// Takes the stored login when it is another one of the same client
    /// (tokens refreshed elsewhere). A store that held the login and holds
    /// none now was logged out: an error, so nothing refreshes it back.
    fn adopt_newer(&self, state: &mut State) -> Result<Adoption, Error> {
        let Some(store) = &self.store else {
            return Ok(Adoption::Kept);
        };
        let Some(stored) = self.stored_login(store.as_ref(), state)? else {
            return Ok(Adoption::Kept);
        };
        state.stored = true;
        if stored.tokens.access_token.expose_secret()
            == state.login.tokens.access_token.expose_secret()
        {
            return Ok(Adoption::Kept);
        }
        tracing::info!("using the tokens another process refreshed");
        *state = State::new(stored);
        state.stored = true;
        Ok(Adoption::Adopted)
    }

    /// The login in `store` when it is of this one's client and API root.
    /// Once the store was seen holding this login, finding it empty means a
    /// logout, and finding another login a new `auth login` (another client
    /// or API root) in its place: errors, since saving would undo either.
    /// A store that cannot be read now gives `None`: refresh with what this
    /// process holds.
    fn stored_login(&self, store: &dyn TokenStore, state: &State) -> Result<Option<Login>, Error> {
        match store.load() {
            Ok(Some(stored)) if same_client(&stored, &state.login) => Ok(Some(stored)),
            Ok(Some(_)) if state.stored => Err(self.replaced(store)),
            Ok(None) if state.stored => Err(self.logged_out(store)),
            Ok(_) | Err(_) => Ok(None),
        }
    }

    fn replaced(&self, store: &dyn TokenStore) -> Error {
        Error::token(format!(
            "the login in {} was replaced by another one (another client id or API root) while \
             this ran; it is left as it is: run again to use it",
            store.location()
        ))
    }

    fn logged_out(&self, store: &dyn TokenStore) -> Error {
        Error::token(format!(
            "the login was removed from {} while this ran (logged out); {}",
            store.location(),
            self.hint
        ))
    }
}

/// Whether two logins are of one client at one API root (so one's tokens
/// may stand for the other's).
fn same_client(one: &Login, other: &Login) -> bool {
    one.client_id == other.client_id && one.base_url == other.base_url
}

/// Whether [`RefreshingTokens::adopt_newer`] took the stored login.
enum Adoption {
    Adopted,
    Kept,
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
