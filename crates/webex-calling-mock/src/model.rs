//! Wire types, written by hand from the spec so that the mock stays independent of
//! the generated client and can catch its mistakes.

use serde::Serialize;

/// A person's barge-in settings (`BargeInSettings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BargeIn {
    pub(crate) enabled: bool,
    pub(crate) tone_enabled: bool,
}

/// `PushToTalkConnectionType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum ConnectionType {
    OneWay,
    TwoWay,
}

impl ConnectionType {
    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "ONE_WAY" => Some(Self::OneWay),
            "TWO_WAY" => Some(Self::TwoWay),
            _ => None,
        }
    }
}

/// `PushToTalkAccessType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum AccessType {
    AllowMembers,
    BlockMembers,
}

impl AccessType {
    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "ALLOW_MEMBERS" => Some(Self::AllowMembers),
            "BLOCK_MEMBERS" => Some(Self::BlockMembers),
            _ => None,
        }
    }
}

/// `MemberType`; also the kind of target a route serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum MemberType {
    People,
    Place,
    VirtualLine,
}

/// The two settings every target has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Setting {
    BargeIn,
    PushToTalk,
}

/// `MemberNumber`: every field is an opaque string because dial plans vary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MemberNumber {
    pub(crate) external: String,
    pub(crate) extension: String,
    pub(crate) routing_prefix: String,
    pub(crate) esn: String,
    pub(crate) primary: bool,
}

/// A directory entry as it appears in a push-to-talk member list (`PushToTalkMember`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Member {
    pub(crate) id: String,
    pub(crate) last_name: String,
    pub(crate) first_name: String,
    pub(crate) display_name: String,
    #[serde(rename = "type")]
    pub(crate) kind: MemberType,
    // Workspaces and virtual lines have no mailbox in Webex, so they carry no email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) email: Option<String>,
    pub(crate) numbers: Vec<MemberNumber>,
}

/// A virtual line's stored push-to-talk settings; members are kept as ids and
/// resolved on every read so that they always reflect the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PushToTalk {
    pub(crate) allow_auto_answer: bool,
    pub(crate) connection_type: ConnectionType,
    pub(crate) access_type: AccessType,
    pub(crate) members: Vec<String>,
}

/// The `PushToTalkSettings` read body.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PushToTalkView<'a> {
    pub(crate) allow_auto_answer: bool,
    pub(crate) connection_type: ConnectionType,
    pub(crate) access_type: AccessType,
    pub(crate) members: Vec<&'a Member>,
}
