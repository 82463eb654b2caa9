//! `push-to-talk`: flags of its own, kept from before the field table
//! (`--connection one-way`, member additions and removals).

use super::CliSetting;
use crate::status::{UsageError, usage};
use clap::{ArgAction, Args, ValueEnum};
use webex_calling::types::{
    PushToTalkAccessType, PushToTalkConnectionType, PushToTalkSettingsUpdate,
};
use webex_calling::{Desired, MemberEdit, PushToTalk};

/// `push-to-talk set` values.
#[derive(Debug, Clone, Args)]
pub(crate) struct PushToTalkArgs {
    /// Answer push-to-talk calls automatically.
    #[arg(long, value_name = "BOOL", action = ArgAction::Set)]
    pub(crate) auto_answer: Option<bool>,
    /// Who may talk.
    #[arg(long, value_enum)]
    pub(crate) connection: Option<Connection>,
    /// Whether the member list allows or blocks its members.
    #[arg(long, value_enum)]
    pub(crate) access: Option<Access>,
    /// Replace the member list with these ids (comma-separated; "" clears it).
    #[arg(long, value_name = "ID,...", conflicts_with_all = ["add_member", "remove_member"])]
    pub(crate) members: Option<String>,
    /// Add a member (repeatable); already-present members are left alone.
    #[arg(long, value_name = "ID")]
    pub(crate) add_member: Vec<String>,
    /// Remove a member (repeatable); absent members are ignored.
    #[arg(long, value_name = "ID")]
    pub(crate) remove_member: Vec<String>,
}

/// `--connection` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Connection {
    /// The caller talks, this line listens (`ONE_WAY`).
    OneWay,
    /// Both sides talk (`TWO_WAY`).
    TwoWay,
}

/// `--access` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Access {
    /// Only the members may call (`ALLOW_MEMBERS`).
    Allow,
    /// Everyone but the members may call (`BLOCK_MEMBERS`).
    Block,
}

impl CliSetting for PushToTalk {
    type Args = PushToTalkArgs;

    fn desired(args: PushToTalkArgs, _allow_unknown: bool) -> Result<Desired<Self>, UsageError> {
        let replace = args.members.map(|list| member_list(&list)).transpose()?;
        for id in args.add_member.iter().chain(&args.remove_member) {
            crate::ids::validate_member(id).map_err(|e| usage(format!("member {id:?}: {e}")))?;
        }
        let members = MemberEdit {
            replace,
            add: args.add_member,
            remove: args.remove_member,
        };
        members.check().map_err(|e| usage(e.message()))?;
        let mut values = PushToTalkSettingsUpdate::default();
        values.allow_auto_answer = args.auto_answer;
        values.connection_type = args.connection.map(|c| match c {
            Connection::OneWay => PushToTalkConnectionType::OneWay,
            Connection::TwoWay => PushToTalkConnectionType::TwoWay,
        });
        values.access_type = args.access.map(|a| match a {
            Access::Allow => PushToTalkAccessType::AllowMembers,
            Access::Block => PushToTalkAccessType::BlockMembers,
        });
        let desired = Desired { values, members };
        if desired.is_empty() {
            return Err(usage(
                "nothing to change: pass at least one of --auto-answer, --connection, --access, --members, --add-member, --remove-member",
            ));
        }
        Ok(desired)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let error = PushToTalk::desired(args, false).expect_err("A is added and removed");
        assert!(error.to_string().contains("both"), "{error}");
    }
}
