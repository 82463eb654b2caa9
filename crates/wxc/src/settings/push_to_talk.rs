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

    fn desired(args: PushToTalkArgs, allow_unknown: bool) -> Result<Desired<Self>, UsageError> {
        let replace = args
            .members
            .map(|list| {
                super::fields::member_list(&list, allow_unknown)
                    .map_err(|e| usage(format!("--members: {e}")))
            })
            .transpose()?;
        for id in args.add_member.iter().chain(&args.remove_member) {
            crate::ids::validate_member(id, allow_unknown)
                .map_err(|e| usage(format!("member {id:?}: {e}")))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    const PERSON: &str =
        "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xMWEzZjk5MC1hNjg5LTQ3N2QtYmU2Yi03MTIwMDI1ZDhhYmI";

    fn args() -> PushToTalkArgs {
        PushToTalkArgs {
            auto_answer: None,
            connection: None,
            access: None,
            members: None,
            add_member: Vec::new(),
            remove_member: Vec::new(),
        }
    }

    #[test]
    fn add_and_remove_the_same_member_is_a_usage_error() {
        let args = PushToTalkArgs {
            add_member: vec![PERSON.into()],
            remove_member: vec![PERSON.into()],
            ..args()
        };
        let error = PushToTalk::desired(args, false).expect_err("added and removed");
        assert!(error.to_string().contains("both"), "{error}");
    }

    #[test]
    fn a_member_id_that_does_not_decode_needs_allow_unknown_values() {
        let with = |add: &str| PushToTalkArgs {
            add_member: vec![add.into()],
            ..args()
        };
        let error = PushToTalk::desired(with("notanid"), false).expect_err("a typo");
        assert!(
            error.to_string().contains("\"notanid\"")
                && error.to_string().contains("--allow-unknown-values"),
            "{error}"
        );
        let desired = PushToTalk::desired(with("notanid"), true).expect("taken as opaque");
        assert_eq!(desired.members.add, ["notanid"]);
        assert!(PushToTalk::desired(with(PERSON), false).is_ok());
    }

    #[test]
    fn an_empty_entry_among_members_is_a_usage_error_and_an_empty_list_clears() {
        for list in [
            format!("{PERSON},,{PERSON}"),
            format!("{PERSON},"),
            " ".to_owned(),
        ] {
            let args = PushToTalkArgs {
                members: Some(list.clone()),
                ..args()
            };
            let error = PushToTalk::desired(args, false).expect_err("an empty entry");
            assert!(error.to_string().contains("is empty"), "{list}: {error}");
        }
        let args = PushToTalkArgs {
            members: Some(String::new()),
            ..args()
        };
        let desired = PushToTalk::desired(args, false).expect("clears");
        assert_eq!(desired.members.replace, Some(Vec::new()));
    }
}
