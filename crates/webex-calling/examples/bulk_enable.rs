//! Enable barge-in for every person id read from standard input (one per
//! line), 16 at a time, printing one line per id and a summary.
//!
//! ```sh
//! WEBEX_ACCESS_TOKEN=... cargo run -p webex-calling --example bulk_enable < people.txt
//! ```

use futures::StreamExt;
use std::io::BufRead;
use webex_calling::{BulkOptions, Webex};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // Errors are printed with Display: one line with the tracking id.
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let webex = Webex::from_env()?;
    // Reading stdin blocks the thread, so the ids are read up front instead of
    // inside the async run (`bulk` itself pulls lazily from any iterator).
    let ids: Vec<String> = std::io::stdin()
        .lock()
        .lines()
        .map_while(Result::ok)
        .filter(|line| !line.trim().is_empty())
        .collect();
    let mut results = webex.bulk(
        ids,
        BulkOptions::default().concurrency(16),
        |webex, id| async move {
            webex
                .person(id)
                .barge_in()
                .modify(|s| s.enabled = true)
                .await
        },
    );
    let (mut changed, mut unchanged, mut failed) = (0, 0, 0);
    while let Some((id, result)) = results.next().await {
        match result {
            Ok(outcome) if outcome.sent => {
                changed += 1;
                println!("{id}: enabled");
            }
            Ok(_) => {
                unchanged += 1;
                println!("{id}: already enabled");
            }
            Err(error) => {
                failed += 1;
                eprintln!("{id}: {error}");
            }
        }
    }
    let stats = webex.stats();
    println!(
        "changed {changed}, unchanged {unchanged}, failed {failed}; {} requests, {} retries, {} throttled",
        stats.requests, stats.retries, stats.throttled
    );
    Ok(())
}
