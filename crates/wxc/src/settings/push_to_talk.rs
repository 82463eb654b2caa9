//! `push-to-talk`: flags and cells.

use super::{CliSetting, Flavor, bool_cell, json_field};
use crate::app::{UsageError, usage};
use crate::cli::{Access, Connection, PushToTalkArgs};
use serde_json::{Map, Value};
use webex_calling::types::{
    PushToTalkAccessType, PushToTalkConnectionType, PushToTalkMember, PushToTalkSettings,
    PushToTalkSettingsUpdate,
};
use webex_calling::{Desired, MemberEdit, PushToTalk};

/// How many member names the table shows before "+N more".
const TABLE_MEMBERS: usize = 3;

impl CliSetting for PushToTalk {
    type Args = PushToTalkArgs;
    const COLUMNS: &'static [&'static str] = &[
        "allow_auto_answer",
        "connection_type",
        "access_type",
        "members",
    ];

    fn desired(args: PushToTalkArgs) -> Result<Desired<Self>, UsageError> {
        let replace = args.members.map(|list| member_list(&list)).transpose()?;
        for id in args.add_member.iter().chain(&args.remove_member) {
            crate::ids::validate(id).map_err(|e| usage(format!("member {id:?}: {e}")))?;
        }
        let members = MemberEdit {
            replace,
            add: args.add_member,
            remove: args.remove_member,
        };
        members.check().map_err(|e| usage(e.message()))?;
        let desired = Desired {
            values: PushToTalkSettingsUpdate {
                allow_auto_answer: args.auto_answer,
                connection_type: args.connection.map(|c| match c {
                    Connection::OneWay => PushToTalkConnectionType::OneWay,
                    Connection::TwoWay => PushToTalkConnectionType::TwoWay,
                }),
                access_type: args.access.map(|a| match a {
                    Access::Allow => PushToTalkAccessType::AllowMembers,
                    Access::Block => PushToTalkAccessType::BlockMembers,
                }),
                members: None,
            },
            members,
        };
        if desired.is_empty() {
            return Err(usage(
                "nothing to change: pass at least one of --auto-answer, --connection, --access, --members, --add-member, --remove-member",
            ));
        }
        Ok(desired)
    }

    fn cells(settings: &PushToTalkSettings, flavor: Flavor) -> Vec<String> {
        vec![
            settings.allow_auto_answer.to_string(),
            settings.connection_type.as_str().to_owned(),
            settings.access_type.as_str().to_owned(),
            members(&settings.members, flavor),
        ]
    }

    fn desired_from_cells<'r>(
        cell: &dyn Fn(&str) -> &'r str,
        complete: bool,
    ) -> Result<Desired<Self>, String> {
        let members = match cell("members").trim() {
            "" if complete => Some(Vec::new()),
            "" => None,
            list => Some(member_ids(list.split(';'))?),
        };
        let token = |column: &str| Some(cell(column).trim()).filter(|v| !v.is_empty());
        Ok(Desired::values(PushToTalkSettingsUpdate {
            allow_auto_answer: bool_cell("allow_auto_answer", cell("allow_auto_answer"))?,
            // Unknown values are kept and sent back as read (open enums).
            connection_type: token("connection_type").map(PushToTalkConnectionType::from),
            access_type: token("access_type").map(PushToTalkAccessType::from),
            members,
        }))
    }

    fn desired_from_json(
        settings: &Map<String, Value>,
        complete: bool,
    ) -> Result<Desired<Self>, String> {
        let members = match settings.get("members") {
            None | Some(Value::Null) if complete => Some(Vec::new()),
            None | Some(Value::Null) => None,
            Some(Value::Array(members)) => {
                let ids = members
                    .iter()
                    .map(|member| match member {
                        Value::String(id) => Ok(id.as_str()),
                        Value::Object(member) => member
                            .get("id")
                            .and_then(Value::as_str)
                            .ok_or_else(|| "field members: a member has no id".to_owned()),
                        _ => Err("field members: expected member objects or ids".to_owned()),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Some(member_ids(ids.into_iter())?)
            }
            Some(_) => return Err("field members: expected a list".to_owned()),
        };
        Ok(Desired::values(PushToTalkSettingsUpdate {
            allow_auto_answer: json_field(settings, "allowAutoAnswer")?,
            connection_type: json_field(settings, "connectionType")?,
            access_type: json_field(settings, "accessType")?,
            members,
        }))
    }
}

/// Member ids of a snapshot, each checked.
fn member_ids<'a>(ids: impl Iterator<Item = &'a str>) -> Result<Vec<String>, String> {
    ids.map(str::trim)
        .map(|id| {
            crate::ids::validate(id)
                .map(|()| id.to_owned())
                .map_err(|e| format!("member {:?}: {e}", crate::display::shown_id(id)))
        })
        .collect()
}

/// `--members A,B,C`: ids in order; an empty value clears the list.
fn member_list(list: &str) -> Result<Vec<String>, UsageError> {
    let members: Vec<String> = list
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect();
    for id in &members {
        crate::ids::validate(id).map_err(|e| usage(format!("--members: member {id:?}: {e}")))?;
    }
    Ok(members)
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
    use super::*;

    #[test]
    fn table_cells_shorten() {
        let members: Vec<_> = ["A", "B", "C", "D", "E"]
            .into_iter()
            .map(webex_calling::member)
            .collect();
        assert_eq!(super::members(&members, Flavor::Table), "A, B, C, +2 more");
        assert_eq!(super::members(&members, Flavor::Csv), "A;B;C;D;E");
    }

    #[test]
    fn add_and_remove_the_same_member_is_a_usage_error() {
        let args = PushToTalkArgs {
            auto_answer: None,
            connection: None,
            access: None,
            members: None,
            add_member: vec!["A".into()],
            remove_member: vec!["A".into()],
        };
        let error = PushToTalk::desired(args).expect_err("A is added and removed");
        assert!(error.to_string().contains("both"), "{error}");
    }
}
