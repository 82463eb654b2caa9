//! Read-modify-write: the outcome type and the per-setting diffs.

use crate::Error;
use crate::types::{
    BargeInSettings, BargeInSettingsUpdate, PushToTalkSettings, PushToTalkSettingsUpdate,
};

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
}

/// A setting that can compute the minimal update from an edit.
pub(crate) trait Diff: Clone {
    type Update;
    /// The update carrying exactly the fields that differ, or `None`.
    fn diff(before: &Self, after: &Self) -> Result<Option<Self::Update>, Error>;
}

/// Applies `edit` to a copy of `before` and works out what to send.
pub(crate) fn plan<S: Diff>(
    before: S,
    edit: impl FnOnce(&mut S),
) -> Result<Modified<S, S::Update>, Error> {
    let mut after = before.clone();
    edit(&mut after);
    let update = S::diff(&before, &after)?;
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

fn changed<T: PartialEq + Clone>(before: &T, after: &T) -> Option<T> {
    (before != after).then(|| after.clone())
}

impl Diff for BargeInSettings {
    type Update = BargeInSettingsUpdate;

    // Unknown fields (`extra`) have no place in the update body; the server
    // keeps them because a PUT only changes the fields it carries.
    fn diff(before: &Self, after: &Self) -> Result<Option<Self::Update>, Error> {
        let update = BargeInSettingsUpdate {
            enabled: changed(&before.enabled, &after.enabled),
            tone_enabled: changed(&before.tone_enabled, &after.tone_enabled),
        };
        Ok((update != BargeInSettingsUpdate::default()).then_some(update))
    }
}

impl Diff for PushToTalkSettings {
    type Update = PushToTalkSettingsUpdate;

    // Members are compared by id because the PUT takes ids and replaces the
    // list; names or numbers in the read objects are not settable.
    fn diff(before: &Self, after: &Self) -> Result<Option<Self::Update>, Error> {
        let before_ids: Vec<Option<&str>> =
            before.members.iter().map(|m| m.id.as_deref()).collect();
        let after_ids: Vec<Option<&str>> = after.members.iter().map(|m| m.id.as_deref()).collect();
        let members = if before_ids == after_ids {
            None
        } else {
            let ids = after_ids
                .iter()
                .map(|id| {
                    id.filter(|id| !id.trim().is_empty()).map(str::to_owned).ok_or_else(|| {
                        Error::invalid_input(
                            "a push-to-talk member has no id, so the member list cannot be sent; give every member an id (see webex_calling::member)",
                        )
                    })
                })
                .collect::<Result<Vec<String>, Error>>()?;
            Some(ids)
        };
        let update = PushToTalkSettingsUpdate {
            access_type: changed(&before.access_type, &after.access_type),
            allow_auto_answer: changed(&before.allow_auto_answer, &after.allow_auto_answer),
            connection_type: changed(&before.connection_type, &after.connection_type),
            members,
        };
        Ok((update != PushToTalkSettingsUpdate::default()).then_some(update))
    }
}
