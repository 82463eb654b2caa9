//! Any setting's fields as text: the cells of the table and csv formats, and
//! a snapshot's cells or JSON read back into a desired state, each value
//! checked against the field table ([`Setting::FIELDS`]) before anything is
//! sent.

use crate::display::{quoted, shown_id};
use serde_json::{Map, Value};
use webex_calling::{Desired, Field, FieldKind, Setting};

/// How many member names the table shows before "+N more".
const TABLE_MEMBERS: usize = 3;

/// How a cell is going to be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// For people: member names, long lists shortened.
    Table,
    /// For programs: member ids, complete.
    Csv,
}

/// The setting columns of the table and csv formats, in cell order.
pub(crate) fn columns<S: Setting>() -> impl Iterator<Item = &'static str> {
    S::FIELDS.iter().map(|field| field.column)
}

/// One cell per field of `settings`.
pub(crate) fn cells<S: Setting>(settings: &S::Settings, flavor: Flavor) -> Vec<String> {
    let object = match serde_json::to_value(settings) {
        Ok(Value::Object(object)) => object,
        _ => Map::new(),
    };
    S::FIELDS
        .iter()
        .map(|field| cell(field, object.get(field.name), flavor))
        .collect()
}

fn cell(field: &Field, value: Option<&Value>, flavor: Flavor) -> String {
    if field.kind == FieldKind::Ids {
        return members(value, flavor);
    }
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

/// A member list: ids separated by `;` for programs (a member without an
/// id leaves its place empty), names for people.
fn members(value: Option<&Value>, flavor: Flavor) -> String {
    let members = match value {
        Some(Value::Array(members)) => members.as_slice(),
        _ => &[],
    };
    let id = |member: &Value| member.get("id").and_then(Value::as_str).map(str::to_owned);
    match flavor {
        Flavor::Csv => members
            .iter()
            .map(|m| id(m).unwrap_or_default())
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

fn name(member: &Value) -> String {
    let text = |key: &str| {
        member
            .get(key)
            .and_then(Value::as_str)
            .filter(|t| !t.trim().is_empty())
    };
    if let Some(name) = text("displayName") {
        return name.to_owned();
    }
    let full = [text("firstName"), text("lastName")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if !full.is_empty() {
        return full;
    }
    // A member added by id has no name until Webex is read again.
    text("id").unwrap_or("(unnamed)").to_owned()
}

/// A field's value from the text of a cell or a flag (not for member lists):
/// `None` for an empty cell (leave the field as it is). Text is taken
/// exactly as given; booleans and enum values may have spaces around.
pub(crate) fn parse_value(
    field: &Field,
    text: &str,
    allow_unknown: bool,
) -> Result<Option<Value>, String> {
    if text.is_empty() || (field.kind != FieldKind::Text && text.trim().is_empty()) {
        return Ok(None);
    }
    let value = match field.kind {
        FieldKind::Bool => match text.trim() {
            "true" | "TRUE" | "True" => Value::Bool(true),
            "false" | "FALSE" | "False" => Value::Bool(false),
            other => return Err(format!("expected true or false, got {}", quoted(other))),
        },
        FieldKind::Enum(_) => enum_value(field, text.trim(), allow_unknown)?,
        FieldKind::Text => Value::String(text.to_owned()),
        FieldKind::Integer => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| format!("expected a whole number, got {}", quoted(text)))?,
        FieldKind::Number => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("expected a number, got {}", quoted(text)))?,
        FieldKind::Ids => Value::Array(
            member_list(text, allow_unknown)?
                .into_iter()
                .map(Value::String)
                .collect(),
        ),
        _ => serde_json::from_str(text)
            .map_err(|e| format!("expected a JSON value ({e}), got {}", quoted(text)))?,
    };
    Ok(Some(value))
}

/// An enum value, exactly as the spec spells it; a known value in another
/// spelling names the right one, and a value this version does not list
/// goes through only when allowed (Webex may have added it).
pub(crate) fn enum_value(field: &Field, text: &str, allow_unknown: bool) -> Result<Value, String> {
    let FieldKind::Enum(known) = field.kind else {
        return Ok(Value::String(text.to_owned()));
    };
    if known.contains(&text) {
        return Ok(Value::String(text.to_owned()));
    }
    if let Some(spelling) = field.kind.spelling_of(text) {
        return Err(format!(
            "{:?} is not how Webex spells it: write {spelling}",
            shown_id(text)
        ));
    }
    if allow_unknown {
        return Ok(Value::String(text.to_owned()));
    }
    Err(format!(
        "{:?} is not a value this version of wxc knows ({}); if Webex has added it, \
         pass --allow-unknown-values to send it anyway",
        shown_id(text),
        known.join(", ")
    ))
}

/// A typed member list, `A,B,C` (a `--members` flag): the ids in order,
/// each checked; exactly `""` clears the list. An empty entry (`A,,B`, `A,`,
/// or a value of nothing but spaces, as `--members "$UNSET "` gives) is an
/// error: it is a slip, maybe of a member meant to be there, and taken as
/// "no members" it would empty the list of every target.
pub(crate) fn member_list(text: &str, allow_unknown: bool) -> Result<Vec<String>, String> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    text.split(',')
        .map(str::trim)
        .enumerate()
        .map(|(n, id)| {
            if id.is_empty() {
                return Err(format!(
                    "entry {} is empty; separate the ids with single commas (\"\" clears the list)",
                    n + 1
                ));
            }
            crate::ids::validate_member(id, allow_unknown)
                .map(|()| id.to_owned())
                .map_err(|e| format!("member {}: {e}", quoted(id)))
        })
        .collect()
}

/// Member ids read from a file, each checked; empty entries (a member
/// without an id, as `get` writes it) are skipped: a member list keeps the
/// members it cannot name. `opaque_ok` takes ids that do not decode as they
/// are: files to apply always do, since a snapshot or an undo journal holds
/// the ids Webex itself listed, which must go back whatever they look like.
fn member_ids<'a>(
    ids: impl Iterator<Item = &'a str>,
    opaque_ok: bool,
) -> Result<Vec<String>, String> {
    ids.map(str::trim)
        .filter(|id| !id.is_empty())
        .map(|id| {
            crate::ids::validate_member(id, opaque_ok)
                .map(|()| id.to_owned())
                .map_err(|e| format!("member {}: {e}", quoted(id)))
        })
        .collect()
}

/// The desired state in a csv row as `get -o csv` writes it. `cell(column)`
/// is the row's cell of a setting column, `None` when the file has no such
/// column: a field whose column is absent is left as it is, and so is one
/// whose cell is empty, except that in a `complete` row (a `get` row with
/// outcome `ok`) an empty member cell means no members. Errors name the column.
pub(crate) fn desired_from_cells<'r, S: Setting>(
    cell: &dyn Fn(&str) -> Option<&'r str>,
    complete: bool,
    allow_unknown: bool,
) -> Result<Desired<S>, String> {
    let mut values = Map::new();
    for field in S::FIELDS {
        let Some(text) = cell(field.column) else {
            continue;
        };
        let value = if field.kind == FieldKind::Ids {
            match text.trim() {
                "" if complete => Some(Value::Array(Vec::new())),
                "" => None,
                list => Some(Value::Array(
                    member_ids(list.split(';'), true)
                        .map_err(|e| format!("column {}: {e}", field.column))?
                        .into_iter()
                        .map(Value::String)
                        .collect(),
                )),
            }
        } else {
            parse_value(field, text, allow_unknown)
                .map_err(|e| format!("column {}: {e}", field.column))?
        };
        if let Some(value) = value {
            values.insert(field.name.to_owned(), value);
        }
    }
    desired(values)
}

/// The keys of an ndjson record's `settings` that are not fields of `S`.
/// A near miss of a field the record lacks (`toneEnabeld`, `tone_enabled`)
/// is a typo and an error, and so is an object with none of `S`'s fields (another setting's
/// snapshot): either would otherwise change nothing without a word. The
/// other keys are returned: fields Webex added, which `get` writes as read
/// and which are left as they are.
pub(crate) fn unknown_fields<S: Setting>(
    settings: &Map<String, Value>,
) -> Result<Vec<String>, String> {
    let mut unknown = Vec::new();
    for key in settings.keys() {
        if S::FIELDS.iter().any(|field| field.name == key) {
            continue;
        }
        // Next to the field it resembles it is no typo: `get` writes every
        // field, so it is one Webex added.
        let typo_of = S::FIELDS
            .iter()
            .find(|field| near_miss(key, field.name) && !settings.contains_key(field.name));
        if let Some(field) = typo_of {
            return Err(format!(
                "field {key:?} is not a {} field; did you mean {:?}?",
                S::NAME,
                field.name
            ));
        }
        unknown.push(key.clone());
    }
    let set = settings
        .iter()
        .filter(|(_, value)| !value.is_null())
        .count();
    if set > 0 && unknown.len() == settings.len() {
        return Err(format!(
            "none of its settings ({}) is a {} field ({}); is this another setting's snapshot?",
            unknown.join(", "),
            S::NAME,
            S::FIELDS
                .iter()
                .map(|f| f.name)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(unknown)
}

/// Whether `key` looks like a mistyped `name`: the same but for case, `_`,
/// `-` and spaces (`toneEnabled`, `Tone Enabled` for `tone_enabled`), or a
/// letter away (two for long names). Kept tight: a field Webex adds later
/// must not read as a typo of one it has.
pub(crate) fn near_miss(key: &str, name: &str) -> bool {
    let plain = |text: &str| {
        text.chars()
            .filter(|c| !matches!(c, '_' | '-' | ' '))
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let (key, name) = (plain(key), plain(name));
    let allowed = if name.len() >= 10 { 2 } else { 1 };
    strsim::damerau_levenshtein(&key, &name) <= allowed
}

/// The desired state in the `settings` object of an ndjson record as `get -o
/// ndjson` writes it: a field whose key is absent (or null) is left as it
/// is; `get` writes every member list, `[]` included. Keys that are not
/// fields (see [`unknown_fields`]) are left out.
pub(crate) fn desired_from_json<S: Setting>(
    settings: &Map<String, Value>,
    allow_unknown: bool,
) -> Result<Desired<S>, String> {
    let mut values = Map::new();
    for field in S::FIELDS {
        let Some(value) = settings.get(field.name).filter(|v| !v.is_null()) else {
            continue;
        };
        let value = json_value(field, value, allow_unknown)
            .map_err(|e| format!("field {}: {e}", field.name))?;
        values.insert(field.name.to_owned(), value);
    }
    desired(values)
}

/// A field's JSON value, checked for its kind.
fn json_value(field: &Field, value: &Value, allow_unknown: bool) -> Result<Value, String> {
    match (field.kind, value) {
        (FieldKind::Bool, Value::Bool(_))
        | (FieldKind::Text, Value::String(_))
        | (FieldKind::Integer, Value::Number(_))
        | (FieldKind::Number, Value::Number(_)) => Ok(value.clone()),
        (FieldKind::Enum(_), Value::String(text)) => enum_value(field, text, allow_unknown),
        (FieldKind::Ids, Value::Array(members)) => {
            let ids = members.iter().map(|member| match member {
                Value::String(id) => Ok(id.as_str()),
                // A member without an id cannot be named; it is kept as read.
                Value::Object(member) => Ok(member.get("id").and_then(Value::as_str).unwrap_or("")),
                _ => Err("expected member objects or ids".to_owned()),
            });
            let ids = ids.collect::<Result<Vec<_>, _>>()?;
            Ok(Value::Array(
                member_ids(ids.into_iter(), true)?
                    .into_iter()
                    .map(Value::String)
                    .collect(),
            ))
        }
        (FieldKind::Bool | FieldKind::Text | FieldKind::Integer | FieldKind::Number, _)
        | (FieldKind::Enum(_) | FieldKind::Ids, _) => {
            Err(format!("expected {}, got {value}", expected(field.kind)))
        }
        _ => Ok(value.clone()),
    }
}

fn expected(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Bool => "true or false",
        FieldKind::Text | FieldKind::Enum(_) => "a string",
        FieldKind::Integer | FieldKind::Number => "a number",
        FieldKind::Ids => "a list of member objects or ids",
        _ => "a JSON value",
    }
}

fn desired<S: Setting>(values: Map<String, Value>) -> Result<Desired<S>, String> {
    serde_json::from_value(Value::Object(values))
        .map(Desired::values)
        .map_err(|e| format!("the values do not make an update: {e}"))
}

/// The settings as `get -o ndjson` writes them: every member list present,
/// `[]` included (Webex leaves empty lists out), so that a snapshot says
/// "no members" and `apply` can tell that from "leave the members alone".
pub(crate) fn snapshot_json<S: Setting>(settings: &S::Settings) -> Value {
    let mut value = serde_json::to_value(settings).unwrap_or(Value::Null);
    if let Value::Object(object) = &mut value {
        for field in S::FIELDS.iter().filter(|f| f.kind == FieldKind::Ids) {
            object
                .entry(field.name)
                .or_insert_with(|| Value::Array(Vec::new()));
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use webex_calling::{BargeIn, PushToTalk};

    fn field<S: Setting>(name: &str) -> &'static Field {
        S::FIELDS
            .iter()
            .find(|f| f.name == name)
            .expect("the field exists")
    }

    #[test]
    fn a_typed_member_list_clears_only_when_empty_and_names_an_empty_entry() {
        const PERSON: &str =
            "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xMWEzZjk5MC1hNjg5LTQ3N2QtYmU2Yi03MTIwMDI1ZDhhYmI";
        assert_eq!(member_list("", false), Ok(Vec::new()));
        assert_eq!(
            member_list(&format!(" {PERSON} ,{PERSON}"), false),
            Ok(vec![PERSON.to_owned(), PERSON.to_owned()])
        );
        for (list, entry) in [
            (" ".to_owned(), 1),
            (" , ".to_owned(), 1),
            (format!("{PERSON},,{PERSON}"), 2),
            (format!("{PERSON},"), 2),
        ] {
            let error = member_list(&list, false).expect_err("an empty entry");
            assert!(
                error.starts_with(&format!("entry {entry} is empty")),
                "{list:?}: {error}"
            );
        }
        let error = member_list("notanid", false).expect_err("does not decode");
        assert!(error.contains("\"notanid\""), "{error}");
        assert_eq!(member_list("notanid", true), Ok(vec!["notanid".to_owned()]));
    }

    #[test]
    fn enum_values_are_checked_against_the_spec() {
        let connection = field::<PushToTalk>("connectionType");
        assert_eq!(
            parse_value(connection, "ONE_WAY", false),
            Ok(Some(Value::from("ONE_WAY")))
        );
        let wrong_case = parse_value(connection, "one_way", false).expect_err("wrong case");
        assert!(wrong_case.contains("write ONE_WAY"), "{wrong_case}");
        let unknown = parse_value(connection, "PRIVATE", false).expect_err("unknown value");
        assert!(unknown.contains("--allow-unknown-values"), "{unknown}");
        assert_eq!(
            parse_value(connection, "PRIVATE", true),
            Ok(Some(Value::from("PRIVATE")))
        );
    }

    #[test]
    fn absent_columns_leave_fields_alone() {
        let cells = |column: &str| match column {
            "allow_auto_answer" => Some("false"),
            _ => None,
        };
        let desired = desired_from_cells::<PushToTalk>(&cells, true, false).expect("a valid row");
        assert_eq!(desired.values.members, None);
        assert_eq!(desired.values.allow_auto_answer, Some(false));
        let with_members = |column: &str| match column {
            "members" => Some(""),
            _ => None,
        };
        let desired =
            desired_from_cells::<PushToTalk>(&with_members, true, false).expect("a valid row");
        assert_eq!(desired.values.members, Some(Vec::new()));
    }

    #[test]
    fn a_file_applies_member_ids_that_do_not_decode_but_never_a_location() {
        // As a snapshot or undo journal holds them: the ids Webex listed.
        let opaque = |column: &str| (column == "members").then_some("opaque-1;opaque-2");
        let desired = desired_from_cells::<PushToTalk>(&opaque, true, false)
            .expect("ids Webex listed go back as they are");
        assert_eq!(
            desired.values.members,
            Some(vec!["opaque-1".to_owned(), "opaque-2".to_owned()])
        );
        let location =
            |column: &str| (column == "members").then_some("Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OLzE");
        let error = desired_from_cells::<PushToTalk>(&location, true, false)
            .expect_err("a location is never a member");
        assert!(error.contains("location"), "{error}");
    }

    #[test]
    fn table_cells_shorten_and_csv_cells_list_ids() {
        let members: Vec<Value> = ["A", "B", "C", "D", "E"]
            .iter()
            .map(|id| serde_json::json!({ "id": id }))
            .collect();
        let value = Value::Array(members);
        assert_eq!(members_cell(&value, Flavor::Table), "A, B, C, +2 more");
        assert_eq!(members_cell(&value, Flavor::Csv), "A;B;C;D;E");
        let bools = cells::<BargeIn>(
            &webex_calling::types::BargeInSettings::new(true, false),
            Flavor::Csv,
        );
        assert_eq!(bools, ["true", "false"]);
    }

    fn members_cell(value: &Value, flavor: Flavor) -> String {
        members(Some(value), flavor)
    }

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(object) => object,
            _ => panic!("an object"),
        }
    }

    #[test]
    fn settings_keys_that_are_not_fields_are_typos_strays_or_new() {
        let typo = object(serde_json::json!({"enabled": true, "toneEnabeld": true}));
        let error = unknown_fields::<BargeIn>(&typo).expect_err("a typo");
        assert!(error.contains("did you mean \"toneEnabled\""), "{error}");
        let snake = object(serde_json::json!({"tone_enabled": true}));
        assert!(unknown_fields::<BargeIn>(&snake).is_err());
        // Beside the field it resembles, a key is one Webex added.
        let beside = object(serde_json::json!({"enabled": true, "enabled2": false}));
        assert_eq!(
            unknown_fields::<BargeIn>(&beside).expect("not a typo"),
            ["enabled2"]
        );
        let other = object(serde_json::json!({"connectionType": "ONE_WAY", "accessType": null}));
        let error = unknown_fields::<BargeIn>(&other).expect_err("push-to-talk's fields");
        assert!(error.contains("another setting"), "{error}");
        // A field Webex added, next to known ones, is left alone and named.
        let newer = object(serde_json::json!({"enabled": true, "ringTone": "CHIME"}));
        assert_eq!(
            unknown_fields::<BargeIn>(&newer).expect("known fields too"),
            ["ringTone"]
        );
        let push = object(serde_json::json!({"members": [], "allowAutoAnswer": true}));
        assert!(
            unknown_fields::<PushToTalk>(&push)
                .expect("all known")
                .is_empty()
        );
        assert!(
            unknown_fields::<BargeIn>(&Map::new())
                .expect("empty")
                .is_empty()
        );
    }
}
