//! Deterministic seed data: the seed documents' examples plus a generated population.

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use rand::seq::IndexedRandom as _;
use rand::{Rng as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;

use serde_json::Value;

use crate::model::{Member, MemberNumber, MemberType};
use crate::seed_examples;
use crate::settings::{BARGE_IN, PUSH_TO_TALK, SETTINGS, SettingModel};

/// How many entities to generate on top of the seed-document examples.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PopulationSize {
    pub(crate) seed: u64,
    pub(crate) people: usize,
    pub(crate) workspaces: usize,
    pub(crate) virtual_lines: usize,
    /// Webex Calling locations the targets are spread over (at least 1).
    pub(crate) locations: usize,
}

/// Where a target is and whether it has Webex Calling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Placement {
    /// Index into [`Population::locations`].
    pub(crate) location: usize,
    /// Whether the target has Webex Calling (a calling location for a person,
    /// `calling.type` `webexCalling` for a workspace; every virtual line).
    pub(crate) calling: bool,
}

/// One Webex Calling location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Location {
    pub(crate) id: String,
    pub(crate) name: String,
}

/// Everything the mock organization contains when the server starts.
#[derive(Debug)]
pub(crate) struct Population {
    pub(crate) org_id: String,
    pub(crate) directory: HashMap<String, Member>,
    /// Per setting (by path segment), each target's values.
    pub(crate) settings: HashMap<&'static str, HashMap<String, Vec<Value>>>,
    pub(crate) people_ids: Vec<String>,
    pub(crate) workspace_ids: Vec<String>,
    pub(crate) virtual_line_ids: Vec<String>,
    pub(crate) placement: HashMap<String, Placement>,
    pub(crate) locations: Vec<Location>,
}

const CITIES: &[&str] = &[
    "Berlin", "Chicago", "Lagos", "Mumbai", "Osaka", "Lima", "Oslo", "Perth",
];

const FIRST_NAMES: &[&str] = &[
    "Aisha", "Bruno", "Chen", "Dalia", "Emeka", "Fatima", "Gustavo", "Hana", "Ivan", "Jamal",
    "Keiko", "Liam", "Maya", "Nikhil", "Olga", "Pedro", "Quinn", "Rosa", "Sven", "Tara",
];
const LAST_NAMES: &[&str] = &[
    "Adeyemi", "Bauer", "Castillo", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito",
    "Jensen", "Kowalski", "Lopez", "Moreau", "Nakamura", "Okafor", "Patel", "Rossi", "Silva",
    "Tanaka", "Novak",
];
const PLACES: &[&str] = &[
    "Lobby",
    "Reception",
    "Warehouse",
    "Break Room",
    "Loading Dock",
    "Front Desk",
    "Lab",
];
const LINES: &[&str] = &[
    "Support",
    "Sales",
    "Billing",
    "Dispatch",
    "Facilities",
    "Helpdesk",
];

/// Webex ids are the unpadded standard base64 of a `ciscospark://` URI.
pub(crate) fn webex_id(kind: &str, uuid: &uuid::Uuid) -> String {
    STANDARD_NO_PAD.encode(format!("ciscospark://us/{kind}/{uuid}"))
}

fn random_uuid(rng: &mut ChaCha8Rng) -> uuid::Uuid {
    uuid::Builder::from_random_bytes(rng.random()).into_uuid()
}

fn number(external: String, extension: String) -> MemberNumber {
    let routing_prefix = "1234".to_owned();
    MemberNumber {
        esn: format!("{routing_prefix}{extension}"),
        external,
        extension,
        routing_prefix,
        primary: true,
    }
}

fn pick<'a>(rng: &mut ChaCha8Rng, names: &[&'a str]) -> &'a str {
    names.choose(rng).copied().unwrap_or("Mock")
}

/// A barge-in state.
fn barge_in(enabled: bool, tone_enabled: bool) -> Vec<Value> {
    BARGE_IN.state(&[
        ("enabled", Value::Bool(enabled)),
        ("toneEnabled", Value::Bool(tone_enabled)),
    ])
}

impl Population {
    /// The values of `setting`.
    fn setting(&mut self, setting: &SettingModel) -> &mut HashMap<String, Vec<Value>> {
        self.settings.entry(setting.segment).or_default()
    }
}

fn seed_people() -> Vec<(Member, Vec<Value>)> {
    let person = |id: &str, first: &str, last: &str, email: &str, num: MemberNumber| Member {
        id: id.to_owned(),
        last_name: last.to_owned(),
        first_name: first.to_owned(),
        display_name: format!("{first} {last}"),
        kind: MemberType::People,
        email: Some(email.to_owned()),
        numbers: vec![num],
    };
    vec![
        (
            // Seed 1 gives no name for its person; these are the mock's choice.
            person(
                seed_examples::PERSON_ID,
                "Dana",
                "Whitfield",
                "dana.whitfield@example.com",
                number("+19845551000".to_owned(), "1000".to_owned()),
            ),
            barge_in(true, true),
        ),
        (
            person(
                seed_examples::ALICE_ID,
                "Alice",
                "Little",
                "alice@example.com",
                number("+19845551088".to_owned(), "1088".to_owned()),
            ),
            barge_in(false, false),
        ),
        (
            person(
                seed_examples::BOB_ID,
                "Bob",
                "Johnson",
                "bob@example.com",
                number("+198455501099".to_owned(), "1099".to_owned()),
            ),
            barge_in(true, false),
        ),
    ]
}

/// Builds the organization. The same size always yields the same ids, names and
/// settings, so tests and benchmarks can refer to generated entities across runs.
pub(crate) fn generate(size: PopulationSize) -> Population {
    let mut rng = ChaCha8Rng::seed_from_u64(size.seed);
    let mut population = Population {
        org_id: seed_examples::ORG_ID.to_owned(),
        directory: HashMap::new(),
        settings: HashMap::new(),
        people_ids: Vec::with_capacity(size.people + 3),
        workspace_ids: Vec::with_capacity(size.workspaces),
        virtual_line_ids: Vec::with_capacity(size.virtual_lines + 1),
        placement: HashMap::new(),
        locations: Vec::new(),
    };
    // In this order: the generator's draws, and so every id, depend on it.
    add_people(&mut population, &mut rng, size.people);
    add_workspaces(&mut population, &mut rng, size.workspaces);
    add_virtual_lines(&mut population, &mut rng, size.virtual_lines);
    complete_the_family(&mut population, size);
    population
}

/// The seed-document people, then `count` generated ones.
fn add_people(p: &mut Population, rng: &mut ChaCha8Rng, count: usize) {
    for (member, settings) in seed_people() {
        p.people_ids.push(member.id.clone());
        p.setting(&BARGE_IN).insert(member.id.clone(), settings);
        p.directory.insert(member.id.clone(), member);
    }
    for i in 0..count {
        let first = pick(rng, FIRST_NAMES);
        let last = pick(rng, LAST_NAMES);
        let id = webex_id("PEOPLE", &random_uuid(rng));
        // Extensions start above the seed examples' so they never collide with them.
        let extension = format!("{}", 2000 + i);
        let member = Member {
            id: id.clone(),
            last_name: last.to_owned(),
            first_name: first.to_owned(),
            display_name: format!("{first} {last}"),
            kind: MemberType::People,
            email: Some(format!(
                "{}.{}{}@example.com",
                first.to_lowercase(),
                last.to_lowercase(),
                i + 1
            )),
            numbers: vec![number(
                format!("+1984555{:04}", (2000 + i) % 10_000),
                extension,
            )],
        };
        let (enabled, tone_enabled) = (rng.random(), rng.random());
        p.setting(&BARGE_IN)
            .insert(id.clone(), barge_in(enabled, tone_enabled));
        p.directory.insert(id.clone(), member);
        p.people_ids.push(id);
    }
}

/// The spec examples' workspace, then `count` generated ones.
fn add_workspaces(p: &mut Population, rng: &mut ChaCha8Rng, count: usize) {
    let example = Member {
        id: seed_examples::WORKSPACE_ID.to_owned(),
        last_name: "Lobby".to_owned(),
        first_name: "Main".to_owned(),
        display_name: "Main Lobby".to_owned(),
        kind: MemberType::Place,
        email: None,
        numbers: vec![number("+19845554999".to_owned(), "4999".to_owned())],
    };
    p.workspace_ids.push(example.id.clone());
    p.directory.insert(example.id.clone(), example);
    for i in 0..count {
        let place = pick(rng, PLACES);
        let id = webex_id("PLACE", &random_uuid(rng));
        let extension = format!("{}", 5000 + i);
        let member = Member {
            id: id.clone(),
            last_name: format!("{}", i + 1),
            first_name: place.to_owned(),
            display_name: format!("{place} {}", i + 1),
            kind: MemberType::Place,
            email: None,
            numbers: vec![number(
                format!("+1984556{:04}", (5000 + i) % 10_000),
                extension,
            )],
        };
        p.directory.insert(id.clone(), member);
        p.workspace_ids.push(id);
    }
}

/// The seed-document line, then `count` generated ones.
fn add_virtual_lines(p: &mut Population, rng: &mut ChaCha8Rng, count: usize) {
    let seed_line = Member {
        id: seed_examples::VIRTUAL_LINE_ID.to_owned(),
        last_name: "Desk".to_owned(),
        first_name: "Front".to_owned(),
        display_name: "Front Desk".to_owned(),
        kind: MemberType::VirtualLine,
        email: None,
        numbers: vec![number("+19845557000".to_owned(), "7000".to_owned())],
    };
    let seed_state = PUSH_TO_TALK.state(&[
        ("allowAutoAnswer", Value::Bool(true)),
        ("connectionType", Value::from("ONE_WAY")),
        ("accessType", Value::from("ALLOW_MEMBERS")),
        (
            "members",
            serde_json::json!([seed_examples::ALICE_ID, seed_examples::BOB_ID]),
        ),
    ]);
    p.setting(&PUSH_TO_TALK)
        .insert(seed_line.id.clone(), seed_state);
    p.virtual_line_ids.push(seed_line.id.clone());
    p.directory.insert(seed_line.id.clone(), seed_line);
    for i in 0..count {
        let name = pick(rng, LINES);
        let id = webex_id("VIRTUAL_LINE", &random_uuid(rng));
        let extension = format!("{}", 7001 + i);
        let member = Member {
            id: id.clone(),
            last_name: format!("Line {}", i + 1),
            first_name: name.to_owned(),
            display_name: format!("{name} Line {}", i + 1),
            kind: MemberType::VirtualLine,
            email: None,
            numbers: vec![number(
                format!("+1984557{:04}", (7001 + i) % 10_000),
                extension,
            )],
        };
        let settings = crate::settings::push_to_talk(rng, &p.people_ids, 3);
        p.setting(&PUSH_TO_TALK).insert(id.clone(), settings);
        p.directory.insert(id.clone(), member);
        p.virtual_line_ids.push(id);
    }
}

/// Gives every target a location, a calling flag and every setting its
/// kind has. Drawn from a generator of its own, after everything above, so
/// the ids and settings the first generator made stay what they were.
fn complete_the_family(population: &mut Population, size: PopulationSize) {
    let mut rng = ChaCha8Rng::seed_from_u64(size.seed ^ 0x0FA3_11E5);
    population.locations = (0..size.locations.max(1))
        .map(|i| Location {
            id: webex_id("LOCATION", &random_uuid(&mut rng)),
            name: match CITIES.get(i) {
                Some(city) => (*city).to_owned(),
                None => format!("Location {}", i + 1),
            },
        })
        .collect();
    let locations = population.locations.len();
    let people = population.people_ids.clone();
    // One generator per setting, seeded by its path segment: a setting
    // added (or a kind added to one) draws from its own, so the values every
    // other setting draws stay what they were.
    let mut draws: Vec<ChaCha8Rng> = SETTINGS
        .iter()
        .map(|s| ChaCha8Rng::seed_from_u64(size.seed ^ fnv1a(s.segment)))
        .collect();
    let kinds = [
        (MemberType::People, people.clone()),
        (MemberType::Place, population.workspace_ids.clone()),
        (MemberType::VirtualLine, population.virtual_line_ids.clone()),
    ];
    for (kind, (member_type, ids)) in kinds.into_iter().enumerate() {
        for (i, id) in ids.iter().enumerate() {
            // Seed-document and spec-example targets (listed first) always
            // have calling; of the generated ones, every 7th person and every
            // 4th workspace do not.
            let calling = match kind {
                0 => i < 3 || (i - 3) % 7 != 6,
                1 => i < 1 || (i - 1) % 4 != 3,
                _ => true,
            };
            let placement = Placement {
                location: i % locations,
                calling,
            };
            population.placement.insert(id.clone(), placement);
            for (setting, rng) in SETTINGS.iter().zip(&mut draws) {
                if setting.kinds.contains(&member_type) {
                    population
                        .setting(setting)
                        .entry(id.clone())
                        .or_insert_with(|| (setting.draw)(rng, &people));
                }
            }
        }
    }
}

/// FNV-1a: a stable hash of a setting's name, to seed its generator.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
