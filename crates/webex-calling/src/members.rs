//! Member lists (push-to-talk's, and any setting field of kind
//! [`FieldKind::Ids`](crate::FieldKind::Ids)): edits (replace, add, remove)
//! and the order-blind comparison that decides whether a list changed. One
//! home for these rules, used by `modify`, desired-state apply and `wxc`.

use crate::Error;
use crate::types::PushToTalkMember;
use serde_json::Value;
use std::collections::HashSet;

mod sealed {
    pub trait Sealed {}
}

/// An entry of a member list as read: something with an id. Implemented for
/// the generated [`PushToTalkMember`] and for a JSON object (how the crate
/// edits the member list of any setting); sealed.
pub trait MemberEntry: sealed::Sealed + Clone {
    /// The member's id, when it has one.
    fn member_id(&self) -> Option<&str>;
    /// An entry holding only `id` (Webex fills in the rest on the next read).
    fn with_id(id: &str) -> Self;
}

impl sealed::Sealed for PushToTalkMember {}
impl sealed::Sealed for Value {}

impl MemberEntry for PushToTalkMember {
    fn member_id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    fn with_id(id: &str) -> Self {
        member(id)
    }
}

impl MemberEntry for Value {
    fn member_id(&self) -> Option<&str> {
        self.get("id").and_then(Value::as_str)
    }

    fn with_id(id: &str) -> Self {
        serde_json::json!({ "id": id })
    }
}

/// A member entry holding only an id, for adding members in `modify` (the
/// update body carries only ids; Webex fills in names on the next read).
///
/// ```
/// let member = webex_calling::member("PERSON_ID");
/// assert_eq!(member.id.as_deref(), Some("PERSON_ID"));
/// ```
pub fn member(id: impl Into<String>) -> PushToTalkMember {
    let mut member = PushToTalkMember::default();
    member.id = Some(id.into());
    member
}

/// A change to a member list, by member id.
///
/// Applied in this order: `replace` (the whole list; members already present
/// keep their read objects and order, so naming the same members in another
/// order is no change; a member read without an id cannot be named and is
/// kept), then `remove`, then `add` (already-present members are left alone).
///
/// ```
/// use webex_calling::{MemberEdit, member};
/// let mut members = vec![member("A"), member("B")];
/// MemberEdit { add: vec!["C".into()], remove: vec!["A".into()], ..Default::default() }
///     .apply(&mut members);
/// let ids: Vec<_> = members.iter().map(|m| m.id.as_deref().unwrap_or("")).collect();
/// assert_eq!(ids, ["B", "C"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberEdit {
    /// The whole new list (empty clears it); `None` keeps the current list.
    pub replace: Option<Vec<String>>,
    /// Members to add.
    pub add: Vec<String>,
    /// Members to remove; absent ones are ignored.
    pub remove: Vec<String>,
}

impl MemberEdit {
    /// An edit that replaces the list with `ids`.
    ///
    /// ```
    /// let edit = webex_calling::MemberEdit::replace(vec!["A".into()]);
    /// assert_eq!(edit.replace, Some(vec!["A".to_owned()]));
    /// ```
    pub fn replace(ids: Vec<String>) -> Self {
        Self {
            replace: Some(ids),
            ..Self::default()
        }
    }

    /// Whether the edit changes nothing whatever the list.
    ///
    /// ```
    /// assert!(webex_calling::MemberEdit::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.replace.is_none() && self.add.is_empty() && self.remove.is_empty()
    }

    /// Rejects blank ids and an id both added and removed, naming it.
    ///
    /// ```
    /// let edit = webex_calling::MemberEdit {
    ///     add: vec!["A".into()], remove: vec!["A".into()], ..Default::default()
    /// };
    /// assert!(edit.check().is_err());
    /// ```
    pub fn check(&self) -> Result<(), Error> {
        let all = self
            .replace
            .iter()
            .flatten()
            .chain(&self.add)
            .chain(&self.remove);
        if all.clone().any(|id| id.trim().is_empty()) {
            return Err(Error::invalid_input("a member id is empty"));
        }
        if let Some(id) = self.add.iter().find(|id| self.remove.contains(id)) {
            return Err(Error::invalid_input(format!(
                "member {id} is both added and removed; drop one of the two"
            )));
        }
        Ok(())
    }

    /// Applies the edit to a member list as read.
    pub fn apply<M: MemberEntry>(&self, members: &mut Vec<M>) {
        if let Some(wanted) = &self.replace {
            // A member without an id cannot be named, so a list that names
            // members keeps it as read (sending such a list then fails,
            // naming the problem, rather than dropping the member).
            let unnamed = members.iter().filter(|m| m.member_id().is_none()).cloned();
            let target: Vec<M> = unnamed
                .chain(dedup(wanted).map(|id| {
                    members
                        .iter()
                        .find(|m| m.member_id() == Some(id))
                        .cloned()
                        .unwrap_or_else(|| M::with_id(id))
                }))
                .collect();
            if !same(members, &target) {
                *members = target;
            }
        }
        if !self.remove.is_empty() {
            members.retain(|m| {
                !m.member_id()
                    .is_some_and(|id| self.remove.iter().any(|r| r == id))
            });
        }
        for id in dedup(&self.add) {
            if !members.iter().any(|m| m.member_id() == Some(id)) {
                members.push(M::with_id(id));
            }
        }
    }
}

fn dedup(ids: &[String]) -> impl Iterator<Item = &str> {
    let mut seen = HashSet::new();
    ids.iter()
        .map(String::as_str)
        .filter(move |id| seen.insert(*id))
}

/// Whether two member lists hold the same members, in any order.
pub(crate) fn same<M: MemberEntry>(a: &[M], b: &[M]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut a_ids: Vec<Option<&str>> = a.iter().map(M::member_id).collect();
    let mut b_ids: Vec<Option<&str>> = b.iter().map(M::member_id).collect();
    a_ids.sort_unstable();
    b_ids.sort_unstable();
    a_ids == b_ids
}

/// The member ids of a list, as the update body carries them.
pub(crate) fn ids<M: MemberEntry>(members: &[M]) -> Result<Vec<String>, Error> {
    members
        .iter()
        .map(|m| {
            m.member_id()
                .filter(|id| !id.trim().is_empty())
                .map(str::to_owned)
                .ok_or_else(|| {
                    Error::invalid_input(
                        "a member has no id, so the member list cannot be sent; \
                         give every member an id (see webex_calling::member)",
                    )
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]
    use super::*;

    fn list(ids: &[&str]) -> Vec<PushToTalkMember> {
        ids.iter().map(|id| member(*id)).collect()
    }

    fn ids_of(members: &[PushToTalkMember]) -> Vec<&str> {
        members.iter().filter_map(|m| m.id.as_deref()).collect()
    }

    #[test]
    fn replace_with_same_set_keeps_order_and_objects() {
        let mut members = list(&["A", "B"]);
        members[0].display_name = Some("Alice".into());
        MemberEdit::replace(vec!["B".into(), "A".into()]).apply(&mut members);
        assert_eq!(ids_of(&members), ["A", "B"]);
        assert_eq!(members[0].display_name.as_deref(), Some("Alice"));
    }

    #[test]
    fn replace_add_remove() {
        let mut members = list(&["A", "B"]);
        MemberEdit::replace(vec!["C".into(), "A".into(), "C".into()]).apply(&mut members);
        assert_eq!(ids_of(&members), ["C", "A"]);

        let mut members = list(&["A", "B"]);
        MemberEdit {
            add: vec!["B".into(), "C".into(), "C".into()],
            remove: vec!["A".into(), "Z".into()],
            ..MemberEdit::default()
        }
        .apply(&mut members);
        assert_eq!(ids_of(&members), ["B", "C"]);

        let mut members = list(&["A"]);
        MemberEdit::replace(vec![]).apply(&mut members);
        assert!(members.is_empty());
    }

    #[test]
    fn same_is_order_blind_but_counts() {
        assert!(same(&list(&["A", "B"]), &list(&["B", "A"])));
        assert!(!same(&list(&["A", "B"]), &list(&["A"])));
        assert!(!same(&list(&["A", "A"]), &list(&["A", "B"])));
    }

    #[test]
    fn check_names_the_problem() {
        let edit = MemberEdit {
            add: vec!["X".into()],
            remove: vec!["X".into()],
            ..MemberEdit::default()
        };
        let message = edit.check().expect_err("add and remove of X").to_string();
        assert!(message.contains("member X"), "{message}");
        assert!(MemberEdit::replace(vec![" ".into()]).check().is_err());
        assert!(MemberEdit::replace(vec!["A".into()]).check().is_ok());
    }
}
