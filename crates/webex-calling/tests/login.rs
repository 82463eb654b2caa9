//! Logging in (`webex_calling::login`) against the mock's token endpoints and
//! scripted ones: the device flow's polling rules, PKCE with a loopback
//! redirect, service apps, and the refreshing provider's single flight.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use futures::future::join_all;
use secrecy::{ExposeSecret, SecretString};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use webex_calling::Webex;
use webex_calling::login::{
    DEFAULT_SCOPES, Login, LoginKind, LoopbackLogin, OAuthClient, RefreshingTokens, TokenSet,
    TokenStore,
};
use webex_calling_mock::MockServer;
use wiremock::matchers::{method, path};
use wiremock::{Mock, Request, Respond, ResponseTemplate};

const CLIENT_ID: &str = "C0ffee-integration";
const CLIENT_SECRET: &str = "client-secret-9d2e71";
/// The administrator's static token, for asking for a service app's tokens.
const ADMIN: &str = "admin-token-31f0";

fn scopes() -> Vec<String> {
    DEFAULT_SCOPES.iter().map(|s| (*s).to_owned()).collect()
}

async fn mock(lifetime: Duration) -> MockServer {
    MockServer::builder()
        .people(64)
        .token(ADMIN)
        .oauth(CLIENT_ID, CLIENT_SECRET)
        .token_lifetime(lifetime)
        .approve_device_after(2)
        .device_interval(1)
        .start()
        .await
        .expect("the mock starts")
}

fn oauth(base_url: &str) -> OAuthClient {
    OAuthClient::new(base_url, CLIENT_ID, SecretString::from(CLIENT_SECRET)).expect("a client")
}

/// A login with a real refresh token from the mock (a service app's), whose
/// access token is replaced by `access` expiring at `expires`.
async fn login(server: &MockServer, access: &str, expires: SystemTime) -> Login {
    let oauth = oauth(&server.base_url());
    let mut tokens = oauth
        .service_app("app-1", &server.org_id(), &SecretString::from(ADMIN))
        .await
        .expect("the mock gives a service app tokens");
    tokens.access_token = SecretString::from(access);
    tokens.access_expires_at = expires;
    let mut login = Login::new(
        LoginKind::Integration,
        server.base_url(),
        CLIENT_ID,
        SecretString::from(CLIENT_SECRET),
        tokens,
    );
    login.scopes = scopes();
    login
}

/// A store that keeps every login it is given.
#[derive(Default)]
struct Recording(Mutex<Vec<Login>>);

impl TokenStore for Recording {
    fn load(&self) -> Result<Option<Login>, webex_calling::Error> {
        Ok(self.0.lock().unwrap().last().cloned())
    }
    fn save(&self, login: &Login) -> Result<(), webex_calling::Error> {
        self.0.lock().unwrap().push(login.clone());
        Ok(())
    }
    fn delete(&self) -> Result<bool, webex_calling::Error> {
        Ok(!std::mem::take(&mut *self.0.lock().unwrap()).is_empty())
    }
    fn location(&self) -> String {
        "memory".into()
    }
}

/// 64 reads at once through `tokens`: each must succeed.
async fn read_all(server: &MockServer, tokens: Arc<RefreshingTokens>) {
    let webex = Webex::builder()
        .base_url(server.base_url())
        .token_provider(tokens)
        .concurrency(webex_calling::Concurrency::Fixed(64))
        .build()
        .expect("a client");
    let reads = server
        .people_ids()
        .into_iter()
        .map(|id| {
            let webex = webex.clone();
            async move { webex.person(id).barge_in().get().await }
        })
        .collect::<Vec<_>>();
    for result in join_all(reads).await {
        result.expect("every read succeeds on a refreshed token");
    }
}

#[tokio::test]
async fn an_expired_access_token_is_refreshed_once_for_64_requests_and_saved_first() {
    let server = mock(Duration::from_secs(3600)).await;
    let expired = SystemTime::now() - Duration::from_secs(5);
    let start = login(&server, "expired-access", expired).await;
    let old_refresh = start.tokens.refresh_token.clone().expect("a refresh token");
    let store = Arc::new(Recording::default());
    let tokens = Arc::new(
        RefreshingTokens::new(start)
            .unwrap()
            .with_store(store.clone()),
    );

    read_all(&server, tokens.clone()).await;

    assert_eq!(server.token_refreshes(), 1, "one refresh for 64 requests");
    assert_eq!(tokens.refreshes(), 1);
    let saved = store.0.lock().unwrap().clone();
    assert_eq!(saved.len(), 1, "the refreshed login is saved once");
    let new_refresh = saved[0].tokens.refresh_token.clone().expect("rotated");
    assert_ne!(new_refresh.expose_secret(), old_refresh.expose_secret());
    // The mock rotates refresh tokens: the old one is dead, so keeping the
    // new one (saved before use) is what keeps the login alive.
    let refused = oauth(&server.base_url()).refresh(&old_refresh).await;
    assert!(refused.is_err(), "the old refresh token still works");
}

#[tokio::test]
async fn a_rejected_access_token_is_refreshed_once_after_64_concurrent_401s() {
    let server = mock(Duration::from_secs(3600)).await;
    // Good for an hour by its expiry, but the server does not know it.
    let later = SystemTime::now() + Duration::from_secs(3600);
    let tokens =
        Arc::new(RefreshingTokens::new(login(&server, "revoked-access", later).await).unwrap());

    read_all(&server, tokens.clone()).await;

    assert_eq!(server.token_refreshes(), 1, "one refresh after many 401s");
    assert_eq!(tokens.refreshes(), 1);
}

#[tokio::test]
async fn a_revoked_refresh_token_says_log_in_again_with_the_hint() {
    let server = mock(Duration::from_secs(3600)).await;
    let expired = SystemTime::now() - Duration::from_secs(5);
    let tokens = RefreshingTokens::new(login(&server, "expired-access", expired).await)
        .unwrap()
        .login_hint("log in again: my-tool login");
    server.revoke_refresh_tokens();
    let webex = Webex::builder()
        .base_url(server.base_url())
        .token_provider(Arc::new(tokens))
        .build()
        .unwrap();
    let id = server.people_ids().remove(0);
    let error = webex.person(id).barge_in().get().await.unwrap_err();
    assert_eq!(error.name(), "token", "{error}");
    let message = error.to_string();
    assert!(message.contains("log in again: my-tool login"), "{message}");
    assert!(!message.contains(CLIENT_SECRET), "{message}");
}

#[tokio::test]
async fn a_device_login_polls_until_approved_and_says_who_logged_in() {
    let server = mock(Duration::from_secs(3600)).await;
    let oauth = oauth(&server.base_url());
    let device = oauth.start_device(&scopes()).await.expect("started");
    assert_eq!(device.user_code.len(), 8);
    assert!(device.verification_uri.starts_with(&server.base_url()));
    let complete = device
        .verification_uri_complete
        .clone()
        .expect("complete URI");
    assert!(complete.contains(&device.user_code), "{complete}");
    assert!(
        !format!("{device:?}").contains("mock-dc-"),
        "the device code is secret"
    );

    let tokens = oauth
        .poll_device(&device)
        .await
        .expect("approved after 2 polls");
    let identity = oauth.whoami(&tokens.access_token).await.expect("who");
    assert_eq!(identity.org_id.as_deref(), Some(server.org_id().as_str()));
    assert!(tokens.can_refresh());
    let debug = format!("{tokens:?}");
    assert!(
        !debug.contains(tokens.access_token.expose_secret()),
        "{debug}"
    );
}

/// Answers `/device/token` from a script, noting when each poll came.
struct Script {
    answers: Vec<(u16, serde_json::Value)>,
    seen: Arc<Mutex<Vec<tokio::time::Instant>>>,
}

impl Respond for Script {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut seen = self.seen.lock().unwrap();
        seen.push(tokio::time::Instant::now());
        let (status, body) = &self.answers[(seen.len() - 1).min(self.answers.len() - 1)];
        ResponseTemplate::new(*status).set_body_json(body)
    }
}

/// A scripted token server: `/device/authorize` with a one-second interval,
/// `/device/token` answering `answers` in turn.
async fn scripted_device(
    answers: Vec<(u16, serde_json::Value)>,
) -> (wiremock::MockServer, Arc<Mutex<Vec<tokio::time::Instant>>>) {
    let server = wiremock::MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/device/authorize"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "device_code": "dc-secret", "user_code": "ABCD1234",
            "verification_uri": "https://example.com/device",
            "expires_in": 600, "interval": 1,
        })))
        .mount(&server)
        .await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    Mock::given(method("POST"))
        .and(path("/device/token"))
        .respond_with(Script {
            answers,
            seen: seen.clone(),
        })
        .mount(&server)
        .await;
    (server, seen)
}

fn refused(error: &str) -> (u16, serde_json::Value) {
    (400, serde_json::json!({ "error": error }))
}

#[tokio::test]
async fn slow_down_adds_five_seconds_to_the_interval_and_denied_ends_the_login() {
    let (server, seen) =
        scripted_device(vec![refused("slow_down"), refused("access_denied")]).await;
    let oauth = oauth(&server.uri());
    let device = oauth.start_device(&scopes()).await.unwrap();
    let error = oauth.poll_device(&device).await.unwrap_err();
    let message = error.to_string();
    assert!(message.contains("denied"), "{message}");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "no poll after a refusal");
    // A lower bound only: the interval was 1 s, slow_down makes it 6 s.
    assert!(
        seen[1] - seen[0] >= Duration::from_secs(6),
        "{:?}",
        seen[1] - seen[0]
    );
}

#[tokio::test]
async fn an_expired_device_code_ends_the_login_saying_start_again() {
    let (server, _) = scripted_device(vec![
        refused("authorization_pending"),
        refused("expired_token"),
    ])
    .await;
    let oauth = oauth(&server.uri());
    let device = oauth.start_device(&scopes()).await.unwrap();
    let message = oauth.poll_device(&device).await.unwrap_err().to_string();
    assert!(message.contains("expired"), "{message}");
}

#[tokio::test]
async fn a_browser_login_with_pkce_comes_back_to_the_loopback_redirect() {
    let server = mock(Duration::from_secs(3600)).await;
    let oauth = oauth(&server.base_url());
    let login = LoopbackLogin::start(&oauth, "http://127.0.0.1:0/callback", &scopes())
        .await
        .expect("listening");
    assert!(
        !login.redirect_uri().contains(":0/"),
        "{}",
        login.redirect_uri()
    );
    let url = login.url().to_owned();
    assert!(url.contains("code_challenge_method=S256"), "{url}");
    // Another local process comes first with a redirect of another state:
    // it is answered 400 and the login waits on. Then the "browser" follows
    // the mock's 302 to the loopback redirect.
    let stray = format!("{}?code=forged&state=not-this-login", login.redirect_uri());
    let visits = async {
        let stray = reqwest::get(&stray)
            .await
            .expect("the stray gets an answer");
        let browser = reqwest::get(&url).await.expect("the browser gets there");
        (stray.status(), browser.text().await.expect("a page"))
    };
    let (tokens, (stray, page)) = tokio::join!(login.finish(&oauth), visits);
    let tokens: TokenSet = tokens.expect("tokens for the code");
    assert_eq!(stray, 400, "the stray redirect");
    assert!(page.contains("Logged in"), "{page}");
    oauth
        .whoami(&tokens.access_token)
        .await
        .expect("the token works");
}

#[tokio::test]
async fn a_redirect_uri_that_is_not_loopback_is_refused() {
    let oauth = oauth("http://127.0.0.1:9/v1");
    let error = LoopbackLogin::start(&oauth, "https://example.com/callback", &scopes())
        .await
        .unwrap_err();
    assert!(error.to_string().contains("127.0.0.1"), "{error}");
}

#[tokio::test]
async fn two_processes_sharing_a_stored_login_both_keep_going_after_a_rotation() {
    let server = mock(Duration::from_secs(3600)).await;
    let (_dir, store) = stored_expired_login(&server).await;
    // Two "processes": each loaded the same login before either refreshed.
    let first = Arc::new(
        RefreshingTokens::new(store.load().unwrap().unwrap())
            .unwrap()
            .with_store(store.clone()),
    );
    let second = Arc::new(
        RefreshingTokens::new(store.load().unwrap().unwrap())
            .unwrap()
            .with_store(store.clone()),
    );
    read_all(&server, first.clone()).await;
    // The first rotated the refresh token the second holds; the second
    // takes the first's tokens from the store instead of failing.
    read_all(&server, second.clone()).await;
    assert_eq!(server.token_refreshes(), 1);
    assert_eq!(first.refreshes() + second.refreshes(), 1);
}

/// A file store in a new directory, holding a login from the mock whose
/// access token has expired (so the first use refreshes it).
async fn stored_expired_login(
    server: &MockServer,
) -> (tempfile::TempDir, Arc<webex_calling::login::FileStore>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(webex_calling::login::FileStore::new(
        dir.path().join("wxc").join("p.json"),
    ));
    let expired = SystemTime::now() - Duration::from_secs(5);
    store
        .save(&login(server, "expired-access", expired).await)
        .unwrap();
    (dir, store)
}

/// A token endpoint's answer with tokens.
fn tokens_answer(access: &str, refresh: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "access_token": access,
        "expires_in": 3600,
        "refresh_token": refresh,
        "token_type": "Bearer",
    }))
}

/// A scripted token endpoint answering `POST /access_token` with `answer`,
/// and a login from the mock whose tokens are refreshed there.
async fn scripted_refresh(
    server: &MockServer,
    answer: impl Respond + 'static,
) -> (wiremock::MockServer, Login) {
    let endpoint = wiremock::MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/access_token"))
        .respond_with(answer)
        .mount(&endpoint)
        .await;
    let expired = SystemTime::now() - Duration::from_secs(5);
    let mut start = login(server, "expired-access", expired).await;
    start.base_url = endpoint.uri();
    (endpoint, start)
}

/// Answers the `n`-th request (from 1) with `answer(n)`.
struct ByCall<F> {
    answer: F,
    seen: Mutex<usize>,
}

fn by_call<F: Fn(usize) -> ResponseTemplate>(answer: F) -> ByCall<F> {
    ByCall {
        answer,
        seen: Mutex::new(0),
    }
}

impl<F: Fn(usize) -> ResponseTemplate + Send + Sync> Respond for ByCall<F> {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut seen = self.seen.lock().unwrap();
        *seen += 1;
        (self.answer)(*seen)
    }
}

#[tokio::test]
async fn two_processes_refreshing_one_stored_login_at_once_make_one_refresh() {
    let server = mock(Duration::from_secs(3600)).await;
    // Rotating refresh tokens, as the mock does: the first refresh gets
    // tokens (slowly), any other, sent with the refresh token the first
    // one made stale, is refused.
    let answer = by_call(|call| match call {
        1 => {
            tokens_answer("rotated-access", "rotated-refresh").set_delay(Duration::from_millis(300))
        }
        _ => ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "error": "invalid_grant",
            "error_description": "the refresh token was rotated",
        })),
    });
    let (endpoint, start) = scripted_refresh(&server, answer).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wxc").join("p.json");
    webex_calling::login::FileStore::new(path.clone())
        .save(&start)
        .unwrap();
    // Two "processes" (each its own handle on the same file) that loaded
    // the same login and refresh it at the same moment. Without the
    // store's lock the second is refused while the first's answer is on
    // its way, before anything newer is in the store: a lost login.
    let process = || {
        let store = Arc::new(webex_calling::login::FileStore::new(path.clone()));
        RefreshingTokens::new(store.load().unwrap().unwrap())
            .unwrap()
            .with_store(store)
    };
    let (first, second) = (process(), process());
    let (one, two) = futures::join!(
        webex_calling::TokenProvider::token(&first),
        webex_calling::TokenProvider::token(&second)
    );
    assert_eq!(one.expect("the first refreshes"), "rotated-access");
    assert_eq!(two.expect("the second adopts"), "rotated-access");
    assert_eq!(first.refreshes() + second.refreshes(), 1);
    assert_eq!(endpoint.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_login_removed_while_running_is_not_refreshed_or_written_back() {
    let server = mock(Duration::from_secs(3600)).await;
    let (_dir, store) = stored_expired_login(&server).await;
    // A job's provider over the stored login; logged out before its first
    // refresh is due.
    let tokens = RefreshingTokens::new(store.load().unwrap().unwrap())
        .unwrap()
        .with_store(store.clone())
        .login_hint("log in again: my-tool login");
    assert!(store.delete().unwrap(), "logged out");
    let error = webex_calling::TokenProvider::token(&tokens)
        .await
        .expect_err("a logged-out login is not refreshed");
    let message = error.to_string();
    assert!(message.contains("logged out"), "{message}");
    assert!(message.contains("my-tool login"), "{message}");
    assert_eq!(server.token_refreshes(), 0, "refreshed after the logout");
    assert!(
        store.load().unwrap().is_none(),
        "the login was written back"
    );
}

#[tokio::test]
async fn a_login_replaced_by_another_client_while_running_is_left_alone() {
    let server = mock(Duration::from_secs(3600)).await;
    let (_dir, store) = stored_expired_login(&server).await;
    let first = store.load().unwrap().unwrap();
    let tokens = RefreshingTokens::new(store.load().unwrap().unwrap())
        .unwrap()
        .with_store(store.clone());
    // A new login, of another integration, in the same profile.
    let mut other = first.clone();
    other.client_id = "another-integration".to_owned();
    store.save(&other).unwrap();
    let error = webex_calling::TokenProvider::token(&tokens)
        .await
        .expect_err("the job does not save over the new login");
    assert!(error.to_string().contains("replaced"), "{error}");
    let kept = store.load().unwrap().expect("a login");
    assert_eq!(kept.client_id, "another-integration");
    assert_eq!(server.token_refreshes(), 0);
}

#[tokio::test]
async fn a_token_endpoint_busy_for_a_moment_is_asked_again_not_reported_as_a_lost_login() {
    let server = mock(Duration::from_secs(3600)).await;
    let answer = by_call(|call| match call {
        1 => ResponseTemplate::new(503).set_body_string("busy"),
        _ => tokens_answer("fresh-access", "fresh-refresh"),
    });
    let (endpoint, start) = scripted_refresh(&server, answer).await;
    let tokens = RefreshingTokens::new(start).unwrap();
    let token = webex_calling::TokenProvider::token(&tokens)
        .await
        .expect("the second try gets tokens");
    assert_eq!(token, "fresh-access");
    assert_eq!(tokens.refreshes(), 1);
    assert_eq!(endpoint.received_requests().await.unwrap().len(), 2);
}

/// Answers 400 `invalid_grant` with the request's own body echoed back.
struct Echo;

impl Respond for Echo {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let echoed = String::from_utf8_lossy(&request.body).into_owned();
        ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "error": "invalid_grant",
            "error_description": format!("bad request: {echoed}"),
        }))
    }
}

#[tokio::test]
async fn a_token_endpoint_echoing_the_request_gets_no_secret_into_the_error() {
    let server = wiremock::MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/access_token"))
        .respond_with(Echo)
        .mount(&server)
        .await;
    let oauth = oauth(&server.uri());
    // Characters that form encoding changes: the echo holds the encoded form.
    let refresh = SecretString::from("refresh/secret+7c1d");
    let message = oauth.refresh(&refresh).await.unwrap_err().to_string();
    assert!(message.contains("invalid_grant"), "{message}");
    assert!(
        message.contains("<redacted>"),
        "the echo is shown, masked: {message}"
    );
    assert!(!message.contains("refresh/secret+7c1d"), "{message}");
    assert!(!message.contains("refresh%2Fsecret%2B7c1d"), "{message}");
    assert!(!message.contains(CLIENT_SECRET), "{message}");
}

/// Answers `/device/token` 400 with the request's headers echoed back.
struct EchoHeaders;

impl Respond for EchoHeaders {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let auth = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "error": "invalid_client",
            "error_description": format!("auth={auth}"),
        }))
    }
}

#[tokio::test]
async fn a_token_endpoint_echoing_basic_credentials_gets_no_secret_into_the_error() {
    let server = wiremock::MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/device/authorize"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "device_code": "dc-secret-long", "user_code": "ABCD1234",
            "verification_uri": "https://example.com/device",
            "expires_in": 600, "interval": 1,
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/device/token"))
        .respond_with(EchoHeaders)
        .mount(&server)
        .await;
    let oauth = oauth(&server.uri());
    let device = oauth.start_device(&scopes()).await.unwrap();
    let message = oauth.poll_device(&device).await.unwrap_err().to_string();
    assert!(message.contains("auth=Basic <redacted>"), "{message}");
    use base64::Engine as _;
    let basic =
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"));
    assert!(!message.contains(&basic), "{message}");
}
