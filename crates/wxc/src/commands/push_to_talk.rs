//! `push-to-talk set`: the wanted values and how they apply.

use super::Flavor;
use std::collections::HashSet;
use webex_calling::types::{
    PushToTalkAccessType, PushToTalkConnectionType, PushToTalkMember, PushToTalkSettings,
};

/// How many member names the table shows before "+N more".
const TABLE_MEMBERS: usize = 3;

/// The values `push-to-talk set` asks for; `None` or empty leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushToTalkChange {
    /// `--auto-answer`.
    pub auto_answer: Option<bool>,
    /// `--connection`.
    pub connection: Option<PushToTalkConnectionType>,
    /// `--access`.
    pub access: Option<PushToTalkAccessType>,
    /// `--members`: the whole member list, by id (empty clears it).
    pub members: Option<Vec<String>>,
    /// `--add-member`.
    pub add: Vec<String>,
    /// `--remove-member`.
    pub remove: Vec<String>,
}

impl PushToTalkChange {
    /// Whether any field was asked for.
    pub fn is_empty(&self) -> bool {
        self.auto_answer.is_none()
            && self.connection.is_none()
            && self.access.is_none()
            && self.members.is_none()
            && self.add.is_empty()
            && self.remove.is_empty()
    }

    /// Edits settings as read. Members already on the line keep their read
    /// objects (names, numbers) so the output shows who they are; order is
    /// kept when `--members` names the same people, so a reordered list is
    /// not a change.
    pub fn apply(&self, settings: &mut PushToTalkSettings) {
        if let Some(value) = self.auto_answer {
            settings.allow_auto_answer = value;
        }
        if let Some(value) = &self.connection {
            settings.connection_type = value.clone();
        }
        if let Some(value) = &self.access {
            settings.access_type = value.clone();
        }
        if let Some(wanted) = &self.members {
            let current: HashSet<&str> = settings
                .members
                .iter()
                .filter_map(|m| m.id.as_deref())
                .collect();
            let same = current.len() == settings.members.len()
                && wanted.len() == current.len()
                && wanted.iter().all(|id| current.contains(id.as_str()));
            if !same {
                let members = wanted
                    .iter()
                    .map(|id| {
                        settings
                            .members
                            .iter()
                            .find(|m| m.id.as_deref() == Some(id.as_str()))
                            .cloned()
                            .unwrap_or_else(|| webex_calling::member(id.clone()))
                    })
                    .collect();
                settings.members = members;
            }
        }
        if !self.remove.is_empty() {
            settings.members.retain(|m| {
                !m.id
                    .as_deref()
                    .is_some_and(|id| self.remove.iter().any(|r| r == id))
            });
        }
        for id in &self.add {
            if !settings
                .members
                .iter()
                .any(|m| m.id.as_deref() == Some(id.as_str()))
            {
                settings.members.push(webex_calling::member(id.clone()));
            }
        }
    }
}

pub(super) fn cells(settings: &PushToTalkSettings, flavor: Flavor) -> Vec<String> {
    vec![
        settings.allow_auto_answer.to_string(),
        settings.connection_type.as_str().to_owned(),
        settings.access_type.as_str().to_owned(),
        members(&settings.members, flavor),
    ]
}

fn members(members: &[PushToTalkMember], flavor: Flavor) -> String {
    match flavor {
        Flavor::Csv => members
            .iter()
            .map(|m| m.id.as_deref().unwrap_or(""))
            .collect::<Vec<_>>()
            .join(";"),
        Flavor::Table => {
            if members.is_empty() {
                return "(none)".to_owned();
            }
            let mut names: Vec<String> = members.iter().take(TABLE_MEMBERS).map(name).collect();
            if members.len() > TABLE_MEMBERS {
                names.push(format!("+{} more", members.len() - TABLE_MEMBERS));
            }
            names.join(", ")
        }
    }
}

fn name(member: &PushToTalkMember) -> String {
    if let Some(name) = member
        .display_name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
    {
        return name.to_owned();
    }
    let full = [member.first_name.as_deref(), member.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if !full.trim().is_empty() {
        return full;
    }
    // A member added by id has no name until Webex is read again.
    member.id.clone().unwrap_or_else(|| "(unnamed)".to_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn settings(ids: &[&str]) -> PushToTalkSettings {
        PushToTalkSettings {
            access_type: PushToTalkAccessType::AllowMembers,
            allow_auto_answer: true,
            connection_type: PushToTalkConnectionType::OneWay,
            members: ids.iter().map(|id| webex_calling::member(*id)).collect(),
            extra: Default::default(),
        }
    }

    fn ids(s: &PushToTalkSettings) -> Vec<&str> {
        s.members.iter().filter_map(|m| m.id.as_deref()).collect()
    }

    #[test]
    fn members_same_set_keeps_order() {
        let mut s = settings(&["A", "B"]);
        let change = PushToTalkChange {
            members: Some(vec!["B".into(), "A".into()]),
            ..Default::default()
        };
        change.apply(&mut s);
        assert_eq!(ids(&s), ["A", "B"]);
    }

    #[test]
    fn members_replace_add_remove() {
        let mut s = settings(&["A", "B"]);
        PushToTalkChange {
            members: Some(vec!["C".into()]),
            ..Default::default()
        }
        .apply(&mut s);
        assert_eq!(ids(&s), ["C"]);

        let mut s = settings(&["A", "B"]);
        PushToTalkChange {
            add: vec!["B".into(), "C".into()],
            remove: vec!["A".into(), "Z".into()],
            ..Default::default()
        }
        .apply(&mut s);
        assert_eq!(ids(&s), ["B", "C"]);

        let mut s = settings(&["A"]);
        PushToTalkChange {
            members: Some(vec![]),
            ..Default::default()
        }
        .apply(&mut s);
        assert!(s.members.is_empty());
    }

    #[test]
    fn table_cells_shorten() {
        let s = settings(&["A", "B", "C", "D", "E"]);
        assert_eq!(members(&s.members, Flavor::Table), "A, B, C, +2 more");
        assert_eq!(members(&s.members, Flavor::Csv), "A;B;C;D;E");
    }
}
