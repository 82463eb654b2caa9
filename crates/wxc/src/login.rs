//! `wxc auth ...`, and the stored login a command uses when it is given no
//! token: one file per profile under the configuration directory
//! (`$WXC_CONFIG_DIR`, else the platform's, e.g. `~/.config/wxc`).

use crate::cli::{AuthCommand, GlobalArgs, TokenStoreKind};
use crate::interrupts::Interrupts;
use crate::status::{EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, UsageError, say, usage};
use futures::future::BoxFuture;
use secrecy::{ExposeSecret, SecretString};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use webex_calling::login::{
    DEFAULT_SCOPES, FileStore, Login, LoginKind, LoopbackLogin, OAuthClient, RefreshLock,
    RefreshingTokens, TokenSet, TokenStore,
};
use webex_calling::{Error, TokenProvider};

/// `auth status` refreshes an access token with less than this left.
const STATUS_HORIZON: Duration = Duration::from_secs(300);

/// The configuration directory: `$WXC_CONFIG_DIR`, else the platform's.
fn config_dir() -> Result<PathBuf, UsageError> {
    if let Some(dir) = std::env::var_os("WXC_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::config_dir()
        .map(|dir| dir.join("wxc"))
        .ok_or_else(|| usage("cannot tell the configuration directory; set WXC_CONFIG_DIR"))
}

/// The store of `profile`, in the kind of store `--token-store` names.
fn store(global: &GlobalArgs, profile: &str) -> Result<Arc<dyn TokenStore>, UsageError> {
    // The file store's check of the name holds for every kind of store.
    let config = config_dir()?;
    let file = FileStore::profile(&config, profile)
        .map_err(|e| usage(format!("--profile: {}", e.message())))?;
    match global.token_store {
        TokenStoreKind::File => Ok(Arc::new(file)),
        TokenStoreKind::Keyring => keyring_store(&config, profile),
    }
}

/// The keyring entry of `profile`, its refreshes guarded by a lock file in
/// the configuration directory (a keyring has no lock of its own).
#[cfg(feature = "keyring")]
fn keyring_store(config: &Path, profile: &str) -> Result<Arc<dyn TokenStore>, UsageError> {
    let store = webex_calling::login::KeyringStore::new("wxc", profile)
        .map_err(|e| usage(format!("--token-store keyring: {}", e.message())))?
        .with_lock_file(config.join(format!(".keyring-{profile}.lock")));
    Ok(Arc::new(store))
}

#[cfg(not(feature = "keyring"))]
fn keyring_store(_: &Path, _: &str) -> Result<Arc<dyn TokenStore>, UsageError> {
    Err(usage(
        "--token-store keyring: this wxc was built without the keyring feature; \
         install it with `cargo install wxc --features keyring`, or use --token-store file",
    ))
}

/// The command that logs profile `profile` in to `base_url`.
fn login_command(profile: &str, base_url: &str) -> String {
    format!(
        "wxc{} auth login --profile {} --client-id ID --client-secret-file FILE",
        crate::setup::base_url_option(base_url),
        crate::setup::shell_word(profile)
    )
}

/// What to do when a login cannot go on.
fn login_hint(profile: &str, base_url: &str) -> String {
    format!("log in again: {}", login_command(profile, base_url))
}

/// Says that `profile` has no login in `store`, and how to make one.
fn not_logged_in(global: &GlobalArgs, store: &dyn TokenStore) {
    let base_url = crate::setup::explicit_base_url(global)
        .unwrap_or_else(|| webex_calling::DEFAULT_BASE_URL.to_owned());
    say(&format!(
        "wxc: not logged in: {} has no login; log in with: {}",
        store.location(),
        login_command(&global.profile, &base_url)
    ));
}

/// Remembers every secret of a login, so it is masked wherever it shows.
fn remember(login: &Login) {
    crate::redact::remember(login.client_secret.expose_secret());
    remember_tokens(&login.tokens);
}

fn remember_tokens(tokens: &TokenSet) {
    crate::redact::remember(tokens.access_token.expose_secret());
    if let Some(refresh) = &tokens.refresh_token {
        crate::redact::remember(refresh.expose_secret());
    }
}

/// A profile's login, ready to use.
pub(crate) struct Stored {
    /// The login as a refreshing token provider.
    pub(crate) tokens: Arc<RefreshingTokens>,
    /// The API root the login belongs to: its tokens go nowhere else.
    pub(crate) base_url: String,
}

/// The profile's login, when it has one. Its tokens were issued for one API
/// root; a `--base-url` or `$WEBEX_BASE_URL` naming another is refused, so
/// they are never sent to a host that did not issue them.
pub(crate) fn stored(global: &GlobalArgs) -> Result<Option<Stored>, UsageError> {
    stored_profile(global, &global.profile)
}

/// Profile `profile`'s login, as [`stored`].
fn stored_profile(global: &GlobalArgs, profile: &str) -> Result<Option<Stored>, UsageError> {
    let store = store(global, profile)?;
    let Some(login) = store.load().map_err(|e| usage(e.message()))? else {
        return Ok(None);
    };
    remember(&login);
    let base_url = login.base_url.trim_end_matches('/').to_owned();
    if let Some(asked) = crate::setup::explicit_base_url(global)
        && asked.trim_end_matches('/') != base_url
    {
        return Err(usage(format!(
            "profile {profile:?} logged in to {base_url}, not {asked}; its tokens are only sent \
             where they were issued. Drop --base-url (and WEBEX_BASE_URL), or log in to {asked} \
             with another --profile"
        )));
    }
    let tokens = RefreshingTokens::new(login)
        .map_err(|e| usage(e.message()))?
        .with_store(store)
        .login_hint(login_hint(profile, &base_url));
    Ok(Some(Stored {
        tokens: Arc::new(tokens),
        base_url,
    }))
}

/// A login's tokens, each remembered for masking as it is handed out (a
/// refresh brings new ones).
pub(crate) struct Remembering(pub(crate) Arc<RefreshingTokens>);

impl TokenProvider for Remembering {
    fn token(&self) -> BoxFuture<'_, Result<String, Error>> {
        Box::pin(async move { self.0.token().await.inspect(|t| crate::redact::remember(t)) })
    }

    fn refresh(&self) -> BoxFuture<'_, Result<String, Error>> {
        Box::pin(async move {
            self.0
                .refresh()
                .await
                .inspect(|t| crate::redact::remember(t))
        })
    }

    fn refresh_rejected<'a>(&'a self, rejected: &'a str) -> BoxFuture<'a, Result<String, Error>> {
        Box::pin(async move {
            let token = self.0.refresh_rejected(rejected).await?;
            crate::redact::remember(&token);
            Ok(token)
        })
    }
}

/// Runs `wxc auth ...`.
pub(crate) async fn run(
    global: &GlobalArgs,
    token: Option<String>,
    command: AuthCommand,
) -> Result<u8, UsageError> {
    let store = store(global, &global.profile)?;
    let store = store.as_ref();
    match command {
        AuthCommand::Login {
            client_id,
            client_secret_file,
            scopes,
            browser,
            redirect_uri,
        } => {
            let secret = client_secret(&client_secret_file)?;
            let oauth = oauth_client(&crate::setup::base_url(global), client_id, secret)?;
            let scopes = if scopes.is_empty() {
                DEFAULT_SCOPES.iter().map(|s| (*s).to_owned()).collect()
            } else {
                scopes
            };
            let redirect = browser.then_some(redirect_uri.as_str());
            login(store, &oauth, scopes, redirect, global.quiet).await
        }
        AuthCommand::Status => status(global, store).await,
        AuthCommand::Token => print_token(global, store).await,
        AuthCommand::Logout => logout(store).await,
        AuthCommand::ServiceApp {
            app_id,
            client_id,
            client_secret_file,
            target_org,
            with_profile,
        } => {
            let secret = client_secret(&client_secret_file)?;
            let (bearer, base_url) = admin_bearer(global, token, with_profile).await?;
            let oauth = oauth_client(&base_url, client_id, secret)?;
            service_app(store, &oauth, &app_id, &target_org, &bearer).await
        }
    }
}

/// The client secret in `file`, remembered so it is masked wherever it shows.
fn client_secret(file: &std::path::Path) -> Result<SecretString, UsageError> {
    let secret = crate::setup::read_secret_file("--client-secret-file", file)?;
    crate::redact::remember(&secret);
    Ok(SecretString::from(secret))
}

fn oauth_client(
    base_url: &str,
    client_id: String,
    secret: SecretString,
) -> Result<OAuthClient, UsageError> {
    OAuthClient::new(base_url, client_id, secret).map_err(|e| usage(e.message()))
}

/// The administrator's token a service app's tokens are asked for with, and
/// the API root it belongs to (it goes nowhere else): `--token-file` or
/// `$WEBEX_ACCESS_TOKEN`, else the login of `--with-profile`.
async fn admin_bearer(
    global: &GlobalArgs,
    token: Option<String>,
    with_profile: Option<String>,
) -> Result<(SecretString, String), UsageError> {
    match (token, with_profile) {
        (Some(token), _) => Ok((SecretString::from(token), crate::setup::base_url(global))),
        (None, Some(profile)) => match stored_profile(global, &profile)? {
            Some(login) => {
                let token = login.tokens.token().await.map_err(|e| usage(e.message()))?;
                Ok((SecretString::from(token), login.base_url))
            }
            None => Err(usage(format!(
                "--with-profile {profile}: that profile has no login; log in first \
                 with `wxc auth login --profile {profile} ...`"
            ))),
        },
        (None, None) => Err(usage(
            "a service app's tokens are asked for with an administrator's token that \
             has the spark:applications_token scope: pass --token-file, \
             WEBEX_ACCESS_TOKEN, or --with-profile NAME (a profile you logged in \
             with `wxc auth login`)",
        )),
    }
}

/// Logs in (device flow, or browser with `redirect`) and stores the login.
async fn login(
    store: &dyn TokenStore,
    oauth: &OAuthClient,
    scopes: Vec<String>,
    redirect: Option<&str>,
    quiet: bool,
) -> Result<u8, UsageError> {
    // The store is checked (its directory made private, or refused with
    // the chmod that fixes it) before anyone is asked to approve: a login
    // approved and then not stored would be thrown away.
    drop(store.try_lock_refresh().map_err(|e| usage(e.message()))?);
    let work = async {
        let flow = match redirect {
            None => device_login(oauth, &scopes, quiet).await,
            Some(redirect) => browser_login(oauth, &scopes, redirect).await,
        };
        match flow {
            Ok(tokens) => finish_login(store, oauth, LoginKind::Integration, scopes, tokens).await,
            Err(error) => {
                say(&format!("wxc: error: {}", error.message()));
                Ok(EXIT_FAILED)
            }
        }
    };
    // Ctrl-C or SIGTERM until the login is stored (also while waiting for
    // another process's refresh to save it): once listened for, neither
    // ends the process by itself any more. Saving completes the work in the
    // same poll, so `biased` never reports a stored login as cancelled.
    let mut interrupts = Interrupts::install();
    tokio::select! {
        biased;
        exit = work => exit,
        Some(()) = interrupts.next() => {
            say("wxc: login cancelled; nothing was stored");
            Ok(EXIT_INTERRUPTED)
        }
    }
}

/// Asks who logged in, stores the login and says who it is.
async fn finish_login(
    store: &dyn TokenStore,
    oauth: &OAuthClient,
    kind: LoginKind,
    scopes: Vec<String>,
    tokens: TokenSet,
) -> Result<u8, UsageError> {
    remember_tokens(&tokens);
    let identity = match oauth.whoami(&tokens.access_token).await {
        Ok(identity) => Some(identity),
        Err(error) => {
            say(&format!("wxc: warning: {}", error.message()));
            None
        }
    };
    let mut login = Login::new(
        kind,
        oauth.base_url(),
        oauth.client_id(),
        oauth.client_secret().clone(),
        tokens,
    );
    login.scopes = scopes;
    login.identity = identity;
    let Some(_lock) = lock_for_change(store).await? else {
        return Ok(EXIT_FAILED);
    };
    store.save(&login).map_err(|e| usage(e.message()))?;
    let who = describe_identity(&login);
    say(&format!(
        "wxc: logged in as {who}; the tokens are stored in {}",
        store.location()
    ));
    Ok(EXIT_OK)
}

fn describe_identity(login: &Login) -> String {
    match &login.identity {
        Some(identity) => format!(
            "{}{} in organization {}",
            identity.display_name.as_deref().unwrap_or(&identity.id),
            identity
                .email
                .as_deref()
                .map(|e| format!(" <{e}>"))
                .unwrap_or_default(),
            identity.org_id.as_deref().unwrap_or("(unknown)")
        ),
        None => "(Webex did not say who: GET /people/me failed)".to_owned(),
    }
}

/// The device flow: the code and where to enter it on stderr (with a QR
/// code of the complete URL on a terminal), a spinner while polling.
async fn device_login(
    oauth: &OAuthClient,
    scopes: &[String],
    quiet: bool,
) -> Result<TokenSet, Error> {
    let device = oauth.start_device(scopes).await?;
    say(&format!(
        "wxc: to log in, open {} and enter the code {}",
        device.verification_uri, device.user_code
    ));
    let terminal = std::io::stderr().is_terminal();
    if let Some(complete) = &device.verification_uri_complete {
        say(&format!("wxc: or open {complete}"));
        if terminal && let Ok(code) = qrcode::QrCode::new(complete.as_bytes()) {
            let picture = code
                .render::<qrcode::render::unicode::Dense1x2>()
                .quiet_zone(true)
                .build();
            say(&picture);
        }
    }
    let spinner = (terminal && !quiet).then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_message("waiting for the login to be approved (Ctrl-C cancels)");
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    });
    if spinner.is_none() {
        say("wxc: waiting for the login to be approved (Ctrl-C cancels)");
    }
    let tokens = oauth.poll_device(&device).await;
    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    tokens
}

/// Authorization code with PKCE: the browser comes back to the loopback
/// redirect URI.
async fn browser_login(
    oauth: &OAuthClient,
    scopes: &[String],
    redirect: &str,
) -> Result<TokenSet, Error> {
    let login = LoopbackLogin::start(oauth, redirect, scopes).await?;
    say(&format!(
        "wxc: to log in, open this page in a browser on this machine (Webex sends it back to {}):\n{}",
        login.redirect_uri(),
        login.url()
    ));
    login.finish(oauth).await
}

/// `wxc auth status`: an access token about to expire is refreshed first,
/// so "usable" (exit 0) is Webex's word, not a guess from the dates.
async fn status(global: &GlobalArgs, store: &dyn TokenStore) -> Result<u8, UsageError> {
    let Some(stored) = stored(global)? else {
        not_logged_in(global, store);
        return Ok(EXIT_FAILED);
    };
    let usable = check_with_webex(&stored.tokens).await;
    let login = stored.tokens.login().await;
    let kind = match &login.kind {
        LoginKind::ServiceApp { application_id, .. } => format!("service app {application_id}"),
        _ => "integration".to_owned(),
    };
    say(&format!(
        "wxc: logged in as {} ({kind}, client id {})",
        describe_identity(&login),
        login.client_id
    ));
    say(&format!(
        "wxc: access token {}",
        expiry(login.tokens.access_expires_at)
    ));
    match (&login.tokens.refresh_token, login.tokens.refresh_expires_at) {
        (None, _) => say("wxc: no refresh token"),
        (Some(_), Some(at)) => say(&format!("wxc: refresh token {}", expiry(at))),
        (Some(_), None) => say("wxc: refresh token (no expiry given)"),
    }
    say(&format!("wxc: stored in {}", store.location()));
    match usable {
        Ok(()) => Ok(EXIT_OK),
        Err(error) => {
            say(&format!("wxc: not usable: {}", error.message()));
            Ok(EXIT_FAILED)
        }
    }
}

/// Whether Webex takes the login's access token (`GET /people/me`),
/// refreshing it first when it has less than [`STATUS_HORIZON`] left (so
/// exit 0 means the login works now and will on the next run) and once
/// more when Webex refuses it.
async fn check_with_webex(tokens: &RefreshingTokens) -> Result<(), Error> {
    let login = tokens.login().await;
    let oauth = login.oauth()?;
    let token = if login.tokens.access_valid_for(STATUS_HORIZON) || !login.tokens.can_refresh() {
        tokens.token().await?
    } else {
        tokens.refresh().await?
    };
    crate::redact::remember(&token);
    if oauth
        .whoami(&SecretString::from(token.clone()))
        .await
        .is_ok()
    {
        return Ok(());
    }
    let fresh = tokens.refresh_rejected(&token).await?;
    crate::redact::remember(&fresh);
    oauth.whoami(&SecretString::from(fresh)).await.map(|_| ())
}

/// `expires in 13 days`, `expired 2 hours ago`.
fn expiry(at: SystemTime) -> String {
    let human = |d: Duration| {
        let s = d.as_secs();
        match s {
            0..=119 => format!("{s} seconds"),
            120..=7199 => format!("{} minutes", s / 60),
            7200..=172_799 => format!("{} hours", s / 3600),
            _ => format!("{} days", s / 86_400),
        }
    };
    match at.duration_since(SystemTime::now()) {
        Ok(left) => format!("expires in {}", human(left)),
        Err(past) => format!("expired {} ago", human(past.duration())),
    }
}

/// `wxc auth token`: the one command that prints a token.
async fn print_token(global: &GlobalArgs, store: &dyn TokenStore) -> Result<u8, UsageError> {
    let Some(login) = stored(global)? else {
        not_logged_in(global, store);
        return Ok(EXIT_FAILED);
    };
    match login.tokens.token().await {
        Ok(token) => {
            // stdout, on purpose and only here; never masked.
            println!("{token}");
            Ok(EXIT_OK)
        }
        Err(error) => {
            say(&format!("wxc: error: {}", error.message()));
            Ok(EXIT_FAILED)
        }
    }
}

/// Holds `store`'s refresh lock for a change to the login (a login, a
/// logout): a job refreshing it meanwhile would otherwise write its tokens
/// back over the change. Says so when another process's refresh makes this
/// wait; `None` (the reason said) when it waited too long.
async fn lock_for_change(store: &dyn TokenStore) -> Result<Option<RefreshLock>, UsageError> {
    if let Some(lock) = store.try_lock_refresh().map_err(|e| usage(e.message()))? {
        return Ok(Some(lock));
    }
    say(&format!(
        "wxc: waiting for another process to finish refreshing the login in {}",
        store.location()
    ));
    match RefreshLock::acquire(store).await {
        Ok(lock) => Ok(Some(lock)),
        Err(error) => {
            say(&format!("wxc: error: {}", error.message()));
            Ok(None)
        }
    }
}

/// `wxc auth logout`.
async fn logout(store: &dyn TokenStore) -> Result<u8, UsageError> {
    let Some(_lock) = lock_for_change(store).await? else {
        return Ok(EXIT_FAILED);
    };
    if store.delete().map_err(|e| usage(e.message()))? {
        say(&format!("wxc: logged out: removed {}", store.location()));
    } else {
        say(&format!(
            "wxc: nothing to remove: {} has no login",
            store.location()
        ));
    }
    Ok(EXIT_OK)
}

/// `wxc auth service-app`.
async fn service_app(
    store: &dyn TokenStore,
    oauth: &OAuthClient,
    app_id: &str,
    target_org: &str,
    bearer: &SecretString,
) -> Result<u8, UsageError> {
    let tokens = match oauth.service_app(app_id, target_org, bearer).await {
        Ok(tokens) => tokens,
        Err(error) => {
            say(&format!("wxc: error: {}", error.message()));
            return Ok(EXIT_FAILED);
        }
    };
    let kind = LoginKind::ServiceApp {
        application_id: app_id.to_owned(),
        target_org: target_org.to_owned(),
    };
    finish_login(store, oauth, kind, Vec::new(), tokens).await
}
