//! Read-modify-write: the outcome type and the per-setting diffs.

use crate::Setting;
use crate::{Error, Kind};
use std::fmt;

/// The outcome of a read-modify-write (`modify`) or its dry run (`preview`).
///
/// ```
/// use webex_calling::Modified;
/// use webex_calling::types::{BargeInSettings, BargeInSettingsUpdate};
///
/// fn report(outcome: &Modified<BargeInSettings, BargeInSettingsUpdate>) -> &'static str {
///     match (&outcome.update, outcome.sent) {
///         (None, _) => "already as requested",
///         (Some(_), true) => "changed",
///         (Some(_), false) => "would change (dry run)",
///     }
/// }
/// # let _ = report;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Modified<S, U> {
    /// The settings as read.
    pub before: S,
    /// The settings after the edit (as they are now, unless this was a preview).
    pub after: S,
    /// The body that was (or, in a preview, would be) sent: only the fields
    /// that changed. `None` when nothing changed and no request was made.
    pub update: Option<U>,
    /// Whether the update was sent (false for previews and for no-op edits).
    pub sent: bool,
}

impl<S, U> Modified<S, U> {
    /// Whether the edit changed anything.
    ///
    /// ```
    /// let outcome: webex_calling::Modified<u8, u8> =
    ///     webex_calling::Modified { before: 1, after: 1, update: None, sent: false };
    /// assert!(!outcome.changed());
    /// ```
    pub fn changed(&self) -> bool {
        self.update.is_some()
    }

    /// `Changed` (sent), `WouldChange` (a preview with something to send) or
    /// `Unchanged` (nothing to send).
    ///
    /// ```
    /// use webex_calling::{Modified, Outcome};
    /// let preview: Modified<u8, u8> = Modified { before: 1, after: 2, update: Some(2), sent: false };
    /// assert_eq!(preview.outcome(), Outcome::WouldChange);
    /// ```
    pub fn outcome(&self) -> Outcome {
        match (&self.update, self.sent) {
            (None, _) => Outcome::Unchanged,
            (Some(_), true) => Outcome::Changed,
            (Some(_), false) => Outcome::WouldChange,
        }
    }
}

/// What happened to one target in a read, a change or a bulk run; the names
/// are the ones `wxc` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Read successfully.
    Ok,
    /// Changed: an update was sent.
    Changed,
    /// Already in the wanted state; nothing sent.
    Unchanged,
    /// Would be changed; nothing sent (a preview or dry run).
    WouldChange,
    /// The read or the write failed, or the input was rejected before sending.
    Failed,
}

impl Outcome {
    /// The stable name: `ok`, `changed`, `unchanged`, `would-change`, `failed`.
    ///
    /// ```
    /// assert_eq!(webex_calling::Outcome::WouldChange.as_str(), "would-change");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Changed => "changed",
            Self::Unchanged => "unchanged",
            Self::WouldChange => "would-change",
            Self::Failed => "failed",
        }
    }

    /// Whether this is a failure.
    pub fn is_failure(self) -> bool {
        self == Self::Failed
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The [`Modified`] of setting `S`.
pub type ModifiedOf<S> = Modified<<S as Setting>::Settings, <S as Setting>::Update>;

/// Works out what to send to bring `before` to `after`.
pub(crate) fn plan<S: Setting>(
    kind: Kind,
    before: S::Settings,
    after: S::Settings,
) -> Result<Modified<S::Settings, S::Update>, Error> {
    let update = crate::setting::diff::<S>(kind, &before, &after)?;
    Ok(Modified {
        before,
        after,
        update,
        sent: false,
    })
}

/// Sends a planned update, if there is one, and records that it was sent.
pub(crate) async fn send<S, U>(
    mut plan: Modified<S, U>,
    update: impl AsyncFnOnce(&U) -> Result<(), Error>,
) -> Result<Modified<S, U>, Error> {
    if let Some(body) = &plan.update {
        update(body).await?;
        plan.sent = true;
    }
    Ok(plan)
}
