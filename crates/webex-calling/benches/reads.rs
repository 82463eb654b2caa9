//! Reads per second through `webex-calling` versus a bare `reqwest` GET plus
//! `serde_json` decode, against the project's mock server on loopback, at
//! concurrency 1 and 64. Also printed, against the same rounds: the
//! generated client alone, bare reqwest with a string URL, and bare reqwest
//! sending the two headers every `webex-calling` request carries
//! (`User-Agent`, `TrackingID`), which tells their cost on the wire (client
//! and server alike) from the rest of the crate's.
//!
//! `cargo bench -p webex-calling --bench reads` runs the full measurement;
//! without `--bench` (as under `cargo test --benches`) it runs a quick smoke
//! pass so test runs stay fast.
//!
//! The two clients run in alternating short rounds against the same server
//! and ids, so load from other processes hits both alike; the ratio printed is
//! the median of the per-round ratios, which resists such noise better than
//! the ratio of totals (also printed). A round is 250 reads, 24 rounds;
//! `READS_BATCH` and `READS_ROUNDS` change that (longer rounds weigh the
//! steady state more than each round's start and tail, at the cost of
//! fewer ratios to take the median of).

use futures::StreamExt;
use std::time::{Duration, Instant};
use webex_calling::Webex;
use webex_calling::types::BargeInSettings;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Counts heap allocations when built with `--cfg reads_allocs` (for a
/// profile run; see `READS_PROFILE` below): a count, unlike time, does not
/// vary with the machine's load (server and client alike are counted; the
/// server's share is the same on every path).
///
/// Not in the timed rounds: the counters are atomics shared by the client's
/// and the server's threads, so counting put a contended atomic on every
/// allocation of every path, a fixed cost per read that no user's program
/// pays and that diluted the ratio: at concurrency 64 it read a median of
/// 0.944x with counting (fourteen runs) and 0.918x without (ten runs) for
/// the same library code.
#[cfg(reads_allocs)]
#[global_allocator]
static GLOBAL: &stats_alloc::StatsAlloc<std::alloc::System> = &stats_alloc::INSTRUMENTED_SYSTEM;

const TOKEN: &str = "bench-token";

struct Setup {
    full: bool,
    batch: usize,
    rounds: usize,
    warmup: usize,
}

/// A number from the environment, else `default`.
fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

fn main() -> Result<(), BoxError> {
    let full = std::env::args().any(|a| a == "--bench");
    let setup = if full {
        Setup {
            full,
            batch: env_or("READS_BATCH", 250),
            rounds: env_or("READS_ROUNDS", 24),
            warmup: 1000,
        }
    } else {
        Setup {
            full,
            batch: 20,
            rounds: 2,
            warmup: 10,
        }
    };

    // The server gets its own runtime and thread so it never shares the
    // client's scheduler.
    let server_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("mock-server")
        .enable_all()
        .build()?;
    let server = server_runtime.block_on(
        webex_calling_mock::MockServer::builder()
            .people(1000)
            .request_log(false)
            .start(),
    )?;
    let base_url = server.base_url();
    let ids = server.people_ids();

    let client_runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    client_runtime.block_on(run(&setup, &base_url, &ids))?;
    drop(server);
    Ok(())
}

async fn run(setup: &Setup, base_url: &str, ids: &[String]) -> Result<(), BoxError> {
    let webex = Webex::builder()
        .token(TOKEN)
        .base_url(base_url)
        .max_concurrency(64)
        .build()?;
    let bare = Bare {
        http: reqwest::Client::new(),
        base: url::Url::parse(base_url)?,
    };
    // The everyday way to write it: the URL built as a string, which reqwest
    // parses on each request (as the generated client does too).
    let naive = NaiveBare {
        http: reqwest::Client::new(),
        base: base_url.trim_end_matches('/').to_owned(),
    };
    // Bare reqwest sending the two headers every `webex-calling` request
    // carries (its `User-Agent` and a fresh `TrackingID`), to tell the cost
    // of those headers on the wire from the rest of the crate's.
    let headed = Bare {
        http: reqwest::Client::new(),
        base: url::Url::parse(base_url)?,
    };
    let calls = std::sync::atomic::AtomicU64::new(0);
    // The generated client alone (no retries, gate, tracking ids or spans),
    // to tell this crate's overhead from the generated layer's.
    let generated = webex_calling_client::Client::new_with_client(
        base_url,
        reqwest::Client::new(),
        webex_calling_client::RequestContext::with_bearer_token(TOKEN),
    );

    println!(
        "{} reads per client per concurrency level, in {} alternating rounds (mock server, {} people){}",
        setup.batch * setup.rounds,
        setup.rounds,
        ids.len(),
        if setup.full {
            ""
        } else {
            " [quick smoke run; use `cargo bench` for figures]"
        }
    );
    // Each read's future is copied whole as it moves (into the
    // `FuturesUnordered` below, into its parents as it starts), so its size
    // is part of each path's cost.
    let id = ids.first().map_or("", String::as_str);
    println!(
        "future per read: webex-calling {} bytes | generated {} | bare {}",
        std::mem::size_of_val(&read_webex(&webex, id)),
        std::mem::size_of_val(&read_generated(&generated, id)),
        std::mem::size_of_val(&bare.read(id)),
    );
    // For profiling one path alone, e.g. `READS_PROFILE=webex perf record ...`
    // (`READS_N` reads, 50,000 unless set). Built with
    // `RUSTFLAGS="--cfg reads_allocs"` it also counts allocations per read.
    if let Ok(path) = std::env::var("READS_PROFILE") {
        let n: usize = std::env::var("READS_N")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(50_000);
        #[cfg(reads_allocs)]
        let region = stats_alloc::Region::new(GLOBAL);
        let (wall, cpu) = match path.as_str() {
            "webex" => drive(n, 64, ids, |id| read_webex(&webex, id)).await?,
            "generated" => drive(n, 64, ids, |id| read_generated(&generated, id)).await?,
            _ => drive(n, 64, ids, |id| bare.read(id)).await?,
        };
        #[cfg(reads_allocs)]
        let allocations = format!(
            ", {:.1} allocations per read (with the server's)",
            region.change().allocations as f64 / n as f64
        );
        #[cfg(not(reads_allocs))]
        let allocations = "";
        println!(
            "{path}: {:.0} reads/s, {:.1} us CPU per read{allocations}",
            n as f64 / wall.as_secs_f64(),
            cpu.as_secs_f64() * 1e6 / n as f64,
        );
        return Ok(());
    }
    for concurrency in [1usize, 64] {
        // Warm-up: connections, allocator and caches on both paths.
        drive(setup.warmup, concurrency, ids, |id| read_webex(&webex, id)).await?;
        drive(setup.warmup, concurrency, ids, |id| bare.read(id)).await?;
        let (mut webex_time, mut bare_time) = (Duration::ZERO, Duration::ZERO);
        let (mut webex_cpu, mut bare_cpu) = (Duration::ZERO, Duration::ZERO);
        let (mut generated_time, mut generated_cpu) = (Duration::ZERO, Duration::ZERO);
        let (mut naive_time, mut headed_time) = (Duration::ZERO, Duration::ZERO);
        drive(setup.warmup, concurrency, ids, |id| naive.read(id)).await?;
        drive(setup.warmup, concurrency, ids, |id| {
            headed.read_headed(id, &calls)
        })
        .await?;
        drive(setup.warmup, concurrency, ids, |id| {
            read_generated(&generated, id)
        })
        .await?;
        let mut ratios = Vec::with_capacity(setup.rounds);
        for round in 0..setup.rounds {
            // Alternating which goes first cancels slow drift.
            let ((w, wc), (b, bc)) = if round.is_multiple_of(2) {
                let w = drive(setup.batch, concurrency, ids, |id| read_webex(&webex, id)).await?;
                (
                    w,
                    drive(setup.batch, concurrency, ids, |id| bare.read(id)).await?,
                )
            } else {
                let b = drive(setup.batch, concurrency, ids, |id| bare.read(id)).await?;
                (
                    drive(setup.batch, concurrency, ids, |id| read_webex(&webex, id)).await?,
                    b,
                )
            };
            webex_time += w;
            bare_time += b;
            webex_cpu += wc;
            bare_cpu += bc;
            let (g, gc) = drive(setup.batch, concurrency, ids, |id| {
                read_generated(&generated, id)
            })
            .await?;
            generated_time += g;
            generated_cpu += gc;
            naive_time += drive(setup.batch, concurrency, ids, |id| naive.read(id))
                .await?
                .0;
            headed_time += drive(setup.batch, concurrency, ids, |id| {
                headed.read_headed(id, &calls)
            })
            .await?
            .0;
            // Same number of reads, so the rate ratio is the inverse time ratio.
            ratios.push(b.as_secs_f64() / w.as_secs_f64());
        }
        ratios.sort_by(f64::total_cmp);
        let median = ratios[ratios.len() / 2];
        let total = (setup.batch * setup.rounds) as f64;
        let webex_rate = total / webex_time.as_secs_f64();
        let bare_rate = total / bare_time.as_secs_f64();
        println!(
            "concurrency {concurrency:>2}: webex-calling {webex_rate:>7.0} reads/s | bare reqwest+serde_json {bare_rate:>7.0} reads/s | ratio {median:.3}x (median of rounds; {:.3}x of totals)",
            webex_rate / bare_rate
        );
        println!(
            "               client-thread CPU per read: webex-calling {:.1} us | bare {:.1} us | ratio {:.3}x",
            webex_cpu.as_secs_f64() * 1e6 / total,
            bare_cpu.as_secs_f64() * 1e6 / total,
            bare_cpu.as_secs_f64() / webex_cpu.as_secs_f64()
        );
        println!(
            "               generated client alone: {:.0} reads/s ({:.3}x of bare), client-thread CPU per read {:.1} us",
            total / generated_time.as_secs_f64(),
            bare_time.as_secs_f64() / generated_time.as_secs_f64(),
            generated_cpu.as_secs_f64() * 1e6 / total
        );
        println!(
            "               bare reqwest with a string URL: {:.0} reads/s; webex-calling is {:.3}x of it",
            total / naive_time.as_secs_f64(),
            naive_time.as_secs_f64() / webex_time.as_secs_f64()
        );
        println!(
            "               bare reqwest with webex-calling's User-Agent and TrackingID headers: {:.0} reads/s; webex-calling is {:.3}x of it",
            total / headed_time.as_secs_f64(),
            headed_time.as_secs_f64() / webex_time.as_secs_f64()
        );
    }
    let stats = webex.stats();
    println!(
        "webex-calling stats: {} requests, {} failed, {} retries, {} throttled",
        stats.requests, stats.failed, stats.retries, stats.throttled
    );
    if stats.failed > 0 || stats.retries > 0 {
        return Err(
            "the benchmark saw failures or retries; figures would not be comparable".into(),
        );
    }
    Ok(())
}

/// Runs `count` reads, `concurrency` at a time, cycling through `ids`.
/// Returns the wall time and the client thread's CPU time, which measures
/// the client's own cost and is barely affected by other load on the machine.
async fn drive<'a, F, Fut>(
    count: usize,
    concurrency: usize,
    ids: &'a [String],
    read: F,
) -> Result<(Duration, Duration), BoxError>
where
    F: Fn(&'a str) -> Fut,
    Fut: std::future::Future<Output = Result<BargeInSettings, BoxError>>,
{
    let cpu_before = client_cpu();
    let started = Instant::now();
    let mut reads = futures::stream::iter(ids.iter().cycle().take(count))
        .map(|id| read(id.as_str()))
        .buffer_unordered(concurrency);
    while let Some(result) = reads.next().await {
        std::hint::black_box(result?);
    }
    let wall = started.elapsed();
    Ok((wall, client_cpu().saturating_sub(cpu_before)))
}

/// CPU time of the calling thread (the client runtime's only thread), from
/// Linux's schedstat (nanosecond resolution); zero where unavailable.
fn client_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|stat| {
            stat.split_whitespace()
                .next()
                .and_then(|n| n.parse::<u64>().ok())
        })
        .map_or(Duration::ZERO, Duration::from_nanos)
}

async fn read_generated(
    client: &webex_calling_client::Client,
    id: &str,
) -> Result<BargeInSettings, BoxError> {
    Ok(client
        .get_person_barge_in(id, None, None)
        .await?
        .into_inner())
}

async fn read_webex(webex: &Webex, id: &str) -> Result<BargeInSettings, BoxError> {
    Ok(webex.person(id).barge_in().get().await?)
}

/// The same read written the everyday way: `format!` the URL and let reqwest
/// parse it.
struct NaiveBare {
    http: reqwest::Client,
    base: String,
}

impl NaiveBare {
    async fn read(&self, id: &str) -> Result<BargeInSettings, BoxError> {
        let response = self
            .http
            .get(format!("{}/people/{id}/features/bargeIn", self.base))
            .bearer_auth(TOKEN)
            .send()
            .await?
            .error_for_status()?;
        let body = response.bytes().await?;
        Ok(serde_json::from_slice(&body)?)
    }
}

/// The baseline: what a hand-rolled client does at minimum.
struct Bare {
    http: reqwest::Client,
    base: url::Url,
}

impl Bare {
    // Kept as first measured (its future's size is part of its cost): the
    // baseline of every ratio above.
    async fn read(&self, id: &str) -> Result<BargeInSettings, BoxError> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| "base URL cannot have path segments")?
            .extend(["people", id, "features", "bargeIn"]);
        let response = self
            .http
            .get(url)
            .bearer_auth(TOKEN)
            .send()
            .await?
            .error_for_status()?;
        let body = response.bytes().await?;
        Ok(serde_json::from_slice(&body)?)
    }

    /// [`read`](Self::read) with a `User-Agent` like `webex-calling`'s and a
    /// `TrackingID` of the same length as its (`<prefix>_<uuid>`), fresh per
    /// call.
    async fn read_headed(
        &self,
        id: &str,
        calls: &std::sync::atomic::AtomicU64,
    ) -> Result<BargeInSettings, BoxError> {
        let call = calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tracking_id = format!(
            "webex-calling-rs_{}",
            uuid::Uuid::from_u128(u128::from(call))
        );
        let response = self
            .http
            .get(self.url(id)?)
            .bearer_auth(TOKEN)
            .header(
                reqwest::header::USER_AGENT,
                concat!("webex-calling-rs/", env!("CARGO_PKG_VERSION")),
            )
            .header("TrackingID", tracking_id)
            .send()
            .await?
            .error_for_status()?;
        let body = response.bytes().await?;
        Ok(serde_json::from_slice(&body)?)
    }

    fn url(&self, id: &str) -> Result<url::Url, BoxError> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| "base URL cannot have path segments")?
            .extend(["people", id, "features", "bargeIn"]);
        Ok(url)
    }
}
