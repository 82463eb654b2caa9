//! What `wxc` knows about each setting beyond the library's [`Setting`]:
//! its `set` flags, its columns and cells. Adding a setting is one impl of
//! [`CliSetting`] and one variant in [`crate::cli::Command`].

mod barge_in;
mod push_to_talk;

use crate::app::UsageError;
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
}
