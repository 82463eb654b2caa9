//! The mutable settings store behind the settings operations, and the
//! directory behind the list operations.

use std::collections::HashMap;

use parking_lot::RwLock;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use crate::model::{Member, MemberType};
use crate::seed::{Location, Placement, Population};
use crate::settings::{FieldType, SETTINGS, SettingModel};

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
    /// Per setting (in [`SETTINGS`] order), each target's values, one per field.
    settings: Vec<RwLock<HashMap<String, Vec<Value>>>>,
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
            settings: {
                let mut by_segment = population.settings;
                SETTINGS
                    .iter()
                    .map(|s| RwLock::new(by_segment.remove(s.segment).unwrap_or_default()))
                    .collect()
            },
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

    /// The read body of `setting` for `id`, serialized while holding the
    /// lock so no copy of the values is needed; `None` if there is none.
    pub(crate) fn read_json(
        &self,
        setting: &SettingModel,
        id: &str,
    ) -> Option<Result<Vec<u8>, serde_json::Error>> {
        let map = self.settings.get(position(setting)?)?.read();
        let values = map.get(id)?;
        Some(serde_json::to_vec(&View {
            setting,
            values,
            directory: &self.directory,
        }))
    }

    /// Sets the given fields (by position); false if the target has no such setting.
    pub(crate) fn write(
        &self,
        setting: &SettingModel,
        id: &str,
        changes: Vec<(usize, Value)>,
    ) -> bool {
        let Some(lock) = position(setting).and_then(|i| self.settings.get(i)) else {
            return false;
        };
        let mut map = lock.write();
        let Some(values) = map.get_mut(id) else {
            return false;
        };
        for (index, value) in changes {
            if let Some(slot) = values.get_mut(index) {
                *slot = value;
            }
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

/// Where `setting` is in [`SETTINGS`].
pub(crate) fn position(setting: &SettingModel) -> Option<usize> {
    // By its path segment, which is unique: a `const`'s address is not.
    SETTINGS.iter().position(|s| s.segment == setting.segment)
}

/// A read body: the stored values by field name, member ids resolved to
/// the directory's member objects so they always reflect the directory.
struct View<'a> {
    setting: &'a SettingModel,
    values: &'a [Value],
    directory: &'a HashMap<String, Member>,
}

impl Serialize for View<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = self.setting.fields.iter().zip(self.values);
        let present = fields.clone().filter(|(_, v)| !v.is_null()).count();
        let mut map = serializer.serialize_map(Some(present))?;
        for (field, value) in fields.filter(|(_, v)| !v.is_null()) {
            if field.ty == FieldType::Members {
                let members: Vec<&Member> = value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|id| self.directory.get(id.as_str()?))
                    .collect();
                map.serialize_entry(field.name, &members)?;
            } else {
                map.serialize_entry(field.name, value)?;
            }
        }
        map.end()
    }
}
