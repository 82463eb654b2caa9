//! The closing lines of a run on stderr, and its exit status.

use crate::display::plural;
use crate::job::Job;
use crate::resume::Unread;
use crate::run::{Report, Stop};
use crate::settings::CliSetting;
use crate::setup::shell_word;
use crate::status::say;
use crate::status::{EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, EXIT_WOULD_CHANGE};

/// What the summary says beside the run's report.
#[derive(Debug, Default)]
pub(crate) struct Closing {
    /// The undo journal the run wrote: its path and records.
    pub(crate) undo: Option<(std::path::PathBuf, u64)>,
    /// `apply --dry-run --detailed-exitcode`: the drift exit codes.
    pub(crate) detailed: bool,
    /// Token refreshes made during the run.
    pub(crate) refreshes: u64,
    /// The global options a printed command repeats to act where this run
    /// did (see [`crate::setup::rerun_options`]).
    pub(crate) rerun: String,
}

/// Prints the summary line and what to do next, and picks the exit status.
pub(crate) fn finish<S: CliSetting>(job: &Job<S>, report: &Report, closing: &Closing) -> u8 {
    let mut line = summary_line(job, report);
    if closing.refreshes > 0 {
        let refreshes = match closing.refreshes {
            1 => "1 token refresh".to_owned(),
            n => format!("{n} token refreshes"),
        };
        line.push_str(&format!(", {refreshes}"));
    }
    say(&line);
    let (undo, detailed) = (closing.undo.as_ref(), closing.detailed);
    if let Some((path, records)) = undo {
        say(&undo_line(
            S::NAME,
            path,
            (*records, report.counts.changed),
            &closing.rerun,
        ));
    }
    for id in &report.unwritten_changes {
        say(&format!(
            "wxc: changed on the server, but its record could not be written: {}",
            crate::display::shown_id(id)
        ));
    }
    failed_hint(job, report, &closing.rerun);
    if let Some(error) = &report.read_error {
        say(&format!(
            "wxc: error: reading the ids failed part-way: {error}; the records above cover the ids read before it"
        ));
        return EXIT_USAGE;
    }
    if let Some((error, found)) = &report.list_error {
        // The targets listed before the failure have their records; the
        // rest of the organization was not reached.
        let code = crate::listing::listing_failed(error, *found, report.location.as_deref());
        resume_hint(job, report, &closing.rerun);
        return code;
    }
    match &report.stop {
        Some(Stop::Unauthorized) => {
            resume_hint(job, report, &closing.rerun);
            say(
                "wxc: error: the access token was rejected (HTTP 401): it is wrong or expired. \
                 Get a new one (https://developer.webex.com/docs/getting-started) and pass it in \
                 WEBEX_ACCESS_TOKEN or with --token-file",
            );
            EXIT_USAGE
        }
        Some(Stop::OutputFailed(error)) => {
            if error.kind() != std::io::ErrorKind::BrokenPipe {
                say(&format!("wxc: error: cannot write the output: {error}"));
            }
            resume_hint(job, report, &closing.rerun);
            EXIT_FAILED
        }
        Some(Stop::Interrupted) => {
            resume_hint(job, report, &closing.rerun);
            EXIT_INTERRUPTED
        }
        Some(Stop::Token) => {
            resume_hint(job, report, &closing.rerun);
            say(
                "wxc: error: stopped because no valid access token could be had: the failed \
                 records say why and what to do; then resume",
            );
            EXIT_FAILED
        }
        Some(Stop::Journal) => {
            resume_hint(job, report, &closing.rerun);
            say(
                "wxc: error: stopped because the undo journal could not be written: no change \
                 is sent without its undo record (see the failed records); free the disk or \
                 choose another --undo-file, then resume",
            );
            EXIT_FAILED
        }
        Some(Stop::Throttled(stalled)) => {
            resume_hint(job, report, &closing.rerun);
            say(&format!(
                "wxc: error: stopped because {stalled}; resume with the file above once \
                 Webex lets requests through again"
            ));
            EXIT_FAILED
        }
        Some(Stop::ServerGone) => {
            resume_hint(job, report, &closing.rerun);
            say(
                "wxc: error: stopped because the server gave no answer to a run of requests \
                 (connection refused, reset or timed out); check --base-url and the network, \
                 then resume with the file above",
            );
            EXIT_FAILED
        }
        None if report.unknown_kinds > 0 => {
            say(&format!(
                "wxc: error: the kind of {} could not be told from the id; \
                 pass --kind person|workspace|virtual-line (the records say which)",
                plural(report.unknown_kinds, "id")
            ));
            EXIT_USAGE
        }
        None if report.counts.failed > 0 => EXIT_FAILED,
        // The drift check: something would change.
        None if detailed && report.counts.would_change > 0 => EXIT_WOULD_CHANGE,
        None => EXIT_OK,
    }
}

/// Where the undo journal is and how to use it. The journal holds every
/// target about to change, written before its change was sent; a change
/// that then failed (or was cut short) is in it too, so "before N changes"
/// would overstate what happened.
fn undo_line(
    setting: &str,
    path: &std::path::Path,
    (records, changed): (u64, u64),
    rerun: &str,
) -> String {
    let word = shell_word(&path.to_string_lossy());
    let path = path.display();
    if changed >= records {
        format!(
            "wxc: the settings before {} are in {path}; undo with: wxc{rerun} {setting} apply {word}",
            plural(records, "change")
        )
    } else {
        format!(
            "wxc: the settings of {} from before their changes were sent are in {path} \
             ({changed} made; the others failed or may not have reached Webex); \
             undo with: wxc{rerun} {setting} apply {word}",
            plural(records, "target")
        )
    }
}

/// `wxc: barge-in get: 20000 ids in 0.9s (22000/s): 19998 ok, 2 failed; ...`
fn summary_line<S: CliSetting>(job: &Job<S>, report: &Report) -> String {
    let counts = report.counts;
    let mut parts = Vec::new();
    if job.is_set() {
        parts.push(format!("{} changed", counts.changed));
        if counts.would_change > 0 || job.is_dry_run() {
            parts.push(format!("{} would change", counts.would_change));
        }
        parts.push(format!("{} unchanged", counts.unchanged));
        let verb = if job.is_dry_run() {
            "would change"
        } else {
            "changed"
        };
        parts.push(format!("{} {verb}", plural(report.fields, "field")));
    } else {
        parts.push(format!("{} ok", counts.ok));
    }
    parts.push(format!("{} failed", counts.failed));
    let secs = report.elapsed.as_secs_f64();
    let rate = if secs > 0.0 {
        counts.total() as f64 / secs
    } else {
        0.0
    };
    let mut summary = format!(
        "wxc: {job}: {} in {secs:.1}s ({rate:.0}/s): {}",
        plural(counts.total(), "id"),
        parts.join(", ")
    );
    if !report.unwritten_changes.is_empty() {
        summary.push_str(&format!(
            "; {} changed but not written",
            report.unwritten_changes.len()
        ));
    }
    if report.duplicates > 0 {
        summary.push_str(&format!(
            "; {} skipped",
            plural(report.duplicates, "duplicate")
        ));
    }
    summary.push_str(&format!(
        "; {}, {} retried, {} throttled",
        plural(report.stats.requests, "request"),
        report.stats.retries,
        report.stats.throttled
    ));
    match &report.stop {
        Some(Stop::OutputFailed(error)) if error.kind() == std::io::ErrorKind::BrokenPipe => {
            summary.push_str("; stopped early: the output was closed");
            if report.unprocessed.count > 0 {
                summary.push_str(&format!(
                    ", {} not processed",
                    plural(report.unprocessed.count, "id")
                ));
            }
        }
        Some(_) => summary.push_str(&format!(
            "; stopped early, {} not processed",
            plural(report.unprocessed.count, "id")
        )),
        None => {}
    }
    summary
}

/// `the 1 failed id is`, `the 2 failed ids are`.
fn the_ids_are(count: u64, noun: &str) -> String {
    let verb = if count == 1 { "is" } else { "are" };
    format!("the {} {verb}", plural(count, noun))
}

/// Names the failed-ids file and how to re-run it.
fn failed_hint<S: CliSetting>(job: &Job<S>, report: &Report, rerun: &str) {
    match &report.failed {
        None => {}
        Some(Ok(path)) if job.is_apply() => say(&format!(
            "wxc: {} listed in {}; re-run the same `wxc {} apply FILE` to retry them \
             (targets already in their state come back unchanged)",
            the_ids_are(report.counts.failed, "failed id"),
            path.display(),
            S::NAME
        )),
        Some(Ok(path)) => say(&format!(
            "wxc: {} listed in {}; re-run them with: wxc --ids-from {}{rerun} {job} ...",
            the_ids_are(report.counts.failed, "failed id"),
            path.display(),
            shell_word(&path.to_string_lossy())
        )),
        Some(Err(error)) => say(&format!(
            "wxc: could not write the failed ids to a file ({error}); the failed records above name them"
        )),
    }
}

/// Names the unprocessed ids and how to resume with them.
fn resume_hint<S: CliSetting>(job: &Job<S>, report: &Report, rerun: &str) {
    let unprocessed = &report.unprocessed;
    if unprocessed.count == 0 {
        match unprocessed.unread {
            Unread::Input => {
                say("wxc: the rest of the input was not read: no id of it was processed");
            }
            unread => unread_hint(job, unread, rerun),
        }
        return;
    }
    for id in &unprocessed.sample {
        say(&format!(
            "wxc: not processed: {}",
            crate::display::shown_id(id)
        ));
    }
    // Without a file every id was printed already, one per line.
    if unprocessed.file.is_some() && unprocessed.sample.len() as u64 != unprocessed.count {
        say(&format!(
            "wxc: ... and {} more",
            unprocessed.count - unprocessed.sample.len() as u64
        ));
    }
    match &unprocessed.file {
        Some(path) if job.is_apply() => say(&format!(
            "wxc: {} listed in {}; finish with the same `wxc {} apply FILE`: \
             targets already brought to their state come back unchanged",
            the_ids_are(unprocessed.count, "unprocessed id"),
            path.display(),
            S::NAME,
        )),
        Some(path) => say(&format!(
            "wxc: {} listed in {}; resume with: wxc --ids-from {}{rerun} {job} ...",
            the_ids_are(unprocessed.count, "unprocessed id"),
            path.display(),
            shell_word(&path.to_string_lossy()),
        )),
        None => say(&format!(
            "wxc: could not write the unprocessed ids to a file ({}); they are the ones listed above",
            unprocessed
                .write_error
                .as_deref()
                .unwrap_or("unknown error")
        )),
    }
    unread_hint(job, unprocessed.unread, rerun);
}

/// What to do about the ids of the source the run never read, which no
/// list names.
fn unread_hint<S: CliSetting>(job: &Job<S>, unread: Unread, rerun: &str) {
    match unread {
        Unread::Nothing => {}
        Unread::Input => {
            say("wxc: the list may be incomplete: the rest of the input was not read");
        }
        // The listing's order is the server's, so the targets it never
        // reached can only be found by listing again.
        Unread::Listing => say(&format!(
            "wxc: the listing of the targets stopped with the run, so targets it had not reached \
             are in no list; run `wxc{rerun} {job} --all ...` again to cover them{}",
            if job.is_set() {
                " (targets already in their state come back unchanged)"
            } else {
                ""
            }
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::undo_line;
    use std::path::Path;

    #[test]
    fn the_undo_line_counts_changes_only_when_all_were_made() {
        let path = Path::new("u.ndjson");
        assert_eq!(
            undo_line("barge-in", path, (2, 2), ""),
            "wxc: the settings before 2 changes are in u.ndjson; undo with: wxc barge-in apply u.ndjson"
        );
        let spaced = undo_line("barge-in", Path::new("/tmp/my dir/u.ndjson"), (1, 1), "");
        assert!(
            spaced.ends_with("undo with: wxc barge-in apply '/tmp/my dir/u.ndjson'"),
            "{spaced}"
        );
        let partly = undo_line("push-to-talk", path, (1, 0), " --org ORG");
        assert!(
            partly.starts_with("wxc: the settings of 1 target from before their changes")
                && partly.contains("(0 made;")
                && partly.ends_with("undo with: wxc --org ORG push-to-talk apply u.ndjson"),
            "{partly}"
        );
    }
}
