//! The settings the mock serves, each described once: the last segment of
//! its paths, the kinds of target that have it, its fields with what a write
//! may carry, and how a target's state is drawn.
//!
//! Where the line runs: these tables are written by hand from Webex's
//! documentation (`shared/reference`), never read from the spec, so that a
//! spec mistake (a wrong path, field name, enum value or requirement) shows
//! up as a contract-test failure instead of being copied into the mock. The
//! store, the handlers and the routes are generic over these tables, so a
//! setting is served by adding one table (and its draw) here.

use rand::seq::IndexedRandom as _;
use rand::{Rng as _, RngCore};
use serde_json::Value;

use crate::model::MemberType;

/// What a field of a setting holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldType {
    /// `true` or `false`.
    Bool,
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// Directory entries: written as ids, read as member objects. Targets
    /// other than people take people only, as Webex describes it.
    Members,
}

/// One field of a setting.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FieldModel {
    pub(crate) name: &'static str,
    pub(crate) ty: FieldType,
}

/// One setting, as the mock serves it.
#[derive(Debug)]
pub(crate) struct SettingModel {
    /// The last segment of its paths: `bargeIn`.
    pub(crate) segment: &'static str,
    /// The kinds of target that have it.
    pub(crate) kinds: &'static [MemberType],
    /// Its fields, in the order reads list them.
    pub(crate) fields: &'static [FieldModel],
    /// Fields a write to a target of the kind must carry.
    pub(crate) required: &'static [(MemberType, &'static str)],
    /// A target's state when no seed document says (one value per field);
    /// members are drawn from `people`.
    pub(crate) draw: fn(&mut dyn RngCore, people: &[String]) -> Vec<Value>,
}

impl SettingModel {
    /// A state from named values; fields not named are `null`.
    pub(crate) fn state(&self, values: &[(&str, Value)]) -> Vec<Value> {
        self.fields
            .iter()
            .map(|field| {
                values
                    .iter()
                    .find(|(name, _)| *name == field.name)
                    .map_or(Value::Null, |(_, value)| value.clone())
            })
            .collect()
    }
}

const ALL_KINDS: &[MemberType] = &[
    MemberType::People,
    MemberType::Place,
    MemberType::VirtualLine,
];

/// Barge-in: two switches; a workspace's write must carry `enabled`.
pub(crate) const BARGE_IN: SettingModel = SettingModel {
    segment: "bargeIn",
    kinds: ALL_KINDS,
    fields: &[
        FieldModel {
            name: "enabled",
            ty: FieldType::Bool,
        },
        FieldModel {
            name: "toneEnabled",
            ty: FieldType::Bool,
        },
    ],
    required: &[(MemberType::Place, "enabled")],
    draw: |rng, _| vec![Value::Bool(rng.random()), Value::Bool(rng.random())],
};

/// Push-to-talk: auto-answer, direction, access and a member list.
pub(crate) const PUSH_TO_TALK: SettingModel = SettingModel {
    segment: "pushToTalk",
    kinds: ALL_KINDS,
    fields: &[
        FieldModel {
            name: "allowAutoAnswer",
            ty: FieldType::Bool,
        },
        FieldModel {
            name: "connectionType",
            ty: FieldType::Enum(&["ONE_WAY", "TWO_WAY"]),
        },
        FieldModel {
            name: "accessType",
            ty: FieldType::Enum(&["ALLOW_MEMBERS", "BLOCK_MEMBERS"]),
        },
        FieldModel {
            name: "members",
            ty: FieldType::Members,
        },
    ],
    required: &[],
    draw: |rng, people| push_to_talk(rng, people, 2),
};

/// Every setting served, in the order their routes are registered.
pub(crate) const SETTINGS: &[&SettingModel] = &[&BARGE_IN, &PUSH_TO_TALK];

/// Random push-to-talk settings with up to `max_members` people.
pub(crate) fn push_to_talk(
    rng: &mut dyn RngCore,
    people: &[String],
    max_members: usize,
) -> Vec<Value> {
    let count = rng.random_range(0..=max_members).min(people.len());
    let pick = |rng: &mut dyn RngCore, a: &'static str, b: &'static str| {
        Value::from(if rng.random() { a } else { b })
    };
    let allow_auto_answer = Value::Bool(rng.random());
    let connection = pick(rng, "ONE_WAY", "TWO_WAY");
    let access = pick(rng, "ALLOW_MEMBERS", "BLOCK_MEMBERS");
    let members = people
        .choose_multiple(rng, count)
        .cloned()
        .map(Value::String)
        .collect();
    vec![allow_auto_answer, connection, access, Value::Array(members)]
}
