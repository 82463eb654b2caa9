//! `barge-in`: flags and cells.

use super::{CliSetting, Flavor, bool_cell, json_field};
use crate::app::{UsageError, usage};
use crate::cli::BargeInArgs;
use serde_json::{Map, Value};
use webex_calling::types::{BargeInSettings, BargeInSettingsUpdate};
use webex_calling::{BargeIn, Desired};

impl CliSetting for BargeIn {
    type Args = BargeInArgs;
    const COLUMNS: &'static [&'static str] = &["enabled", "tone_enabled"];

    fn desired(args: BargeInArgs) -> Result<Desired<Self>, UsageError> {
        let desired = Desired::values(BargeInSettingsUpdate {
            enabled: args.enabled,
            tone_enabled: args.tone_enabled,
        });
        if desired.is_empty() {
            return Err(usage(
                "nothing to change: pass --enabled true|false and/or --tone-enabled true|false",
            ));
        }
        Ok(desired)
    }

    fn cells(settings: &BargeInSettings, _: Flavor) -> Vec<String> {
        vec![
            settings.enabled.to_string(),
            settings.tone_enabled.to_string(),
        ]
    }

    fn desired_from_cells<'r>(
        cell: &dyn Fn(&str) -> &'r str,
        _complete: bool,
    ) -> Result<Desired<Self>, String> {
        Ok(Desired::values(BargeInSettingsUpdate {
            enabled: bool_cell("enabled", cell("enabled"))?,
            tone_enabled: bool_cell("tone_enabled", cell("tone_enabled"))?,
        }))
    }

    fn desired_from_json(
        settings: &Map<String, Value>,
        _complete: bool,
    ) -> Result<Desired<Self>, String> {
        Ok(Desired::values(BargeInSettingsUpdate {
            enabled: json_field(settings, "enabled")?,
            tone_enabled: json_field(settings, "toneEnabled")?,
        }))
    }
}
