//! The command line, as clap types.

use crate::settings::CliSetting;
use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Audit and change Webex Calling settings, for one id or fifty thousand.
///
/// Every input id yields exactly one output record. Exit status: 0 when every
/// id succeeded, 1 when at least one failed, 2 for a usage or configuration
/// error, 3 when `apply --dry-run --detailed-exitcode` finds drift, 130 when
/// interrupted with Ctrl-C.
#[derive(Debug, Parser)]
#[command(name = "wxc", version, about, long_about = None, propagate_version = true)]
#[command(after_help = "Examples:\n  \
    wxc --mock barge-in get Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xMWEzZjk5MC1hNjg5LTQ3N2QtYmU2Yi03MTIwMDI1ZDhhYmI\n  \
    wxc barge-in set PERSON_ID --enabled true --tone-enabled false\n  \
    wxc --ids-from lines.txt push-to-talk set --add-member PERSON_ID --dry-run\n  \
    wxc --ids-from targets.txt barge-in get --output csv > barge-in.csv\n  \
    wxc barge-in get --kind workspace OPAQUE_ID")]
pub struct Cli {
    /// Options shared by every command.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options accepted before or after the subcommand.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Read ids from FILE, one per line ('-' for stdin); blank lines and lines
    /// starting with '#' are skipped, duplicates are processed once.
    #[arg(long, value_name = "FILE", global = true)]
    pub ids_from: Option<PathBuf>,

    /// Act on this organization (partner administrators).
    #[arg(long, value_name = "ORG_ID", global = true)]
    pub org: Option<String>,

    /// Read the access token from FILE (its first line; '-' for stdin).
    /// Without it, $WEBEX_ACCESS_TOKEN is used. The token is never printed.
    #[arg(long, value_name = "FILE", global = true, conflicts_with = "token")]
    pub token_file: Option<PathBuf>,

    /// The stored login to use when neither --token-file nor
    /// $WEBEX_ACCESS_TOKEN gives a token (see `wxc auth login`).
    #[arg(
        long,
        value_name = "NAME",
        env = "WXC_PROFILE",
        default_value = "default",
        global = true
    )]
    pub profile: String,

    /// Where logins are kept: a file per profile under $WXC_CONFIG_DIR (else
    /// the platform's configuration directory), or the system keyring
    /// (builds with the `keyring` feature).
    #[arg(
        long,
        value_name = "file|keyring",
        env = "WXC_TOKEN_STORE",
        default_value = "file",
        global = true
    )]
    pub token_store: TokenStoreKind,

    /// Access token on the command line: avoid it, other users of the machine
    /// can see it (ps, shell history); prefer $WEBEX_ACCESS_TOKEN or --token-file.
    // A secret: `Debug` of the arguments shows it redacted.
    #[arg(long, value_name = "TOKEN", global = true, hide = true, value_parser = secret)]
    pub token: Option<secrecy::SecretString>,

    /// API root [default: $WEBEX_BASE_URL, else https://webexapis.com/v1].
    #[arg(long, value_name = "URL", global = true, value_parser = api_root)]
    pub base_url: Option<String>,

    /// Requests in flight at once: `auto` (the default) finds the most the
    /// server takes without pushing back; a number (1 to 1024) fixes it.
    // Hyphen values reach the parser, so `-1` is named as a bad count, not
    // taken for an unknown flag.
    #[arg(long, value_name = "auto|N", default_value = "auto", value_parser = concurrency, global = true, allow_hyphen_values = true)]
    pub concurrency: webex_calling::Concurrency,

    /// Stop a listing (`list`, `--all`) that passes this many targets of one
    /// kind: a server paging without end must not keep wxc running forever.
    /// At least 1.
    #[arg(long, value_name = "N", default_value_t = webex_calling::DEFAULT_MAX_TARGETS, value_parser = clap::value_parser!(u64).range(1..), global = true, allow_hyphen_values = true)]
    pub max_targets: u64,

    /// Output format [default: table on a terminal, ndjson otherwise].
    #[arg(long, short = 'o', value_enum, global = true)]
    pub output: Option<OutputFormat>,

    /// For `set` and `apply`: show what would change (old -> new) and send nothing.
    #[arg(long, global = true)]
    pub dry_run: bool,

    /// For `set` and `apply`: record each target's settings before its
    /// change in FILE (for `set`, csv with `-o csv`, else ndjson; for
    /// `apply`, the snapshot's format), which `apply` takes back to undo
    /// the changes
    /// [default: wxc-undo-<time>-<pid>.<ext> in the current directory].
    #[arg(long, value_name = "FILE", global = true, conflicts_with = "no_undo")]
    pub undo_file: Option<PathBuf>,

    /// For `set` and `apply`: keep no undo journal.
    #[arg(long, global = true)]
    pub no_undo: bool,

    /// For `apply --dry-run`: exit 0 when nothing would change, 3 when
    /// something would, 1 when a target could not be read (a drift check).
    #[arg(long, global = true)]
    pub detailed_exitcode: bool,

    /// Send enum values this version of wxc does not list (Webex may have
    /// added them), and member ids that do not decode to a person, workspace
    /// or virtual line; without it either is an error before anything is sent.
    #[arg(long, global = true)]
    pub allow_unknown_values: bool,

    /// More diagnostics on stderr (-v: requests, -vv: debug, -vvv: trace).
    #[arg(short, long, action = ArgAction::Count, global = true, conflicts_with = "quiet")]
    pub verbose: u8,

    /// No progress bar and no warnings; only records and the summary line.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Run against an in-process mock server seeded with the seed documents'
    /// examples, instead of Webex. No token needed.
    #[arg(long, global = true)]
    pub mock: bool,
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A human-readable table (rendered in chunks, in input order).
    Table,
    /// A JSON array of records, streamed.
    Json,
    /// One JSON record per line, streamed as results arrive.
    Ndjson,
    /// Comma-separated values with a header line, streamed as results arrive.
    Csv,
}

/// The top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// One subcommand per setting.
    #[command(flatten)]
    Setting(SettingCommands),
    /// People with Webex Calling.
    #[command(subcommand)]
    People(ListCommand),
    /// Workspaces with Webex Calling.
    #[command(subcommand)]
    Workspaces(ListCommand),
    /// Virtual lines.
    #[command(subcommand)]
    VirtualLines(ListCommand),
    /// Log in once (OAuth), see who is logged in, print a token, log out.
    #[command(subcommand)]
    Auth(AuthCommand),
    /// Print a shell completion script to stdout.
    Completions {
        /// The shell to generate completions for.
        #[arg(value_enum)]
        shell: Shell,
    },
}

/// What a command over setting `S` is handed, whichever setting it is.
pub(crate) trait SettingVisitor {
    /// What the visit gives back.
    type Output;
    /// Visits the command with its setting's type.
    fn visit<S: CliSetting>(self, command: SettingCommand<S::Args>) -> Self::Output;
}

/// Makes [`SettingCommands`], one subcommand per setting the spec defines
/// (`wxc barge-in ...`), from `for_each_setting!`.
macro_rules! setting_commands {
    ($(($setting:ident, $accessor:ident, $name:literal, $doc:literal)),* $(,)?) => {
        /// The setting subcommands.
        #[derive(Debug, Subcommand)]
        pub enum SettingCommands {
            $(
                #[doc = $doc]
                #[command(subcommand, name = $name)]
                $setting(
                    SettingCommand<<webex_calling::settings::$setting as CliSetting>::Args>,
                ),
            )*
        }

        impl SettingCommands {
            /// Hands the command to `visitor` with its setting's type.
            pub(crate) fn accept<V: SettingVisitor>(self, visitor: V) -> V::Output {
                match self {
                    $(Self::$setting(command) => {
                        visitor.visit::<webex_calling::settings::$setting>(command)
                    })*
                }
            }
        }
    };
}

webex_calling::for_each_setting!(setting_commands);

/// `wxc auth ...`
#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Log in with an integration and store the tokens in the profile: the
    /// device flow (a code to enter on any browser), or --browser for a
    /// browser on this machine (authorization code with PKCE).
    Login {
        /// The integration's client id (developer.webex.com, My Apps).
        #[arg(long, value_name = "ID")]
        client_id: String,
        /// A file holding the integration's client secret (first line; '-' for stdin).
        #[arg(long, value_name = "FILE")]
        client_secret_file: PathBuf,
        /// The scopes to ask for (comma-separated or repeated) [default: what
        /// reading and changing settings and listing targets need].
        #[arg(long, value_name = "SCOPE,...", value_delimiter = ',')]
        scopes: Vec<String>,
        /// Log in in a browser on this machine, which Webex sends back to
        /// --redirect-uri, instead of with a code.
        #[arg(long)]
        browser: bool,
        /// With --browser: the redirect URI the integration registered.
        #[arg(
            long,
            value_name = "URI",
            default_value = "http://127.0.0.1:8400/callback",
            requires = "browser"
        )]
        redirect_uri: String,
    },
    /// Who is logged in, the organization, when the tokens expire and where
    /// they are kept; exit 0 when the login is usable, 1 when it is expired
    /// or there is none.
    Status,
    /// Print a current access token to stdout (refreshed if needed), for
    /// scripts. The only command that prints a token.
    Token,
    /// Remove the profile's stored tokens.
    Logout,
    /// Obtain and store a service app's tokens (a machine account an
    /// administrator authorized) in --profile. They are asked for with an
    /// administrator's token that has the spark:applications_token scope:
    /// --token-file, WEBEX_ACCESS_TOKEN, or the login of --with-profile.
    ServiceApp {
        /// The service app's application id.
        #[arg(long, value_name = "ID")]
        app_id: String,
        /// The service app's client id.
        #[arg(long, value_name = "ID")]
        client_id: String,
        /// A file holding the service app's client secret (first line; '-' for stdin).
        #[arg(long, value_name = "FILE")]
        client_secret_file: PathBuf,
        /// The organization the service app was authorized in.
        #[arg(long, value_name = "ORG_ID")]
        target_org: String,
        /// Ask with the token of this profile's login (an administrator's).
        #[arg(long, value_name = "NAME")]
        with_profile: Option<String>,
    },
}

/// Where `wxc auth` keeps logins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TokenStoreKind {
    /// One file per profile, mode 0600 in a directory of mode 0700.
    File,
    /// The operating system's keyring.
    Keyring,
}

/// Shells `completions` supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
}

/// `wxc <setting> get|set`, the same for every setting.
#[derive(Debug, Subcommand)]
pub enum SettingCommand<A: Args> {
    /// Read the settings.
    Get {
        /// Ids of people, workspaces or virtual lines, mixed (more can come from --ids-from).
        #[arg(value_name = "ID")]
        ids: Vec<String>,
        #[command(flatten)]
        targets: TargetArgs,
    },
    /// Change the settings (read-modify-write; only changed fields are sent).
    Set {
        /// Ids of people, workspaces or virtual lines, mixed (more can come from --ids-from).
        #[arg(value_name = "ID")]
        ids: Vec<String>,
        #[command(flatten)]
        targets: TargetArgs,
        /// The values to set.
        #[command(flatten)]
        values: A,
    },
    /// Bring targets to the settings in FILE: a snapshot as `get -o csv` or
    /// `get -o ndjson` writes it, edited or not. Every row is checked before
    /// anything is sent; then only fields that differ are sent (--dry-run
    /// shows the plan).
    Apply {
        /// The snapshot (csv or ndjson; '-' for stdin).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The snapshot's format [default: from the extension, else from its first character].
        #[arg(long, value_enum)]
        format: Option<SnapshotFormat>,
        /// Treat ids without a kind column as this kind, instead of decoding it from the id.
        #[arg(long, value_enum, value_name = "KIND")]
        kind: Option<KindArg>,
    },
}

/// `apply --format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SnapshotFormat {
    /// Comma-separated values with a header line, as `get -o csv` writes.
    Csv,
    /// One JSON record per line, as `get -o ndjson` writes.
    Ndjson,
}

/// `wxc people|workspaces|virtual-lines ...`
#[derive(Debug, Subcommand)]
pub enum ListCommand {
    /// List them: one record per target with Webex Calling (id, kind, name, location).
    List {
        /// Only those in this location.
        #[arg(long, value_name = "LOCATION_ID")]
        location: Option<String>,
    },
}

/// Which targets a setting command works on.
#[derive(Debug, Clone, Args)]
pub struct TargetArgs {
    /// With ids: treat every id as this kind instead of decoding the kind from
    /// the id (for ids that do not decode). With --all: only this kind
    /// (repeatable).
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Vec<KindArg>,

    /// Every person, workspace and virtual line with Webex Calling in the
    /// organization, listed as the run goes (narrow with --kind, --location).
    #[arg(long, conflicts_with = "ids")]
    pub all: bool,

    /// With --all: only targets in this location.
    #[arg(long, value_name = "LOCATION_ID", requires = "all")]
    pub location: Option<String>,

    /// With `set --all`: do not ask for confirmation (needed when not on a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// `--kind` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// A person.
    Person,
    /// A workspace.
    Workspace,
    /// A virtual line.
    VirtualLine,
}

impl From<KindArg> for webex_calling::Kind {
    fn from(kind: KindArg) -> Self {
        match kind {
            KindArg::Person => Self::Person,
            KindArg::Workspace => Self::Workspace,
            KindArg::VirtualLine => Self::VirtualLine,
        }
    }
}

/// A secret argument, kept out of `Debug`.
/// A `--base-url` given blank (an unset shell variable, say) is a slip, not
/// a wish for Webex's own API, where the token would then go. The flag
/// alone: `WEBEX_BASE_URL` is read by `setup::explicit_base_url`, where an
/// empty value counts as unset (clap's `env` would put an exported empty
/// variable through this check, and show the flag as given in usage lines).
fn api_root(value: &str) -> Result<String, String> {
    if value.trim().is_empty() {
        return Err(format!(
            "the URL is empty; give the API root (such as {}) or leave --base-url out",
            webex_calling::DEFAULT_BASE_URL
        ));
    }
    Ok(value.to_owned())
}

fn secret(value: &str) -> Result<secrecy::SecretString, std::convert::Infallible> {
    Ok(secrecy::SecretString::from(value))
}

/// `--concurrency auto|N`.
fn concurrency(value: &str) -> Result<webex_calling::Concurrency, String> {
    if value.eq_ignore_ascii_case("auto") {
        return Ok(webex_calling::Concurrency::Auto);
    }
    match value.parse::<usize>() {
        Ok(n) if (1..=1024).contains(&n) => Ok(webex_calling::Concurrency::Fixed(n)),
        _ => Err(format!(
            "expected auto or a number from 1 to 1024, got {value:?}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn the_token_argument_stays_out_of_debug() {
        let cli = Cli::try_parse_from(["wxc", "--token", "SECRET-ARG-123", "barge-in", "get", "x"])
            .expect("the arguments parse");
        let shown = format!("{cli:?}");
        assert!(!shown.contains("SECRET-ARG-123"), "{shown}");
    }
}
