//! A login in the operating system's keyring (macOS Keychain, Windows
//! Credential Manager, the Secret Service of a Linux desktop), behind the
//! `keyring` cargo feature.

use super::store::{create_private_directory, from_json, to_json, try_lock_at};
use super::{Login, RefreshLock, TokenStore};
use crate::Error;
use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use std::path::PathBuf;

/// A login kept as one keyring entry: service `service`, account `profile`.
///
/// The keyring crate blocks on its own runtime, which must not run inside
/// another; each call therefore runs on a thread of its own (a login is
/// saved once per refresh, so the thread costs nothing that matters).
pub struct KeyringStore {
    entry: keyring::Entry,
    service: String,
    profile: String,
    /// The file whose lock guards refreshes, if one was given.
    lock: Option<PathBuf>,
}

impl fmt::Debug for KeyringStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyringStore")
            .field("service", &self.service)
            .field("profile", &self.profile)
            .field("lock", &self.lock)
            .finish_non_exhaustive()
    }
}

impl KeyringStore {
    /// The entry of `profile` under `service` (for `wxc`: service `wxc`).
    pub fn new(service: &str, profile: &str) -> Result<Self, Error> {
        let entry = keyring::Entry::new(service, profile).map_err(|e| {
            Error::config(format!(
                "the keyring refused entry {service}/{profile}: {e}"
            ))
        })?;
        Ok(Self {
            entry,
            service: service.to_owned(),
            profile: profile.to_owned(),
            lock: None,
        })
    }

    /// Guards this login's refreshes by an advisory lock on the file `path`
    /// (created if need be, in a private directory), as [`FileStore`]
    /// does beside its file: a keyring has no lock of its own, and two
    /// processes refreshing one login at once lose it to a server that
    /// rotates refresh tokens. Without it, refreshes are not guarded.
    ///
    /// [`FileStore`]: super::FileStore
    #[must_use]
    pub fn with_lock_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.lock = Some(path.into());
        self
    }

    /// Runs `op` on the entry on a thread outside any async runtime.
    fn off_runtime<T: Send>(
        &self,
        op: impl FnOnce(&keyring::Entry) -> keyring::Result<T> + Send,
    ) -> keyring::Result<T> {
        std::thread::scope(|scope| {
            scope.spawn(|| op(&self.entry)).join().unwrap_or_else(|_| {
                Err(keyring::Error::PlatformFailure(
                    "the keyring call panicked".into(),
                ))
            })
        })
    }

    fn fail(&self, what: &str, error: impl fmt::Display) -> Error {
        Error::config(format!(
            "cannot {what} the login in {}: {error} (on a machine without a keyring, use the file store)",
            self.location()
        ))
    }
}

impl TokenStore for KeyringStore {
    fn load(&self) -> Result<Option<Login>, Error> {
        let text = match self.off_runtime(|entry| entry.get_password()) {
            Ok(text) => SecretString::from(text),
            Err(keyring::Error::NoEntry) => return Ok(None),
            Err(error) => return Err(self.fail("read", error)),
        };
        from_json(text.expose_secret().as_bytes())
            .map(Some)
            .map_err(|e| self.fail("decode", e))
    }

    fn save(&self, login: &Login) -> Result<(), Error> {
        let bytes = to_json(login).map_err(|e| self.fail("encode", e))?;
        let text = SecretString::from(String::from_utf8_lossy(&bytes).into_owned());
        self.off_runtime(|entry| entry.set_password(text.expose_secret()))
            .map_err(|e| self.fail("save", e))
    }

    fn delete(&self) -> Result<bool, Error> {
        match self.off_runtime(|entry| entry.delete_credential()) {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(error) => Err(self.fail("delete", error)),
        }
    }

    fn try_lock_refresh(&self) -> Result<Option<RefreshLock>, Error> {
        let Some(lock) = &self.lock else {
            return Ok(Some(RefreshLock::default()));
        };
        let directory = lock.parent().filter(|d| !d.as_os_str().is_empty());
        if let Some(Err(e)) = directory.map(create_private_directory) {
            tracing::warn!(
                "no refresh lock at {} ({e}); two processes on this login may refresh at once",
                lock.display()
            );
            return Ok(Some(RefreshLock::default()));
        }
        Ok(try_lock_at(lock))
    }

    fn location(&self) -> String {
        format!(
            "the system keyring (service {}, account {})",
            self.service, self.profile
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::unwrap_used)]
    use super::*;
    use crate::login::{LoginKind, TokenSet};
    use std::time::SystemTime;

    #[test]
    fn a_login_round_trips_through_the_keyring_and_debug_shows_no_secret() {
        // The keyring crate's in-memory store: a CI machine has no keyring.
        keyring::set_default_credential_builder(keyring::mock::default_credential_builder());
        let store = KeyringStore::new("wxc-test", "default").unwrap();
        assert!(store.load().unwrap().is_none());
        let tokens = TokenSet::new(SecretString::from("at-secret-1"), SystemTime::now())
            .with_refresh(SecretString::from("rt-secret-1"), None);
        let login = Login::new(
            LoginKind::Integration,
            "https://webexapis.com/v1",
            "client",
            SecretString::from("cs-secret-1"),
            tokens,
        );
        store.save(&login).unwrap();
        let loaded = store.load().unwrap().expect("saved");
        assert_eq!(loaded.tokens.access_token.expose_secret(), "at-secret-1");
        assert_eq!(loaded.client_secret.expose_secret(), "cs-secret-1");
        assert!(!format!("{store:?}").contains("secret-1"));
        assert!(store.delete().unwrap());
        assert!(store.load().unwrap().is_none());
    }

    #[test]
    fn two_stores_of_one_lock_file_refresh_one_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join("config").join(".keyring-default.lock");
        let first = KeyringStore::new("wxc-test", "locked")
            .unwrap()
            .with_lock_file(&lock);
        let second = KeyringStore::new("wxc-test", "locked")
            .unwrap()
            .with_lock_file(&lock);
        let held = first
            .try_lock_refresh()
            .unwrap()
            .expect("nobody holds it yet");
        assert!(
            second.try_lock_refresh().unwrap().is_none(),
            "both hold the lock"
        );
        drop(held);
        assert!(
            second.try_lock_refresh().unwrap().is_some(),
            "the lock was not released"
        );
    }
}
