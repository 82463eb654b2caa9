#![doc = include_str!("../README.md")]
//!
//! ## The library target
//!
//! The binary is a thin wrapper around [`main`]; the modules are public so
//! tests can reach them.

#![forbid(unsafe_code)]

pub mod cli;
pub mod commands;
pub mod ids;
pub mod output;
pub mod progress;
pub mod record;
mod redact;
pub mod run;

use crate::cli::{
    Access, BargeInCommand, Cli, Command, Connection, OutputFormat, PushToTalkCommand,
};
use crate::commands::{BargeInChange, Job, PushToTalkChange};
use crate::ids::IdSource;
use crate::output::Output;
use crate::progress::Progress;
use crate::run::{Report, Run, Stop};
use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use webex_calling::types::{PushToTalkAccessType, PushToTalkConnectionType};
use webex_calling::{DEFAULT_BASE_URL, Webex};

/// Exit status when every id succeeded.
pub const EXIT_OK: u8 = 0;
/// Exit status when at least one id failed.
pub const EXIT_FAILED: u8 = 1;
/// Exit status for a usage or configuration error.
pub const EXIT_USAGE: u8 = 2;
/// Exit status after Ctrl-C (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: u8 = 130;

/// How long Ctrl-C waits for requests in flight before giving up on them.
const GRACE: Duration = Duration::from_secs(5);
/// The token `--mock` uses when none is given (the mock accepts any).
const MOCK_TOKEN: &str = "wxc-mock-token";

/// A usage or configuration problem: a message that says what to fix.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(String);

fn usage(message: impl Into<String>) -> UsageError {
    UsageError(message.into())
}

/// Runs `wxc` with the process's arguments and returns its exit status.
pub fn main() -> ExitCode {
    let matches = match Cli::command().try_get_matches() {
        Ok(matches) => matches,
        // Prints help/version (exit 0) or the usage error (exit 2).
        Err(error) => error.exit(),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    if let Command::Completions { shell } = cli.command {
        return completions(shell);
    }
    if cli.global.mock && matches.value_source("base_url") == Some(ValueSource::CommandLine) {
        return fail_usage(&usage(
            "--mock and --base-url cannot be combined: --mock starts its own server; drop one of them",
        ));
    }
    redact::init_tracing(
        cli.global.verbose,
        cli.global.quiet,
        cli.global.token.as_deref(),
    );
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(error) => {
            return fail_usage(&usage(format!("cannot start the async runtime: {error}")));
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => ExitCode::from(code),
        Err(error) => fail_usage(&error),
    }
}

fn fail_usage(error: &UsageError) -> ExitCode {
    eprintln!("wxc: error: {error}");
    ExitCode::from(EXIT_USAGE)
}

fn completions(shell: cli::Shell) -> ExitCode {
    let shell = match shell {
        cli::Shell::Bash => clap_complete::Shell::Bash,
        cli::Shell::Zsh => clap_complete::Shell::Zsh,
        cli::Shell::Fish => clap_complete::Shell::Fish,
    };
    clap_complete::generate(shell, &mut Cli::command(), "wxc", &mut std::io::stdout());
    ExitCode::from(EXIT_OK)
}

async fn run(cli: Cli) -> Result<u8, UsageError> {
    let Cli { global, command } = cli;
    let (job, args) = job(command, global.dry_run)?;
    if global.dry_run && !job.is_set() {
        return Err(usage(
            "--dry-run applies to `set` only; `get` never changes anything",
        ));
    }
    if let Some(org) = &global.org {
        ids::validate(org).map_err(|e| usage(format!("--org: {e}")))?;
    }
    let ids = IdSource::open(args, global.ids_from.as_deref()).map_err(|e| usage(e.to_string()))?;
    if ids.is_unspecified() {
        return Err(usage(format!(
            "no ids given: pass them as arguments (wxc {} ID...) or one per line with --ids-from FILE ('-' for stdin)",
            job.describe()
        )));
    }
    let format = global.output.unwrap_or(if std::io::stdout().is_terminal() {
        OutputFormat::Table
    } else {
        OutputFormat::Ndjson
    });

    // Kept alive until the run ends; dropping it stops the server.
    let mut _mock = None;
    let (token, base_url) = if global.mock {
        let server = webex_calling_mock::MockServer::builder()
            .request_log(false)
            .start()
            .await
            .map_err(|e| {
                usage(format!(
                    "--mock: cannot start the embedded mock server: {e}"
                ))
            })?;
        let base_url = server.base_url();
        // Said even with -q: nobody should mistake a mock run for a real one.
        eprintln!(
            "wxc: --mock: using the embedded mock server at {base_url} (nothing is sent to Webex); \
             seeded with the seed documents' examples: person {}, virtual line {}",
            webex_calling_mock::seed_examples::PERSON_ID,
            webex_calling_mock::seed_examples::VIRTUAL_LINE_ID,
        );
        _mock = Some(server);
        let token = global.token.clone().filter(|t| !t.trim().is_empty());
        (token.unwrap_or_else(|| MOCK_TOKEN.to_owned()), base_url)
    } else {
        let token = global.token.clone().filter(|t| !t.trim().is_empty()).ok_or_else(|| {
            usage(
                "no access token: set WEBEX_ACCESS_TOKEN (export WEBEX_ACCESS_TOKEN=...) or pass --token TOKEN; \
                 a personal token is at https://developer.webex.com/docs/getting-started. \
                 To try wxc without one, add --mock",
            )
        })?;
        let base_url = global
            .base_url
            .clone()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        (token, base_url)
    };

    let concurrency = usize::from(global.concurrency);
    let mut builder = Webex::builder()
        .token(token)
        .base_url(&base_url)
        .max_concurrency(concurrency)
        .http_client(http_client(&base_url)?)
        .tracking_id_prefix("wxc");
    if let Some(org) = &global.org {
        builder = builder.org_id(org.clone());
    }
    let webex = builder.build().map_err(|e| {
        usage(format!(
            "{e} (check --token/WEBEX_ACCESS_TOKEN, --base-url/WEBEX_BASE_URL and --org)"
        ))
    })?;
    tracing::info!(base_url = %webex.base_url(), concurrency, job = %job.describe(), "starting");

    let progress_visible = std::io::stderr().is_terminal() && !global.quiet && global.verbose == 0;
    let progress = Progress::new(ids.count_hint(), progress_visible, global.quiet);
    let mut output = Output::new(format, &job, Box::new(std::io::stdout()));
    if progress.is_visible() && std::io::stdout().is_terminal() {
        output.share_terminal_with(progress.bar().clone());
    }
    let report = Run {
        webex,
        job: job.clone(),
        concurrency,
        ordered: format == OutputFormat::Table,
        grace: GRACE,
        ids,
        output,
        progress,
    }
    .execute()
    .await;
    Ok(finish(&job, &report))
}

/// The HTTP client: reqwest's defaults minus what wxc has no use for. The
/// Webex API does not redirect, and the client crate already retries (with
/// Webex's rules) and times out each request itself, so reqwest's redirect
/// and retry layers and its own timer would only add work to every request.
/// The library's builder keeps a loopback base URL away from any proxy.
fn http_client(base_url: &str) -> Result<reqwest::Client, UsageError> {
    webex_calling::http_client_builder(base_url)
        .map_err(|e| usage(format!("{e} (check --base-url/WEBEX_BASE_URL)")))?
        .user_agent(concat!("wxc/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .retry(reqwest::retry::never())
        .referer(false)
        .build()
        .map_err(|e| usage(format!("cannot create the HTTP client: {e}")))
}

/// Turns the command line into a job and its id arguments.
fn job(command: Command, dry_run: bool) -> Result<(Job, Vec<String>), UsageError> {
    Ok(match command {
        Command::BargeIn(BargeInCommand::Get { ids }) => (Job::BargeInGet, ids),
        Command::BargeIn(BargeInCommand::Set {
            ids,
            enabled,
            tone_enabled,
        }) => {
            let change = BargeInChange {
                enabled,
                tone_enabled,
            };
            if change.is_empty() {
                return Err(usage(
                    "nothing to change: pass --enabled true|false and/or --tone-enabled true|false",
                ));
            }
            (
                Job::BargeInSet {
                    change: Arc::new(change),
                    dry_run,
                },
                ids,
            )
        }
        Command::PushToTalk(PushToTalkCommand::Get { ids }) => (Job::PushToTalkGet, ids),
        Command::PushToTalk(PushToTalkCommand::Set {
            ids,
            auto_answer,
            connection,
            access,
            members,
            add_member,
            remove_member,
        }) => {
            let members = members.map(|list| member_list(&list)).transpose()?;
            for id in add_member.iter().chain(&remove_member) {
                ids::validate(id).map_err(|e| usage(format!("member {id:?}: {e}")))?;
            }
            if let Some(id) = add_member.iter().find(|id| remove_member.contains(id)) {
                return Err(usage(format!(
                    "member {id} is both added and removed; drop one of the two"
                )));
            }
            let change = PushToTalkChange {
                auto_answer,
                connection: connection.map(|c| match c {
                    Connection::OneWay => PushToTalkConnectionType::OneWay,
                    Connection::TwoWay => PushToTalkConnectionType::TwoWay,
                }),
                access: access.map(|a| match a {
                    Access::Allow => PushToTalkAccessType::AllowMembers,
                    Access::Block => PushToTalkAccessType::BlockMembers,
                }),
                members,
                add: add_member,
                remove: remove_member,
            };
            if change.is_empty() {
                return Err(usage(
                    "nothing to change: pass at least one of --auto-answer, --connection, --access, --members, --add-member, --remove-member",
                ));
            }
            (
                Job::PushToTalkSet {
                    change: Arc::new(change),
                    dry_run,
                },
                ids,
            )
        }
        Command::Completions { .. } => return Err(usage("completions take no ids")),
    })
}

/// `--members A,B,C`: ids in order, duplicates dropped; an empty value clears.
fn member_list(list: &str) -> Result<Vec<String>, UsageError> {
    let mut members: Vec<String> = Vec::new();
    for id in list.split(',').map(str::trim).filter(|id| !id.is_empty()) {
        ids::validate(id).map_err(|e| usage(format!("--members: member {id:?}: {e}")))?;
        if !members.iter().any(|m| m == id) {
            members.push(id.to_owned());
        }
    }
    Ok(members)
}

/// Prints the closing messages and picks the exit status.
fn finish(job: &Job, report: &Report) -> u8 {
    let counts = report.counts;
    let mut parts = Vec::new();
    if job.is_set() {
        parts.push(format!("{} changed", counts.changed));
        if counts.would_change > 0
            || matches!(
                job,
                Job::BargeInSet { dry_run: true, .. } | Job::PushToTalkSet { dry_run: true, .. }
            )
        {
            parts.push(format!("{} would change", counts.would_change));
        }
        parts.push(format!("{} unchanged", counts.unchanged));
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
        "wxc: {}: {} in {secs:.1}s ({rate:.0}/s): {}",
        job.describe(),
        plural(counts.total(), "id"),
        parts.join(", ")
    );
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
        }
        Some(_) => summary.push_str(&format!(
            "; stopped early, {} not processed",
            plural(report.unprocessed.count, "id")
        )),
        None => {}
    }
    eprintln!("{summary}");

    let resume = |report: &Report| {
        let unprocessed = &report.unprocessed;
        if unprocessed.count == 0 {
            return;
        }
        for id in &unprocessed.sample {
            eprintln!("wxc: not processed: {id}");
        }
        if unprocessed.sample.len() as u64 != unprocessed.count {
            eprintln!(
                "wxc: ... and {} more",
                unprocessed.count - unprocessed.sample.len() as u64
            );
        }
        match &unprocessed.file {
            Some(path) => eprintln!(
                "wxc: the {} unprocessed ids are listed in {}; resume with: wxc --ids-from {} {} ...",
                unprocessed.count,
                path.display(),
                path.display(),
                job.describe()
            ),
            None => eprintln!(
                "wxc: could not write the unprocessed ids to a file ({}); they are the ones listed above",
                unprocessed
                    .write_error
                    .as_deref()
                    .unwrap_or("unknown error")
            ),
        }
        if unprocessed.incomplete {
            eprintln!("wxc: the list may be incomplete: the rest of the input was not read");
        }
    };

    if let Some(error) = &report.read_error {
        eprintln!(
            "wxc: error: reading the ids failed part-way: {error}; the records above cover the ids read before it"
        );
        return EXIT_USAGE;
    }
    match &report.stop {
        Some(Stop::Unauthorized) => {
            resume(report);
            eprintln!(
                "wxc: error: the access token was rejected (HTTP 401): it is wrong or expired. \
                 Get a new one (https://developer.webex.com/docs/getting-started) and pass it with --token or WEBEX_ACCESS_TOKEN"
            );
            EXIT_USAGE
        }
        Some(Stop::OutputFailed(error)) => {
            if error.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("wxc: error: cannot write the output: {error}");
            }
            resume(report);
            EXIT_FAILED
        }
        Some(Stop::Interrupted) => {
            resume(report);
            EXIT_INTERRUPTED
        }
        None if counts.failed > 0 => EXIT_FAILED,
        None => EXIT_OK,
    }
}

fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The async runtime: one thread. The work per request is small, and on a
/// single thread no task is ever handed to another core, which measured
/// faster than the multi-threaded runtime at every concurrency tried.
fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
}
