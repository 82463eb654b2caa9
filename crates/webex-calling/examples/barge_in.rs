//! Read a person's barge-in settings and turn the warning tone on.
//!
//! ```sh
//! WEBEX_ACCESS_TOKEN=... cargo run -p webex-calling --example barge_in -- PERSON_ID [ORG_ID]
//! ```
//!
//! Set `WEBEX_BASE_URL=http://127.0.0.1:PORT` to run it against a local mock.

use webex_calling::Webex;

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
    let mut args = std::env::args().skip(1);
    let person_id = args.next().ok_or("usage: barge_in PERSON_ID [ORG_ID]")?;
    let webex = Webex::from_env()?;
    let mut person = webex.person(person_id);
    if let Some(org_id) = args.next() {
        person = person.org_id(org_id);
    }

    let settings = person.barge_in().get().await?;
    println!(
        "enabled={} tone_enabled={}",
        settings.enabled, settings.tone_enabled
    );

    let outcome = person.barge_in().modify(|s| s.tone_enabled = true).await?;
    match outcome.update {
        Some(update) => println!("sent {update:?}"),
        None => println!("tone already enabled; nothing sent"),
    }
    Ok(())
}
