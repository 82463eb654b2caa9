//! `barge-in set`: the wanted values and how they apply.

use webex_calling::types::BargeInSettings;

/// The values `barge-in set` asks for; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BargeInChange {
    /// `--enabled`.
    pub enabled: Option<bool>,
    /// `--tone-enabled`.
    pub tone_enabled: Option<bool>,
}

impl BargeInChange {
    /// Whether any field was asked for.
    pub fn is_empty(&self) -> bool {
        self.enabled.is_none() && self.tone_enabled.is_none()
    }

    /// Edits settings as read; the client works out what (if anything) to send.
    pub fn apply(&self, settings: &mut BargeInSettings) {
        if let Some(enabled) = self.enabled {
            settings.enabled = enabled;
        }
        if let Some(tone_enabled) = self.tone_enabled {
            settings.tone_enabled = tone_enabled;
        }
    }
}

pub(super) fn cells(settings: &BargeInSettings) -> Vec<String> {
    vec![
        settings.enabled.to_string(),
        settings.tone_enabled.to_string(),
    ]
}
