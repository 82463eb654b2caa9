//! One output record per input id, independent of the output format.

use crate::display::shown_id;
use crate::output::{Columns, Row};
use crate::settings::fields::{cells, columns};
use crate::settings::{CliSetting, Flavor};
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
        /// How many fields the update changes (or would): those it carries
        /// only because Webex requires them, with their value kept, left out.
        fields: u64,
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
            Body::Settings(settings) => view.settings = Some(SnapshotSettings(settings)),
            Body::Change {
                before,
                after,
                update,
                ..
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

impl<S: CliSetting> Record<S> {
    /// The csv and table columns of records of a `get` (or, with `set`, of a `set`).
    pub(crate) fn columns(set: bool) -> Columns {
        let mut csv = vec!["id".to_owned(), "kind".to_owned(), "outcome".to_owned()];
        for column in columns::<S>() {
            if set {
                csv.push(format!("{column}_before"));
                csv.push(format!("{column}_after"));
            } else {
                csv.push((*column).to_owned());
            }
        }
        csv.extend(["status", "error_kind", "message", "tracking_id"].map(String::from));
        let mut table = vec!["id".to_owned(), "kind".to_owned(), "outcome".to_owned()];
        table.extend(columns::<S>().map(|c| c.replace('_', " ")));
        table.push("error".to_owned());
        Columns { csv, table }
    }

    fn kind_cell(&self) -> String {
        self.kind.map(Kind::as_str).unwrap_or_default().to_owned()
    }
}

impl<S: CliSetting> Row for Record<S> {
    fn id(&self) -> &str {
        &self.id
    }

    fn outcome(&self) -> Option<Outcome> {
        Some(self.outcome)
    }

    fn fields(&self) -> u64 {
        match &self.body {
            Body::Change { fields, .. } => *fields,
            _ => 0,
        }
    }

    fn write_json(&self, out: &mut Vec<u8>, pretty: bool) {
        // Writing JSON values into a Vec cannot fail.
        let _ = if pretty {
            serde_json::to_writer_pretty(&mut *out, &self.json_view())
        } else {
            serde_json::to_writer(&mut *out, &self.json_view())
        };
    }

    /// For `set`, every setting has a `_before` and an `_after` cell.
    fn csv_cells(&self, width: usize) -> Vec<String> {
        let mut row = vec![
            self.id.clone(),
            self.kind_cell(),
            self.outcome.as_str().to_owned(),
        ];
        match &self.body {
            Body::Settings(settings) => row.extend(cells::<S>(settings, Flavor::Csv)),
            Body::Change { before, after, .. } => {
                let after = cells::<S>(after, Flavor::Csv);
                for (old, new) in cells::<S>(before, Flavor::Csv).into_iter().zip(after) {
                    row.push(old);
                    row.push(new);
                }
            }
            // No settings: empty cells up to the four failure cells.
            Body::Failed(_) => row.resize(width.saturating_sub(4).max(3), String::new()),
        }
        match self.failure() {
            Some(failure) => {
                row.push(failure.status.map(|s| s.to_string()).unwrap_or_default());
                row.push(failure.kind.to_owned());
                row.push(failure.message.clone());
                row.push(failure.tracking_id.clone().unwrap_or_default());
            }
            None => row.extend(std::iter::repeat_n(String::new(), 4)),
        }
        row
    }

    /// For `set`, a changed setting shows as `old -> new`.
    fn table_cells(&self) -> Vec<String> {
        let mut row = vec![
            shown_id(&self.id).into_owned(),
            self.kind.map_or("?", Kind::as_str).to_owned(),
            self.outcome.as_str().to_owned(),
        ];
        match &self.body {
            Body::Settings(settings) => row.extend(cells::<S>(settings, Flavor::Table)),
            Body::Change { before, after, .. } => {
                let after = cells::<S>(after, Flavor::Table);
                for (old, new) in cells::<S>(before, Flavor::Table).into_iter().zip(after) {
                    row.push(if old == new {
                        new
                    } else {
                        format!("{old} -> {new}")
                    });
                }
            }
            Body::Failed(_) => row.extend(std::iter::repeat_n(String::new(), S::FIELDS.len())),
        }
        row.push(self.failure().map(describe_failure).unwrap_or_default());
        row
    }
}

/// `404 not-found: Person not found (tracking id ...)`.
fn describe_failure(failure: &Failure) -> String {
    let mut text = match failure.status {
        Some(status) => format!("{status} {}: {}", failure.kind, failure.message),
        None => format!("{}: {}", failure.kind, failure.message),
    };
    if let Some(tracking_id) = &failure.tracking_id {
        text.push_str(&format!(" (tracking id {tracking_id})"));
    }
    text
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
    settings: Option<SnapshotSettings<'a, S>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    before: Option<&'a S::Settings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<&'a S::Settings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    update: Option<Option<&'a S::Update>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a Failure>,
}

/// Settings as a snapshot holds them: with every member list, `[]`
/// included, so that `apply` tells "no members" from "leave them alone".
pub(crate) struct SnapshotSettings<'a, S: Setting>(&'a S::Settings);

impl<S: Setting> std::fmt::Debug for SnapshotSettings<'_, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<S: Setting> Serialize for SnapshotSettings<'_, S> {
    fn serialize<Ser: serde::Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        // Only settings with a member list pay for the detour through a JSON value.
        if S::FIELDS
            .iter()
            .any(|f| f.kind == webex_calling::FieldKind::Ids)
        {
            crate::settings::fields::snapshot_json::<S>(self.0).serialize(serializer)
        } else {
            self.0.serialize(serializer)
        }
    }
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
