//! The mutable settings store behind the four operations.

use std::collections::HashMap;

use parking_lot::RwLock;

use crate::model::{AccessType, BargeIn, ConnectionType, Member, PushToTalk, PushToTalkView};
use crate::seed::Population;

/// Fields of a push-to-talk write that were present in the request.
#[derive(Debug, Default)]
pub(crate) struct PushToTalkUpdate {
    pub(crate) allow_auto_answer: Option<bool>,
    pub(crate) connection_type: Option<ConnectionType>,
    pub(crate) access_type: Option<AccessType>,
    pub(crate) members: Option<Vec<String>>,
}

/// Directory and settings of the mock organization.
///
/// The directory never changes after start, so it needs no lock; the settings sit
/// behind reader-writer locks because benchmarks read far more than they write.
#[derive(Debug)]
pub(crate) struct Store {
    pub(crate) org_id: String,
    directory: HashMap<String, Member>,
    barge_in: RwLock<HashMap<String, BargeIn>>,
    push_to_talk: RwLock<HashMap<String, PushToTalk>>,
    pub(crate) people_ids: Vec<String>,
    pub(crate) workspace_ids: Vec<String>,
    pub(crate) virtual_line_ids: Vec<String>,
}

impl Store {
    pub(crate) fn new(population: Population) -> Self {
        Self {
            org_id: population.org_id,
            directory: population.directory,
            barge_in: RwLock::new(population.barge_in),
            push_to_talk: RwLock::new(population.push_to_talk),
            people_ids: population.people_ids,
            workspace_ids: population.workspace_ids,
            virtual_line_ids: population.virtual_line_ids,
        }
    }

    pub(crate) fn barge_in(&self, person_id: &str) -> Option<BargeIn> {
        self.barge_in.read().get(person_id).copied()
    }

    /// Applies the present fields; returns false if the person does not exist.
    pub(crate) fn update_barge_in(
        &self,
        person_id: &str,
        enabled: Option<bool>,
        tone_enabled: Option<bool>,
    ) -> bool {
        let mut map = self.barge_in.write();
        let Some(settings) = map.get_mut(person_id) else {
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

    pub(crate) fn has_virtual_line(&self, id: &str) -> bool {
        self.push_to_talk.read().contains_key(id)
    }

    pub(crate) fn is_member_candidate(&self, id: &str) -> bool {
        self.directory.contains_key(id)
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

    /// Applies the present fields; returns false if the virtual line does not exist.
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
}
