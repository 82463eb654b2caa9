//! The mutable settings store behind the settings operations, and the
//! directory behind the list operations.

use std::collections::HashMap;

use parking_lot::RwLock;

use crate::model::{
    AccessType, BargeIn, ConnectionType, Member, MemberType, PushToTalk, PushToTalkView,
};
use crate::seed::{Location, Placement, Population};

/// Fields of a push-to-talk write that were present in the request.
#[derive(Debug, Default)]
pub(crate) struct PushToTalkUpdate {
    pub(crate) allow_auto_answer: Option<bool>,
    pub(crate) connection_type: Option<ConnectionType>,
    pub(crate) access_type: Option<AccessType>,
    pub(crate) members: Option<Vec<String>>,
}

/// Positions (into a kind's id list) of the targets a listing may show,
/// precomputed so a page costs its own size, not the directory's.
#[derive(Debug, Default)]
pub(crate) struct ListIndex {
    /// Every target of the kind.
    pub(crate) all: Vec<usize>,
    /// The ones with Webex Calling.
    pub(crate) calling: Vec<usize>,
    /// Per location: every target there.
    pub(crate) by_location: Vec<Vec<usize>>,
    /// Per location: the ones there with Webex Calling.
    pub(crate) calling_by_location: Vec<Vec<usize>>,
}

impl ListIndex {
    fn new(ids: &[String], placement: &HashMap<String, Placement>, locations: usize) -> Self {
        let mut index = Self {
            by_location: vec![Vec::new(); locations],
            calling_by_location: vec![Vec::new(); locations],
            ..Self::default()
        };
        for (position, id) in ids.iter().enumerate() {
            let Some(place) = placement.get(id) else {
                continue;
            };
            index.all.push(position);
            index.by_location[place.location].push(position);
            if place.calling {
                index.calling.push(position);
                index.calling_by_location[place.location].push(position);
            }
        }
        index
    }
}

/// Directory and settings of the mock organization.
///
/// The directory never changes after start, so it needs no lock; the settings sit
/// behind reader-writer locks because benchmarks read far more than they write.
#[derive(Debug)]
pub(crate) struct Store {
    pub(crate) org_id: String,
    directory: HashMap<String, Member>,
    placement: HashMap<String, Placement>,
    pub(crate) locations: Vec<Location>,
    barge_in: RwLock<HashMap<String, BargeIn>>,
    push_to_talk: RwLock<HashMap<String, PushToTalk>>,
    pub(crate) people_ids: Vec<String>,
    pub(crate) workspace_ids: Vec<String>,
    pub(crate) virtual_line_ids: Vec<String>,
    pub(crate) people_index: ListIndex,
    pub(crate) workspace_index: ListIndex,
    pub(crate) virtual_line_index: ListIndex,
}

impl Store {
    pub(crate) fn new(population: Population) -> Self {
        let locations = population.locations.len();
        let index = |ids: &[String]| ListIndex::new(ids, &population.placement, locations);
        Self {
            people_index: index(&population.people_ids),
            workspace_index: index(&population.workspace_ids),
            virtual_line_index: index(&population.virtual_line_ids),
            org_id: population.org_id,
            directory: population.directory,
            placement: population.placement,
            locations: population.locations,
            barge_in: RwLock::new(population.barge_in),
            push_to_talk: RwLock::new(population.push_to_talk),
            people_ids: population.people_ids,
            workspace_ids: population.workspace_ids,
            virtual_line_ids: population.virtual_line_ids,
        }
    }

    /// The directory entry of `id`, when it is a target of this kind.
    pub(crate) fn target(&self, id: &str, kind: MemberType) -> Option<&Member> {
        self.directory.get(id).filter(|member| member.kind == kind)
    }

    /// Where `id` is and whether it has Webex Calling.
    pub(crate) fn placement(&self, id: &str) -> Option<Placement> {
        self.placement.get(id).copied()
    }

    pub(crate) fn member(&self, id: &str) -> Option<&Member> {
        self.directory.get(id)
    }

    pub(crate) fn barge_in(&self, id: &str) -> Option<BargeIn> {
        self.barge_in.read().get(id).copied()
    }

    /// Applies the present fields; returns false if the target does not exist.
    pub(crate) fn update_barge_in(
        &self,
        id: &str,
        enabled: Option<bool>,
        tone_enabled: Option<bool>,
    ) -> bool {
        let mut map = self.barge_in.write();
        let Some(settings) = map.get_mut(id) else {
            return false;
        };
        if let Some(enabled) = enabled {
            settings.enabled = enabled;
        }
        if let Some(tone_enabled) = tone_enabled {
            settings.tone_enabled = tone_enabled;
        }
        true
    }

    /// Serializes the read body while holding the lock, so no copy of the member
    /// list is needed.
    pub(crate) fn push_to_talk_json(&self, id: &str) -> Option<Result<Vec<u8>, serde_json::Error>> {
        let map = self.push_to_talk.read();
        let settings = map.get(id)?;
        let view = PushToTalkView {
            allow_auto_answer: settings.allow_auto_answer,
            connection_type: settings.connection_type,
            access_type: settings.access_type,
            members: settings
                .members
                .iter()
                .filter_map(|m| self.directory.get(m))
                .collect(),
        };
        Some(serde_json::to_vec(&view))
    }

    /// Applies the present fields; returns false if the target does not exist.
    pub(crate) fn update_push_to_talk(&self, id: &str, update: PushToTalkUpdate) -> bool {
        let mut map = self.push_to_talk.write();
        let Some(settings) = map.get_mut(id) else {
            return false;
        };
        if let Some(v) = update.allow_auto_answer {
            settings.allow_auto_answer = v;
        }
        if let Some(v) = update.connection_type {
            settings.connection_type = v;
        }
        if let Some(v) = update.access_type {
            settings.access_type = v;
        }
        if let Some(v) = update.members {
            settings.members = v;
        }
        true
    }

    /// The ids of a kind with Webex Calling, in directory order.
    pub(crate) fn calling_ids(&self, kind: MemberType) -> Vec<String> {
        let (ids, index) = self.kind_lists(kind);
        index.calling.iter().map(|&i| ids[i].clone()).collect()
    }

    /// A kind's ids and their list index.
    pub(crate) fn kind_lists(&self, kind: MemberType) -> (&[String], &ListIndex) {
        match kind {
            MemberType::People => (&self.people_ids, &self.people_index),
            MemberType::Place => (&self.workspace_ids, &self.workspace_index),
            MemberType::VirtualLine => (&self.virtual_line_ids, &self.virtual_line_index),
        }
    }
}
