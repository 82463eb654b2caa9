//! What a command does to one id: resolve it to a target, then read, or
//! read-modify-write, its setting.

use crate::record::{Body, Failure, Record};
use std::fmt;
use std::sync::Arc;
use webex_calling::{Desired, Journal, Kind, KindError, Outcome, Setting, Target, Webex};

/// Where a change records the target's state before it is sent.
pub(crate) type UndoSink<S> = Option<Arc<dyn Journal<S>>>;

/// One command over setting `S`, ready to run on any number of ids.
pub(crate) enum Job<S: Setting> {
    /// `get`.
    Get,
    /// `set`.
    Set {
        /// The wanted values.
        desired: Arc<Desired<S>>,
        /// Preview only.
        dry_run: bool,
        /// The undo journal (none for a dry run or `--no-undo`).
        journal: UndoSink<S>,
    },
    /// `apply`: each target to the desired state of its snapshot row.
    Apply {
        /// Plan only.
        dry_run: bool,
        /// The undo journal (none for a dry run or `--no-undo`).
        journal: UndoSink<S>,
    },
}

// Derived impls would require the marker type `S` to be `Clone`/`Debug`.
impl<S: Setting> Clone for Job<S> {
    fn clone(&self) -> Self {
        match self {
            Self::Get => Self::Get,
            Self::Set {
                desired,
                dry_run,
                journal,
            } => Self::Set {
                desired: Arc::clone(desired),
                dry_run: *dry_run,
                journal: journal.clone(),
            },
            Self::Apply { dry_run, journal } => Self::Apply {
                dry_run: *dry_run,
                journal: journal.clone(),
            },
        }
    }
}

impl<S: Setting> fmt::Display for Job<S> {
    /// `barge-in get`, `push-to-talk set --dry-run`, ... for messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Get => write!(f, "{} get", S::NAME),
            Self::Set { dry_run: false, .. } => write!(f, "{} set", S::NAME),
            Self::Set { dry_run: true, .. } => write!(f, "{} set --dry-run", S::NAME),
            Self::Apply { dry_run: false, .. } => write!(f, "{} apply", S::NAME),
            Self::Apply { dry_run: true, .. } => write!(f, "{} apply --dry-run", S::NAME),
        }
    }
}

impl<S: Setting> Job<S> {
    /// What the library would refuse for every `kind` target of this job,
    /// found before anything is sent: a member Webex does not take there
    /// (a workspace as a workspace's push-to-talk member).
    pub(crate) fn check_for(&self, kind: Kind) -> Result<(), String> {
        match self {
            Job::Set { desired, .. } => desired
                .check(kind)
                .map_err(|error| error.message().to_owned()),
            Job::Get | Job::Apply { .. } => Ok(()),
        }
    }

    /// Whether this changes settings (`set`, `apply`: records carry before and after).
    pub(crate) fn is_set(&self) -> bool {
        !matches!(self, Self::Get)
    }

    /// Whether this is a `set` or `apply` with `--dry-run`.
    pub(crate) fn is_dry_run(&self) -> bool {
        matches!(
            self,
            Self::Set { dry_run: true, .. } | Self::Apply { dry_run: true, .. }
        )
    }

    /// Whether each id has its own desired state (`apply`).
    pub(crate) fn is_apply(&self) -> bool {
        matches!(self, Self::Apply { .. })
    }

    /// Runs the job for one id (with its snapshot row's desired state, for
    /// `apply`) and makes its record, failures included.
    pub(crate) async fn run(
        self,
        webex: Webex,
        id: String,
        forced: Option<Kind>,
        row: Option<Desired<S>>,
    ) -> Record<S> {
        let target = match resolve(&webex, &id, forced) {
            Ok(target) => target,
            Err((kind, failure)) => return Record::failed(id, kind, failure),
        };
        let kind = Some(target.kind());
        let handle = target.setting::<S>();
        let result = match self {
            Self::Get => handle
                .get()
                .await
                .map(|settings| (Outcome::Ok, Body::Settings(settings))),
            Self::Set {
                desired,
                dry_run,
                journal,
            } => change(&handle, &desired, dry_run, journal.as_deref()).await,
            Self::Apply { dry_run, journal } => match &row {
                Some(desired) => change(&handle, desired, dry_run, journal.as_deref()).await,
                None => Err(webex_calling::Error::InvalidInput {
                    message: "the snapshot has no row for this id".to_owned(),
                }),
            },
        };
        match result {
            Ok((outcome, body)) => Record {
                id,
                kind,
                outcome,
                body,
            },
            Err(error) => Record::failed(id, kind, Failure::from_error(&error)),
        }
    }
}

/// Brings one target's setting to `desired` (or plans it), as a record body.
async fn change<S: Setting>(
    handle: &webex_calling::Handle<S>,
    desired: &Desired<S>,
    dry_run: bool,
    journal: Option<&dyn Journal<S>>,
) -> Result<(Outcome, Body<S>), webex_calling::Error> {
    let modified = match journal {
        Some(journal) if !dry_run => handle.apply_journaled(desired, journal).await,
        _ => handle.apply(desired, dry_run).await,
    };
    modified.map(|modified| {
        let outcome = modified.outcome();
        // Counted once here, for the summary: the fields that change, not
        // every field sent (Webex requires some in every update).
        let fields = match &modified.update {
            Some(_) => webex_calling::changed_fields::<S>(&modified.before, &modified.after)
                .map_or(0, |fields| fields.len() as u64),
            None => 0,
        };
        let body = Body::Change {
            before: modified.before,
            after: modified.after,
            update: modified.update,
            fields,
        };
        (outcome, body)
    })
}

/// The target an id names: checked, and its kind forced or decoded.
fn resolve(
    webex: &Webex,
    id: &str,
    forced: Option<Kind>,
) -> Result<Target, (Option<Kind>, Failure)> {
    if let Err(message) = crate::ids::validate(id) {
        return Err((forced, Failure::invalid_input(message)));
    }
    match Kind::resolve(id, forced) {
        Ok(kind) => Ok(webex.target_of(kind, id)),
        Err(KindError::Unknown) => Err((
            None,
            Failure {
                kind: UNKNOWN_KIND,
                ..Failure::invalid_input(unknown_kind_message(id))
            },
        )),
        Err(error) => Err((forced, Failure::invalid_input(kind_message(id, &error)))),
    }
}

/// Why an id that decodes to no kind of target cannot be processed.
pub(crate) fn kind_message(id: &str, error: &KindError) -> String {
    format!(
        "{}: {error}; pass --kind to use it as one anyway",
        crate::display::shown_id(id)
    )
}

/// A warning when `--kind` overrides what an id says it is (Webex calls ids
/// opaque, so the given kind wins).
pub(crate) fn kind_override(id: &str, forced: Kind) -> Option<String> {
    let said = named_instead(id, Some(forced))?;
    Some(format!(
        "--kind {forced} overrides what the id {} says it is ({said}); drop --kind if that is wrong",
        crate::display::shown_id(id)
    ))
}

/// What `id` decodes to when that is not `expected` (a kind of target, or
/// `None` for an organization), as messages say it: "a virtual line", "a
/// Webex location". `None` when it is what was expected, or decodes to
/// nothing (Webex calls ids opaque, so an undecodable id is taken on
/// trust). The one rule behind every check of an id against a kind.
pub(crate) fn named_instead(id: &str, expected: Option<Kind>) -> Option<String> {
    match Kind::resolve(id, None) {
        Ok(kind) if Some(kind) == expected => None,
        Ok(kind) => Some(format!("a {}", kind.as_str().replace('-', " "))),
        Err(KindError::NotATarget { named }) if expected.is_none() && named == "organization" => {
            None
        }
        Err(KindError::NotATarget { named }) => Some(format!("a Webex {named}")),
        Err(_) => None,
    }
}

/// The failure name of an id whose kind cannot be told.
pub(crate) const UNKNOWN_KIND: &str = "unknown-kind";

/// Why an id without a decodable kind cannot be processed, and what to do.
pub(crate) fn unknown_kind_message(id: &str) -> String {
    format!(
        "cannot tell whether {} is a person, a workspace or a virtual line (it does not decode to one); \
         pass --kind person|workspace|virtual-line",
        crate::display::shown_id(id)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn id(path: &str) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("ciscospark://us/{path}"))
    }

    #[test]
    fn an_id_is_checked_against_the_kind_expected_of_it() {
        let person = id("PEOPLE/1");
        let line = id("VIRTUAL_LINE/2");
        let (location, org) = (id("LOCATION/3"), id("ORGANIZATION/4"));
        assert_eq!(named_instead(&person, Some(Kind::Person)), None);
        assert_eq!(
            named_instead(&line, Some(Kind::Person)).as_deref(),
            Some("a virtual line")
        );
        assert_eq!(
            named_instead(&location, Some(Kind::Workspace)).as_deref(),
            Some("a Webex location")
        );
        assert_eq!(
            named_instead(&org, Some(Kind::Person)).as_deref(),
            Some("a Webex organization")
        );
        // `None` expects an organization.
        assert_eq!(named_instead(&org, None), None);
        assert_eq!(named_instead(&person, None).as_deref(), Some("a person"));
        assert_eq!(
            named_instead(&location, None).as_deref(),
            Some("a Webex location")
        );
        // An opaque id is taken on trust.
        assert_eq!(named_instead("opaque-id", Some(Kind::Person)), None);
        assert_eq!(named_instead("opaque-id", None), None);
    }
}
