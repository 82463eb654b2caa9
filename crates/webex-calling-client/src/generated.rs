// @generated from spec/webex-calling.yaml by `cargo xtask codegen`; do not edit.
//
// To change this file, edit the spec (or the generator settings in xtask/src/codegen.rs)
// and run `cargo xtask codegen`. CI runs `cargo xtask codegen --check`.

use crate::optional_query::OptionalQuery;
#[allow(unused_imports)]
pub use progenitor_client::{ByteStream, ClientInfo, Error, ResponseValue};
#[allow(unused_imports)]
use progenitor_client::{ClientHooks, OperationInfo, RequestBuilderExt};
/// Types used as operation parameters and responses.
#[allow(clippy::all)]
pub mod types {
    ///The barge-in settings of a person, workspace or virtual line, as read.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[non_exhaustive]
    pub struct BargeInSettings {
        ///Whether the target may barge in on calls with the feature access code.
        pub enabled: bool,
        ///Whether a stutter tone warns the other parties when the target barges in.
        #[serde(rename = "toneEnabled")]
        pub tone_enabled: bool,
        #[serde(flatten)]
        pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    }
    ///The barge-in fields to change; omitted fields are left as they are.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    #[non_exhaustive]
    pub struct BargeInSettingsUpdate {
        ///Turn the barge-in feature on or off.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub enabled: ::std::option::Option<bool>,
        ///Turn the barge-in warning tone on or off.
        #[serde(
            rename = "toneEnabled",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub tone_enabled: ::std::option::Option<bool>,
    }
    ///A Webex Calling location, by id and name.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[non_exhaustive]
    pub struct LocationRef {
        ///Webex id of the location.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        ///The location's name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub name: ::std::option::Option<::std::string::String>,
        #[serde(flatten)]
        pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    }
    /**One phone number of a member. Formats vary by country and dial plan, so the
values are opaque strings.
*/
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[non_exhaustive]
    pub struct MemberNumber {
        ///The enterprise significant number, routing prefix followed by extension.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub esn: ::std::option::Option<::std::string::String>,
        ///The internal extension.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub extension: ::std::option::Option<::std::string::String>,
        ///The external (PSTN) number.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub external: ::std::option::Option<::std::string::String>,
        ///Whether this is the member's primary number.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub primary: ::std::option::Option<bool>,
        ///The routing prefix of the member's location.
        #[serde(
            rename = "routingPrefix",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub routing_prefix: ::std::option::Option<::std::string::String>,
        #[serde(flatten)]
        pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    }
    ///One page of people.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[non_exhaustive]
    pub struct PersonList {
        ///The people on this page.
        pub items: ::std::vec::Vec<PersonSummary>,
        #[serde(flatten)]
        pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    }
    ///The fields of a person this project uses; Webex sends many more, which are kept.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[non_exhaustive]
    pub struct PersonSummary {
        ///The person's name as shown in Webex.
        #[serde(
            rename = "displayName",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub display_name: ::std::option::Option<::std::string::String>,
        ///The person's email addresses.
        #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
        pub emails: ::std::vec::Vec<::std::string::String>,
        ///The person's first name.
        #[serde(
            rename = "firstName",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub first_name: ::std::option::Option<::std::string::String>,
        ///Webex id of the person.
        pub id: ::std::string::String,
        ///The person's last name.
        #[serde(
            rename = "lastName",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub last_name: ::std::option::Option<::std::string::String>,
        /**The person's Webex Calling location; present (with `callingData=true`) only
for people with Webex Calling.
*/
        #[serde(
            rename = "locationId",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub location_id: ::std::option::Option<::std::string::String>,
        #[serde(flatten)]
        pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    }
    ///A person, workspace or virtual line in a push-to-talk member list.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[non_exhaustive]
    pub struct PushToTalkMember {
        ///The member's name as shown in Webex.
        #[serde(
            rename = "displayName",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub display_name: ::std::option::Option<::std::string::String>,
        ///The member's email address.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub email: ::std::option::Option<::std::string::String>,
        ///The member's first name.
        #[serde(
            rename = "firstName",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub first_name: ::std::option::Option<::std::string::String>,
        ///Webex id of the member.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        ///The member's last name.
        #[serde(
            rename = "lastName",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub last_name: ::std::option::Option<::std::string::String>,
        ///The member's phone numbers.
        #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
        pub numbers: ::std::vec::Vec<MemberNumber>,
        #[serde(rename = "type", skip_serializing_if = "::std::option::Option::is_none")]
        pub type_: ::std::option::Option<crate::types::MemberType>,
        #[serde(flatten)]
        pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    }
    ///The push-to-talk settings of a person, workspace or virtual line, as read.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[non_exhaustive]
    pub struct PushToTalkSettings {
        #[serde(rename = "accessType")]
        pub access_type: crate::types::PushToTalkAccessType,
        ///Whether incoming push-to-talk calls are answered automatically.
        #[serde(rename = "allowAutoAnswer")]
        pub allow_auto_answer: bool,
        #[serde(rename = "connectionType")]
        pub connection_type: crate::types::PushToTalkConnectionType,
        /**The members `accessType` applies to: with `ALLOW_MEMBERS` the only ones who
may start push-to-talk calls to this target, with `BLOCK_MEMBERS` the ones who
may not.
*/
        #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
        pub members: ::std::vec::Vec<PushToTalkMember>,
        #[serde(flatten)]
        pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    }
    /**The push-to-talk fields to change; omitted fields are left as they are. A
`members` list replaces the current one.
*/
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    #[non_exhaustive]
    pub struct PushToTalkSettingsUpdate {
        #[serde(
            rename = "accessType",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub access_type: ::std::option::Option<crate::types::PushToTalkAccessType>,
        ///Answer incoming push-to-talk calls automatically, or not.
        #[serde(
            rename = "allowAutoAnswer",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub allow_auto_answer: ::std::option::Option<bool>,
        #[serde(
            rename = "connectionType",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub connection_type: ::std::option::Option<
            crate::types::PushToTalkConnectionType,
        >,
        ///Ids of the people, workspaces or virtual lines that make up the new member list.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub members: ::std::option::Option<::std::vec::Vec<::std::string::String>>,
    }
    ///One page of virtual lines.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[non_exhaustive]
    pub struct VirtualLineList {
        ///The virtual lines on this page.
        #[serde(rename = "virtualLines")]
        pub virtual_lines: ::std::vec::Vec<VirtualLineSummary>,
        #[serde(flatten)]
        pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    }
    ///The phone number of a virtual line; values are opaque strings.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[non_exhaustive]
    pub struct VirtualLineNumber {
        ///The internal extension.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub extension: ::std::option::Option<::std::string::String>,
        ///The external (PSTN) number.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub external: ::std::option::Option<::std::string::String>,
        ///Whether this is the primary number.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub primary: ::std::option::Option<bool>,
        #[serde(flatten)]
        pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    }
    ///The fields of a virtual line this project uses; Webex sends more, which are kept.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[non_exhaustive]
    pub struct VirtualLineSummary {
        ///The virtual line's first name.
        #[serde(
            rename = "firstName",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub first_name: ::std::option::Option<::std::string::String>,
        ///Webex id of the virtual line.
        pub id: ::std::string::String,
        ///The virtual line's last name.
        #[serde(
            rename = "lastName",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub last_name: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub location: ::std::option::Option<LocationRef>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub number: ::std::option::Option<VirtualLineNumber>,
        #[serde(flatten)]
        pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    }
    /**An error body. Webex answers in several shapes, and any field may be missing:
a flat one with `message`, `errors` and `trackingId` (the documented one); a
nested one with `error.key`, `error.message` and `trackingId`, where `error`
is sometimes a list; error codes sometimes arrive as strings; and some bodies
carry a single top-level `errorCode`.
*/
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[non_exhaustive]
    pub struct WebexError {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<WebexErrorDetails>,
        #[serde(
            rename = "errorCode",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub error_code: ::std::option::Option<WebexErrorCode>,
        ///Individual problems, each with a Webex error code (flat shape).
        #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
        pub errors: ::std::vec::Vec<WebexErrorEntry>,
        ///A summary of what went wrong (flat shape).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub message: ::std::option::Option<::std::string::String>,
        ///The tracking id Webex recorded for the failed request.
        #[serde(
            rename = "trackingId",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub tracking_id: ::std::option::Option<::std::string::String>,
        #[serde(flatten)]
        pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    }
    ///A Webex error code, sent as a number or, by some services, as a string.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[serde(untagged)]
    #[non_exhaustive]
    pub enum WebexErrorCode {
        Int64(i64),
        String(::std::string::String),
    }
    impl ::std::fmt::Display for WebexErrorCode {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            match self {
                Self::Int64(x) => x.fmt(f),
                Self::String(x) => x.fmt(f),
            }
        }
    }
    impl ::std::convert::From<i64> for WebexErrorCode {
        fn from(value: i64) -> Self {
            Self::Int64(value)
        }
    }
    ///The `error` object of a nested error body.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[non_exhaustive]
    pub struct WebexErrorDetail {
        ///A short key for the error, often the HTTP status.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub key: ::std::option::Option<::std::string::String>,
        ///Individual problems, each with a Webex error code.
        #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
        pub message: ::std::vec::Vec<WebexErrorMessage>,
        #[serde(flatten)]
        pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    }
    ///The `error` member of a nested error body, an object or a list of them.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[serde(untagged)]
    #[non_exhaustive]
    pub enum WebexErrorDetails {
        WebexErrorDetail(WebexErrorDetail),
        Array(::std::vec::Vec<WebexErrorDetail>),
    }
    impl ::std::convert::From<WebexErrorDetail> for WebexErrorDetails {
        fn from(value: WebexErrorDetail) -> Self {
            Self::WebexErrorDetail(value)
        }
    }
    impl ::std::convert::From<::std::vec::Vec<WebexErrorDetail>> for WebexErrorDetails {
        fn from(value: ::std::vec::Vec<WebexErrorDetail>) -> Self {
            Self::Array(value)
        }
    }
    ///One problem in a flat error body.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[non_exhaustive]
    pub struct WebexErrorEntry {
        ///What went wrong.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub description: ::std::option::Option<::std::string::String>,
        #[serde(
            rename = "errorCode",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub error_code: ::std::option::Option<WebexErrorCode>,
        #[serde(flatten)]
        pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    }
    ///One problem in a nested error body.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[non_exhaustive]
    pub struct WebexErrorMessage {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub code: ::std::option::Option<WebexErrorCode>,
        ///What went wrong.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub description: ::std::option::Option<::std::string::String>,
        #[serde(flatten)]
        pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    }
    /**The barge-in fields to change on a workspace. Webex requires `enabled` here
(people and virtual lines take both fields as optional); `toneEnabled` left
out keeps its current value.
*/
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[non_exhaustive]
    pub struct WorkspaceBargeInSettingsUpdate {
        ///Turn the barge-in feature on or off.
        pub enabled: bool,
        ///Turn the barge-in warning tone on or off.
        #[serde(
            rename = "toneEnabled",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub tone_enabled: ::std::option::Option<bool>,
    }
    ///How the workspace makes calls.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[non_exhaustive]
    pub struct WorkspaceCalling {
        #[serde(rename = "type", skip_serializing_if = "::std::option::Option::is_none")]
        pub type_: ::std::option::Option<crate::types::WorkspaceCallingType>,
        #[serde(flatten)]
        pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    }
    ///One page of workspaces.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[non_exhaustive]
    pub struct WorkspaceList {
        ///The workspaces on this page.
        pub items: ::std::vec::Vec<WorkspaceSummary>,
        #[serde(flatten)]
        pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    }
    ///The fields of a workspace this project uses; Webex sends more, which are kept.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[non_exhaustive]
    pub struct WorkspaceSummary {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub calling: ::std::option::Option<WorkspaceCalling>,
        ///The workspace's name.
        #[serde(
            rename = "displayName",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub display_name: ::std::option::Option<::std::string::String>,
        ///Webex id of the workspace.
        pub id: ::std::string::String,
        ///The workspace's location.
        #[serde(
            rename = "locationId",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub location_id: ::std::option::Option<::std::string::String>,
        #[serde(flatten)]
        pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    }
    /// Error types.
    pub mod error {
        /// Error from a `TryFrom` or `FromStr` implementation.
        pub struct ConversionError(::std::borrow::Cow<'static, str>);
        impl ::std::error::Error for ConversionError {}
        impl ::std::fmt::Display for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }
        impl ::std::fmt::Debug for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Debug::fmt(&self.0, f)
            }
        }
        impl From<&'static str> for ConversionError {
            fn from(value: &'static str) -> Self {
                Self(value.into())
            }
        }
        impl From<String> for ConversionError {
            fn from(value: String) -> Self {
                Self(value.into())
            }
        }
    }
    impl BargeInSettings {
        ///A value with the required fields (`enabled`, `tone_enabled`); the optional ones are empty. Set them by field assignment or the `with_` setters: new optional fields in later versions do not change this signature.
        pub fn new(enabled: bool, tone_enabled: bool) -> Self {
            Self {
                enabled,
                tone_enabled,
                extra: ::std::default::Default::default(),
            }
        }
    }
    impl BargeInSettingsUpdate {
        ///The value with `enabled` set.
        #[must_use]
        pub fn with_enabled(mut self, value: bool) -> Self {
            self.enabled = ::std::option::Option::Some(value);
            self
        }
        ///The value with `tone_enabled` set.
        #[must_use]
        pub fn with_tone_enabled(mut self, value: bool) -> Self {
            self.tone_enabled = ::std::option::Option::Some(value);
            self
        }
    }
    impl ::std::default::Default for LocationRef {
        fn default() -> Self {
            Self {
                id: ::std::default::Default::default(),
                name: ::std::default::Default::default(),
                extra: ::std::default::Default::default(),
            }
        }
    }
    impl LocationRef {
        ///The value with `id` set.
        #[must_use]
        pub fn with_id(mut self, value: ::std::string::String) -> Self {
            self.id = ::std::option::Option::Some(value);
            self
        }
        ///The value with `name` set.
        #[must_use]
        pub fn with_name(mut self, value: ::std::string::String) -> Self {
            self.name = ::std::option::Option::Some(value);
            self
        }
    }
    impl ::std::default::Default for MemberNumber {
        fn default() -> Self {
            Self {
                esn: ::std::default::Default::default(),
                extension: ::std::default::Default::default(),
                external: ::std::default::Default::default(),
                primary: ::std::default::Default::default(),
                routing_prefix: ::std::default::Default::default(),
                extra: ::std::default::Default::default(),
            }
        }
    }
    impl MemberNumber {
        ///The value with `esn` set.
        #[must_use]
        pub fn with_esn(mut self, value: ::std::string::String) -> Self {
            self.esn = ::std::option::Option::Some(value);
            self
        }
        ///The value with `extension` set.
        #[must_use]
        pub fn with_extension(mut self, value: ::std::string::String) -> Self {
            self.extension = ::std::option::Option::Some(value);
            self
        }
        ///The value with `external` set.
        #[must_use]
        pub fn with_external(mut self, value: ::std::string::String) -> Self {
            self.external = ::std::option::Option::Some(value);
            self
        }
        ///The value with `primary` set.
        #[must_use]
        pub fn with_primary(mut self, value: bool) -> Self {
            self.primary = ::std::option::Option::Some(value);
            self
        }
        ///The value with `routing_prefix` set.
        #[must_use]
        pub fn with_routing_prefix(mut self, value: ::std::string::String) -> Self {
            self.routing_prefix = ::std::option::Option::Some(value);
            self
        }
    }
    impl PersonList {
        ///A value with the required fields (`items`); the optional ones are empty. Set them by field assignment or the `with_` setters: new optional fields in later versions do not change this signature.
        pub fn new(items: ::std::vec::Vec<PersonSummary>) -> Self {
            Self {
                items,
                extra: ::std::default::Default::default(),
            }
        }
    }
    impl PersonSummary {
        ///A value with the required fields (`id`); the optional ones are empty. Set them by field assignment or the `with_` setters: new optional fields in later versions do not change this signature.
        pub fn new(id: ::std::string::String) -> Self {
            Self {
                id,
                display_name: ::std::default::Default::default(),
                emails: ::std::default::Default::default(),
                first_name: ::std::default::Default::default(),
                last_name: ::std::default::Default::default(),
                location_id: ::std::default::Default::default(),
                extra: ::std::default::Default::default(),
            }
        }
    }
    impl PersonSummary {
        ///The value with `display_name` set.
        #[must_use]
        pub fn with_display_name(mut self, value: ::std::string::String) -> Self {
            self.display_name = ::std::option::Option::Some(value);
            self
        }
        ///The value with `emails` set.
        #[must_use]
        pub fn with_emails(
            mut self,
            value: ::std::vec::Vec<::std::string::String>,
        ) -> Self {
            self.emails = value;
            self
        }
        ///The value with `first_name` set.
        #[must_use]
        pub fn with_first_name(mut self, value: ::std::string::String) -> Self {
            self.first_name = ::std::option::Option::Some(value);
            self
        }
        ///The value with `last_name` set.
        #[must_use]
        pub fn with_last_name(mut self, value: ::std::string::String) -> Self {
            self.last_name = ::std::option::Option::Some(value);
            self
        }
        ///The value with `location_id` set.
        #[must_use]
        pub fn with_location_id(mut self, value: ::std::string::String) -> Self {
            self.location_id = ::std::option::Option::Some(value);
            self
        }
    }
    impl ::std::default::Default for PushToTalkMember {
        fn default() -> Self {
            Self {
                display_name: ::std::default::Default::default(),
                email: ::std::default::Default::default(),
                first_name: ::std::default::Default::default(),
                id: ::std::default::Default::default(),
                last_name: ::std::default::Default::default(),
                numbers: ::std::default::Default::default(),
                type_: ::std::default::Default::default(),
                extra: ::std::default::Default::default(),
            }
        }
    }
    impl PushToTalkMember {
        ///The value with `display_name` set.
        #[must_use]
        pub fn with_display_name(mut self, value: ::std::string::String) -> Self {
            self.display_name = ::std::option::Option::Some(value);
            self
        }
        ///The value with `email` set.
        #[must_use]
        pub fn with_email(mut self, value: ::std::string::String) -> Self {
            self.email = ::std::option::Option::Some(value);
            self
        }
        ///The value with `first_name` set.
        #[must_use]
        pub fn with_first_name(mut self, value: ::std::string::String) -> Self {
            self.first_name = ::std::option::Option::Some(value);
            self
        }
        ///The value with `id` set.
        #[must_use]
        pub fn with_id(mut self, value: ::std::string::String) -> Self {
            self.id = ::std::option::Option::Some(value);
            self
        }
        ///The value with `last_name` set.
        #[must_use]
        pub fn with_last_name(mut self, value: ::std::string::String) -> Self {
            self.last_name = ::std::option::Option::Some(value);
            self
        }
        ///The value with `numbers` set.
        #[must_use]
        pub fn with_numbers(mut self, value: ::std::vec::Vec<MemberNumber>) -> Self {
            self.numbers = value;
            self
        }
        ///The value with `type_` set.
        #[must_use]
        pub fn with_type(mut self, value: crate::types::MemberType) -> Self {
            self.type_ = ::std::option::Option::Some(value);
            self
        }
    }
    impl PushToTalkSettings {
        ///A value with the required fields (`access_type`, `allow_auto_answer`, `connection_type`); the optional ones are empty. Set them by field assignment or the `with_` setters: new optional fields in later versions do not change this signature.
        pub fn new(
            access_type: crate::types::PushToTalkAccessType,
            allow_auto_answer: bool,
            connection_type: crate::types::PushToTalkConnectionType,
        ) -> Self {
            Self {
                access_type,
                allow_auto_answer,
                connection_type,
                members: ::std::default::Default::default(),
                extra: ::std::default::Default::default(),
            }
        }
    }
    impl PushToTalkSettings {
        ///The value with `members` set.
        #[must_use]
        pub fn with_members(mut self, value: ::std::vec::Vec<PushToTalkMember>) -> Self {
            self.members = value;
            self
        }
    }
    impl PushToTalkSettingsUpdate {
        ///The value with `access_type` set.
        #[must_use]
        pub fn with_access_type(
            mut self,
            value: crate::types::PushToTalkAccessType,
        ) -> Self {
            self.access_type = ::std::option::Option::Some(value);
            self
        }
        ///The value with `allow_auto_answer` set.
        #[must_use]
        pub fn with_allow_auto_answer(mut self, value: bool) -> Self {
            self.allow_auto_answer = ::std::option::Option::Some(value);
            self
        }
        ///The value with `connection_type` set.
        #[must_use]
        pub fn with_connection_type(
            mut self,
            value: crate::types::PushToTalkConnectionType,
        ) -> Self {
            self.connection_type = ::std::option::Option::Some(value);
            self
        }
        ///The value with `members` set.
        #[must_use]
        pub fn with_members(
            mut self,
            value: ::std::vec::Vec<::std::string::String>,
        ) -> Self {
            self.members = ::std::option::Option::Some(value);
            self
        }
    }
    impl VirtualLineList {
        ///A value with the required fields (`virtual_lines`); the optional ones are empty. Set them by field assignment or the `with_` setters: new optional fields in later versions do not change this signature.
        pub fn new(virtual_lines: ::std::vec::Vec<VirtualLineSummary>) -> Self {
            Self {
                virtual_lines,
                extra: ::std::default::Default::default(),
            }
        }
    }
    impl ::std::default::Default for VirtualLineNumber {
        fn default() -> Self {
            Self {
                extension: ::std::default::Default::default(),
                external: ::std::default::Default::default(),
                primary: ::std::default::Default::default(),
                extra: ::std::default::Default::default(),
            }
        }
    }
    impl VirtualLineNumber {
        ///The value with `extension` set.
        #[must_use]
        pub fn with_extension(mut self, value: ::std::string::String) -> Self {
            self.extension = ::std::option::Option::Some(value);
            self
        }
        ///The value with `external` set.
        #[must_use]
        pub fn with_external(mut self, value: ::std::string::String) -> Self {
            self.external = ::std::option::Option::Some(value);
            self
        }
        ///The value with `primary` set.
        #[must_use]
        pub fn with_primary(mut self, value: bool) -> Self {
            self.primary = ::std::option::Option::Some(value);
            self
        }
    }
    impl VirtualLineSummary {
        ///A value with the required fields (`id`); the optional ones are empty. Set them by field assignment or the `with_` setters: new optional fields in later versions do not change this signature.
        pub fn new(id: ::std::string::String) -> Self {
            Self {
                id,
                first_name: ::std::default::Default::default(),
                last_name: ::std::default::Default::default(),
                location: ::std::default::Default::default(),
                number: ::std::default::Default::default(),
                extra: ::std::default::Default::default(),
            }
        }
    }
    impl VirtualLineSummary {
        ///The value with `first_name` set.
        #[must_use]
        pub fn with_first_name(mut self, value: ::std::string::String) -> Self {
            self.first_name = ::std::option::Option::Some(value);
            self
        }
        ///The value with `last_name` set.
        #[must_use]
        pub fn with_last_name(mut self, value: ::std::string::String) -> Self {
            self.last_name = ::std::option::Option::Some(value);
            self
        }
        ///The value with `location` set.
        #[must_use]
        pub fn with_location(mut self, value: LocationRef) -> Self {
            self.location = ::std::option::Option::Some(value);
            self
        }
        ///The value with `number` set.
        #[must_use]
        pub fn with_number(mut self, value: VirtualLineNumber) -> Self {
            self.number = ::std::option::Option::Some(value);
            self
        }
    }
    impl ::std::default::Default for WebexError {
        fn default() -> Self {
            Self {
                error: ::std::default::Default::default(),
                error_code: ::std::default::Default::default(),
                errors: ::std::default::Default::default(),
                message: ::std::default::Default::default(),
                tracking_id: ::std::default::Default::default(),
                extra: ::std::default::Default::default(),
            }
        }
    }
    impl WebexError {
        ///The value with `error` set.
        #[must_use]
        pub fn with_error(mut self, value: WebexErrorDetails) -> Self {
            self.error = ::std::option::Option::Some(value);
            self
        }
        ///The value with `error_code` set.
        #[must_use]
        pub fn with_error_code(mut self, value: WebexErrorCode) -> Self {
            self.error_code = ::std::option::Option::Some(value);
            self
        }
        ///The value with `errors` set.
        #[must_use]
        pub fn with_errors(mut self, value: ::std::vec::Vec<WebexErrorEntry>) -> Self {
            self.errors = value;
            self
        }
        ///The value with `message` set.
        #[must_use]
        pub fn with_message(mut self, value: ::std::string::String) -> Self {
            self.message = ::std::option::Option::Some(value);
            self
        }
        ///The value with `tracking_id` set.
        #[must_use]
        pub fn with_tracking_id(mut self, value: ::std::string::String) -> Self {
            self.tracking_id = ::std::option::Option::Some(value);
            self
        }
    }
    impl ::std::default::Default for WebexErrorDetail {
        fn default() -> Self {
            Self {
                key: ::std::default::Default::default(),
                message: ::std::default::Default::default(),
                extra: ::std::default::Default::default(),
            }
        }
    }
    impl WebexErrorDetail {
        ///The value with `key` set.
        #[must_use]
        pub fn with_key(mut self, value: ::std::string::String) -> Self {
            self.key = ::std::option::Option::Some(value);
            self
        }
        ///The value with `message` set.
        #[must_use]
        pub fn with_message(
            mut self,
            value: ::std::vec::Vec<WebexErrorMessage>,
        ) -> Self {
            self.message = value;
            self
        }
    }
    impl ::std::default::Default for WebexErrorEntry {
        fn default() -> Self {
            Self {
                description: ::std::default::Default::default(),
                error_code: ::std::default::Default::default(),
                extra: ::std::default::Default::default(),
            }
        }
    }
    impl WebexErrorEntry {
        ///The value with `description` set.
        #[must_use]
        pub fn with_description(mut self, value: ::std::string::String) -> Self {
            self.description = ::std::option::Option::Some(value);
            self
        }
        ///The value with `error_code` set.
        #[must_use]
        pub fn with_error_code(mut self, value: WebexErrorCode) -> Self {
            self.error_code = ::std::option::Option::Some(value);
            self
        }
    }
    impl ::std::default::Default for WebexErrorMessage {
        fn default() -> Self {
            Self {
                code: ::std::default::Default::default(),
                description: ::std::default::Default::default(),
                extra: ::std::default::Default::default(),
            }
        }
    }
    impl WebexErrorMessage {
        ///The value with `code` set.
        #[must_use]
        pub fn with_code(mut self, value: WebexErrorCode) -> Self {
            self.code = ::std::option::Option::Some(value);
            self
        }
        ///The value with `description` set.
        #[must_use]
        pub fn with_description(mut self, value: ::std::string::String) -> Self {
            self.description = ::std::option::Option::Some(value);
            self
        }
    }
    impl WorkspaceBargeInSettingsUpdate {
        ///A value with the required fields (`enabled`); the optional ones are empty. Set them by field assignment or the `with_` setters: new optional fields in later versions do not change this signature.
        pub fn new(enabled: bool) -> Self {
            Self {
                enabled,
                tone_enabled: ::std::default::Default::default(),
            }
        }
    }
    impl WorkspaceBargeInSettingsUpdate {
        ///The value with `tone_enabled` set.
        #[must_use]
        pub fn with_tone_enabled(mut self, value: bool) -> Self {
            self.tone_enabled = ::std::option::Option::Some(value);
            self
        }
    }
    impl ::std::default::Default for WorkspaceCalling {
        fn default() -> Self {
            Self {
                type_: ::std::default::Default::default(),
                extra: ::std::default::Default::default(),
            }
        }
    }
    impl WorkspaceCalling {
        ///The value with `type_` set.
        #[must_use]
        pub fn with_type(mut self, value: crate::types::WorkspaceCallingType) -> Self {
            self.type_ = ::std::option::Option::Some(value);
            self
        }
    }
    impl WorkspaceList {
        ///A value with the required fields (`items`); the optional ones are empty. Set them by field assignment or the `with_` setters: new optional fields in later versions do not change this signature.
        pub fn new(items: ::std::vec::Vec<WorkspaceSummary>) -> Self {
            Self {
                items,
                extra: ::std::default::Default::default(),
            }
        }
    }
    impl WorkspaceSummary {
        ///A value with the required fields (`id`); the optional ones are empty. Set them by field assignment or the `with_` setters: new optional fields in later versions do not change this signature.
        pub fn new(id: ::std::string::String) -> Self {
            Self {
                id,
                calling: ::std::default::Default::default(),
                display_name: ::std::default::Default::default(),
                location_id: ::std::default::Default::default(),
                extra: ::std::default::Default::default(),
            }
        }
    }
    impl WorkspaceSummary {
        ///The value with `calling` set.
        #[must_use]
        pub fn with_calling(mut self, value: WorkspaceCalling) -> Self {
            self.calling = ::std::option::Option::Some(value);
            self
        }
        ///The value with `display_name` set.
        #[must_use]
        pub fn with_display_name(mut self, value: ::std::string::String) -> Self {
            self.display_name = ::std::option::Option::Some(value);
            self
        }
        ///The value with `location_id` set.
        #[must_use]
        pub fn with_location_id(mut self, value: ::std::string::String) -> Self {
            self.location_id = ::std::option::Option::Some(value);
            self
        }
    }
    /**The calling service of a workspace. Only `webexCalling` workspaces have the
Webex Calling settings this project manages.

This enum is open: a value that the spec does not list decodes to [`WorkspaceCallingType::Unknown`] and is serialised back exactly as received. It is `#[non_exhaustive]`: a `match` needs a wildcard arm, so a value the spec adds later is not a breaking change.*/
    #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum WorkspaceCallingType {
        ///`freeCalling`
        FreeCalling,
        ///`hybridCalling`
        HybridCalling,
        ///`webexCalling`
        WebexCalling,
        ///`thirdPartySipCalling`
        ThirdPartySipCalling,
        ///`webexEdgeForDevices`
        WebexEdgeForDevices,
        ///`none`
        None,
        ///A value this version of the spec does not list, kept verbatim.
        Unknown(::std::string::String),
    }
    impl WorkspaceCallingType {
        /// The values the spec lists, as sent on the wire.
        pub const KNOWN_VALUES: &'static [&'static str] = &[
            "freeCalling",
            "hybridCalling",
            "webexCalling",
            "thirdPartySipCalling",
            "webexEdgeForDevices",
            "none",
        ];
        /// The value as sent on the wire.
        pub fn as_str(&self) -> &str {
            match self {
                Self::FreeCalling => "freeCalling",
                Self::HybridCalling => "hybridCalling",
                Self::WebexCalling => "webexCalling",
                Self::ThirdPartySipCalling => "thirdPartySipCalling",
                Self::WebexEdgeForDevices => "webexEdgeForDevices",
                Self::None => "none",
                Self::Unknown(value) => value.as_str(),
            }
        }
        /// Whether the value is one the spec lists.
        pub fn is_known(&self) -> bool {
            !matches!(self, Self::Unknown(_))
        }
    }
    impl ::std::convert::From<&str> for WorkspaceCallingType {
        fn from(value: &str) -> Self {
            match value {
                "freeCalling" => Self::FreeCalling,
                "hybridCalling" => Self::HybridCalling,
                "webexCalling" => Self::WebexCalling,
                "thirdPartySipCalling" => Self::ThirdPartySipCalling,
                "webexEdgeForDevices" => Self::WebexEdgeForDevices,
                "none" => Self::None,
                other => Self::Unknown(other.to_owned()),
            }
        }
    }
    impl ::std::convert::From<::std::string::String> for WorkspaceCallingType {
        fn from(value: ::std::string::String) -> Self {
            match value.as_str() {
                "freeCalling" => Self::FreeCalling,
                "hybridCalling" => Self::HybridCalling,
                "webexCalling" => Self::WebexCalling,
                "thirdPartySipCalling" => Self::ThirdPartySipCalling,
                "webexEdgeForDevices" => Self::WebexEdgeForDevices,
                "none" => Self::None,
                _ => Self::Unknown(value),
            }
        }
    }
    impl ::std::str::FromStr for WorkspaceCallingType {
        type Err = ::std::convert::Infallible;
        fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
            Ok(Self::from(value))
        }
    }
    impl ::std::fmt::Display for WorkspaceCallingType {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }
    impl ::serde::Serialize for WorkspaceCallingType {
        fn serialize<S: ::serde::Serializer>(
            &self,
            serializer: S,
        ) -> ::std::result::Result<S::Ok, S::Error> {
            serializer.serialize_str(self.as_str())
        }
    }
    impl<'de> ::serde::Deserialize<'de> for WorkspaceCallingType {
        fn deserialize<D: ::serde::Deserializer<'de>>(
            deserializer: D,
        ) -> ::std::result::Result<Self, D::Error> {
            let value = <::std::string::String as ::serde::Deserialize>::deserialize(
                deserializer,
            )?;
            Ok(Self::from(value))
        }
    }
    /**Direction of a push-to-talk conversation. `ONE_WAY`: the caller talks and this
line only listens. `TWO_WAY`: both sides can talk.

This enum is open: a value that the spec does not list decodes to [`PushToTalkConnectionType::Unknown`] and is serialised back exactly as received. It is `#[non_exhaustive]`: a `match` needs a wildcard arm, so a value the spec adds later is not a breaking change.*/
    #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum PushToTalkConnectionType {
        ///`ONE_WAY`
        OneWay,
        ///`TWO_WAY`
        TwoWay,
        ///A value this version of the spec does not list, kept verbatim.
        Unknown(::std::string::String),
    }
    impl PushToTalkConnectionType {
        /// The values the spec lists, as sent on the wire.
        pub const KNOWN_VALUES: &'static [&'static str] = &["ONE_WAY", "TWO_WAY"];
        /// The value as sent on the wire.
        pub fn as_str(&self) -> &str {
            match self {
                Self::OneWay => "ONE_WAY",
                Self::TwoWay => "TWO_WAY",
                Self::Unknown(value) => value.as_str(),
            }
        }
        /// Whether the value is one the spec lists.
        pub fn is_known(&self) -> bool {
            !matches!(self, Self::Unknown(_))
        }
    }
    impl ::std::convert::From<&str> for PushToTalkConnectionType {
        fn from(value: &str) -> Self {
            match value {
                "ONE_WAY" => Self::OneWay,
                "TWO_WAY" => Self::TwoWay,
                other => Self::Unknown(other.to_owned()),
            }
        }
    }
    impl ::std::convert::From<::std::string::String> for PushToTalkConnectionType {
        fn from(value: ::std::string::String) -> Self {
            match value.as_str() {
                "ONE_WAY" => Self::OneWay,
                "TWO_WAY" => Self::TwoWay,
                _ => Self::Unknown(value),
            }
        }
    }
    impl ::std::str::FromStr for PushToTalkConnectionType {
        type Err = ::std::convert::Infallible;
        fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
            Ok(Self::from(value))
        }
    }
    impl ::std::fmt::Display for PushToTalkConnectionType {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }
    impl ::serde::Serialize for PushToTalkConnectionType {
        fn serialize<S: ::serde::Serializer>(
            &self,
            serializer: S,
        ) -> ::std::result::Result<S::Ok, S::Error> {
            serializer.serialize_str(self.as_str())
        }
    }
    impl<'de> ::serde::Deserialize<'de> for PushToTalkConnectionType {
        fn deserialize<D: ::serde::Deserializer<'de>>(
            deserializer: D,
        ) -> ::std::result::Result<Self, D::Error> {
            let value = <::std::string::String as ::serde::Deserialize>::deserialize(
                deserializer,
            )?;
            Ok(Self::from(value))
        }
    }
    /**How the member list is applied. `ALLOW_MEMBERS`: only the members may start
push-to-talk calls to this target. `BLOCK_MEMBERS`: everyone but the members may.

This enum is open: a value that the spec does not list decodes to [`PushToTalkAccessType::Unknown`] and is serialised back exactly as received. It is `#[non_exhaustive]`: a `match` needs a wildcard arm, so a value the spec adds later is not a breaking change.*/
    #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum PushToTalkAccessType {
        ///`ALLOW_MEMBERS`
        AllowMembers,
        ///`BLOCK_MEMBERS`
        BlockMembers,
        ///A value this version of the spec does not list, kept verbatim.
        Unknown(::std::string::String),
    }
    impl PushToTalkAccessType {
        /// The values the spec lists, as sent on the wire.
        pub const KNOWN_VALUES: &'static [&'static str] = &[
            "ALLOW_MEMBERS",
            "BLOCK_MEMBERS",
        ];
        /// The value as sent on the wire.
        pub fn as_str(&self) -> &str {
            match self {
                Self::AllowMembers => "ALLOW_MEMBERS",
                Self::BlockMembers => "BLOCK_MEMBERS",
                Self::Unknown(value) => value.as_str(),
            }
        }
        /// Whether the value is one the spec lists.
        pub fn is_known(&self) -> bool {
            !matches!(self, Self::Unknown(_))
        }
    }
    impl ::std::convert::From<&str> for PushToTalkAccessType {
        fn from(value: &str) -> Self {
            match value {
                "ALLOW_MEMBERS" => Self::AllowMembers,
                "BLOCK_MEMBERS" => Self::BlockMembers,
                other => Self::Unknown(other.to_owned()),
            }
        }
    }
    impl ::std::convert::From<::std::string::String> for PushToTalkAccessType {
        fn from(value: ::std::string::String) -> Self {
            match value.as_str() {
                "ALLOW_MEMBERS" => Self::AllowMembers,
                "BLOCK_MEMBERS" => Self::BlockMembers,
                _ => Self::Unknown(value),
            }
        }
    }
    impl ::std::str::FromStr for PushToTalkAccessType {
        type Err = ::std::convert::Infallible;
        fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
            Ok(Self::from(value))
        }
    }
    impl ::std::fmt::Display for PushToTalkAccessType {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }
    impl ::serde::Serialize for PushToTalkAccessType {
        fn serialize<S: ::serde::Serializer>(
            &self,
            serializer: S,
        ) -> ::std::result::Result<S::Ok, S::Error> {
            serializer.serialize_str(self.as_str())
        }
    }
    impl<'de> ::serde::Deserialize<'de> for PushToTalkAccessType {
        fn deserialize<D: ::serde::Deserializer<'de>>(
            deserializer: D,
        ) -> ::std::result::Result<Self, D::Error> {
            let value = <::std::string::String as ::serde::Deserialize>::deserialize(
                deserializer,
            )?;
            Ok(Self::from(value))
        }
    }
    /**What kind of entity a member is. `PEOPLE`: a person. `PLACE`: a workspace, such
as a shared phone in a common area. `VIRTUAL_LINE`: a virtual line. Push-to-talk
itself only supports people today.

This enum is open: a value that the spec does not list decodes to [`MemberType::Unknown`] and is serialised back exactly as received. It is `#[non_exhaustive]`: a `match` needs a wildcard arm, so a value the spec adds later is not a breaking change.*/
    #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum MemberType {
        ///`PEOPLE`
        People,
        ///`PLACE`
        Place,
        ///`VIRTUAL_LINE`
        VirtualLine,
        ///A value this version of the spec does not list, kept verbatim.
        Unknown(::std::string::String),
    }
    impl MemberType {
        /// The values the spec lists, as sent on the wire.
        pub const KNOWN_VALUES: &'static [&'static str] = &[
            "PEOPLE",
            "PLACE",
            "VIRTUAL_LINE",
        ];
        /// The value as sent on the wire.
        pub fn as_str(&self) -> &str {
            match self {
                Self::People => "PEOPLE",
                Self::Place => "PLACE",
                Self::VirtualLine => "VIRTUAL_LINE",
                Self::Unknown(value) => value.as_str(),
            }
        }
        /// Whether the value is one the spec lists.
        pub fn is_known(&self) -> bool {
            !matches!(self, Self::Unknown(_))
        }
    }
    impl ::std::convert::From<&str> for MemberType {
        fn from(value: &str) -> Self {
            match value {
                "PEOPLE" => Self::People,
                "PLACE" => Self::Place,
                "VIRTUAL_LINE" => Self::VirtualLine,
                other => Self::Unknown(other.to_owned()),
            }
        }
    }
    impl ::std::convert::From<::std::string::String> for MemberType {
        fn from(value: ::std::string::String) -> Self {
            match value.as_str() {
                "PEOPLE" => Self::People,
                "PLACE" => Self::Place,
                "VIRTUAL_LINE" => Self::VirtualLine,
                _ => Self::Unknown(value),
            }
        }
    }
    impl ::std::str::FromStr for MemberType {
        type Err = ::std::convert::Infallible;
        fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
            Ok(Self::from(value))
        }
    }
    impl ::std::fmt::Display for MemberType {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }
    impl ::serde::Serialize for MemberType {
        fn serialize<S: ::serde::Serializer>(
            &self,
            serializer: S,
        ) -> ::std::result::Result<S::Ok, S::Error> {
            serializer.serialize_str(self.as_str())
        }
    }
    impl<'de> ::serde::Deserialize<'de> for MemberType {
        fn deserialize<D: ::serde::Deserializer<'de>>(
            deserializer: D,
        ) -> ::std::result::Result<Self, D::Error> {
            let value = <::std::string::String as ::serde::Deserialize>::deserialize(
                deserializer,
            )?;
            Ok(Self::from(value))
        }
    }
    /// Decodes `value` as the generated type of schema `schema` and
    /// encodes it back; `None` for a schema with no generated type. For
    /// the spec-driven tests; not part of the API.
    #[doc(hidden)]
    pub fn __round_trip(
        schema: &str,
        value: ::serde_json::Value,
    ) -> ::std::option::Option<
        ::std::result::Result<::serde_json::Value, ::serde_json::Error>,
    > {
        match schema {
            "BargeInSettings" => {
                Some(
                    ::serde_json::from_value::<BargeInSettings>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "BargeInSettingsUpdate" => {
                Some(
                    ::serde_json::from_value::<BargeInSettingsUpdate>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "LocationRef" => {
                Some(
                    ::serde_json::from_value::<LocationRef>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "MemberNumber" => {
                Some(
                    ::serde_json::from_value::<MemberNumber>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "MemberType" => {
                Some(
                    ::serde_json::from_value::<MemberType>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "PersonList" => {
                Some(
                    ::serde_json::from_value::<PersonList>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "PersonSummary" => {
                Some(
                    ::serde_json::from_value::<PersonSummary>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "PushToTalkAccessType" => {
                Some(
                    ::serde_json::from_value::<PushToTalkAccessType>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "PushToTalkConnectionType" => {
                Some(
                    ::serde_json::from_value::<PushToTalkConnectionType>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "PushToTalkMember" => {
                Some(
                    ::serde_json::from_value::<PushToTalkMember>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "PushToTalkSettings" => {
                Some(
                    ::serde_json::from_value::<PushToTalkSettings>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "PushToTalkSettingsUpdate" => {
                Some(
                    ::serde_json::from_value::<PushToTalkSettingsUpdate>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "VirtualLineList" => {
                Some(
                    ::serde_json::from_value::<VirtualLineList>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "VirtualLineNumber" => {
                Some(
                    ::serde_json::from_value::<VirtualLineNumber>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "VirtualLineSummary" => {
                Some(
                    ::serde_json::from_value::<VirtualLineSummary>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "WebexError" => {
                Some(
                    ::serde_json::from_value::<WebexError>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "WebexErrorCode" => {
                Some(
                    ::serde_json::from_value::<WebexErrorCode>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "WebexErrorDetail" => {
                Some(
                    ::serde_json::from_value::<WebexErrorDetail>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "WebexErrorDetails" => {
                Some(
                    ::serde_json::from_value::<WebexErrorDetails>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "WebexErrorEntry" => {
                Some(
                    ::serde_json::from_value::<WebexErrorEntry>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "WebexErrorMessage" => {
                Some(
                    ::serde_json::from_value::<WebexErrorMessage>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "WorkspaceBargeInSettingsUpdate" => {
                Some(
                    ::serde_json::from_value::<WorkspaceBargeInSettingsUpdate>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "WorkspaceCalling" => {
                Some(
                    ::serde_json::from_value::<WorkspaceCalling>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "WorkspaceCallingType" => {
                Some(
                    ::serde_json::from_value::<WorkspaceCallingType>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "WorkspaceList" => {
                Some(
                    ::serde_json::from_value::<WorkspaceList>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            "WorkspaceSummary" => {
                Some(
                    ::serde_json::from_value::<WorkspaceSummary>(value)
                        .and_then(::serde_json::to_value),
                )
            }
            _ => None,
        }
    }
}
#[derive(Clone, Debug)]
/**Client for Webex Calling settings

The subset of the Webex Calling configuration API that this project supports:
the barge-in and push-to-talk settings of people, workspaces and virtual lines,
and the list operations that find them.

Every operation accepts an optional `orgId` query parameter, which lets a partner
administrator act on a customer organization, and an optional `TrackingID` request
header that Webex echoes in its logs and error bodies for support cases.

Webex adds enum values and response fields without notice; clients generated from
this document must tolerate both.


Version: 1.0.0*/
pub struct Client {
    pub(crate) baseurl: String,
    pub(crate) client: reqwest::Client,
    pub(crate) inner: crate::RequestContext,
}
impl Client {
    /// Create a new client.
    ///
    /// `baseurl` is the base URL provided to the internal
    /// `reqwest::Client`, and should include a scheme and hostname,
    /// as well as port and a path stem if applicable.
    pub fn new(baseurl: &str, inner: crate::RequestContext) -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        let client = {
            let dur = ::std::time::Duration::from_secs(15u64);
            reqwest::ClientBuilder::new().connect_timeout(dur).timeout(dur)
        };
        #[cfg(target_arch = "wasm32")]
        let client = reqwest::ClientBuilder::new();
        Self::new_with_client(baseurl, client.build().unwrap(), inner)
    }
    /// Construct a new client with an existing `reqwest::Client`,
    /// allowing more control over its configuration.
    ///
    /// `baseurl` is the base URL provided to the internal
    /// `reqwest::Client`, and should include a scheme and hostname,
    /// as well as port and a path stem if applicable.
    pub fn new_with_client(
        baseurl: &str,
        client: reqwest::Client,
        inner: crate::RequestContext,
    ) -> Self {
        Self {
            baseurl: baseurl.to_string(),
            client,
            inner,
        }
    }
}
impl ClientInfo<crate::RequestContext> for Client {
    fn api_version() -> &'static str {
        "1.0.0"
    }
    fn baseurl(&self) -> &str {
        self.baseurl.as_str()
    }
    fn client(&self) -> &reqwest::Client {
        &self.client
    }
    fn inner(&self) -> &crate::RequestContext {
        &self.inner
    }
}
const _: () = {
    #[allow(dead_code)]
    fn assert_client_hooks()
    where
        Client: ClientHooks<crate::RequestContext>,
    {}
};
#[allow(clippy::all)]
impl Client {
    /**Read barge-in settings for a person

Returns whether the person may barge in on, or pick up, a call placed to another
user by dialling a feature access code, and whether other parties hear a warning
tone when that happens. Barge-in works across locations.

Scopes: `spark-admin:people_read` for administrators (full, user or read-only),
or `spark:people_read` for a person reading their own settings.


Sends a `GET` request to `/people/{personId}/features/bargeIn`

Arguments:
- `person_id`: Webex id of the person whose settings are read or changed.
- `org_id`: Organization that owns the person, workspace or virtual line. Only administrators of
another organization, such as partners, need it; without it the token's own
organization is used.

- `tracking_id`: A client-chosen identifier for this request. Webex records it, so quoting it
lets support find the request.

*/
    pub async fn get_person_barge_in<'a>(
        &'a self,
        person_id: &'a str,
        org_id: Option<&'a str>,
        tracking_id: Option<&'a str>,
    ) -> Result<ResponseValue<types::BargeInSettings>, Error<types::WebexError>> {
        let url = match crate::api_url::build(
            &self.baseurl,
            self.inner.base_url(),
            &["people", person_id, "features", "bargeIn"],
        ) {
            Ok(url) => url,
            Err(message) => return Err(Error::InvalidRequest(message)),
        };
        let request = {
            #[allow(unused_mut)]
            let mut request = self
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    const {
                        ::reqwest::header::HeaderValue::from_static("application/json")
                    },
                )
                .optional_query("orgId", &org_id)
                .build()?;
            if let Some(value) = tracking_id {
                request
                    .headers_mut()
                    .append(
                        const {
                            ::reqwest::header::HeaderName::from_static("trackingid")
                        },
                        ::reqwest::header::HeaderValue::try_from(value)?,
                    );
            }
            request
        };
        let info = OperationInfo {
            operation_id: "get_person_barge_in",
        };
        let (status, response) = crate::hooks::send(self, request, &info).await?;
        match status {
            200u16 => crate::hooks::response_value(response).await,
            400u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            409u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            410u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            415u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            423u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            428u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            502u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            503u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            504u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Configure barge-in settings for a person

Changes the person's barge-in settings. Send only the fields to change; fields
left out keep their current value.

Scopes: `spark-admin:people_write` for administrators, or `spark:people_write`
for a person changing their own settings.


Sends a `PUT` request to `/people/{personId}/features/bargeIn`

Arguments:
- `person_id`: Webex id of the person whose settings are read or changed.
- `org_id`: Organization that owns the person, workspace or virtual line. Only administrators of
another organization, such as partners, need it; without it the token's own
organization is used.

- `tracking_id`: A client-chosen identifier for this request. Webex records it, so quoting it
lets support find the request.

- `body`: The barge-in fields to change.
*/
    pub async fn update_person_barge_in<'a>(
        &'a self,
        person_id: &'a str,
        org_id: Option<&'a str>,
        tracking_id: Option<&'a str>,
        body: &'a types::BargeInSettingsUpdate,
    ) -> Result<ResponseValue<()>, Error<types::WebexError>> {
        let url = match crate::api_url::build(
            &self.baseurl,
            self.inner.base_url(),
            &["people", person_id, "features", "bargeIn"],
        ) {
            Ok(url) => url,
            Err(message) => return Err(Error::InvalidRequest(message)),
        };
        let request = {
            #[allow(unused_mut)]
            let mut request = self
                .client
                .put(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    const {
                        ::reqwest::header::HeaderValue::from_static("application/json")
                    },
                )
                .json(&body)
                .optional_query("orgId", &org_id)
                .build()?;
            if let Some(value) = tracking_id {
                request
                    .headers_mut()
                    .append(
                        const {
                            ::reqwest::header::HeaderName::from_static("trackingid")
                        },
                        ::reqwest::header::HeaderValue::try_from(value)?,
                    );
            }
            request
        };
        let info = OperationInfo {
            operation_id: "update_person_barge_in",
        };
        let (status, response) = crate::hooks::send(self, request, &info).await?;
        match status {
            204u16 => Ok(ResponseValue::empty(response)),
            400u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            409u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            410u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            415u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            423u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            428u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            502u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            503u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            504u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Read push-to-talk settings for a virtual line

Returns how the virtual line takes part in push-to-talk, the desk-phone intercom
feature: whether incoming push-to-talk calls are answered automatically, whether
the line can talk back, and which members the access rule applies to.

Scope: `spark-admin:telephony_config_read` (full, user or read-only
administrator).


Sends a `GET` request to `/telephony/config/virtualLines/{virtualLineId}/pushToTalk`

Arguments:
- `virtual_line_id`: Webex id of the virtual line whose settings are read or changed.
- `org_id`: Organization that owns the person, workspace or virtual line. Only administrators of
another organization, such as partners, need it; without it the token's own
organization is used.

- `tracking_id`: A client-chosen identifier for this request. Webex records it, so quoting it
lets support find the request.

*/
    pub async fn get_virtual_line_push_to_talk<'a>(
        &'a self,
        virtual_line_id: &'a str,
        org_id: Option<&'a str>,
        tracking_id: Option<&'a str>,
    ) -> Result<ResponseValue<types::PushToTalkSettings>, Error<types::WebexError>> {
        let url = match crate::api_url::build(
            &self.baseurl,
            self.inner.base_url(),
            &["telephony", "config", "virtualLines", virtual_line_id, "pushToTalk"],
        ) {
            Ok(url) => url,
            Err(message) => return Err(Error::InvalidRequest(message)),
        };
        let request = {
            #[allow(unused_mut)]
            let mut request = self
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    const {
                        ::reqwest::header::HeaderValue::from_static("application/json")
                    },
                )
                .optional_query("orgId", &org_id)
                .build()?;
            if let Some(value) = tracking_id {
                request
                    .headers_mut()
                    .append(
                        const {
                            ::reqwest::header::HeaderName::from_static("trackingid")
                        },
                        ::reqwest::header::HeaderValue::try_from(value)?,
                    );
            }
            request
        };
        let info = OperationInfo {
            operation_id: "get_virtual_line_push_to_talk",
        };
        let (status, response) = crate::hooks::send(self, request, &info).await?;
        match status {
            200u16 => crate::hooks::response_value(response).await,
            400u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            409u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            410u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            415u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            423u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            428u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            502u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            503u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            504u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Configure push-to-talk settings for a virtual line

Changes the virtual line's push-to-talk settings. Send only the fields to
change. When `members` is sent it replaces the whole member list, and it holds
member ids rather than the member objects that the read returns. Webex describes
virtual line members as people only.

Scope: `spark-admin:telephony_config_write` (full or user administrator).


Sends a `PUT` request to `/telephony/config/virtualLines/{virtualLineId}/pushToTalk`

Arguments:
- `virtual_line_id`: Webex id of the virtual line whose settings are read or changed.
- `org_id`: Organization that owns the person, workspace or virtual line. Only administrators of
another organization, such as partners, need it; without it the token's own
organization is used.

- `tracking_id`: A client-chosen identifier for this request. Webex records it, so quoting it
lets support find the request.

- `body`: The push-to-talk fields to change.
*/
    pub async fn update_virtual_line_push_to_talk<'a>(
        &'a self,
        virtual_line_id: &'a str,
        org_id: Option<&'a str>,
        tracking_id: Option<&'a str>,
        body: &'a types::PushToTalkSettingsUpdate,
    ) -> Result<ResponseValue<()>, Error<types::WebexError>> {
        let url = match crate::api_url::build(
            &self.baseurl,
            self.inner.base_url(),
            &["telephony", "config", "virtualLines", virtual_line_id, "pushToTalk"],
        ) {
            Ok(url) => url,
            Err(message) => return Err(Error::InvalidRequest(message)),
        };
        let request = {
            #[allow(unused_mut)]
            let mut request = self
                .client
                .put(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    const {
                        ::reqwest::header::HeaderValue::from_static("application/json")
                    },
                )
                .json(&body)
                .optional_query("orgId", &org_id)
                .build()?;
            if let Some(value) = tracking_id {
                request
                    .headers_mut()
                    .append(
                        const {
                            ::reqwest::header::HeaderName::from_static("trackingid")
                        },
                        ::reqwest::header::HeaderValue::try_from(value)?,
                    );
            }
            request
        };
        let info = OperationInfo {
            operation_id: "update_virtual_line_push_to_talk",
        };
        let (status, response) = crate::hooks::send(self, request, &info).await?;
        match status {
            204u16 => Ok(ResponseValue::empty(response)),
            400u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            409u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            410u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            415u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            423u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            428u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            502u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            503u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            504u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Read barge-in settings for a workspace

Workspace settings can only be read and changed for workspaces with the
professional Webex Calling licence; Webex does not document what a
common-area workspace gets back.

Returns whether the workspace may barge in on, or pick up, a call placed to another
user by dialling a feature access code, and whether other parties hear a warning
tone when that happens.

Scope: `spark-admin:workspaces_read` (full, user or read-only administrator).


Sends a `GET` request to `/telephony/config/workspaces/{workspaceId}/bargeIn`

Arguments:
- `workspace_id`: Webex id of the workspace whose settings are read or changed.
- `org_id`: Organization that owns the person, workspace or virtual line. Only administrators of
another organization, such as partners, need it; without it the token's own
organization is used.

- `tracking_id`: A client-chosen identifier for this request. Webex records it, so quoting it
lets support find the request.

*/
    pub async fn get_workspace_barge_in<'a>(
        &'a self,
        workspace_id: &'a str,
        org_id: Option<&'a str>,
        tracking_id: Option<&'a str>,
    ) -> Result<ResponseValue<types::BargeInSettings>, Error<types::WebexError>> {
        let url = match crate::api_url::build(
            &self.baseurl,
            self.inner.base_url(),
            &["telephony", "config", "workspaces", workspace_id, "bargeIn"],
        ) {
            Ok(url) => url,
            Err(message) => return Err(Error::InvalidRequest(message)),
        };
        let request = {
            #[allow(unused_mut)]
            let mut request = self
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    const {
                        ::reqwest::header::HeaderValue::from_static("application/json")
                    },
                )
                .optional_query("orgId", &org_id)
                .build()?;
            if let Some(value) = tracking_id {
                request
                    .headers_mut()
                    .append(
                        const {
                            ::reqwest::header::HeaderName::from_static("trackingid")
                        },
                        ::reqwest::header::HeaderValue::try_from(value)?,
                    );
            }
            request
        };
        let info = OperationInfo {
            operation_id: "get_workspace_barge_in",
        };
        let (status, response) = crate::hooks::send(self, request, &info).await?;
        match status {
            200u16 => crate::hooks::response_value(response).await,
            400u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            409u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            410u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            415u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            423u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            428u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            502u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            503u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            504u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Configure barge-in settings for a workspace

Workspace settings can only be read and changed for workspaces with the
professional Webex Calling licence; Webex does not document what a
common-area workspace gets back.

Changes the workspace's barge-in settings. Unlike people and virtual lines, a
workspace update must carry `enabled`, even when only the tone changes;
`toneEnabled` left out keeps its current value.

Scope: `spark-admin:workspaces_write` (full or user administrator).


Sends a `PUT` request to `/telephony/config/workspaces/{workspaceId}/bargeIn`

Arguments:
- `workspace_id`: Webex id of the workspace whose settings are read or changed.
- `org_id`: Organization that owns the person, workspace or virtual line. Only administrators of
another organization, such as partners, need it; without it the token's own
organization is used.

- `tracking_id`: A client-chosen identifier for this request. Webex records it, so quoting it
lets support find the request.

- `body`: The barge-in fields to change.
*/
    pub async fn update_workspace_barge_in<'a>(
        &'a self,
        workspace_id: &'a str,
        org_id: Option<&'a str>,
        tracking_id: Option<&'a str>,
        body: &'a types::WorkspaceBargeInSettingsUpdate,
    ) -> Result<ResponseValue<()>, Error<types::WebexError>> {
        let url = match crate::api_url::build(
            &self.baseurl,
            self.inner.base_url(),
            &["telephony", "config", "workspaces", workspace_id, "bargeIn"],
        ) {
            Ok(url) => url,
            Err(message) => return Err(Error::InvalidRequest(message)),
        };
        let request = {
            #[allow(unused_mut)]
            let mut request = self
                .client
                .put(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    const {
                        ::reqwest::header::HeaderValue::from_static("application/json")
                    },
                )
                .json(&body)
                .optional_query("orgId", &org_id)
                .build()?;
            if let Some(value) = tracking_id {
                request
                    .headers_mut()
                    .append(
                        const {
                            ::reqwest::header::HeaderName::from_static("trackingid")
                        },
                        ::reqwest::header::HeaderValue::try_from(value)?,
                    );
            }
            request
        };
        let info = OperationInfo {
            operation_id: "update_workspace_barge_in",
        };
        let (status, response) = crate::hooks::send(self, request, &info).await?;
        match status {
            204u16 => Ok(ResponseValue::empty(response)),
            400u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            409u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            410u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            415u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            423u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            428u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            502u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            503u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            504u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Read barge-in settings for a virtual line

Returns whether the virtual line may barge in on, or pick up, a call placed to another
user by dialling a feature access code, and whether other parties hear a warning
tone when that happens.

Scope: `spark-admin:telephony_config_read` (full, user or read-only administrator).


Sends a `GET` request to `/telephony/config/virtualLines/{virtualLineId}/bargeIn`

Arguments:
- `virtual_line_id`: Webex id of the virtual line whose settings are read or changed.
- `org_id`: Organization that owns the person, workspace or virtual line. Only administrators of
another organization, such as partners, need it; without it the token's own
organization is used.

- `tracking_id`: A client-chosen identifier for this request. Webex records it, so quoting it
lets support find the request.

*/
    pub async fn get_virtual_line_barge_in<'a>(
        &'a self,
        virtual_line_id: &'a str,
        org_id: Option<&'a str>,
        tracking_id: Option<&'a str>,
    ) -> Result<ResponseValue<types::BargeInSettings>, Error<types::WebexError>> {
        let url = match crate::api_url::build(
            &self.baseurl,
            self.inner.base_url(),
            &["telephony", "config", "virtualLines", virtual_line_id, "bargeIn"],
        ) {
            Ok(url) => url,
            Err(message) => return Err(Error::InvalidRequest(message)),
        };
        let request = {
            #[allow(unused_mut)]
            let mut request = self
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    const {
                        ::reqwest::header::HeaderValue::from_static("application/json")
                    },
                )
                .optional_query("orgId", &org_id)
                .build()?;
            if let Some(value) = tracking_id {
                request
                    .headers_mut()
                    .append(
                        const {
                            ::reqwest::header::HeaderName::from_static("trackingid")
                        },
                        ::reqwest::header::HeaderValue::try_from(value)?,
                    );
            }
            request
        };
        let info = OperationInfo {
            operation_id: "get_virtual_line_barge_in",
        };
        let (status, response) = crate::hooks::send(self, request, &info).await?;
        match status {
            200u16 => crate::hooks::response_value(response).await,
            400u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            409u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            410u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            415u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            423u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            428u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            502u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            503u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            504u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Configure barge-in settings for a virtual line

Changes the virtual line's barge-in settings. Send only the fields to change;
fields left out keep their current value.

Scope: `spark-admin:telephony_config_write` (full or user administrator).


Sends a `PUT` request to `/telephony/config/virtualLines/{virtualLineId}/bargeIn`

Arguments:
- `virtual_line_id`: Webex id of the virtual line whose settings are read or changed.
- `org_id`: Organization that owns the person, workspace or virtual line. Only administrators of
another organization, such as partners, need it; without it the token's own
organization is used.

- `tracking_id`: A client-chosen identifier for this request. Webex records it, so quoting it
lets support find the request.

- `body`: The barge-in fields to change.
*/
    pub async fn update_virtual_line_barge_in<'a>(
        &'a self,
        virtual_line_id: &'a str,
        org_id: Option<&'a str>,
        tracking_id: Option<&'a str>,
        body: &'a types::BargeInSettingsUpdate,
    ) -> Result<ResponseValue<()>, Error<types::WebexError>> {
        let url = match crate::api_url::build(
            &self.baseurl,
            self.inner.base_url(),
            &["telephony", "config", "virtualLines", virtual_line_id, "bargeIn"],
        ) {
            Ok(url) => url,
            Err(message) => return Err(Error::InvalidRequest(message)),
        };
        let request = {
            #[allow(unused_mut)]
            let mut request = self
                .client
                .put(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    const {
                        ::reqwest::header::HeaderValue::from_static("application/json")
                    },
                )
                .json(&body)
                .optional_query("orgId", &org_id)
                .build()?;
            if let Some(value) = tracking_id {
                request
                    .headers_mut()
                    .append(
                        const {
                            ::reqwest::header::HeaderName::from_static("trackingid")
                        },
                        ::reqwest::header::HeaderValue::try_from(value)?,
                    );
            }
            request
        };
        let info = OperationInfo {
            operation_id: "update_virtual_line_barge_in",
        };
        let (status, response) = crate::hooks::send(self, request, &info).await?;
        match status {
            204u16 => Ok(ResponseValue::empty(response)),
            400u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            409u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            410u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            415u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            423u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            428u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            502u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            503u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            504u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Read push-to-talk settings for a person

Returns how the person takes part in push-to-talk, the desk-phone intercom
feature: whether incoming push-to-talk calls are answered automatically, whether
the person can talk back, and which members the access rule applies to.

Scope: `spark-admin:people_read` (full, user or read-only administrator).


Sends a `GET` request to `/people/{personId}/features/pushToTalk`

Arguments:
- `person_id`: Webex id of the person whose settings are read or changed.
- `org_id`: Organization that owns the person, workspace or virtual line. Only administrators of
another organization, such as partners, need it; without it the token's own
organization is used.

- `tracking_id`: A client-chosen identifier for this request. Webex records it, so quoting it
lets support find the request.

*/
    pub async fn get_person_push_to_talk<'a>(
        &'a self,
        person_id: &'a str,
        org_id: Option<&'a str>,
        tracking_id: Option<&'a str>,
    ) -> Result<ResponseValue<types::PushToTalkSettings>, Error<types::WebexError>> {
        let url = match crate::api_url::build(
            &self.baseurl,
            self.inner.base_url(),
            &["people", person_id, "features", "pushToTalk"],
        ) {
            Ok(url) => url,
            Err(message) => return Err(Error::InvalidRequest(message)),
        };
        let request = {
            #[allow(unused_mut)]
            let mut request = self
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    const {
                        ::reqwest::header::HeaderValue::from_static("application/json")
                    },
                )
                .optional_query("orgId", &org_id)
                .build()?;
            if let Some(value) = tracking_id {
                request
                    .headers_mut()
                    .append(
                        const {
                            ::reqwest::header::HeaderName::from_static("trackingid")
                        },
                        ::reqwest::header::HeaderValue::try_from(value)?,
                    );
            }
            request
        };
        let info = OperationInfo {
            operation_id: "get_person_push_to_talk",
        };
        let (status, response) = crate::hooks::send(self, request, &info).await?;
        match status {
            200u16 => crate::hooks::response_value(response).await,
            400u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            409u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            410u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            415u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            423u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            428u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            502u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            503u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            504u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Configure push-to-talk settings for a person

Changes the person's push-to-talk settings. Send only the fields to
change. When `members` is sent it replaces the whole member list, and it holds
member ids rather than the member objects that the read returns.

Scope: `spark-admin:people_write` (full or user administrator).


Sends a `PUT` request to `/people/{personId}/features/pushToTalk`

Arguments:
- `person_id`: Webex id of the person whose settings are read or changed.
- `org_id`: Organization that owns the person, workspace or virtual line. Only administrators of
another organization, such as partners, need it; without it the token's own
organization is used.

- `tracking_id`: A client-chosen identifier for this request. Webex records it, so quoting it
lets support find the request.

- `body`: The push-to-talk fields to change.
*/
    pub async fn update_person_push_to_talk<'a>(
        &'a self,
        person_id: &'a str,
        org_id: Option<&'a str>,
        tracking_id: Option<&'a str>,
        body: &'a types::PushToTalkSettingsUpdate,
    ) -> Result<ResponseValue<()>, Error<types::WebexError>> {
        let url = match crate::api_url::build(
            &self.baseurl,
            self.inner.base_url(),
            &["people", person_id, "features", "pushToTalk"],
        ) {
            Ok(url) => url,
            Err(message) => return Err(Error::InvalidRequest(message)),
        };
        let request = {
            #[allow(unused_mut)]
            let mut request = self
                .client
                .put(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    const {
                        ::reqwest::header::HeaderValue::from_static("application/json")
                    },
                )
                .json(&body)
                .optional_query("orgId", &org_id)
                .build()?;
            if let Some(value) = tracking_id {
                request
                    .headers_mut()
                    .append(
                        const {
                            ::reqwest::header::HeaderName::from_static("trackingid")
                        },
                        ::reqwest::header::HeaderValue::try_from(value)?,
                    );
            }
            request
        };
        let info = OperationInfo {
            operation_id: "update_person_push_to_talk",
        };
        let (status, response) = crate::hooks::send(self, request, &info).await?;
        match status {
            204u16 => Ok(ResponseValue::empty(response)),
            400u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            409u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            410u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            415u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            423u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            428u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            502u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            503u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            504u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Read push-to-talk settings for a workspace

Workspace settings can only be read and changed for workspaces with the
professional Webex Calling licence; Webex does not document what a
common-area workspace gets back.

Returns how the workspace takes part in push-to-talk, the desk-phone intercom
feature: whether incoming push-to-talk calls are answered automatically, whether
the workspace can talk back, and which members the access rule applies to.

Scope: `spark-admin:workspaces_read` (full, user or read-only administrator).


Sends a `GET` request to `/telephony/config/workspaces/{workspaceId}/pushToTalk`

Arguments:
- `workspace_id`: Webex id of the workspace whose settings are read or changed.
- `org_id`: Organization that owns the person, workspace or virtual line. Only administrators of
another organization, such as partners, need it; without it the token's own
organization is used.

- `tracking_id`: A client-chosen identifier for this request. Webex records it, so quoting it
lets support find the request.

*/
    pub async fn get_workspace_push_to_talk<'a>(
        &'a self,
        workspace_id: &'a str,
        org_id: Option<&'a str>,
        tracking_id: Option<&'a str>,
    ) -> Result<ResponseValue<types::PushToTalkSettings>, Error<types::WebexError>> {
        let url = match crate::api_url::build(
            &self.baseurl,
            self.inner.base_url(),
            &["telephony", "config", "workspaces", workspace_id, "pushToTalk"],
        ) {
            Ok(url) => url,
            Err(message) => return Err(Error::InvalidRequest(message)),
        };
        let request = {
            #[allow(unused_mut)]
            let mut request = self
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    const {
                        ::reqwest::header::HeaderValue::from_static("application/json")
                    },
                )
                .optional_query("orgId", &org_id)
                .build()?;
            if let Some(value) = tracking_id {
                request
                    .headers_mut()
                    .append(
                        const {
                            ::reqwest::header::HeaderName::from_static("trackingid")
                        },
                        ::reqwest::header::HeaderValue::try_from(value)?,
                    );
            }
            request
        };
        let info = OperationInfo {
            operation_id: "get_workspace_push_to_talk",
        };
        let (status, response) = crate::hooks::send(self, request, &info).await?;
        match status {
            200u16 => crate::hooks::response_value(response).await,
            400u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            409u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            410u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            415u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            423u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            428u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            502u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            503u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            504u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Configure push-to-talk settings for a workspace

Workspace settings can only be read and changed for workspaces with the
professional Webex Calling licence; Webex does not document what a
common-area workspace gets back.

Changes the workspace's push-to-talk settings. Send only the fields to
change. When `members` is sent it replaces the whole member list, and it holds
member ids rather than the member objects that the read returns. Webex describes
workspace members as people only.

Scope: `spark-admin:workspaces_write` (full or user administrator).


Sends a `PUT` request to `/telephony/config/workspaces/{workspaceId}/pushToTalk`

Arguments:
- `workspace_id`: Webex id of the workspace whose settings are read or changed.
- `org_id`: Organization that owns the person, workspace or virtual line. Only administrators of
another organization, such as partners, need it; without it the token's own
organization is used.

- `tracking_id`: A client-chosen identifier for this request. Webex records it, so quoting it
lets support find the request.

- `body`: The push-to-talk fields to change.
*/
    pub async fn update_workspace_push_to_talk<'a>(
        &'a self,
        workspace_id: &'a str,
        org_id: Option<&'a str>,
        tracking_id: Option<&'a str>,
        body: &'a types::PushToTalkSettingsUpdate,
    ) -> Result<ResponseValue<()>, Error<types::WebexError>> {
        let url = match crate::api_url::build(
            &self.baseurl,
            self.inner.base_url(),
            &["telephony", "config", "workspaces", workspace_id, "pushToTalk"],
        ) {
            Ok(url) => url,
            Err(message) => return Err(Error::InvalidRequest(message)),
        };
        let request = {
            #[allow(unused_mut)]
            let mut request = self
                .client
                .put(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    const {
                        ::reqwest::header::HeaderValue::from_static("application/json")
                    },
                )
                .json(&body)
                .optional_query("orgId", &org_id)
                .build()?;
            if let Some(value) = tracking_id {
                request
                    .headers_mut()
                    .append(
                        const {
                            ::reqwest::header::HeaderName::from_static("trackingid")
                        },
                        ::reqwest::header::HeaderValue::try_from(value)?,
                    );
            }
            request
        };
        let info = OperationInfo {
            operation_id: "update_workspace_push_to_talk",
        };
        let (status, response) = crate::hooks::send(self, request, &info).await?;
        match status {
            204u16 => Ok(ResponseValue::empty(response)),
            400u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            409u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            410u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            415u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            423u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            428u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            502u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            503u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            504u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**List people

Lists the people of the organization, one page at a time. With
`callingData=true` each person carries a `locationId` when they have Webex
Calling, which is how to tell calling users from the rest.

Paging: a page carries a `Link` header with `rel="next"` while more people
remain; follow that URL as given. Webex caps `max` silently: at most 100 with
`callingData=true`, at most 50 with `locationId`. Large `callingData` pages
have been seen to time out with 504; ask for smaller pages when that happens.

Scope: `spark-admin:people_read` (full, user or read-only administrator).


Sends a `GET` request to `/people`

Arguments:
- `calling_data`: Include Webex Calling fields (`locationId`) in each item.
- `display_name`: Only people whose display name starts with this text.
- `email`: Only the person with this email address.
- `id`: Only these people (a comma-separated list of at most 85 person ids).
- `location_id`: Only people in this Webex Calling location.
- `max`: Page size. Webex caps it silently per endpoint (see the operation), so a page
may hold fewer items than asked for even when more remain.

- `org_id`: Organization that owns the person, workspace or virtual line. Only administrators of
another organization, such as partners, need it; without it the token's own
organization is used.

- `tracking_id`: A client-chosen identifier for this request. Webex records it, so quoting it
lets support find the request.

*/
    pub async fn list_people<'a>(
        &'a self,
        calling_data: Option<bool>,
        display_name: Option<&'a str>,
        email: Option<&'a str>,
        id: Option<&'a str>,
        location_id: Option<&'a str>,
        max: Option<::std::num::NonZeroU64>,
        org_id: Option<&'a str>,
        tracking_id: Option<&'a str>,
    ) -> Result<ResponseValue<types::PersonList>, Error<types::WebexError>> {
        let url = match crate::api_url::build(
            &self.baseurl,
            self.inner.base_url(),
            &["people"],
        ) {
            Ok(url) => url,
            Err(message) => return Err(Error::InvalidRequest(message)),
        };
        let request = {
            #[allow(unused_mut)]
            let mut request = self
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    const {
                        ::reqwest::header::HeaderValue::from_static("application/json")
                    },
                )
                .optional_query("callingData", &calling_data)
                .optional_query("displayName", &display_name)
                .optional_query("email", &email)
                .optional_query("id", &id)
                .optional_query("locationId", &location_id)
                .optional_query("max", &max)
                .optional_query("orgId", &org_id)
                .build()?;
            if let Some(value) = tracking_id {
                request
                    .headers_mut()
                    .append(
                        const {
                            ::reqwest::header::HeaderName::from_static("trackingid")
                        },
                        ::reqwest::header::HeaderValue::try_from(value)?,
                    );
            }
            request
        };
        let info = OperationInfo {
            operation_id: "list_people",
        };
        let (status, response) = crate::hooks::send(self, request, &info).await?;
        match status {
            200u16 => crate::hooks::response_value(response).await,
            400u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            409u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            410u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            415u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            423u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            428u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            502u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            503u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            504u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**List workspaces

Lists the workspaces of the organization, one page at a time. A workspace
has Webex Calling when its `calling.type` is `webexCalling`; filter with
`calling=webexCalling` to list only those.

Paging: `start` and `max`, and a `Link` header with `rel="next"` while more
workspaces remain; follow that URL as given.

Scope: `spark-admin:workspaces_read` (full, user or read-only administrator).


Sends a `GET` request to `/workspaces`

Arguments:
- `calling`: Only workspaces with this calling type.
- `location_id`: Only workspaces in this location.
- `max`: Page size. Webex caps it silently per endpoint (see the operation), so a page
may hold fewer items than asked for even when more remain.

- `org_id`: Organization that owns the person, workspace or virtual line. Only administrators of
another organization, such as partners, need it; without it the token's own
organization is used.

- `start`: Offset of the first item of the page; the `Link` header carries it for later pages.
- `tracking_id`: A client-chosen identifier for this request. Webex records it, so quoting it
lets support find the request.

*/
    pub async fn list_workspaces<'a>(
        &'a self,
        calling: Option<&'a crate::types::WorkspaceCallingType>,
        location_id: Option<&'a str>,
        max: Option<::std::num::NonZeroU64>,
        org_id: Option<&'a str>,
        start: Option<i64>,
        tracking_id: Option<&'a str>,
    ) -> Result<ResponseValue<types::WorkspaceList>, Error<types::WebexError>> {
        let url = match crate::api_url::build(
            &self.baseurl,
            self.inner.base_url(),
            &["workspaces"],
        ) {
            Ok(url) => url,
            Err(message) => return Err(Error::InvalidRequest(message)),
        };
        let request = {
            #[allow(unused_mut)]
            let mut request = self
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    const {
                        ::reqwest::header::HeaderValue::from_static("application/json")
                    },
                )
                .optional_query("calling", &calling)
                .optional_query("locationId", &location_id)
                .optional_query("max", &max)
                .optional_query("orgId", &org_id)
                .optional_query("start", &start)
                .build()?;
            if let Some(value) = tracking_id {
                request
                    .headers_mut()
                    .append(
                        const {
                            ::reqwest::header::HeaderName::from_static("trackingid")
                        },
                        ::reqwest::header::HeaderValue::try_from(value)?,
                    );
            }
            request
        };
        let info = OperationInfo {
            operation_id: "list_workspaces",
        };
        let (status, response) = crate::hooks::send(self, request, &info).await?;
        match status {
            200u16 => crate::hooks::response_value(response).await,
            400u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            409u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            410u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            415u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            423u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            428u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            502u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            503u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            504u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**List virtual lines

Lists the virtual lines of the organization, one page at a time. Every
virtual line has Webex Calling.

Paging: `start` and `max`, and a `Link` header with `rel="next"` while more
virtual lines remain; follow that URL as given.

Scope: `spark-admin:telephony_config_read` (full, user or read-only
administrator).


Sends a `GET` request to `/telephony/config/virtualLines`

Arguments:
- `location_id`: Only virtual lines in this location.
- `max`: Page size. Webex caps it silently per endpoint (see the operation), so a page
may hold fewer items than asked for even when more remain.

- `org_id`: Organization that owns the person, workspace or virtual line. Only administrators of
another organization, such as partners, need it; without it the token's own
organization is used.

- `start`: Offset of the first item of the page; the `Link` header carries it for later pages.
- `tracking_id`: A client-chosen identifier for this request. Webex records it, so quoting it
lets support find the request.

*/
    pub async fn list_virtual_lines<'a>(
        &'a self,
        location_id: Option<&'a str>,
        max: Option<::std::num::NonZeroU64>,
        org_id: Option<&'a str>,
        start: Option<i64>,
        tracking_id: Option<&'a str>,
    ) -> Result<ResponseValue<types::VirtualLineList>, Error<types::WebexError>> {
        let url = match crate::api_url::build(
            &self.baseurl,
            self.inner.base_url(),
            &["telephony", "config", "virtualLines"],
        ) {
            Ok(url) => url,
            Err(message) => return Err(Error::InvalidRequest(message)),
        };
        let request = {
            #[allow(unused_mut)]
            let mut request = self
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    const {
                        ::reqwest::header::HeaderValue::from_static("application/json")
                    },
                )
                .optional_query("locationId", &location_id)
                .optional_query("max", &max)
                .optional_query("orgId", &org_id)
                .optional_query("start", &start)
                .build()?;
            if let Some(value) = tracking_id {
                request
                    .headers_mut()
                    .append(
                        const {
                            ::reqwest::header::HeaderName::from_static("trackingid")
                        },
                        ::reqwest::header::HeaderValue::try_from(value)?,
                    );
            }
            request
        };
        let info = OperationInfo {
            operation_id: "list_virtual_lines",
        };
        let (status, response) = crate::hooks::send(self, request, &info).await?;
        match status {
            200u16 => crate::hooks::response_value(response).await,
            400u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            409u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            410u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            415u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            423u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            428u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            502u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            503u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            504u16 => {
                Err(Error::ErrorResponse(crate::hooks::response_value(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
}
/// Items consumers will typically use such as the Client.
pub mod prelude {
    #[allow(unused_imports)]
    pub use super::Client;
}
/// One marker type per setting the spec defines, each implementing
/// [`Setting`](crate::Setting): its body types, the kinds of target it
/// exists for, its fields, and the generated operations behind it.
pub mod settings {
    ///Barge-in: read as [`BargeInSettings`](crate::types::BargeInSettings), changed with [`BargeInSettingsUpdate`](crate::types::BargeInSettingsUpdate); for people, workspaces and virtual lines.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct BargeIn;
    impl crate::setting::sealed::Sealed for BargeIn {}
    impl crate::setting::Setting for BargeIn {
        type Settings = crate::types::BargeInSettings;
        type Update = crate::types::BargeInSettingsUpdate;
        const NAME: &'static str = "barge-in";
        const KINDS: &'static [crate::Kind] = &[
            crate::Kind::Person,
            crate::Kind::Workspace,
            crate::Kind::VirtualLine,
        ];
        const FIELDS: &'static [crate::setting::Field] = &[
            crate::setting::Field {
                name: "enabled",
                column: "enabled",
                flag: "enabled",
                kind: crate::setting::FieldKind::Bool,
                required_for: &[crate::Kind::Workspace],
                member_kinds: &[],
                description: "Turn the barge-in feature on or off.",
            },
            crate::setting::Field {
                name: "toneEnabled",
                column: "tone_enabled",
                flag: "tone-enabled",
                kind: crate::setting::FieldKind::Bool,
                required_for: &[],
                member_kinds: &[],
                description: "Turn the barge-in warning tone on or off.",
            },
        ];
        #[allow(clippy::manual_async_fn)]
        fn read<'a>(
            client: &'a crate::Client,
            kind: crate::Kind,
            id: &'a str,
            org_id: ::std::option::Option<&'a str>,
            tracking_id: ::std::option::Option<&'a str>,
        ) -> impl ::std::future::Future<
            Output = ::std::result::Result<Self::Settings, crate::setting::BoxedError>,
        > + Send + 'a {
            async move {
                match kind {
                    crate::Kind::Person => {
                        match client.get_person_barge_in(id, org_id, tracking_id).await {
                            Ok(value) => Ok(value.into_inner()),
                            Err(error) => Err(::std::boxed::Box::new(error)),
                        }
                    }
                    crate::Kind::Workspace => {
                        match client
                            .get_workspace_barge_in(id, org_id, tracking_id)
                            .await
                        {
                            Ok(value) => Ok(value.into_inner()),
                            Err(error) => Err(::std::boxed::Box::new(error)),
                        }
                    }
                    crate::Kind::VirtualLine => {
                        match client
                            .get_virtual_line_barge_in(id, org_id, tracking_id)
                            .await
                        {
                            Ok(value) => Ok(value.into_inner()),
                            Err(error) => Err(::std::boxed::Box::new(error)),
                        }
                    }
                }
            }
        }
        #[allow(clippy::manual_async_fn)]
        fn write<'a>(
            client: &'a crate::Client,
            kind: crate::Kind,
            id: &'a str,
            org_id: ::std::option::Option<&'a str>,
            tracking_id: ::std::option::Option<&'a str>,
            update: &'a Self::Update,
        ) -> impl ::std::future::Future<
            Output = ::std::result::Result<(), crate::setting::BoxedError>,
        > + Send + 'a {
            async move {
                match kind {
                    crate::Kind::Person => {
                        crate::setting::no_content(
                            client
                                .update_person_barge_in(id, org_id, tracking_id, update)
                                .await,
                        )
                    }
                    crate::Kind::Workspace => {
                        let body: crate::types::WorkspaceBargeInSettingsUpdate = crate::setting::convert(
                            Self::NAME,
                            kind,
                            update,
                        )?;
                        crate::setting::no_content(
                            client
                                .update_workspace_barge_in(id, org_id, tracking_id, &body)
                                .await,
                        )
                    }
                    crate::Kind::VirtualLine => {
                        crate::setting::no_content(
                            client
                                .update_virtual_line_barge_in(
                                    id,
                                    org_id,
                                    tracking_id,
                                    update,
                                )
                                .await,
                        )
                    }
                }
            }
        }
    }
    ///Push-to-talk: read as [`PushToTalkSettings`](crate::types::PushToTalkSettings), changed with [`PushToTalkSettingsUpdate`](crate::types::PushToTalkSettingsUpdate); for people, workspaces and virtual lines.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct PushToTalk;
    impl crate::setting::sealed::Sealed for PushToTalk {}
    impl crate::setting::Setting for PushToTalk {
        type Settings = crate::types::PushToTalkSettings;
        type Update = crate::types::PushToTalkSettingsUpdate;
        const NAME: &'static str = "push-to-talk";
        const KINDS: &'static [crate::Kind] = &[
            crate::Kind::Person,
            crate::Kind::Workspace,
            crate::Kind::VirtualLine,
        ];
        const FIELDS: &'static [crate::setting::Field] = &[
            crate::setting::Field {
                name: "allowAutoAnswer",
                column: "allow_auto_answer",
                flag: "allow-auto-answer",
                kind: crate::setting::FieldKind::Bool,
                required_for: &[],
                member_kinds: &[],
                description: "Answer incoming push-to-talk calls automatically, or not.",
            },
            crate::setting::Field {
                name: "connectionType",
                column: "connection_type",
                flag: "connection-type",
                kind: crate::setting::FieldKind::Enum(&["ONE_WAY", "TWO_WAY"]),
                required_for: &[],
                member_kinds: &[],
                description: "Direction of a push-to-talk conversation. `ONE_WAY`: the caller talks and this\nline only listens. `TWO_WAY`: both sides can talk.",
            },
            crate::setting::Field {
                name: "accessType",
                column: "access_type",
                flag: "access-type",
                kind: crate::setting::FieldKind::Enum(
                    &["ALLOW_MEMBERS", "BLOCK_MEMBERS"],
                ),
                required_for: &[],
                member_kinds: &[],
                description: "How the member list is applied. `ALLOW_MEMBERS`: only the members may start\npush-to-talk calls to this target. `BLOCK_MEMBERS`: everyone but the members may.",
            },
            crate::setting::Field {
                name: "members",
                column: "members",
                flag: "members",
                kind: crate::setting::FieldKind::Ids,
                required_for: &[],
                member_kinds: &[
                    (crate::Kind::Workspace, &[crate::Kind::Person]),
                    (crate::Kind::VirtualLine, &[crate::Kind::Person]),
                ],
                description: "Ids of the people, workspaces or virtual lines that make up the new member list.",
            },
        ];
        #[allow(clippy::manual_async_fn)]
        fn read<'a>(
            client: &'a crate::Client,
            kind: crate::Kind,
            id: &'a str,
            org_id: ::std::option::Option<&'a str>,
            tracking_id: ::std::option::Option<&'a str>,
        ) -> impl ::std::future::Future<
            Output = ::std::result::Result<Self::Settings, crate::setting::BoxedError>,
        > + Send + 'a {
            async move {
                match kind {
                    crate::Kind::Person => {
                        match client
                            .get_person_push_to_talk(id, org_id, tracking_id)
                            .await
                        {
                            Ok(value) => Ok(value.into_inner()),
                            Err(error) => Err(::std::boxed::Box::new(error)),
                        }
                    }
                    crate::Kind::Workspace => {
                        match client
                            .get_workspace_push_to_talk(id, org_id, tracking_id)
                            .await
                        {
                            Ok(value) => Ok(value.into_inner()),
                            Err(error) => Err(::std::boxed::Box::new(error)),
                        }
                    }
                    crate::Kind::VirtualLine => {
                        match client
                            .get_virtual_line_push_to_talk(id, org_id, tracking_id)
                            .await
                        {
                            Ok(value) => Ok(value.into_inner()),
                            Err(error) => Err(::std::boxed::Box::new(error)),
                        }
                    }
                }
            }
        }
        #[allow(clippy::manual_async_fn)]
        fn write<'a>(
            client: &'a crate::Client,
            kind: crate::Kind,
            id: &'a str,
            org_id: ::std::option::Option<&'a str>,
            tracking_id: ::std::option::Option<&'a str>,
            update: &'a Self::Update,
        ) -> impl ::std::future::Future<
            Output = ::std::result::Result<(), crate::setting::BoxedError>,
        > + Send + 'a {
            async move {
                match kind {
                    crate::Kind::Person => {
                        crate::setting::no_content(
                            client
                                .update_person_push_to_talk(id, org_id, tracking_id, update)
                                .await,
                        )
                    }
                    crate::Kind::Workspace => {
                        crate::setting::no_content(
                            client
                                .update_workspace_push_to_talk(
                                    id,
                                    org_id,
                                    tracking_id,
                                    update,
                                )
                                .await,
                        )
                    }
                    crate::Kind::VirtualLine => {
                        crate::setting::no_content(
                            client
                                .update_virtual_line_push_to_talk(
                                    id,
                                    org_id,
                                    tracking_id,
                                    update,
                                )
                                .await,
                        )
                    }
                }
            }
        }
    }
}
/// How many settings the spec defines.
pub const SETTING_COUNT: usize = 2usize;
/// Calls `$callback! { (Marker, accessor, "name", "doc"), ... }` with every
/// setting the spec defines, for crates that write one item per setting
/// (accessors, subcommands). The markers are in
/// `webex_calling_client::settings`; bring them into scope first.
#[doc(hidden)]
#[macro_export]
macro_rules! for_each_setting {
    ($callback:ident) => {
        $callback ! { (BargeIn, barge_in, "barge-in",
        "Barge-in settings of people, workspaces and virtual lines."), (PushToTalk,
        push_to_talk, "push-to-talk",
        "Push-to-talk settings of people, workspaces and virtual lines.") }
    };
}
