//! `barge-in`: its flags are its fields.

use super::{CliSetting, FieldArgs};
use crate::status::UsageError;
use webex_calling::{BargeIn, Desired};

impl CliSetting for BargeIn {
    type Args = FieldArgs<Self>;

    fn desired(args: Self::Args, allow_unknown: bool) -> Result<Desired<Self>, UsageError> {
        args.desired(allow_unknown)
    }
}
