//! One output record per input id, independent of the output format.

use serde::Serialize;
use webex_calling::{Error, Kind, Outcome, Setting};

/// Why an id failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Failure {
    /// The HTTP status, when Webex answered.
    pub(crate) status: Option<u16>,
    /// The library's stable name: `not-found`, `too-many-requests`,
    /// `timeout`, `transport`, `invalid-input`, ...
    pub(crate) kind: &'static str,
    /// What went wrong, in one line.
    pub(crate) message: String,
    /// The Webex tracking id to quote to support, when there is one.
    pub(crate) tracking_id: Option<String>,
}

impl Failure {
    /// The failure for an error of the client.
    pub(crate) fn from_error(error: &Error) -> Self {
        Self {
            status: error.status(),
            kind: error.name(),
            message: error.message(),
            tracking_id: error.tracking_id().map(str::to_owned),
        }
    }

    /// A failure found before any request (a malformed id).
    pub(crate) fn invalid_input(message: impl Into<String>) -> Self {
        Self {
            status: None,
            kind: "invalid-input",
            message: message.into(),
            tracking_id: None,
        }
    }
}

/// What a successful id carries.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Body<S: Setting> {
    /// `get`: the settings as read.
    Settings(S::Settings),
    /// `set`: the settings before and after, and the fields sent.
    Change {
        /// The settings as read.
        before: S::Settings,
        /// The settings as they are now (or would be, in a dry run).
        after: S::Settings,
        /// The update body sent (or that would be sent); `None` if unchanged.
        update: Option<S::Update>,
    },
    /// The id failed.
    Failed(Failure),
}

/// The output record of one id.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Record<S: Setting> {
    /// The id as given.
    pub(crate) id: String,
    /// What the id names, when that could be told.
    pub(crate) kind: Option<Kind>,
    /// What happened.
    pub(crate) outcome: Outcome,
    /// The settings, the change or the failure.
    pub(crate) body: Body<S>,
}

impl<S: Setting> Record<S> {
    /// A failed record.
    pub(crate) fn failed(id: String, kind: Option<Kind>, failure: Failure) -> Self {
        Self {
            id,
            kind,
            outcome: Outcome::Failed,
            body: Body::Failed(failure),
        }
    }

    /// The failure, if the id failed.
    pub(crate) fn failure(&self) -> Option<&Failure> {
        match &self.body {
            Body::Failed(failure) => Some(failure),
            _ => None,
        }
    }

    /// A borrowed, field-ordered view for the `json` and `ndjson` formats:
    /// `id`, `kind`, `outcome`, then `settings` (get), `before`/`after`/`update`
    /// (set; `update` is null when nothing changed) or `error`.
    pub(crate) fn json_view(&self) -> JsonRecord<'_, S> {
        let mut view = JsonRecord {
            id: &self.id,
            kind: self.kind.map(Kind::as_str),
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
// The setting itself is a marker type; only its body types are serialized.
#[serde(bound = "")]
pub(crate) struct JsonRecord<'a, S: Setting> {
    id: &'a str,
    kind: Option<&'static str>,
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    settings: Option<&'a S::Settings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    before: Option<&'a S::Settings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<&'a S::Settings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    update: Option<Option<&'a S::Update>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a Failure>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use webex_calling::{ApiError, BargeIn};

    #[test]
    fn api_failure_kind_is_the_library_name() {
        let failure = Failure::from_error(&Error::from(ApiError::new(404, "Person not found")));
        assert_eq!(failure.kind, "not-found");
        assert_eq!(failure.status, Some(404));
        assert_eq!(failure.message, "Person not found");
    }

    #[test]
    fn failed_record_json() {
        let record = Record::<BargeIn>::failed(
            "X".into(),
            Some(Kind::Workspace),
            Failure::invalid_input("bad id"),
        );
        let json = serde_json::to_value(record.json_view()).expect("a record serializes");
        assert_eq!(json["kind"], "workspace");
        assert_eq!(json["outcome"], "failed");
        assert_eq!(json["error"]["kind"], "invalid-input");
        assert_eq!(json["error"]["status"], Value::Null);
    }
}
