//! The settings this crate manages, as one trait: each setting declares its
//! body types, which generated operation serves it for each [`Kind`], and how
//! to diff two states. Everything else (targets, retries, read-modify-write,
//! bulk, the CLI) is written once over this trait.
//!
//! Adding a kind or setting of an existing shape is one match arm per
//! operation here, after the spec and `cargo xtask codegen`.

use crate::members::{self, MemberEdit};
use crate::types::{
    BargeInSettings, BargeInSettingsUpdate, PushToTalkMember, PushToTalkSettings,
    PushToTalkSettingsUpdate, WebexError, WorkspaceBargeInSettingsUpdate,
};
use crate::{Error, Kind};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt::Debug;
use std::future::Future;
use webex_calling_client::{Client, ResponseValue};

/// What one HTTP exchange of the generated client returns, body already unwrapped.
pub type Exchange<T> = Result<T, webex_calling_client::Error<WebexError>>;

mod sealed {
    pub trait Sealed {}
}

/// A setting that exists for people, workspaces and virtual lines: barge-in
/// ([`BargeIn`]) or push-to-talk ([`PushToTalk`]).
///
/// Used as a type parameter: `webex.person(id).setting::<BargeIn>()` is
/// `webex.person(id).barge_in()`. Sealed: the operations behind it come from
/// the spec.
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

    /// The update carrying exactly the fields in which `after` differs from
    /// `before` (member lists compared order-blind), or `None` when nothing
    /// differs. `kind` matters where Webex requires a field for one kind
    /// (workspace barge-in always carries `enabled`).
    fn diff(
        kind: Kind,
        before: &Self::Settings,
        after: &Self::Settings,
    ) -> Result<Option<Self::Update>, Error>;

    /// Sets every field `desired` carries in `settings` (a desired state,
    /// e.g. a row of a snapshot). A member list is applied order-blind, so
    /// members already present keep their names and position.
    fn merge(settings: &mut Self::Settings, desired: &Self::Update);

    /// The member list, for settings that have one.
    fn members_mut(settings: &mut Self::Settings) -> Option<&mut Vec<PushToTalkMember>>;

    /// Rejects an update Webex would refuse for this kind, before sending it.
    fn check_update(kind: Kind, update: &Self::Update) -> Result<(), Error>;

    #[doc(hidden)]
    fn read<'a>(
        client: &'a Client,
        kind: Kind,
        id: &'a str,
        org_id: Option<&'a str>,
        tracking_id: &'a str,
    ) -> impl Future<Output = Exchange<Self::Settings>> + Send + 'a;

    #[doc(hidden)]
    fn write<'a>(
        client: &'a Client,
        kind: Kind,
        id: &'a str,
        org_id: Option<&'a str>,
        tracking_id: &'a str,
        update: &'a Self::Update,
    ) -> impl Future<Output = Exchange<()>> + Send + 'a;
}

/// Barge-in: whether a target may barge in on calls with a feature access
/// code, and whether a warning tone plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BargeIn;

/// Push-to-talk: connection type, auto-answer, and who may (or may not)
/// start push-to-talk calls to the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PushToTalk;

impl sealed::Sealed for BargeIn {}
impl sealed::Sealed for PushToTalk {}

fn changed<T: PartialEq + Clone>(before: &T, after: &T) -> Option<T> {
    (before != after).then(|| after.clone())
}

impl Setting for BargeIn {
    type Settings = BargeInSettings;
    type Update = BargeInSettingsUpdate;
    const NAME: &'static str = "barge-in";

    // Unknown fields (`extra`) have no place in the update body; the server
    // keeps them because a PUT only changes the fields it carries.
    fn diff(
        kind: Kind,
        before: &Self::Settings,
        after: &Self::Settings,
    ) -> Result<Option<Self::Update>, Error> {
        let mut update = BargeInSettingsUpdate {
            enabled: changed(&before.enabled, &after.enabled),
            tone_enabled: changed(&before.tone_enabled, &after.tone_enabled),
        };
        if update == BargeInSettingsUpdate::default() {
            return Ok(None);
        }
        if kind == Kind::Workspace {
            update.enabled = Some(after.enabled);
        }
        Ok(Some(update))
    }

    fn merge(settings: &mut Self::Settings, desired: &Self::Update) {
        if let Some(enabled) = desired.enabled {
            settings.enabled = enabled;
        }
        if let Some(tone_enabled) = desired.tone_enabled {
            settings.tone_enabled = tone_enabled;
        }
    }

    fn members_mut(_: &mut Self::Settings) -> Option<&mut Vec<PushToTalkMember>> {
        None
    }

    fn check_update(kind: Kind, update: &Self::Update) -> Result<(), Error> {
        if kind == Kind::Workspace && update.enabled.is_none() {
            return Err(Error::invalid_input(
                "a workspace barge-in update must carry `enabled` (Webex requires it); \
                 use modify(), which always sends the current value",
            ));
        }
        Ok(())
    }

    async fn read(
        client: &Client,
        kind: Kind,
        id: &str,
        org_id: Option<&str>,
        tracking_id: &str,
    ) -> Exchange<Self::Settings> {
        let tracking_id = Some(tracking_id);
        match kind {
            Kind::Person => client.get_person_barge_in(id, org_id, tracking_id).await,
            Kind::Workspace => client.get_workspace_barge_in(id, org_id, tracking_id).await,
            Kind::VirtualLine => {
                client
                    .get_virtual_line_barge_in(id, org_id, tracking_id)
                    .await
            }
        }
        .map(ResponseValue::into_inner)
    }

    async fn write(
        client: &Client,
        kind: Kind,
        id: &str,
        org_id: Option<&str>,
        tracking_id: &str,
        update: &Self::Update,
    ) -> Exchange<()> {
        let tracking_id = Some(tracking_id);
        let result = match kind {
            Kind::Person => {
                client
                    .update_person_barge_in(id, org_id, tracking_id, update)
                    .await
            }
            Kind::Workspace => {
                let body = WorkspaceBargeInSettingsUpdate {
                    // `check_update` ran before: `enabled` is there.
                    enabled: update.enabled.ok_or_else(|| {
                        webex_calling_client::Error::InvalidRequest(
                            "a workspace barge-in update must carry `enabled`".to_owned(),
                        )
                    })?,
                    tone_enabled: update.tone_enabled,
                };
                client
                    .update_workspace_barge_in(id, org_id, tracking_id, &body)
                    .await
            }
            Kind::VirtualLine => {
                client
                    .update_virtual_line_barge_in(id, org_id, tracking_id, update)
                    .await
            }
        };
        no_content(result)
    }
}

impl Setting for PushToTalk {
    type Settings = PushToTalkSettings;
    type Update = PushToTalkSettingsUpdate;
    const NAME: &'static str = "push-to-talk";

    // Members are compared by id and order-blind: the PUT takes ids and
    // replaces the list, and Webex does not promise an order.
    fn diff(
        _: Kind,
        before: &Self::Settings,
        after: &Self::Settings,
    ) -> Result<Option<Self::Update>, Error> {
        let members = if members::same(&before.members, &after.members) {
            None
        } else {
            Some(members::ids(&after.members)?)
        };
        let update = PushToTalkSettingsUpdate {
            access_type: changed(&before.access_type, &after.access_type),
            allow_auto_answer: changed(&before.allow_auto_answer, &after.allow_auto_answer),
            connection_type: changed(&before.connection_type, &after.connection_type),
            members,
        };
        Ok((update != PushToTalkSettingsUpdate::default()).then_some(update))
    }

    fn merge(settings: &mut Self::Settings, desired: &Self::Update) {
        if let Some(value) = desired.allow_auto_answer {
            settings.allow_auto_answer = value;
        }
        if let Some(value) = &desired.connection_type {
            settings.connection_type = value.clone();
        }
        if let Some(value) = &desired.access_type {
            settings.access_type = value.clone();
        }
        if let Some(ids) = &desired.members {
            MemberEdit::replace(ids.clone()).apply(&mut settings.members);
        }
    }

    fn members_mut(settings: &mut Self::Settings) -> Option<&mut Vec<PushToTalkMember>> {
        Some(&mut settings.members)
    }

    fn check_update(_: Kind, update: &Self::Update) -> Result<(), Error> {
        if let Some(members) = &update.members
            && members.iter().any(|id| id.trim().is_empty())
        {
            return Err(Error::invalid_input("a push-to-talk member id is empty"));
        }
        Ok(())
    }

    async fn read(
        client: &Client,
        kind: Kind,
        id: &str,
        org_id: Option<&str>,
        tracking_id: &str,
    ) -> Exchange<Self::Settings> {
        let tracking_id = Some(tracking_id);
        match kind {
            Kind::Person => {
                client
                    .get_person_push_to_talk(id, org_id, tracking_id)
                    .await
            }
            Kind::Workspace => {
                client
                    .get_workspace_push_to_talk(id, org_id, tracking_id)
                    .await
            }
            Kind::VirtualLine => {
                client
                    .get_virtual_line_push_to_talk(id, org_id, tracking_id)
                    .await
            }
        }
        .map(ResponseValue::into_inner)
    }

    async fn write(
        client: &Client,
        kind: Kind,
        id: &str,
        org_id: Option<&str>,
        tracking_id: &str,
        update: &Self::Update,
    ) -> Exchange<()> {
        let tracking_id = Some(tracking_id);
        no_content(match kind {
            Kind::Person => {
                client
                    .update_person_push_to_talk(id, org_id, tracking_id, update)
                    .await
            }
            Kind::Workspace => {
                client
                    .update_workspace_push_to_talk(id, org_id, tracking_id, update)
                    .await
            }
            Kind::VirtualLine => {
                client
                    .update_virtual_line_push_to_talk(id, org_id, tracking_id, update)
                    .await
            }
        })
    }
}

/// The outcome of a configure call, which answers 204 with no body.
///
/// Some gateways answer 200 instead of the documented 204; progenitor reports
/// that as an unexpected response, but the change was made, so it is success.
// The error is progenitor's own type passed straight through; boxing it here
// would only add an allocation on the error path.
#[allow(clippy::result_large_err)]
fn no_content(result: Exchange<ResponseValue<()>>) -> Exchange<()> {
    match result {
        Ok(_) => Ok(()),
        Err(webex_calling_client::Error::UnexpectedResponse(response))
            if response.status().is_success() =>
        {
            Ok(())
        }
        Err(error) => Err(error),
    }
}
