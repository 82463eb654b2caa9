//! The entry point: parse the command line, check it, and run one setting
//! command over its ids.

use crate::cli::{
    Cli, Command, GlobalArgs, ListCommand, OutputFormat, SettingCommand, SettingVisitor,
    SnapshotFormat, TargetArgs,
};
use crate::ids::IdSource;
use crate::job::Job;
use crate::listing::{ListJob, TargetRow};
use crate::output::Output;
use crate::progress::Progress;
use crate::run::{Run, Source};
use crate::settings::CliSetting;
use crate::status::{EXIT_OK, EXIT_USAGE, UsageError, say, usage};
use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};
use std::future::Future;
use std::io::{IsTerminal, Write};
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use webex_calling::Kind;

/// How long Ctrl-C waits for requests in flight before giving up on them.
const GRACE: Duration = Duration::from_secs(5);

/// Runs `wxc` with the process's arguments and returns its exit status.
pub(crate) fn main() -> ExitCode {
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
    let token = match crate::setup::token(&cli.global) {
        Ok(token) => token,
        Err(error) => return fail_usage(&error),
    };
    crate::redact::init_tracing(cli.global.verbose, cli.global.quiet, token.as_deref());
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(error) => {
            return fail_usage(&usage(format!("cannot start the async runtime: {error}")));
        }
    };
    match runtime.block_on(run(cli, token)) {
        Ok(code) => ExitCode::from(code),
        Err(error) => fail_usage(&error),
    }
}

fn fail_usage(error: &UsageError) -> ExitCode {
    say(&format!("wxc: error: {error}"));
    ExitCode::from(EXIT_USAGE)
}

fn completions(shell: crate::cli::Shell) -> ExitCode {
    let shell = match shell {
        crate::cli::Shell::Bash => clap_complete::Shell::Bash,
        crate::cli::Shell::Zsh => clap_complete::Shell::Zsh,
        crate::cli::Shell::Fish => clap_complete::Shell::Fish,
    };
    clap_complete::generate(shell, &mut Cli::command(), "wxc", &mut std::io::stdout());
    ExitCode::from(EXIT_OK)
}

/// The one place that knows every setting command.
async fn run(cli: Cli, token: Option<String>) -> Result<u8, UsageError> {
    let Cli { global, command } = cli;
    match command {
        Command::Setting(command) => command.accept(SettingRun { global, token }).await,
        Command::People(ListCommand::List { location }) => {
            run_listing(global, token, Kind::Person, location).await
        }
        Command::Workspaces(ListCommand::List { location }) => {
            run_listing(global, token, Kind::Workspace, location).await
        }
        Command::VirtualLines(ListCommand::List { location }) => {
            run_listing(global, token, Kind::VirtualLine, location).await
        }
        Command::Auth(command) => crate::login::run(&global, token, command).await,
        Command::Completions { .. } => Err(usage("completions take no ids")),
    }
}

/// Runs a setting command with its setting's type.
struct SettingRun {
    global: GlobalArgs,
    token: Option<String>,
}

impl SettingVisitor for SettingRun {
    // Boxed: one future type whichever setting; the runtime is single-threaded.
    type Output = Pin<Box<dyn Future<Output = Result<u8, UsageError>>>>;

    fn visit<S: CliSetting>(self, command: SettingCommand<S::Args>) -> Self::Output {
        Box::pin(run_setting::<S>(self.global, self.token, command))
    }
}

/// `wxc <setting> get|set ...` over every id.
async fn run_setting<S: CliSetting>(
    global: GlobalArgs,
    token: Option<String>,
    command: SettingCommand<S::Args>,
) -> Result<u8, UsageError> {
    check_change_flags(&global, &command)?;
    let (job, source, kind, undo) = match command {
        SettingCommand::Apply { file, format, kind } => {
            if global.ids_from.is_some() {
                return Err(usage("apply takes its ids from FILE; drop --ids-from"));
            }
            let snapshot = crate::snapshot::check::<S>(
                &file,
                format,
                kind.map(Kind::from),
                global.allow_unknown_values,
            )?;
            if !global.quiet {
                snapshot
                    .warnings()
                    .iter()
                    .for_each(|w| crate::status::say(w));
            }
            let undo = undo_journal::<S>(
                &global,
                match snapshot.format() {
                    SnapshotFormat::Csv => crate::undo::Format::Csv,
                    SnapshotFormat::Ndjson => crate::undo::Format::Ndjson,
                },
            );
            let job = Job::Apply {
                dry_run: global.dry_run,
                journal: sink(&undo),
            };
            (job, Source::Snapshot(snapshot), None, undo)
        }
        command => {
            let format = match global.output {
                Some(OutputFormat::Csv) => crate::undo::Format::Csv,
                _ => crate::undo::Format::Ndjson,
            };
            let undo = undo_journal::<S>(&global, format);
            let (job, args, targets) = job::<S>(command, &global, sink(&undo))?;
            let (source, kind) = source(&global, &job, args, &targets)?;
            (job, source, kind, undo)
        }
    };
    if let Some(undo) = &undo {
        undo.check().map_err(usage)?;
    }
    let format = output_format(&global);
    let session = crate::setup::connect(&global, token).await?;
    // With an adaptive limit, as many operations start as it could ever
    // allow; the limit decides how many of them send at a time.
    let concurrency = session.webex.max_in_flight();
    tracing::info!(base_url = %session.webex.base_url(), concurrency = ?global.concurrency, job = %job, "starting");

    let length = match &source {
        Source::Ids(ids) => ids.count_hint(),
        // Grows as the listing finds targets.
        Source::All { .. } => Some(0),
        Source::Snapshot(rows) => Some(rows.targets()),
    };
    let progress_visible = std::io::stderr().is_terminal() && !global.quiet && global.verbose == 0;
    let progress = Progress::new(length, progress_visible, global.quiet);
    let columns = crate::record::Record::<S>::columns(job.is_set());
    let mut output = Output::new(format, columns, crate::output::stdout());
    if progress.is_visible() && std::io::stdout().is_terminal() {
        output.share_terminal_with(progress.bar().clone());
    }
    let report = Run {
        webex: session.webex.clone(),
        job: job.clone(),
        kind,
        concurrency,
        ordered: format == OutputFormat::Table,
        grace: GRACE,
        source,
        output,
        progress,
    }
    .execute()
    .await;
    let closing = crate::summary::Closing {
        undo: match undo {
            Some(journal) => journal.written().await,
            None => None,
        },
        detailed: global.detailed_exitcode,
        refreshes: session.login.as_ref().map_or(0, |login| login.refreshes()),
        rerun: crate::setup::rerun_options(&global),
    };
    Ok(crate::summary::finish(&job, &report, &closing))
}

/// The undo journal of a run that may change settings (none for `get`, a
/// dry run, or `--no-undo`).
fn undo_journal<S: CliSetting>(
    global: &GlobalArgs,
    format: crate::undo::Format,
) -> Option<Arc<crate::undo::UndoJournal<S>>> {
    (!global.dry_run && !global.no_undo)
        .then(|| crate::undo::UndoJournal::new(global.undo_file.clone(), format))
}

fn sink<S: CliSetting>(undo: &Option<Arc<crate::undo::UndoJournal<S>>>) -> crate::job::UndoSink<S> {
    undo.clone()
        .map(|journal| journal as Arc<dyn webex_calling::Journal<S>>)
}

/// The flags of changes used where they mean something: the undo flags
/// with `set` or `apply` that send, `--detailed-exitcode` with `apply
/// --dry-run`.
fn check_change_flags<A: clap::Args>(
    global: &GlobalArgs,
    command: &SettingCommand<A>,
) -> Result<(), UsageError> {
    let changes = !matches!(command, SettingCommand::Get { .. });
    if (global.undo_file.is_some() || global.no_undo) && (!changes || global.dry_run) {
        return Err(usage(
            "--undo-file and --no-undo apply to `set` and `apply` that send changes; \
             a `get` or a --dry-run changes nothing",
        ));
    }
    let apply = matches!(command, SettingCommand::Apply { .. });
    if global.detailed_exitcode && !(apply && global.dry_run) {
        return Err(usage(
            "--detailed-exitcode goes with `apply FILE --dry-run` (a drift check: \
             exit 0 when nothing would change, 3 when something would)",
        ));
    }
    Ok(())
}

/// `wxc people|workspaces|virtual-lines list`.
async fn run_listing(
    global: GlobalArgs,
    token: Option<String>,
    kind: Kind,
    location: Option<String>,
) -> Result<u8, UsageError> {
    // Named as given, so the message does not mention a flag the user left out.
    let given: Vec<&str> = [
        (global.dry_run, "--dry-run"),
        (global.ids_from.is_some(), "--ids-from"),
    ]
    .into_iter()
    .filter_map(|(set, flag)| set.then_some(flag))
    .collect();
    if !given.is_empty() {
        return Err(usage(format!(
            "{} {} not apply to `list`: it reads the whole directory",
            given.join(" and "),
            if given.len() == 1 { "does" } else { "do" }
        )));
    }
    if let Some(location) = &location {
        crate::ids::validate(location).map_err(|e| usage(format!("--location: {e}")))?;
    }
    let session = crate::setup::connect(&global, token).await?;
    let output = Output::new(
        output_format(&global),
        TargetRow::columns(),
        crate::output::stdout(),
    );
    let job = ListJob {
        kind,
        location,
        max_targets: global.max_targets,
    };
    crate::listing::run_list(&session.webex, &job, output).await
}

/// `--output`, else a table on a terminal and ndjson otherwise.
fn output_format(global: &GlobalArgs) -> OutputFormat {
    global.output.unwrap_or(if std::io::stdout().is_terminal() {
        OutputFormat::Table
    } else {
        OutputFormat::Ndjson
    })
}

/// Where the ids come from (arguments and `--ids-from`, or `--all`), and the
/// kind forced on them.
fn source<S: CliSetting>(
    global: &GlobalArgs,
    job: &Job<S>,
    args: Vec<String>,
    targets: &TargetArgs,
) -> Result<(Source<S>, Option<Kind>), UsageError> {
    let mut kinds: Vec<Kind> = Vec::new();
    for kind in targets.kind.iter().copied().map(Kind::from) {
        if !S::exists_for(kind) {
            return Err(usage(format!(
                "--kind {kind}: {} settings do not exist for a {kind}; Webex has them for {}",
                S::NAME,
                kind_list(S::KINDS)
            )));
        }
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    // Checked here, not by clap: its `requires` counts a flag's default
    // (`--all` is false unless given) as given.
    if targets.location.is_some() && !targets.all {
        return Err(usage(
            "--location narrows --all; with ids given, the ids say the targets (drop --location or add --all)",
        ));
    }
    if targets.all {
        if global.ids_from.is_some() {
            return Err(usage(
                "--all lists the targets itself; drop --ids-from (or --all)",
            ));
        }
        if kinds.is_empty() {
            // Only the kinds the setting exists for are listed.
            kinds = S::KINDS.to_vec();
        }
        for kind in &kinds {
            job.check_for(*kind).map_err(usage)?;
        }
        confirm_all(job, &kinds, targets)?;
        let location = targets.location.clone();
        if let Some(location) = &location {
            crate::ids::validate(location).map_err(|e| usage(format!("--location: {e}")))?;
        }
        let max_targets = global.max_targets;
        return Ok((
            Source::All {
                kinds,
                location,
                max_targets,
            },
            None,
        ));
    }
    if kinds.len() > 1 {
        return Err(usage(
            "--kind names one kind for the ids given; several --kind narrow --all only",
        ));
    }
    let kind = kinds.first().copied();
    check_arguments(global, &args, kind, &|kind| job.check_for(kind))?;
    let ids = IdSource::open(args, global.ids_from.as_deref()).map_err(|e| usage(e.to_string()))?;
    if ids.is_unspecified() {
        return Err(usage(format!(
            "no ids given: pass them as arguments (wxc {job} ID...), one per line with --ids-from FILE ('-' for stdin), or --all"
        )));
    }
    Ok((Source::Ids(ids), kind))
}

/// `person, workspace`.
fn kind_list(kinds: &[Kind]) -> String {
    kinds
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `set --all` changes a whole organization: on a terminal it asks first;
/// elsewhere it needs `--yes`. Reads and dry runs need no confirmation.
fn confirm_all<S: CliSetting>(
    job: &Job<S>,
    kinds: &[Kind],
    targets: &TargetArgs,
) -> Result<(), UsageError> {
    if !job.is_set() || job.is_dry_run() || targets.yes {
        return Ok(());
    }
    let kinds = kind_list(kinds);
    let place = match &targets.location {
        Some(location) => format!("in location {}", crate::display::shown_id(location)),
        None => "in the organization".to_owned(),
    };
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(usage(format!(
            "`{job} --all` changes every {kinds} with Webex Calling {place}; \
             there is no terminal to ask on, so confirm with --yes (or try --dry-run first)"
        )));
    }
    let mut stderr = std::io::stderr().lock();
    let _ = write!(
        stderr,
        "wxc: {job}: change every {kinds} with Webex Calling {place}? [y/N] "
    );
    let _ = stderr.flush();
    drop(stderr);
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|e| usage(format!("cannot read the answer: {e}")))?;
    match answer.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Ok(()),
        _ => Err(usage("not confirmed; nothing was changed")),
    }
}

/// A job, its id arguments and how targets are named.
type JobArgs<S> = (Job<S>, Vec<String>, TargetArgs);

/// Turns the command into a job, its id arguments and its target options.
fn job<S: CliSetting>(
    command: SettingCommand<S::Args>,
    global: &GlobalArgs,
    journal: crate::job::UndoSink<S>,
) -> Result<JobArgs<S>, UsageError> {
    let dry_run = global.dry_run;
    match command {
        SettingCommand::Get { ids, targets } => {
            if dry_run {
                return Err(usage(
                    "--dry-run applies to `set` and `apply` only; `get` never changes anything",
                ));
            }
            Ok((Job::Get, ids, targets))
        }
        SettingCommand::Set {
            ids,
            targets,
            values,
        } => {
            let desired = Arc::new(S::desired(values, global.allow_unknown_values)?);
            let job = Job::Set {
                desired,
                dry_run,
                journal,
            };
            Ok((job, ids, targets))
        }
        SettingCommand::Apply { .. } => Err(usage("apply reads its ids from its FILE")),
    }
}

/// Refuses an `--org` that decodes to something else than an organization
/// (a person's id pasted into the wrong flag would make every call a 404
/// that names the target, not the flag). An id that does not decode is
/// taken as it is: Webex calls ids opaque.
fn check_org_kind(org: &str) -> Result<(), UsageError> {
    let Some(named) = crate::job::named_instead(org, None) else {
        return Ok(());
    };
    Err(usage(format!(
        "--org {}: the id names {named}, not an organization; give the id of the organization to act in",
        crate::display::shown_id(org)
    )))
}

/// Rejects bad command-line ids, `--org`, and what `job_check` refuses for
/// an id's kind, before anything is sent: a bad argument is a usage error,
/// while bad lines of `--ids-from` are per-id failures.
fn check_arguments(
    global: &GlobalArgs,
    ids: &[String],
    kind: Option<Kind>,
    job_check: &dyn Fn(Kind) -> Result<(), String>,
) -> Result<(), UsageError> {
    if let Some(org) = &global.org {
        crate::ids::validate(org).map_err(|e| usage(format!("--org: {e}")))?;
        check_org_kind(org.trim())?;
    }
    if global
        .token_file
        .as_deref()
        .is_some_and(|p| p.as_os_str() == "-")
        && global
            .ids_from
            .as_deref()
            .is_some_and(|p| p.as_os_str() == "-")
    {
        return Err(usage(
            "--token-file - and --ids-from - both read stdin; give one of them a file",
        ));
    }
    for (n, id) in ids.iter().enumerate() {
        let shown = crate::display::quoted(id);
        crate::ids::validate(id.trim())
            .map_err(|e| usage(format!("id argument {} ({shown}): {e}", n + 1)))?;
        match Kind::resolve(id.trim(), kind) {
            Ok(kind) => job_check(kind)
                .map_err(|e| usage(format!("id argument {} ({shown}): {e}", n + 1)))?,
            Err(webex_calling::KindError::Unknown) => {
                return Err(usage(crate::job::unknown_kind_message(id.trim())));
            }
            Err(error) => return Err(usage(crate::job::kind_message(id.trim(), &error))),
        }
        let overridden = kind.and_then(|kind| crate::job::kind_override(id.trim(), kind));
        if let Some(warning) = overridden.filter(|_| !global.quiet) {
            crate::status::say(&format!("wxc: warning: {warning}"));
        }
    }
    Ok(())
}

/// The async runtime: one thread. The work per request is small, and on a
/// single thread no task is ever handed to another core, which measured
/// faster than the multi-threaded runtime at every concurrency tried.
fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
}
