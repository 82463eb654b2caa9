//! `set` flags made from a setting's field table: one `--<field> VALUE` per
//! field the update body has, with the spec's description as help. A setting
//! whose flags need nothing more (barge-in; a new setting) uses these.

use super::fields::{member_list, parse_value};
use crate::status::{UsageError, usage};
use clap::{Arg, ArgMatches, Command};
use serde_json::{Map, Value};
use std::fmt;
use std::marker::PhantomData;
use webex_calling::{Desired, Field, FieldKind, Setting};

/// The values given for setting `S`'s fields, as typed.
pub(crate) struct FieldArgs<S> {
    values: Vec<(&'static Field, String)>,
    setting: PhantomData<fn() -> S>,
}

// Derived impls would require the marker type `S` to be `Clone`/`Debug`.
impl<S> Clone for FieldArgs<S> {
    fn clone(&self) -> Self {
        Self {
            values: self.values.clone(),
            setting: PhantomData,
        }
    }
}

impl<S> fmt::Debug for FieldArgs<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.values.iter().map(|(field, text)| (field.flag, text)))
            .finish()
    }
}

impl<S: Setting> FieldArgs<S> {
    /// The desired state: every field given, its value checked.
    pub(crate) fn desired(self, allow_unknown: bool) -> Result<Desired<S>, UsageError> {
        let mut values = Map::new();
        for (field, text) in self.values {
            let flag = field.flag;
            let value = if field.kind == FieldKind::Ids {
                // Apart from `parse_value`, which reads `""` as "leave it":
                // on a flag it clears the list.
                member_list(&text, allow_unknown)
                    .map(|ids| Some(Value::Array(ids.into_iter().map(Value::String).collect())))
            } else {
                parse_value(field, &text, allow_unknown)
            }
            .map_err(|e| usage(format!("--{flag}: {e}")))?;
            let value = value.ok_or_else(|| usage(format!("--{flag}: give it a value")))?;
            values.insert(field.name.to_owned(), value);
        }
        if values.is_empty() {
            let flags: Vec<String> = S::FIELDS.iter().map(|f| format!("--{}", f.flag)).collect();
            return Err(usage(format!(
                "nothing to change: pass at least one of {}",
                flags.join(", ")
            )));
        }
        serde_json::from_value(Value::Object(values))
            .map(Desired::values)
            .map_err(|e| usage(format!("the values do not make a {} update: {e}", S::NAME)))
    }
}

impl<S: Setting> clap::FromArgMatches for FieldArgs<S> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let values = S::FIELDS
            .iter()
            .filter_map(|field| {
                let text = matches.get_one::<String>(field.flag)?;
                Some((field, text.clone()))
            })
            .collect();
        Ok(Self {
            values,
            setting: PhantomData,
        })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl<S: Setting> clap::Args for FieldArgs<S> {
    fn augment_args(command: Command) -> Command {
        S::FIELDS
            .iter()
            .fold(command, |command, field| command.arg(flag(field)))
    }

    fn augment_args_for_update(command: Command) -> Command {
        Self::augment_args(command)
    }
}

fn flag(field: &'static Field) -> Arg {
    let summary = field.description.lines().next().unwrap_or("").trim();
    let (value_name, help) = match field.kind {
        FieldKind::Bool => ("BOOL", format!("{summary} [true or false]")),
        FieldKind::Enum(values) => ("VALUE", format!("{summary} [{}]", values.join(", "))),
        FieldKind::Ids => (
            "ID,...",
            format!("{summary} (replaces the list; \"\" clears it)"),
        ),
        FieldKind::Integer => ("N", summary.to_owned()),
        FieldKind::Number => ("NUMBER", summary.to_owned()),
        FieldKind::Text => ("TEXT", summary.to_owned()),
        _ => ("JSON", summary.to_owned()),
    };
    Arg::new(field.flag)
        .long(field.flag)
        .value_name(value_name)
        .help(help)
        .help_heading("Values to set")
        .num_args(1)
}
