//! From options to a ready client: the token, the API root (or the embedded
//! mock), the HTTP client.

use crate::cli::GlobalArgs;
use crate::status::{UsageError, usage};
use std::io::{BufRead, Read};
use std::path::Path;
use std::time::Duration;
use webex_calling::{DEFAULT_BASE_URL, Webex};

/// The token `--mock` uses when none is given (the mock accepts any).
#[cfg(feature = "mock")]
const MOCK_TOKEN: &str = "wxc-mock-token";

/// A connected client, and the embedded mock server behind it, if any.
pub(crate) struct Session {
    /// The client.
    pub(crate) webex: Webex,
    /// The profile's login, when the token comes from one (it refreshes).
    pub(crate) login: Option<std::sync::Arc<webex_calling::login::RefreshingTokens>>,
    /// Kept alive until the run ends; dropping it stops the server.
    #[cfg(feature = "mock")]
    _mock: Option<webex_calling_mock::MockServer>,
}

/// Where a command's token comes from.
enum Credentials {
    /// `--token-file`, `$WEBEX_ACCESS_TOKEN`, or the mock's.
    Token(String),
    /// The profile's stored login, refreshed as the run goes.
    Login(std::sync::Arc<webex_calling::login::RefreshingTokens>),
}

/// Where requests go and with which token.
struct Endpoint {
    credentials: Credentials,
    base_url: String,
    #[cfg(feature = "mock")]
    mock: Option<webex_calling_mock::MockServer>,
}

/// Builds the client the options ask for.
pub(crate) async fn connect(
    global: &GlobalArgs,
    token: Option<String>,
) -> Result<Session, UsageError> {
    let endpoint = if global.mock {
        start_mock(token).await?
    } else {
        let mut base_url = base_url(global);
        let credentials = match token {
            Some(token) => Credentials::Token(token),
            None => match crate::login::stored(global)? {
                Some(login) => {
                    base_url = login.base_url;
                    Credentials::Login(login.tokens)
                }
                None => {
                    return Err(usage(format!(
                        "no access token: export WEBEX_ACCESS_TOKEN=... or pass --token-file FILE \
                         (a personal token is at https://developer.webex.com/docs/getting-started), \
                         or log in once with `wxc auth login --client-id ID --client-secret-file FILE` \
                         (profile {:?} has no login). To try wxc without any, add --mock",
                        global.profile
                    )));
                }
            },
        };
        Endpoint {
            credentials,
            base_url,
            #[cfg(feature = "mock")]
            mock: None,
        }
    };
    let (builder, login) = match endpoint.credentials {
        Credentials::Token(token) => (Webex::builder().token(token), None),
        Credentials::Login(login) => (
            Webex::builder().token_provider(crate::login::Remembering(login.clone())),
            Some(login),
        ),
    };
    let mut builder = builder
        .base_url(&endpoint.base_url)
        .concurrency(global.concurrency)
        .http_client(http_client(&endpoint.base_url)?)
        // Through the library, not the reqwest client, which would copy it
        // into every request and connector clone.
        .user_agent(concat!("wxc/", env!("CARGO_PKG_VERSION")))
        .tracking_id_prefix("wxc");
    if let Some(org) = &global.org {
        builder = builder.org_id(org.clone());
    }
    let webex = builder.build().map_err(|e| {
        usage(format!(
            "{e} (check WEBEX_ACCESS_TOKEN or --token-file, --base-url/WEBEX_BASE_URL and --org)"
        ))
    })?;
    Ok(Session {
        webex,
        login,
        #[cfg(feature = "mock")]
        _mock: endpoint.mock,
    })
}

/// The API root: `--base-url`, else `$WEBEX_BASE_URL`, else Webex's.
pub(crate) fn base_url(global: &GlobalArgs) -> String {
    explicit_base_url(global).unwrap_or_else(|| DEFAULT_BASE_URL.to_owned())
}

/// The global options a command printed for later (undo, resume) repeats so
/// that it acts where this run did, pasted into another shell too: the API
/// root when it is not Webex's (or `--mock`: a command printed by a run on
/// the embedded mock must not go to Webex), the organization, and the
/// login's profile and store when not the defaults (` --base-url URL --org
/// ID`), or empty.
pub(crate) fn rerun_options(global: &GlobalArgs) -> String {
    let mut options = String::from(if global.mock { " --mock" } else { "" });
    if let Some(url) = explicit_base_url(global) {
        options.push_str(&base_url_option(&url));
    }
    let mut add = |name: &str, value: &str| {
        options.push_str(&format!(" --{name} {}", shell_word(value)));
    };
    if let Some(org) = &global.org {
        add("org", org);
    }
    if global.profile != "default" {
        add("profile", &global.profile);
    }
    if global.token_store != crate::cli::TokenStoreKind::File {
        add("token-store", "keyring");
    }
    options
}

/// ` --base-url URL` for a printed command, or empty when `url` is Webex's
/// own API root (the default needs no saying).
pub(crate) fn base_url_option(url: &str) -> String {
    if url.trim_end_matches('/') == DEFAULT_BASE_URL.trim_end_matches('/') {
        String::new()
    } else {
        format!(" --base-url {}", shell_word(url))
    }
}

/// `value` as one word of a POSIX shell command: as it is when it holds no
/// character the shell treats specially, else in single quotes.
pub(crate) fn shell_word(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-./:=+@%,".contains(&b));
    if plain {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

/// The API root the user named (`--base-url`, else `$WEBEX_BASE_URL`), if any.
pub(crate) fn explicit_base_url(global: &GlobalArgs) -> Option<String> {
    global
        .base_url
        .clone()
        .filter(|u| !u.trim().is_empty())
        .or_else(|| {
            std::env::var("WEBEX_BASE_URL")
                .ok()
                .filter(|u| !u.trim().is_empty())
        })
}

/// The token from `--token-file`, `--token` (with a warning) or
/// `WEBEX_ACCESS_TOKEN`, trimmed; `None` when there is none.
pub(crate) fn token(global: &GlobalArgs) -> Result<Option<String>, UsageError> {
    let token = if let Some(path) = &global.token_file {
        Some(read_secret_file("--token-file", path)?)
    } else if let Some(token) = &global.token {
        if !global.quiet {
            crate::status::say(
                "wxc: warning: --token puts the token where other users of this machine can see it \
                 (ps, shell history); prefer WEBEX_ACCESS_TOKEN or --token-file",
            );
        }
        Some(secrecy::ExposeSecret::expose_secret(token).to_owned())
    } else {
        std::env::var("WEBEX_ACCESS_TOKEN").ok()
    };
    Ok(token.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()))
}

/// The longest first line a secret file may have: Webex access tokens are
/// about 110 characters, JWTs a few KiB.
const SECRET_LIMIT: usize = 16 * 1024;

/// The first line of `path` ('-': stdin), without a UTF-8 byte-order mark
/// (an editor's, not part of the secret), for `flag`. A file others may
/// read gets a warning saying how to fix it.
pub(crate) fn read_secret_file(flag: &str, path: &Path) -> Result<String, UsageError> {
    let named = path.display();
    let mut line = Vec::new();
    // At most one byte past the limit is read, so `/dev/zero` or a log file
    // given by mistake is an error at once instead of filling memory.
    let limit = SECRET_LIMIT as u64 + 1;
    let read = if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_until(b'\n', &mut line)
    } else {
        std::fs::File::open(path).and_then(|file| {
            warn_if_readable_by_others(path, &file);
            std::io::BufReader::new(file)
                .take(limit)
                .read_until(b'\n', &mut line)
        })
    };
    read.map_err(|e| {
        if looks_like_a_secret(path) {
            // Given in place of its file: named, it would land in stderr,
            // which cron mails and CI logs keep.
            usage(format!(
                "{flag}: cannot read the file named by its argument ({e}); the argument, {} \
                 characters with no '/', looks like the secret itself, so it is not shown: put \
                 the secret in a file of mode 0600 and pass that file's path",
                path.as_os_str().len()
            ))
        } else {
            usage(format!("{flag} {named}: cannot read it: {e}"))
        }
    })?;
    if line.len() > SECRET_LIMIT {
        return Err(usage(format!(
            "{flag} {named}: the first line is longer than {} KiB, which no token or secret is; \
             give the file that holds only the secret",
            SECRET_LIMIT / 1024
        )));
    }
    let line = String::from_utf8(line).map_err(|_| {
        usage(format!(
            "{flag} {named}: the first line is not UTF-8 text; give the file that holds only the secret"
        ))
    })?;
    let token = line.trim_start_matches('\u{feff}').trim();
    if token.is_empty() {
        return Err(usage(format!(
            "{flag} {named}: the first line is empty; put the secret on it"
        )));
    }
    Ok(token.to_owned())
}

/// Whether a secret-file argument that could not be read is more likely a
/// token or secret than a path: 32 characters or more, no directory, only
/// the characters of base64 and JWTs, and no short extension after a dot
/// (`prod-webex-integration-token.txt` is a file name).
fn looks_like_a_secret(path: &Path) -> bool {
    let Some(text) = path.to_str() else {
        return false;
    };
    let extension = text.rsplit_once('.').map(|(_, tail)| tail.len());
    text.len() >= 32
        && extension.is_none_or(|len| len > 5)
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'=' | b'+' | b'.'))
}

/// Warns when a token file's mode lets the group or others read it.
#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path, file: &std::fs::File) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(metadata) = file.metadata() else {
        return;
    };
    let mode = metadata.permissions().mode();
    if metadata.is_file() && mode & 0o077 != 0 {
        crate::status::say(&format!(
            "wxc: warning: the secret file {} can be read by other users (mode {:o}); \
             restrict it with: chmod 600 {}",
            path.display(),
            mode & 0o777,
            path.display()
        ));
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_: &Path, _: &std::fs::File) {}

#[cfg(feature = "mock")]
async fn start_mock(token: Option<String>) -> Result<Endpoint, UsageError> {
    let server = webex_calling_mock::MockServer::builder()
        .request_log(false)
        .start()
        .await
        .map_err(|e| {
            usage(format!(
                "--mock: cannot start the embedded mock server: {e}"
            ))
        })?;
    let base_url = server.base_url();
    // Said even with -q: nobody should mistake a mock run for a real one.
    crate::status::say(&format!(
        "wxc: --mock: using the embedded mock server at {base_url} (nothing is sent to Webex); \
         seeded with the seed documents' examples: person {}, virtual line {}",
        webex_calling_mock::seed_examples::PERSON_ID,
        webex_calling_mock::seed_examples::VIRTUAL_LINE_ID,
    ));
    Ok(Endpoint {
        credentials: Credentials::Token(token.unwrap_or_else(|| MOCK_TOKEN.to_owned())),
        base_url,
        mock: Some(server),
    })
}

#[cfg(not(feature = "mock"))]
async fn start_mock(_: Option<String>) -> Result<Endpoint, UsageError> {
    Err(usage(
        "--mock: this wxc was built without the embedded mock server (cargo feature `mock`)",
    ))
}

/// The HTTP client: reqwest's defaults minus what wxc has no use for. The
/// Webex API does not redirect, and the client crate times out each request
/// itself, so redirects and reqwest's own timer would only add work to every
/// request. The library's builder keeps the transport rules (no proxy for a
/// loopback base URL, redirects only to the API's own origin, reqwest's
/// retry layer off since the client crate retries) in one place; setting
/// `retry(reqwest::retry::never())` here would undo the last, as that policy
/// still clones every request up front.
fn http_client(base_url: &str) -> Result<reqwest::Client, UsageError> {
    webex_calling::http_client_builder(base_url)
        .map_err(|e| usage(format!("{e} (check --base-url/WEBEX_BASE_URL)")))?
        .connect_timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .referer(false)
        .build()
        .map_err(|e| usage(format!("cannot create the HTTP client: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn rerun(args: &[&str]) -> String {
        let cli =
            crate::cli::Cli::try_parse_from(["wxc"].iter().chain(args).chain(&["people", "list"]))
                .expect("the arguments parse");
        rerun_options(&cli.global)
    }

    #[test]
    fn a_printed_command_repeats_where_the_run_acted() {
        assert_eq!(rerun(&["--base-url", DEFAULT_BASE_URL]), "");
        assert_eq!(rerun(&["--mock"]), " --mock");
        assert_eq!(
            rerun(&["--base-url", "http://127.0.0.1:8080/v1", "--org", "ORG1"]),
            " --base-url http://127.0.0.1:8080/v1 --org ORG1"
        );
        assert_eq!(
            rerun(&["--profile", "it's mine", "--token-store", "keyring"]),
            r" --profile 'it'\''s mine' --token-store keyring"
        );
    }
}
