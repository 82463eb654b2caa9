//! Where a login is kept between runs.

use super::{Identity, OAuthClient, TokenSet};
use crate::Error;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What kind of OAuth client a login belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoginKind {
    /// An integration: a person logged in and approved it.
    Integration,
    /// A service app: a machine account an administrator authorized.
    ServiceApp {
        /// The service app's id.
        application_id: String,
        /// The organization it acts in.
        target_org: String,
    },
}

/// Everything needed to keep a login going unattended: the OAuth client it
/// belongs to (with its secret, to refresh) and the current tokens.
#[derive(Clone)]
#[non_exhaustive]
pub struct Login {
    /// Integration or service app.
    pub kind: LoginKind,
    /// The API root the tokens are for.
    pub base_url: String,
    /// The OAuth client id.
    pub client_id: String,
    /// The OAuth client secret.
    pub client_secret: SecretString,
    /// The scopes asked for.
    pub scopes: Vec<String>,
    /// The tokens.
    pub tokens: TokenSet,
    /// Who logged in, when known.
    pub identity: Option<Identity>,
}

impl fmt::Debug for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Login")
            .field("kind", &self.kind)
            .field("base_url", &self.base_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &crate::REDACTED)
            .field("scopes", &self.scopes)
            .field("tokens", &self.tokens)
            .field("identity", &self.identity)
            .finish()
    }
}

impl Login {
    /// A login of `kind` for the API root `base_url`, with no scopes or
    /// identity recorded (set them if known).
    pub fn new(
        kind: LoginKind,
        base_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: SecretString,
        tokens: TokenSet,
    ) -> Self {
        Self {
            kind,
            base_url: base_url.into(),
            client_id: client_id.into(),
            client_secret,
            scopes: Vec::new(),
            tokens,
            identity: None,
        }
    }

    /// The OAuth client the login refreshes with.
    pub fn oauth(&self) -> Result<OAuthClient, Error> {
        OAuthClient::new(
            &self.base_url,
            self.client_id.clone(),
            self.client_secret.clone(),
        )
    }
}

/// Keeps a [`Login`] between runs. Implement it to keep logins elsewhere (a
/// vault, a secrets manager); [`FileStore`] keeps them in a file.
pub trait TokenStore: Send + Sync {
    /// The login, or `None` when there is none.
    fn load(&self) -> Result<Option<Login>, Error>;
    /// Keeps `login`, replacing the one before, durably.
    fn save(&self, login: &Login) -> Result<(), Error>;
    /// Forgets the login; whether there was one.
    fn delete(&self) -> Result<bool, Error>;
    /// Where the login is kept, for messages (never its contents).
    fn location(&self) -> String;

    /// Takes this login's refresh lock unless another process holds it:
    /// `Ok(Some(lock))`, held until the lock is dropped, or `Ok(None)`.
    /// Two processes on one login (two cron jobs on one profile) then never
    /// refresh at once: a server that rotates refresh tokens would refuse
    /// the one that came second, whose refresh token the first one's made
    /// stale. A store without a lock (the default) always returns one.
    fn try_lock_refresh(&self) -> Result<Option<RefreshLock>, Error> {
        Ok(Some(RefreshLock::default()))
    }
}

/// A held refresh lock of a [`TokenStore`]; dropping it releases it.
#[derive(Debug, Default)]
pub struct RefreshLock {
    /// The locked file, for a store that locks one (closing it unlocks).
    _file: Option<std::fs::File>,
}

/// How long [`RefreshLock::acquire`] waits for another process's refresh of
/// the same login: longer than one can hold the lock (five requests of at
/// most 30 s, and 15 s between them), since going ahead while the other
/// still holds it would race it. A lock outliving that holder is
/// impossible: the system releases it with the process.
const LOCK_WAIT: Duration = Duration::from_secs(200);

/// How often a waiting [`RefreshLock::acquire`] tries the lock again.
const LOCK_POLL: Duration = Duration::from_millis(50);

impl RefreshLock {
    /// `store`'s refresh lock, waiting while another process holds it (its
    /// refresh takes a request or a few, at most about three minutes).
    /// Whatever writes or removes a login another process may be
    /// refreshing (a login, a logout) holds it too, so the refresh cannot
    /// write its tokens back over the change. Not had within that time, it
    /// fails with [`Error::Token`] rather than race the holder.
    pub async fn acquire(store: &dyn TokenStore) -> Result<Self, Error> {
        let deadline = tokio::time::Instant::now() + LOCK_WAIT;
        loop {
            if let Some(lock) = store.try_lock_refresh()? {
                return Ok(lock);
            }
            if tokio::time::Instant::now() >= deadline {
                return Err(Error::token(format!(
                    "another process has been refreshing the login in {} for {} s; the login \
                     itself may be fine: try again",
                    store.location(),
                    LOCK_WAIT.as_secs()
                )));
            }
            tokio::time::sleep(LOCK_POLL).await;
        }
    }
}

/// A login in one JSON file, of mode 0600 in a directory of mode 0700 (on
/// Unix), replaced atomically (a temporary file, synced, renamed). A file or
/// directory that others can read is refused, with the `chmod` that fixes it.
#[derive(Debug, Clone)]
pub struct FileStore {
    path: PathBuf,
}

/// The file's contents: the secrets in plain text (the file's mode is what
/// protects them, as for `~/.ssh`).
#[derive(Serialize, Deserialize)]
struct Stored {
    version: u32,
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    application_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    target_org: Option<String>,
    base_url: String,
    client_id: String,
    client_secret: String,
    scopes: Vec<String>,
    access_token: String,
    access_expires_at: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh_expires_at: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    identity: Option<Identity>,
}

fn seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn time(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

impl FileStore {
    /// The directory the file is in (`.` for a bare name).
    fn directory(&self) -> PathBuf {
        match self.path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// The file's name, which its temporary and lock files are named after.
    fn file_name(&self) -> String {
        self.path
            .file_name()
            .map_or_else(|| "login".into(), |n| n.to_string_lossy().into_owned())
    }

    /// The login in `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The login of profile `name` in `directory`: `<directory>/<name>.json`.
    /// Profile names are letters, digits, `-` and `_`.
    pub fn profile(directory: impl AsRef<Path>, name: &str) -> Result<Self, Error> {
        let valid = !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Err(Error::config(format!(
                "profile name {name:?}: use letters, digits, - and _ (at most 64)"
            )));
        }
        Ok(Self::new(directory.as_ref().join(format!("{name}.json"))))
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Only a regular file is a login: a symbolic link's mode (and any
    /// `chmod` advice) would be its target's, which may be anyone's file,
    /// and a directory or device holds no login.
    fn refuse_unless_regular(&self, file_type: &std::fs::FileType) -> Result<(), Error> {
        if file_type.is_file() {
            return Ok(());
        }
        let what = if file_type.is_symlink() {
            "a symbolic link"
        } else if file_type.is_dir() {
            "a directory"
        } else {
            "not a regular file"
        };
        Err(Error::config(format!(
            "{} is {what}, so no login is read from it; remove it and log in again \
             (a login is stored as a regular file of its own)",
            self.path.display()
        )))
    }

    fn fail(&self, what: &str, error: impl fmt::Display) -> Error {
        Error::config(format!("cannot {what} {}: {error}", self.path.display()))
    }
}

/// A login as the JSON both stores keep.
pub(super) fn to_json(login: &Login) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec_pretty(&encode(login))
}

/// A login from the JSON both stores keep.
pub(super) fn from_json(bytes: &[u8]) -> Result<Login, serde_json::Error> {
    serde_json::from_slice(bytes).map(decode)
}

fn encode(login: &Login) -> Stored {
    let (kind, application_id, target_org) = match &login.kind {
        LoginKind::Integration => ("integration", None, None),
        LoginKind::ServiceApp {
            application_id,
            target_org,
        } => (
            "service-app",
            Some(application_id.clone()),
            Some(target_org.clone()),
        ),
    };
    Stored {
        version: 1,
        kind: kind.to_owned(),
        application_id,
        target_org,
        base_url: login.base_url.clone(),
        client_id: login.client_id.clone(),
        client_secret: login.client_secret.expose_secret().to_owned(),
        scopes: login.scopes.clone(),
        access_token: login.tokens.access_token.expose_secret().to_owned(),
        access_expires_at: seconds(login.tokens.access_expires_at),
        refresh_token: login
            .tokens
            .refresh_token
            .as_ref()
            .map(|t| t.expose_secret().to_owned()),
        refresh_expires_at: login.tokens.refresh_expires_at.map(seconds),
        identity: login.identity.clone(),
    }
}

fn decode(stored: Stored) -> Login {
    let kind = match (
        stored.kind.as_str(),
        stored.application_id,
        stored.target_org,
    ) {
        ("service-app", Some(application_id), Some(target_org)) => LoginKind::ServiceApp {
            application_id,
            target_org,
        },
        _ => LoginKind::Integration,
    };
    Login {
        kind,
        base_url: stored.base_url,
        client_id: stored.client_id,
        client_secret: SecretString::from(stored.client_secret),
        scopes: stored.scopes,
        tokens: TokenSet {
            access_token: SecretString::from(stored.access_token),
            access_expires_at: time(stored.access_expires_at),
            refresh_token: stored.refresh_token.map(SecretString::from),
            refresh_expires_at: stored.refresh_expires_at.map(time),
        },
        identity: stored.identity,
    }
}

impl TokenStore for FileStore {
    fn load(&self) -> Result<Option<Login>, Error> {
        match std::fs::symlink_metadata(&self.path) {
            Ok(metadata) => self.refuse_unless_regular(&metadata.file_type())?,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(self.fail("read", error)),
        }
        let file = match std::fs::File::open(&self.path) {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(self.fail("read", error)),
        };
        refuse_if_others_can_read(&self.path, &file)?;
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut &file, &mut bytes).map_err(|e| self.fail("read", e))?;
        from_json(&bytes).map(Some).map_err(|e| {
            self.fail(
                "read the login in",
                format_args!("{e}; the file is damaged or not a login: delete it and log in again"),
            )
        })
    }

    fn save(&self, login: &Login) -> Result<(), Error> {
        let directory = self.directory();
        create_private_directory(&directory).map_err(|e| self.fail("use the directory of", e))?;
        let bytes = to_json(login).map_err(|e| self.fail("encode the login for", e))?;
        let name = self.file_name();
        let temporary = directory.join(format!(".{name}.{}.partial", std::process::id()));
        let written = (|| {
            let mut file = private_file(&temporary)?;
            file.write_all(&bytes)?;
            file.sync_all()?;
            std::fs::rename(&temporary, &self.path)?;
            if let Ok(directory) = std::fs::File::open(&directory) {
                let _ = directory.sync_all();
            }
            Ok::<_, std::io::Error>(())
        })();
        written.map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            self.fail("write", e)
        })
    }

    fn delete(&self) -> Result<bool, Error> {
        match std::fs::remove_file(&self.path) {
            Ok(()) => Ok(true),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(error) => Err(self.fail("delete", error)),
        }
    }

    /// A lock on `.<name>.lock` beside the file (an advisory lock, which
    /// the system releases if the process dies).
    fn try_lock_refresh(&self) -> Result<Option<RefreshLock>, Error> {
        let directory = self.directory();
        create_private_directory(&directory).map_err(|e| self.fail("use the directory of", e))?;
        let name = self.file_name();
        Ok(try_lock_at(&directory.join(format!(".{name}.lock"))))
    }

    fn location(&self) -> String {
        self.path.display().to_string()
    }
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

/// The advisory lock on the file `lock` (created if need be), which the
/// system releases if the process dies; `None` when another process holds
/// it. A file system without locks (some network mounts) or a lock file
/// that cannot be made costs the cross-process guard, not the refresh: a
/// warning, and a lock that guards nothing.
pub(super) fn try_lock_at(lock: &Path) -> Option<RefreshLock> {
    let without_lock = |e: std::io::Error| {
        tracing::warn!(
            "no refresh lock at {} ({e}); two processes on this login may refresh at once",
            lock.display()
        );
        Some(RefreshLock::default())
    };
    let file = match lock_file(lock) {
        Ok(file) => file,
        Err(e) => return without_lock(e),
    };
    match file.try_lock() {
        Ok(()) => Some(RefreshLock { _file: Some(file) }),
        Err(std::fs::TryLockError::WouldBlock) => None,
        Err(std::fs::TryLockError::Error(e)) => without_lock(e),
    }
}

/// The refresh lock's file, created if need be (mode 0600: it holds
/// nothing, but sits among the secrets).
fn lock_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

#[cfg(unix)]
pub(super) fn create_private_directory(directory: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    if !directory.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(directory)?;
    }
    let mode = std::fs::metadata(directory)?.permissions().mode();
    if mode & 0o077 != 0 {
        return Err(std::io::Error::other(format!(
            "the directory can be read by other users (mode {:o}); restrict it with: chmod 700 {}",
            mode & 0o777,
            directory.display()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
pub(super) fn create_private_directory(directory: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(directory)
}

#[cfg(unix)]
fn refuse_if_others_can_read(path: &Path, file: &std::fs::File) -> Result<(), Error> {
    use std::os::unix::fs::PermissionsExt;
    let mode = file
        .metadata()
        .map_err(|e| Error::config(format!("cannot read {}: {e}", path.display())))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(Error::config(format!(
            "{} holds tokens but can be read by other users (mode {:o}), so it is not used; \
             restrict it with: chmod 600 {}",
            path.display(),
            mode & 0o777,
            path.display()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_if_others_can_read(_: &Path, _: &std::fs::File) -> Result<(), Error> {
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::unwrap_used)]
    use super::*;

    fn login() -> Login {
        Login {
            kind: LoginKind::Integration,
            base_url: "https://webexapis.com/v1".into(),
            client_id: "client".into(),
            client_secret: SecretString::from("client-secret-value"),
            scopes: vec!["spark-admin:people_read".into()],
            tokens: TokenSet {
                access_token: SecretString::from("access-token-value"),
                access_expires_at: time(2_000_000_000),
                refresh_token: Some(SecretString::from("refresh-token-value")),
                refresh_expires_at: None,
            },
            identity: None,
        }
    }

    #[test]
    fn a_login_round_trips_privately_and_debug_shows_no_secret() {
        let directory = std::env::temp_dir().join(format!("wxc-store-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&directory);
        let store = FileStore::profile(directory.join("nested"), "default").expect("a valid name");
        assert!(store.load().expect("readable").is_none());
        store.save(&login()).expect("saved");
        let loaded = store.load().expect("readable").expect("a login");
        assert_eq!(
            loaded.tokens.access_token.expose_secret(),
            "access-token-value"
        );
        let debug = format!("{loaded:?}");
        assert!(!debug.contains("value"), "{debug}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(store.path()), 0o600);
            assert_eq!(mode(&directory.join("nested")), 0o700);
            std::fs::set_permissions(store.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
            let error = store.load().expect_err("others can read it").to_string();
            assert!(error.contains("chmod 600"), "{error}");
        }
        assert!(store.delete().expect("deleted"));
        assert!(FileStore::profile(&directory, "../x").is_err());
        let _ = std::fs::remove_dir_all(&directory);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_a_directory_or_a_damaged_file_is_refused_with_what_to_do() {
        use std::os::unix::fs::PermissionsExt;
        let directory =
            std::env::temp_dir().join(format!("wxc-store-refusals-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&directory);
        std::fs::create_dir_all(&directory).unwrap();
        // The link's target is readable by others: a mode check through the
        // link would advise `chmod 600` on the target.
        let target = directory.join("someone-elses-file");
        std::fs::write(&target, "not a login").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
        let linked = FileStore::profile(&directory, "linked").expect("a valid name");
        std::os::unix::fs::symlink(&target, linked.path()).unwrap();
        let error = linked.load().expect_err("a link is refused").to_string();
        assert!(error.contains("is a symbolic link"), "{error}");
        assert!(!error.contains("chmod"), "{error}");

        let folder = FileStore::profile(&directory, "folder").expect("a valid name");
        std::fs::create_dir(folder.path()).unwrap();
        let error = folder
            .load()
            .expect_err("a directory is refused")
            .to_string();
        assert!(error.contains("is a directory"), "{error}");

        let damaged = FileStore::profile(&directory, "damaged").expect("a valid name");
        std::fs::write(damaged.path(), "{\"version\":").unwrap();
        std::fs::set_permissions(damaged.path(), std::fs::Permissions::from_mode(0o600)).unwrap();
        let error = damaged.load().expect_err("damaged").to_string();
        assert!(error.contains("delete it and log in again"), "{error}");
        let _ = std::fs::remove_dir_all(&directory);
    }
}
