//! What the crate does with any setting, by the field table the spec gives
//! it ([`Setting::FIELDS`]): the minimal update between two states, a desired
//! state merged into one, and the checks made before anything is sent. No
//! code here names a setting: a setting added to the spec gets all of it.
//!
//! The work is done on the JSON form of the bodies, which is what the field
//! table describes; a state is a few fields, so the conversion costs
//! microseconds against a request's milliseconds.

use crate::members::{self, MemberEdit};
use crate::{Error, Kind, KindError};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use webex_calling_client::{Field, FieldKind, Setting};

fn to_object<T: Serialize>(what: &str, value: &T) -> Result<Map<String, Value>, Error> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(Error::invalid_input(format!("{what} is not a JSON object"))),
        Err(error) => Err(Error::invalid_input(format!(
            "{what} cannot be encoded: {error}"
        ))),
    }
}

fn from_object<T: DeserializeOwned>(what: &str, map: Map<String, Value>) -> Result<T, Error> {
    serde_json::from_value(Value::Object(map))
        .map_err(|error| Error::invalid_input(format!("{what} is not valid: {error}")))
}

/// The list a member-list field holds (absent: Webex leaves out empty lists).
fn list(value: Option<&Value>) -> &[Value] {
    match value {
        Some(Value::Array(items)) => items,
        _ => &[],
    }
}

/// A field's value as the update body carries it: member objects become ids.
fn sent_value(kind: FieldKind, value: Option<&Value>) -> Result<Value, Error> {
    Ok(match kind {
        FieldKind::Ids => Value::Array(
            members::ids(list(value))?
                .into_iter()
                .map(Value::String)
                .collect(),
        ),
        _ => value.cloned().unwrap_or(Value::Null),
    })
}

/// The fields of `S` in which the JSON object `after` differs from
/// `before`: member lists compared order-blind, by id.
fn differing<S: Setting>(
    before: &Map<String, Value>,
    after: &Map<String, Value>,
) -> impl Iterator<Item = &'static Field> {
    S::FIELDS.iter().filter(move |field| {
        let (old, new) = (before.get(field.name), after.get(field.name));
        match field.kind {
            FieldKind::Ids => !members::same(list(old), list(new)),
            _ => old != new,
        }
    })
}

/// The fields in which `after` differs from `before`, member lists compared
/// order-blind, by id: what a change from one to the other changes. A field
/// an update carries only because Webex requires it (a workspace barge-in's
/// `enabled`) is not among them when its value stays.
///
/// ```
/// use webex_calling::{BargeIn, changed_fields, types::BargeInSettings};
/// let before = BargeInSettings::new(true, true);
/// let mut after = before.clone();
/// after.tone_enabled = false;
/// let names: Vec<_> = changed_fields::<BargeIn>(&before, &after)?
///     .iter()
///     .map(|field| field.name)
///     .collect();
/// assert_eq!(names, ["toneEnabled"]);
/// # Ok::<(), webex_calling::Error>(())
/// ```
pub fn changed_fields<S: Setting>(
    before: &S::Settings,
    after: &S::Settings,
) -> Result<Vec<&'static Field>, Error> {
    let before = to_object("the settings as read", before)?;
    let after = to_object("the edited settings", after)?;
    Ok(differing::<S>(&before, &after).collect())
}

/// The update carrying exactly the fields in which `after` differs from
/// `before` (see [`changed_fields`]), plus the fields `kind` requires
/// whenever anything is sent; `None` when nothing differs. Unknown fields
/// (`extra`) have no place in the update: the server keeps them because a
/// PUT changes only the fields it carries.
pub(crate) fn diff<S: Setting>(
    kind: Kind,
    before: &S::Settings,
    after: &S::Settings,
) -> Result<Option<S::Update>, Error> {
    let before = to_object("the settings as read", before)?;
    let after = to_object("the edited settings", after)?;
    let mut update = Map::new();
    for field in differing::<S>(&before, &after) {
        let value = sent_value(field.kind, after.get(field.name))?;
        if !value.is_null() {
            update.insert(field.name.to_owned(), value);
        }
    }
    if update.is_empty() {
        return Ok(None);
    }
    for field in S::FIELDS {
        if field.required_for.contains(&kind)
            && !update.contains_key(field.name)
            && let Some(value) = after.get(field.name)
        {
            update.insert(field.name.to_owned(), sent_value(field.kind, Some(value))?);
        }
    }
    from_object("the update", update).map(Some)
}

/// Brings `settings` to the desired state: every field `values` carries is
/// set (a member list order-blind, so members already present keep their
/// names and position), then `members` is applied to the member list.
pub(crate) fn merge<S: Setting>(
    settings: &mut S::Settings,
    values: &S::Update,
    edit: &MemberEdit,
) -> Result<(), Error> {
    let wanted = to_object("the desired values", values)?;
    if wanted.is_empty() && edit.is_empty() {
        return Ok(());
    }
    let mut current = to_object("the settings as read", settings)?;
    for (name, value) in wanted {
        let kind = S::FIELDS.iter().find(|f| f.name == name).map(|f| f.kind);
        if kind == Some(FieldKind::Ids) {
            let ids = match &value {
                Value::Array(ids) => ids
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
                _ => Vec::new(),
            };
            edit_list(&mut current, &name, &MemberEdit::replace(ids));
        } else {
            current.insert(name, value);
        }
    }
    if !edit.is_empty() {
        match S::FIELDS.iter().find(|f| f.kind == FieldKind::Ids) {
            Some(field) => edit_list(&mut current, field.name, edit),
            None => {
                return Err(Error::invalid_input(format!(
                    "the {} setting has no member list to add or remove members",
                    S::NAME
                )));
            }
        }
    }
    *settings = from_object("the merged settings", current)?;
    Ok(())
}

fn edit_list(object: &mut Map<String, Value>, field: &str, edit: &MemberEdit) {
    let mut entries = list(object.get(field)).to_vec();
    edit.apply(&mut entries);
    object.insert(field.to_owned(), Value::Array(entries));
}

/// Rejects, before sending, an update Webex would refuse: a setting the kind
/// does not have, a field the kind requires left out, an empty member id.
pub(crate) fn check_update<S: Setting>(kind: Kind, update: &S::Update) -> Result<(), Error> {
    check_kind::<S>(kind)?;
    let fields = to_object("the update", update)?;
    for field in S::FIELDS {
        match fields.get(field.name) {
            None if field.required_for.contains(&kind) => {
                return Err(Error::invalid_input(format!(
                    "a {kind} {} update must carry `{}` (Webex requires it); \
                     use modify(), which always sends the current value",
                    S::NAME,
                    field.name
                )));
            }
            Some(Value::Array(ids))
                if field.kind == FieldKind::Ids
                    && ids
                        .iter()
                        .any(|id| id.as_str().is_none_or(|id| id.trim().is_empty())) =>
            {
                return Err(Error::invalid_input(format!(
                    "a {} member id is empty",
                    S::NAME
                )));
            }
            Some(Value::Array(ids)) if field.kind == FieldKind::Ids => {
                check_members::<S>(field, kind, ids.iter().filter_map(Value::as_str))?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Rejects, before anything is read or sent, a desired state Webex would
/// refuse for a `kind` target: a setting the kind does not have, an unsound
/// member edit, a member it does not take there (see [`check_members`]).
pub(crate) fn check_desired<S: Setting>(
    kind: Kind,
    values: &S::Update,
    edit: &MemberEdit,
) -> Result<(), Error> {
    check_kind::<S>(kind)?;
    edit.check()?;
    let values = to_object("the desired values", values)?;
    for field in S::FIELDS.iter().filter(|f| f.kind == FieldKind::Ids) {
        let listed = list(values.get(field.name))
            .iter()
            .filter_map(Value::as_str);
        let edited = edit.replace.iter().flatten().chain(&edit.add);
        check_members::<S>(field, kind, listed.chain(edited.map(String::as_str)))?;
    }
    Ok(())
}

/// Rejects a member id of `field` Webex would refuse for a `kind` target:
/// one that decodes to something that is no target (a location), or to a
/// kind the spec's `x-member-kinds` leaves out (Webex takes only people as
/// a workspace's push-to-talk members). An id that does not decode passes:
/// Webex calls ids opaque.
fn check_members<'a, S: Setting>(
    field: &Field,
    kind: Kind,
    ids: impl IntoIterator<Item = &'a str>,
) -> Result<(), Error> {
    let allowed = field
        .member_kinds
        .iter()
        .find(|(limited, _)| *limited == kind)
        .map(|(_, allowed)| *allowed);
    for id in ids {
        let member = match Kind::resolve(id, None) {
            Ok(member) => member,
            Err(KindError::Unknown) => continue,
            Err(error) => {
                return Err(Error::invalid_input(format!(
                    "member {id} cannot be a {} member: {error}",
                    S::NAME
                )));
            }
        };
        if let Some(allowed) = allowed.filter(|allowed| !allowed.contains(&member)) {
            let allowed = allowed.iter().map(|k| k.as_str()).collect::<Vec<_>>();
            return Err(Error::invalid_input(format!(
                "member {id} is a {member}, but Webex takes only {} members for a {kind}'s {}; \
                 leave it out",
                allowed.join(" or "),
                S::NAME
            )));
        }
    }
    Ok(())
}

/// Refuses a setting on a kind of target the spec does not define it for.
pub(crate) fn check_kind<S: Setting>(kind: Kind) -> Result<(), Error> {
    if S::exists_for(kind) {
        return Ok(());
    }
    let kinds = S::KINDS
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    Err(Error::invalid_input(format!(
        "{} {} settings do not exist: Webex has them for {kinds} only",
        kind.as_str(),
        S::NAME
    )))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]
    use super::*;
    use crate::settings::{BargeIn, PushToTalk};
    use crate::types::{BargeInSettings, PushToTalkSettings};
    use serde_json::json;

    fn barge_in(enabled: bool, tone: bool) -> BargeInSettings {
        BargeInSettings::new(enabled, tone)
    }

    #[test]
    fn diff_carries_the_changed_fields_and_what_the_kind_requires() {
        let update = diff::<BargeIn>(Kind::Person, &barge_in(true, true), &barge_in(true, false))
            .expect("diffable")
            .expect("a change");
        assert_eq!((update.enabled, update.tone_enabled), (None, Some(false)));
        let update = diff::<BargeIn>(
            Kind::Workspace,
            &barge_in(true, true),
            &barge_in(true, false),
        )
        .expect("diffable")
        .expect("a change");
        assert_eq!(
            (update.enabled, update.tone_enabled),
            (Some(true), Some(false))
        );
        assert!(
            diff::<BargeIn>(
                Kind::Workspace,
                &barge_in(true, true),
                &barge_in(true, true)
            )
            .expect("diffable")
            .is_none()
        );
    }

    #[test]
    fn member_lists_diff_order_blind_and_merge_keeping_objects() {
        let read: PushToTalkSettings = serde_json::from_value(json!({
            "allowAutoAnswer": true, "connectionType": "ONE_WAY", "accessType": "ALLOW_MEMBERS",
            "members": [{"id": "A", "displayName": "Alice"}, {"id": "B"}],
            "newField": 1
        }))
        .expect("a read body");
        let mut wanted = crate::types::PushToTalkSettingsUpdate::default();
        wanted.members = Some(vec!["B".into(), "A".into()]);
        let mut after = read.clone();
        merge::<PushToTalk>(&mut after, &wanted, &MemberEdit::default()).expect("merges");
        assert_eq!(after, read, "same members in another order is no change");
        assert!(
            diff::<PushToTalk>(Kind::Person, &read, &after)
                .expect("diffable")
                .is_none()
        );

        let edit = MemberEdit {
            add: vec!["C".into()],
            ..MemberEdit::default()
        };
        merge::<PushToTalk>(&mut after, &Default::default(), &edit).expect("merges");
        let update = diff::<PushToTalk>(Kind::Person, &read, &after)
            .expect("diffable")
            .expect("a change");
        assert_eq!(
            update.members,
            Some(vec!["A".into(), "B".into(), "C".into()])
        );
        assert_eq!(update.allow_auto_answer, None);
        assert_eq!(after.members[0].display_name.as_deref(), Some("Alice"));
        assert_eq!(after.extra.get("newField"), Some(&json!(1)));
    }

    #[test]
    fn checks_name_what_is_wrong() {
        let update = crate::types::BargeInSettingsUpdate::default();
        let error = check_update::<BargeIn>(Kind::Workspace, &update).expect_err("enabled missing");
        assert!(error.to_string().contains("`enabled`"), "{error}");
        assert!(check_update::<BargeIn>(Kind::Person, &update).is_ok());
        let mut update = crate::types::PushToTalkSettingsUpdate::default();
        update.members = Some(vec![" ".into()]);
        assert!(check_update::<PushToTalk>(Kind::Person, &update).is_err());
    }

    #[test]
    fn members_webex_refuses_for_the_target_are_named_before_sending() {
        let workspace = "Y2lzY29zcGFyazovL3VzL1BMQUNFLzEyMzQ";
        let location = "Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OLzE";
        let person = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8x";
        let members = |ids: &[&str]| {
            let mut update = crate::types::PushToTalkSettingsUpdate::default();
            update.members = Some(ids.iter().map(|id| (*id).to_owned()).collect());
            update
        };
        for kind in [Kind::Workspace, Kind::VirtualLine] {
            let error = check_update::<PushToTalk>(kind, &members(&[person, workspace]))
                .expect_err("a workspace is no member of a workspace or virtual line");
            assert!(error.to_string().contains(workspace), "{error}");
            assert!(error.to_string().contains("only person members"), "{error}");
            // Opaque ids pass: Webex calls ids opaque.
            assert!(check_update::<PushToTalk>(kind, &members(&[person, "opaque"])).is_ok());
        }
        assert!(check_update::<PushToTalk>(Kind::Person, &members(&[workspace])).is_ok());
        let error = check_update::<PushToTalk>(Kind::Person, &members(&[location]))
            .expect_err("a location is no member");
        assert!(error.to_string().contains("a location"), "{error}");
    }
}
