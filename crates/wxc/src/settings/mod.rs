//! What `wxc` knows about each setting beyond the library's [`Setting`]:
//! its `set` flags, its columns and cells. Adding a setting is one impl of
//! [`CliSetting`] and one variant in [`crate::cli::Command`].

mod barge_in;
mod push_to_talk;

use crate::app::UsageError;
use serde_json::{Map, Value};
use std::fmt::Debug;
use webex_calling::{Desired, Setting};

/// How a cell is going to be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// For people: member names, long lists shortened.
    Table,
    /// For programs: member ids, complete.
    Csv,
}

/// A setting as the command line handles it.
pub(crate) trait CliSetting: Setting {
    /// The `set` flags.
    type Args: clap::Args + Debug + Clone + Send + Sync + 'static;

    /// The setting columns of the table and csv formats, in cell order.
    const COLUMNS: &'static [&'static str];

    /// The desired state the `set` flags ask for; a usage error when they
    /// ask for nothing or are inconsistent.
    fn desired(args: Self::Args) -> Result<Desired<Self>, UsageError>;

    /// One string per [`COLUMNS`](Self::COLUMNS) entry.
    fn cells(settings: &Self::Settings, flavor: Flavor) -> Vec<String>;

    /// The desired state in a csv row as `get -o csv` writes it: `cell(column)`
    /// is the cell of a setting column (empty: leave as is). `complete` says
    /// the row is a whole snapshot (a `get` row with outcome `ok`), where an
    /// empty member list means no members. Errors name the column.
    fn desired_from_cells<'r>(
        cell: &dyn Fn(&str) -> &'r str,
        complete: bool,
    ) -> Result<Desired<Self>, String>;

    /// The desired state in the `settings` object of an ndjson record as
    /// `get -o ndjson` writes it (absent field: leave as is, except that in a
    /// `complete` record, one `get` wrote with outcome `ok`, an absent member
    /// list means no members: Webex leaves out empty lists). Fields that
    /// cannot be set (names, numbers, fields Webex added) are ignored.
    fn desired_from_json(
        settings: &Map<String, Value>,
        complete: bool,
    ) -> Result<Desired<Self>, String>;
}

/// A boolean cell: empty is `None`.
pub(crate) fn bool_cell(column: &str, cell: &str) -> Result<Option<bool>, String> {
    match cell.trim() {
        "" => Ok(None),
        "true" | "TRUE" | "True" => Ok(Some(true)),
        "false" | "FALSE" | "False" => Ok(Some(false)),
        other => Err(format!(
            "column {column}: expected true or false, got {:?}",
            crate::display::shown_id(other)
        )),
    }
}

/// A field of a settings object, checked for its JSON type: absent or null is `None`.
pub(crate) fn json_field<T: serde::de::DeserializeOwned>(
    settings: &Map<String, Value>,
    field: &str,
) -> Result<Option<T>, String> {
    match settings.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => serde_json::from_value(value.clone())
            .map(Some)
            .map_err(|e| format!("field {field}: {e}")),
    }
}
