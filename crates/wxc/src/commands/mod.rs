//! What each command does to one id, and how its settings are shown.

mod barge_in;
mod push_to_talk;

pub use barge_in::BargeInChange;
pub use push_to_talk::PushToTalkChange;

use crate::record::{Body, Outcome};
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;
use webex_calling::types::{
    BargeInSettings, BargeInSettingsUpdate, PushToTalkSettings, PushToTalkSettingsUpdate,
};
use webex_calling::{Error, Modified, Webex};

/// Which setting a command works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A person's barge-in settings.
    BargeIn,
    /// A virtual line's push-to-talk settings.
    PushToTalk,
}

impl Kind {
    /// The command name, as typed.
    pub fn name(self) -> &'static str {
        match self {
            Self::BargeIn => "barge-in",
            Self::PushToTalk => "push-to-talk",
        }
    }

    /// The setting columns of the table and CSV formats, in cell order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Self::BargeIn => &["enabled", "tone_enabled"],
            Self::PushToTalk => &[
                "allow_auto_answer",
                "connection_type",
                "access_type",
                "members",
            ],
        }
    }
}

/// How a cell is going to be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// For people: member names, long lists shortened.
    Table,
    /// For programs: member ids, complete.
    Csv,
}

/// The settings of one id, of either kind; serializes as Webex's own JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Settings {
    /// Barge-in settings.
    BargeIn(BargeInSettings),
    /// Push-to-talk settings.
    PushToTalk(PushToTalkSettings),
}

impl Settings {
    /// Webex's own JSON shape, unknown fields included.
    pub fn to_json(&self) -> Value {
        let value = match self {
            Self::BargeIn(s) => serde_json::to_value(s),
            Self::PushToTalk(s) => serde_json::to_value(s),
        };
        value.unwrap_or(Value::Null)
    }

    /// One string per [`Kind::columns`] entry.
    pub fn cells(&self, flavor: Flavor) -> Vec<String> {
        match self {
            Self::BargeIn(s) => barge_in::cells(s),
            Self::PushToTalk(s) => push_to_talk::cells(s, flavor),
        }
    }
}

/// The body a `set` sent (or would send): only the changed fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Update {
    /// A barge-in update.
    BargeIn(BargeInSettingsUpdate),
    /// A push-to-talk update.
    PushToTalk(PushToTalkSettingsUpdate),
}

/// One command, ready to run on any number of ids.
#[derive(Debug, Clone)]
pub enum Job {
    /// `barge-in get`.
    BargeInGet,
    /// `barge-in set`.
    BargeInSet {
        /// The wanted values.
        change: Arc<BargeInChange>,
        /// Preview only.
        dry_run: bool,
    },
    /// `push-to-talk get`.
    PushToTalkGet,
    /// `push-to-talk set`.
    PushToTalkSet {
        /// The wanted values.
        change: Arc<PushToTalkChange>,
        /// Preview only.
        dry_run: bool,
    },
}

impl Job {
    /// The setting this job works on.
    pub fn kind(&self) -> Kind {
        match self {
            Self::BargeInGet | Self::BargeInSet { .. } => Kind::BargeIn,
            Self::PushToTalkGet | Self::PushToTalkSet { .. } => Kind::PushToTalk,
        }
    }

    /// Whether this is a `set` (records carry before and after).
    pub fn is_set(&self) -> bool {
        matches!(self, Self::BargeInSet { .. } | Self::PushToTalkSet { .. })
    }

    /// `barge-in get`, `push-to-talk set --dry-run`, ... for messages.
    pub fn describe(&self) -> String {
        let verb = if self.is_set() { "set" } else { "get" };
        let dry = matches!(
            self,
            Self::BargeInSet { dry_run: true, .. } | Self::PushToTalkSet { dry_run: true, .. }
        );
        format!(
            "{} {verb}{}",
            self.kind().name(),
            if dry { " --dry-run" } else { "" }
        )
    }

    /// Runs the job for one id: a read, or a read-modify-write.
    pub async fn run(self, webex: Webex, id: String) -> Result<(Outcome, Body), Error> {
        if let Err(message) = crate::ids::validate(&id) {
            return Err(Error::InvalidInput { message });
        }
        match self {
            Self::BargeInGet => {
                let settings = webex.person(id).barge_in().get().await?;
                Ok((Outcome::Ok, Body::Settings(Settings::BargeIn(settings))))
            }
            Self::BargeInSet { change, dry_run } => {
                let barge_in = webex.person(id).barge_in();
                let edit = move |s: &mut BargeInSettings| change.apply(s);
                let outcome = if dry_run {
                    barge_in.preview(edit).await?
                } else {
                    barge_in.modify(edit).await?
                };
                Ok(change_record(
                    outcome,
                    dry_run,
                    Settings::BargeIn,
                    Update::BargeIn,
                ))
            }
            Self::PushToTalkGet => {
                let settings = webex.virtual_line(id).push_to_talk().get().await?;
                Ok((Outcome::Ok, Body::Settings(Settings::PushToTalk(settings))))
            }
            Self::PushToTalkSet { change, dry_run } => {
                let ptt = webex.virtual_line(id).push_to_talk();
                let edit = move |s: &mut PushToTalkSettings| change.apply(s);
                let outcome = if dry_run {
                    ptt.preview(edit).await?
                } else {
                    ptt.modify(edit).await?
                };
                Ok(change_record(
                    outcome,
                    dry_run,
                    Settings::PushToTalk,
                    Update::PushToTalk,
                ))
            }
        }
    }
}

fn change_record<S, U>(
    outcome: Modified<S, U>,
    dry_run: bool,
    settings: fn(S) -> Settings,
    update: fn(U) -> Update,
) -> (Outcome, Body) {
    let result = match (&outcome.update, dry_run) {
        (None, _) => Outcome::Unchanged,
        (Some(_), true) => Outcome::WouldChange,
        (Some(_), false) => Outcome::Changed,
    };
    let body = Body::Change {
        before: settings(outcome.before),
        after: settings(outcome.after),
        update: outcome.update.map(update),
    };
    (result, body)
}
