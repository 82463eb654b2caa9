//! `webex-calling-mock`: serves the mock Webex Calling settings API until SIGINT
//! or SIGTERM.

#![forbid(unsafe_code)]

use std::io::Write as _;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use webex_calling_mock::{
    DEFAULT_PEOPLE, DEFAULT_VIRTUAL_LINES, DEFAULT_WORKSPACES, ErrorShape, MockServer,
    MockServerBuilder,
};

/// Which ids `--print-ids` prints.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum IdKind {
    /// People with Webex Calling (the ones a calling listing gives a location),
    /// the seed-document person first.
    People,
    /// Virtual-line ids, the seed-document line first.
    VirtualLines,
    /// Workspaces with Webex Calling (the ones whose settings can be read).
    Workspaces,
    /// Webex Calling location ids.
    Locations,
}

/// `--error-shape` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Shape {
    /// `message`, `errors[{description, errorCode}]`, `trackingId` (Webex's documented shape).
    Flat,
    /// `error: {key, message[{description, code}]}`, `trackingId`.
    Nested,
    /// As nested, with `error` a list.
    NestedList,
    /// As flat, with error codes as strings.
    StringCodes,
    /// `message`, `errorCode`, `trackingId`.
    TopLevelCode,
}

/// A mock of the Webex Calling settings API: the settings of people,
/// workspaces and virtual lines, and the lists that find them.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:0")]
    bind: SocketAddr,
    /// Generated people, in addition to the three seed-document people.
    #[arg(long, default_value_t = DEFAULT_PEOPLE)]
    people: usize,
    /// Generated virtual lines, in addition to the seed-document line.
    #[arg(long, default_value_t = DEFAULT_VIRTUAL_LINES)]
    virtual_lines: usize,
    /// Generated workspaces.
    #[arg(long, default_value_t = DEFAULT_WORKSPACES)]
    workspaces: usize,
    /// Seed for generated data and random faults.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Token-bucket rate limit in requests per second (429 when exceeded).
    #[arg(long, value_name = "REQ_PER_S", value_parser = positive_f64)]
    rate_limit: Option<f64>,
    /// Fraction of requests answered 500/502/503/504.
    #[arg(long, value_name = "FRACTION", value_parser = fraction)]
    fail_rate: Option<f64>,
    /// Delay added to every response, in milliseconds (at most an hour).
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(0..=3_600_000))]
    latency_ms: Option<u64>,
    /// Webex Calling locations the targets are spread over.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    locations: u64,
    /// The shape of error bodies.
    #[arg(long, value_enum, default_value = "flat")]
    error_shape: Shape,
    /// Accepted bearer token (repeatable); default: any non-empty token.
    #[arg(long = "token", value_name = "TOKEN")]
    tokens: Vec<String>,
    /// Bearer token that may read but not write (repeatable).
    #[arg(long = "read-only-token", value_name = "TOKEN")]
    read_only_tokens: Vec<String>,
    /// Enable the login endpoints for this OAuth client id (with --oauth-client-secret).
    #[arg(long, value_name = "ID", requires = "oauth_client_secret")]
    oauth_client_id: Option<String>,
    /// The OAuth client's secret (a test value: this is a mock).
    #[arg(long, value_name = "SECRET", requires = "oauth_client_id")]
    oauth_client_secret: Option<String>,
    /// Access tokens the login endpoints issue expire after SECS (401 afterwards).
    #[arg(long, value_name = "SECS", requires = "oauth_client_id", value_parser = clap::value_parser!(u64).range(1..=31_536_000))]
    token_lifetime: Option<u64>,
    /// Approve a device login after N polls.
    #[arg(long, value_name = "N", requires = "oauth_client_id", value_parser = clap::value_parser!(u64).range(0..=1_000))]
    approve_device_after: Option<u64>,
    /// The poll interval device logins are told, in seconds.
    #[arg(long, value_name = "SECS", requires = "oauth_client_id", value_parser = clap::value_parser!(u64).range(0..=60))]
    device_interval: Option<u64>,
    /// Revoke every refresh token after N refreshes (a fault: the next refresh is refused).
    #[arg(long, value_name = "N", requires = "oauth_client_id", value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    revoke_refresh_after: Option<u64>,
    /// A 429 storm: from the Nth request on (0: at once), every request is
    /// answered 429 for --storm-seconds, with --storm-retry-after.
    #[arg(long, value_name = "N")]
    storm_after: Option<u64>,
    /// How long a storm lasts, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 8.0, requires = "storm_after", value_parser = storm_seconds)]
    storm_seconds: f64,
    /// The Retry-After of a storm's 429s, in seconds.
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 1,
        requires = "storm_after"
    )]
    storm_retry_after: u64,
    /// Print the seeded ids of this kind, one per line, and exit.
    #[arg(long, value_name = "KIND")]
    print_ids: Option<IdKind>,
}

fn positive_f64(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.001..=1e9).contains(&v) => Ok(v),
        _ => Err(format!(
            "expected a number of requests per second from 0.001 to 1e9, got {s:?}"
        )),
    }
}

fn storm_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=31_536_000.0).contains(&v) => Ok(v),
        _ => Err(format!("expected seconds from 0 to a year, got {s:?}")),
    }
}

fn fraction(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("expected a number between 0 and 1, got {s:?}")),
    }
}

fn builder(args: &Args) -> MockServerBuilder {
    let mut builder = MockServer::builder()
        .bind(args.bind)
        .people(args.people)
        .virtual_lines(args.virtual_lines)
        .workspaces(args.workspaces)
        .seed(args.seed)
        .locations(usize::try_from(args.locations).unwrap_or(1))
        .error_shape(match args.error_shape {
            Shape::Flat => ErrorShape::Flat,
            Shape::Nested => ErrorShape::Nested,
            Shape::NestedList => ErrorShape::NestedList,
            Shape::StringCodes => ErrorShape::StringCodes,
            Shape::TopLevelCode => ErrorShape::TopLevelCode,
        })
        // Nobody can read the log of an out-of-process server, and it would grow
        // under load.
        .request_log(false);
    if let Some(rate) = args.rate_limit {
        builder = builder.rate_limit(rate);
    }
    if let Some(rate) = args.fail_rate {
        builder = builder.fail_rate(rate);
    }
    if let Some(ms) = args.latency_ms {
        builder = builder.latency(Duration::from_millis(ms));
    }
    if let Some(after) = args.storm_after {
        builder = builder.storm(
            after,
            Duration::from_secs_f64(args.storm_seconds),
            args.storm_retry_after,
        );
    }
    for token in &args.tokens {
        builder = builder.token(token.clone());
    }
    for token in &args.read_only_tokens {
        builder = builder.read_only_token(token.clone());
    }
    if let (Some(id), Some(secret)) = (&args.oauth_client_id, &args.oauth_client_secret) {
        builder = builder.oauth(id.clone(), secret.clone());
        if let Some(secs) = args.token_lifetime {
            builder = builder.token_lifetime(Duration::from_secs(secs));
        }
        if let Some(polls) = args.approve_device_after {
            builder = builder.approve_device_after(polls);
        }
        if let Some(secs) = args.device_interval {
            builder = builder.device_interval(secs);
        }
        if let Some(refreshes) = args.revoke_refresh_after {
            builder = builder.revoke_refresh_tokens_after(refreshes);
        }
    }
    builder
}

async fn wait_for_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r,
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let builder = builder(&args);
    if let Some(kind) = args.print_ids {
        let ids = match kind {
            IdKind::People => builder.calling_people_ids(),
            IdKind::VirtualLines => builder.virtual_line_ids(),
            IdKind::Workspaces => builder.calling_workspace_ids(),
            IdKind::Locations => builder.location_ids(),
        };
        let mut out = std::io::stdout().lock();
        for id in ids {
            if writeln!(out, "{id}").is_err() {
                return ExitCode::FAILURE;
            }
        }
        return ExitCode::SUCCESS;
    }
    let server = match builder.start().await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("webex-calling-mock: {e}");
            return ExitCode::FAILURE;
        }
    };
    {
        let mut out = std::io::stdout().lock();
        if writeln!(out, "listening on {}", server.base_url())
            .and_then(|()| out.flush())
            .is_err()
        {
            return ExitCode::FAILURE;
        }
    }
    let result = wait_for_signal().await;
    server.shutdown().await;
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("webex-calling-mock: cannot wait for signals: {e}");
            ExitCode::FAILURE
        }
    }
}
