//! Compiles unchanged across compatible spec changes, and decodes values the
//! spec does not list.

use webex_calling_client::types::{
    BargeInSettings, BargeInSettingsUpdate, PushToTalkConnectionType, PushToTalkSettings,
};

fn main() -> Result<(), serde_json::Error> {
    // The body Webex sends after adding `bargeInAnnouncement`, with a value
    // the spec does not list.
    let barge_in: BargeInSettings = serde_json::from_str(
        r#"{"enabled": true, "toneEnabled": false, "bargeInAnnouncement": "SILENT"}"#,
    )?;
    println!("enabled={} tone={}", barge_in.enabled, barge_in.tone_enabled);
    let back = serde_json::to_value(&barge_in)?;
    assert_eq!(back["bargeInAnnouncement"], "SILENT", "the value is kept");

    let push_to_talk: PushToTalkSettings = serde_json::from_str(
        r#"{"allowAutoAnswer": true, "connectionType": "PRIVATE", "accessType": "ALLOW_MEMBERS"}"#,
    )?;
    let talks_back = match &push_to_talk.connection_type {
        PushToTalkConnectionType::TwoWay => true,
        PushToTalkConnectionType::OneWay => false,
        _ => false,
    };
    println!("talks back: {talks_back}");
    assert_eq!(serde_json::to_value(&push_to_talk)?["connectionType"], "PRIVATE");

    let mut update = BargeInSettingsUpdate::default();
    update.enabled = Some(true);
    println!("{}", serde_json::to_string(&update)?);
    Ok(())
}
