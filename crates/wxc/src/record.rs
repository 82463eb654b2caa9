//! One output record per input id, independent of the output format.

use crate::commands::{Settings, Update};
use serde::Serialize;
use serde_json::Value;
use webex_calling::Error;

/// What happened to one id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Read successfully (`get`).
    Ok,
    /// Changed: an update was sent (`set`).
    Changed,
    /// Already in the wanted state; nothing sent (`set`, also with `--dry-run`).
    Unchanged,
    /// Would be changed; nothing sent (`set --dry-run`).
    WouldChange,
    /// The read or the write failed, or the id was rejected before sending.
    Failed,
}

impl Outcome {
    /// The name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Changed => "changed",
            Self::Unchanged => "unchanged",
            Self::WouldChange => "would-change",
            Self::Failed => "failed",
        }
    }

    /// Whether this counts as a failure for the exit code.
    pub fn is_failure(self) -> bool {
        self == Self::Failed
    }
}

/// Why an id failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// The HTTP status, when Webex answered.
    pub status: Option<u16>,
    /// A stable kebab-case name: `not-found`, `too-many-requests`, `timeout`,
    /// `transport`, `invalid-input`, ...
    pub kind: String,
    /// What went wrong, in one line.
    pub message: String,
    /// The Webex tracking id to quote to support, when there is one.
    pub tracking_id: Option<String>,
}

impl Failure {
    /// The failure for an error of the client.
    pub fn from_error(error: &Error) -> Self {
        let (kind, message) = match error {
            Error::Api(api) => (kebab(api.kind.reason()), api.message.clone()),
            Error::Transport { message, .. } => ("transport".to_owned(), message.clone()),
            Error::Timeout { .. } => ("timeout".to_owned(), error.to_string()),
            Error::Decode { .. } => ("decode".to_owned(), error.to_string()),
            Error::InvalidInput { message } => ("invalid-input".to_owned(), message.clone()),
            Error::Config { message } => ("config".to_owned(), message.clone()),
            Error::Token { message } => ("token".to_owned(), message.clone()),
            _ => ("error".to_owned(), error.to_string()),
        };
        Self {
            status: error.status(),
            kind,
            message,
            tracking_id: error.tracking_id().map(str::to_owned),
        }
    }

    /// A failure found before any request (a malformed id).
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self {
            status: None,
            kind: "invalid-input".to_owned(),
            message: message.into(),
            tracking_id: None,
        }
    }
}

fn kebab(reason: &str) -> String {
    reason
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// What a successful id carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// `get`: the settings as read.
    Settings(Settings),
    /// `set`: the settings before and after, and the fields sent.
    Change {
        /// The settings as read.
        before: Settings,
        /// The settings as they are now (or would be, in a dry run).
        after: Settings,
        /// The update body sent (or that would be sent); `None` if unchanged.
        update: Option<Update>,
    },
    /// The id failed.
    Failed(Failure),
}

/// The output record of one id.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The id as given.
    pub id: String,
    /// What happened.
    pub outcome: Outcome,
    /// The settings, the change or the failure.
    pub body: Body,
}

impl Record {
    /// A failed record.
    pub fn failed(id: String, failure: Failure) -> Self {
        Self {
            id,
            outcome: Outcome::Failed,
            body: Body::Failed(failure),
        }
    }

    /// The failure, if the id failed.
    pub fn failure(&self) -> Option<&Failure> {
        match &self.body {
            Body::Failed(failure) => Some(failure),
            _ => None,
        }
    }

    /// The record as the JSON object of the `json` and `ndjson` formats:
    /// `id`, `outcome`, then `settings` (get), `before`/`after`/`update`
    /// (set; `update` is null when nothing changed) or `error`.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self.json_view()).unwrap_or(Value::Null)
    }

    /// A borrowed, field-ordered view for serializing without copying.
    pub fn json_view(&self) -> JsonRecord<'_> {
        let mut view = JsonRecord {
            id: &self.id,
            outcome: self.outcome.as_str(),
            settings: None,
            before: None,
            after: None,
            update: None,
            error: None,
        };
        match &self.body {
            Body::Settings(settings) => view.settings = Some(settings),
            Body::Change {
                before,
                after,
                update,
            } => {
                view.before = Some(before);
                view.after = Some(after);
                view.update = Some(update.as_ref());
            }
            Body::Failed(failure) => view.error = Some(failure),
        }
        view
    }
}

/// The JSON shape of a [`Record`], in a stable field order.
#[derive(Debug, Serialize)]
pub struct JsonRecord<'a> {
    id: &'a str,
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    settings: Option<&'a Settings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    before: Option<&'a Settings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<&'a Settings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    update: Option<Option<&'a Update>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a Failure>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use webex_calling::ApiError;

    #[test]
    fn api_failure_kind_is_kebab_case() {
        let failure = Failure::from_error(&Error::from(ApiError::new(404, "Person not found")));
        assert_eq!(failure.kind, "not-found");
        assert_eq!(failure.status, Some(404));
        assert_eq!(failure.message, "Person not found");
        let failure = Failure::from_error(&Error::from(ApiError::new(429, "slow")));
        assert_eq!(failure.kind, "too-many-requests");
    }

    #[test]
    fn failed_record_json() {
        let record = Record::failed("X".into(), Failure::invalid_input("bad id"));
        let json = record.to_json();
        assert_eq!(json["outcome"], "failed");
        assert_eq!(json["error"]["kind"], "invalid-input");
        assert_eq!(json["error"]["status"], Value::Null);
    }
}
