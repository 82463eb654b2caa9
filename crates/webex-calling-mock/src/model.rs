//! Wire types of the directory, written by hand from Webex's documentation so
//! that the mock stays independent of the generated client and can catch its
//! mistakes. The settings themselves are described in `settings`.

use serde::Serialize;

/// `MemberType`; also the kind of target a route serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum MemberType {
    People,
    Place,
    VirtualLine,
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

/// A directory entry as it appears in a member list (`PushToTalkMember`).
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
