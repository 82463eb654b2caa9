//! What a setting is, as the spec defines it: the trait every generated
//! marker in [`settings`](crate::settings) implements, and the field table
//! that lets other crates diff, merge, print and parse any setting without
//! code of their own per setting.

use crate::types::WebexError;
use crate::{Client, Error, Kind, ResponseValue};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt::Debug;
use std::future::Future;

/// The error of [`Setting::read`] and [`Setting::write`]: the operation's
/// error, boxed. Unboxed (296 bytes), every `Result` on a call's way out is
/// copied whole at each step, on success too.
pub(crate) type BoxedError = Box<Error<WebexError>>;

pub(crate) mod sealed {
    /// Only the generated markers are settings: the operations behind them
    /// come from the spec.
    pub trait Sealed {}
}

/// A setting of people, workspaces or virtual lines, as the spec defines it:
/// its body types, the kinds it exists for, its fields and the generated
/// operations that read and change it. Implemented by the markers in
/// [`settings`](crate::settings), one per setting; sealed.
///
/// ```
/// use webex_calling_client::{Kind, Setting, settings::BargeIn};
/// assert_eq!(BargeIn::NAME, "barge-in");
/// assert!(BargeIn::KINDS.contains(&Kind::Workspace));
/// assert!(BargeIn::FIELDS.iter().any(|field| field.name == "toneEnabled"));
/// ```
pub trait Setting: sealed::Sealed + Sized + Send + Sync + 'static {
    /// The settings as read.
    type Settings: Clone + PartialEq + Debug + Serialize + DeserializeOwned + Send + Sync + 'static;
    /// The body that changes them: every field optional, absent = unchanged.
    type Update: Clone
        + PartialEq
        + Debug
        + Default
        + Serialize
        + DeserializeOwned
        + Send
        + Sync
        + 'static;

    /// The setting's name as commands and messages use it: `barge-in`, `push-to-talk`.
    const NAME: &'static str;
    /// The kinds of target the setting exists for, in [`Kind::ALL`] order.
    const KINDS: &'static [Kind];
    /// The fields an update can carry, in the spec's order.
    const FIELDS: &'static [Field];

    /// Whether the setting exists for `kind`.
    fn exists_for(kind: Kind) -> bool {
        Self::KINDS.contains(&kind)
    }

    /// Reads the settings of target `id` of `kind` with the generated
    /// operation for that kind.
    fn read<'a>(
        client: &'a Client,
        kind: Kind,
        id: &'a str,
        org_id: Option<&'a str>,
        tracking_id: Option<&'a str>,
    ) -> impl Future<Output = Result<Self::Settings, Box<Error<WebexError>>>> + Send + 'a;

    /// Sends `update` to target `id` of `kind` with the generated operation
    /// for that kind (converted to that kind's own body where it has one).
    fn write<'a>(
        client: &'a Client,
        kind: Kind,
        id: &'a str,
        org_id: Option<&'a str>,
        tracking_id: Option<&'a str>,
        update: &'a Self::Update,
    ) -> impl Future<Output = Result<(), Box<Error<WebexError>>>> + Send + 'a;
}

/// One field of a setting's update body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Field {
    /// The name on the wire: `toneEnabled`.
    pub name: &'static str,
    /// The name as a table or csv column: `tone_enabled`.
    pub column: &'static str,
    /// The name as a command-line flag, without dashes: `tone-enabled`.
    pub flag: &'static str,
    /// What values it takes.
    pub kind: FieldKind,
    /// The kinds whose update body requires the field (Webex requires
    /// `enabled` in a workspace's barge-in update): a change sent to them
    /// always carries it.
    pub required_for: &'static [Kind],
    /// For a member list ([`FieldKind::Ids`]): the target kinds whose
    /// update takes only some kinds of members, and those kinds (the
    /// spec's `x-member-kinds` on the update: Webex takes people only as a
    /// workspace's or a virtual line's push-to-talk members). A kind not
    /// named here takes any member.
    pub member_kinds: &'static [(Kind, &'static [Kind])],
    /// The spec's description.
    pub description: &'static str,
}

/// What values a [`Field`] takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FieldKind {
    /// `true` or `false`.
    Bool,
    /// A string.
    Text,
    /// A whole number.
    Integer,
    /// A number.
    Number,
    /// One of these strings (an open enum: Webex may send others).
    Enum(&'static [&'static str]),
    /// A member list: read as objects with an `id`, sent as the ids; a list
    /// replaces the whole list, and order does not matter.
    Ids,
    /// Any other JSON value, compared and sent whole.
    Json,
}

/// The error of an operation on a kind the setting does not exist for.
// Called by generated code only for a setting that lacks some kind.
#[allow(dead_code)]
pub(crate) fn absent(setting: &str, kind: Kind) -> BoxedError {
    Box::new(Error::InvalidRequest(format!(
        "the {setting} setting does not exist for a {kind}; the spec defines no operation for it"
    )))
}

/// The common update as the body type of a kind that has its own.
// The error is progenitor's own type, as the operations return it.
#[allow(clippy::result_large_err)]
pub(crate) fn convert<U: Serialize, B: DeserializeOwned>(
    setting: &str,
    kind: Kind,
    update: &U,
) -> Result<B, Error<WebexError>> {
    serde_json::to_value(update)
        .and_then(serde_json::from_value)
        .map_err(|error| {
            Error::InvalidRequest(format!(
                "this {setting} update cannot be sent to a {kind}: {error}"
            ))
        })
}

/// The outcome of a configure call, which answers 204 with no body.
///
/// Some gateways answer 200 instead of the documented 204; progenitor reports
/// that as an unexpected response, but the change was made, so it is success.
pub(crate) fn no_content(
    result: Result<ResponseValue<()>, Error<WebexError>>,
) -> Result<(), BoxedError> {
    match result {
        Ok(_) => Ok(()),
        Err(Error::UnexpectedResponse(response)) if response.status().is_success() => Ok(()),
        Err(error) => Err(Box::new(error)),
    }
}

impl FieldKind {
    /// For an enum, the listed value `value` names when read loosely (any
    /// case, `-` or space for `_`, spaces around): `one-way` -> `ONE_WAY`.
    /// `None` for another kind, or a value that names none.
    ///
    /// ```
    /// use webex_calling_client::FieldKind;
    /// let kind = FieldKind::Enum(&["ONE_WAY", "TWO_WAY"]);
    /// assert_eq!(kind.spelling_of(" one-way"), Some("ONE_WAY"));
    /// assert_eq!(kind.spelling_of("PRIVATE"), None);
    /// ```
    pub fn spelling_of(&self, value: &str) -> Option<&'static str> {
        let Self::Enum(values) = self else {
            return None;
        };
        let loose = |text: &str| -> String {
            text.trim()
                .chars()
                .map(|c| match c {
                    '-' | ' ' => '_',
                    c => c.to_ascii_lowercase(),
                })
                .collect()
        };
        let wanted = loose(value);
        values.iter().copied().find(|known| loose(known) == wanted)
    }
}
