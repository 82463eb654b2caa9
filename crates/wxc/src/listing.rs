//! `wxc people|workspaces|virtual-lines list`, and the target source of
//! `--all`: both stream the library's listings.

use crate::display::plural;
use crate::ids::{Batch, Entry};
use crate::output::{Columns, Output, Row};
use crate::progress::Progress;
use crate::status::{EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, say};
use futures::{FutureExt, StreamExt};
use serde::Serialize;
use std::pin::pin;
use tokio::sync::mpsc;
use tokio::time::Instant;
use webex_calling::{Error, Kind, TargetSummary, Webex};

/// One listed target, as a record.
#[derive(Debug, Serialize)]
pub(crate) struct TargetRow {
    id: String,
    kind: &'static str,
    name: Option<String>,
    location_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location_name: Option<String>,
}

impl From<TargetSummary> for TargetRow {
    fn from(target: TargetSummary) -> Self {
        Self {
            id: target.id,
            kind: target.kind.as_str(),
            name: target.name,
            location_id: target.location_id,
            location_name: target.location_name,
        }
    }
}

impl TargetRow {
    pub(crate) fn columns() -> Columns {
        let names = ["id", "kind", "name", "location_id", "location_name"];
        Columns {
            csv: names.map(String::from).to_vec(),
            table: ["id", "kind", "name", "location"]
                .map(String::from)
                .to_vec(),
        }
    }
}

impl Row for TargetRow {
    fn id(&self) -> &str {
        &self.id
    }

    fn outcome(&self) -> Option<webex_calling::Outcome> {
        None
    }

    fn write_json(&self, out: &mut Vec<u8>, pretty: bool) {
        // Writing JSON values into a Vec cannot fail.
        let _ = if pretty {
            serde_json::to_writer_pretty(&mut *out, self)
        } else {
            serde_json::to_writer(&mut *out, self)
        };
    }

    fn csv_cells(&self, _width: usize) -> Vec<String> {
        vec![
            self.id.clone(),
            self.kind.to_owned(),
            self.name.clone().unwrap_or_default(),
            self.location_id.clone().unwrap_or_default(),
            self.location_name.clone().unwrap_or_default(),
        ]
    }

    fn table_cells(&self) -> Vec<String> {
        let location = self
            .location_name
            .clone()
            .or_else(|| self.location_id.clone())
            .unwrap_or_default();
        vec![
            crate::display::shown_id(&self.id).into_owned(),
            self.kind.to_owned(),
            self.name.clone().unwrap_or_default(),
            location,
        ]
    }
}

/// What to list.
pub(crate) struct ListJob {
    pub(crate) kind: Kind,
    pub(crate) location: Option<String>,
    /// `--max-targets`.
    pub(crate) max_targets: u64,
}

impl ListJob {
    fn listing(&self, webex: &Webex) -> webex_calling::Listing {
        let listing = webex.listing(self.kind).max_targets(self.max_targets);
        match &self.location {
            Some(location) => listing.location(location.clone()),
            None => listing,
        }
    }

    fn describe(&self) -> String {
        format!("{} list", command_noun(self.kind))
    }
}

/// The command that lists `kind`: `people`, `workspaces`, `virtual-lines`.
pub(crate) fn command_noun(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "people",
        Kind::Workspace => "workspaces",
        _ => "virtual-lines",
    }
}

/// Lists one kind of target into `output`, streaming page by page.
pub(crate) async fn run_list(
    webex: &Webex,
    job: &ListJob,
    mut output: Output<TargetRow>,
) -> Result<u8, UsageError> {
    let started = Instant::now();
    let mut targets = pin!(job.listing(webex).list());
    let mut found = 0u64;
    let mut failure = output.begin().err().map(ListEnd::Output);
    while failure.is_none() {
        let next = match targets.next().now_or_never() {
            Some(next) => next,
            None => match output.flush() {
                Ok(()) => targets.next().await,
                Err(error) => {
                    failure = Some(ListEnd::Output(error));
                    break;
                }
            },
        };
        match next {
            None => break,
            Some(Ok(target)) => {
                found += 1;
                if let Err(error) = output.record(&TargetRow::from(target)) {
                    failure = Some(ListEnd::Output(error));
                }
            }
            Some(Err(error)) => failure = Some(ListEnd::Listing(error)),
        }
    }
    // The targets found before a listing error are written too.
    if !matches!(failure, Some(ListEnd::Output(_)))
        && let Err(error) = output.finish()
    {
        failure = Some(ListEnd::Output(error));
    }
    let secs = started.elapsed().as_secs_f64();
    let what = job.describe();
    say(&format!(
        "wxc: {what}: {} in {secs:.1}s; {}",
        plural(found, "target"),
        plural(webex.stats().requests, "request")
    ));
    Ok(match failure {
        None => EXIT_OK,
        Some(ListEnd::Output(error)) if error.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Some(ListEnd::Output(error)) => {
            say(&format!("wxc: error: cannot write the output: {error}"));
            EXIT_FAILED
        }
        Some(ListEnd::Listing(error)) => listing_failed(&error, found, job.location.as_deref()),
    })
}

/// Why a listing ended early.
enum ListEnd {
    Output(std::io::Error),
    Listing(Error),
}

/// Reports a listing that stopped with an error; the exit status for it. A
/// location Webex does not know (its first page refused with 400 or 404) is
/// a usage error: nothing was found, so nothing was read or changed.
pub(crate) fn listing_failed(error: &Error, found: u64, location: Option<&str>) -> u8 {
    if let Some(location) = location
        && found == 0
        && matches!(error.status(), Some(400 | 404))
    {
        say(&format!(
            "wxc: error: --location {}: Webex does not know this location ({error}); \
             check the id (Control Hub, or the locationId of `wxc people list`)",
            crate::display::shown_id(location)
        ));
        return EXIT_USAGE;
    }
    let found = plural(found, "target");
    if matches!(error, Error::Paging { .. } | Error::ListingLimit { .. }) {
        // Their text says "listing stopped" itself.
        say(&format!("wxc: error: {error} ({found} found)"));
    } else {
        say(&format!(
            "wxc: error: the listing stopped after {found} were found: {error}"
        ));
    }
    if let Error::ListingLimit { kind, limit, .. } = error {
        say(&format!(
            "wxc: error: if the organization has more than {limit} {kind} targets, pass a \
             larger --max-targets"
        ));
    }
    if error.status() == Some(401) {
        say(
            "wxc: error: the access token was rejected (HTTP 401): it is wrong or expired; \
             pass a new one in WEBEX_ACCESS_TOKEN or with --token-file",
        );
        return EXIT_USAGE;
    }
    EXIT_FAILED
}

/// Lists every target of `kinds` (in that order) into `tx` as the run's
/// ids, in batches, counting them on the progress bar as they are found.
/// Ends when the listings end, the run stops listening, or a listing fails.
pub(crate) async fn feed<P>(
    webex: Webex,
    kinds: Vec<Kind>,
    location: Option<String>,
    max_targets: u64,
    tx: mpsc::Sender<Batch<P>>,
    progress: Progress,
) -> Result<u64, (Error, u64)> {
    let mut found = 0u64;
    for kind in kinds {
        let job = ListJob {
            kind,
            location: location.clone(),
            max_targets,
        };
        // A page at a time, never reading the next one while a page waits
        // for room in the queue: a page request holds a place under the
        // concurrency limit, and the run needs those places to drain the
        // queue (with the limit at 1, that was a deadlock).
        let mut pages = job.listing(&webex).pages();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|error| (error, found))?;
            for chunk in page.chunks(256) {
                let batch: Vec<_> = chunk
                    .iter()
                    .map(|target| Entry::id(target.id.clone(), Some(target.kind)))
                    .collect();
                found += batch.len() as u64;
                progress.found(batch.len() as u64);
                if tx.send(batch).await.is_err() {
                    return Ok(found);
                }
            }
        }
    }
    Ok(found)
}
