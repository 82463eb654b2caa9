//! What `wxc` knows about each setting beyond the library's [`Setting`]: its
//! `set` flags. Everything else (columns, cells, reading snapshots) comes
//! from the setting's field table in [`fields`], so adding a setting is one
//! impl of [`CliSetting`] (with [`FieldArgs`] its flags come from the spec
//! too); its subcommand comes from `for_each_setting!` in [`crate::cli`].

mod barge_in;
mod field_args;
pub(crate) mod fields;
mod push_to_talk;

use crate::status::UsageError;
use std::fmt::Debug;
use webex_calling::{Desired, Setting};

pub(crate) use field_args::FieldArgs;
pub(crate) use fields::Flavor;

/// A setting as the command line handles it.
pub(crate) trait CliSetting: Setting {
    /// The `set` flags.
    type Args: clap::Args + Debug + Clone + Send + Sync + 'static;

    /// The desired state the `set` flags ask for; a usage error when they
    /// ask for nothing or are inconsistent. `allow_unknown` lets an enum
    /// value this version does not list through.
    fn desired(args: Self::Args, allow_unknown: bool) -> Result<Desired<Self>, UsageError>;
}
