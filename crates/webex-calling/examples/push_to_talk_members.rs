//! Add a member to (or, with `--remove`, remove one from) a virtual line's
//! push-to-talk list, showing what would change first.
//!
//! ```sh
//! WEBEX_ACCESS_TOKEN=... cargo run -p webex-calling --example push_to_talk_members -- LINE_ID MEMBER_ID [--remove] [--dry-run]
//! ```

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
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [line_id, member_id, flags @ ..] = args.as_slice() else {
        return Err("usage: push_to_talk_members LINE_ID MEMBER_ID [--remove] [--dry-run]".into());
    };
    let remove = flags.iter().any(|f| f == "--remove");
    let dry_run = flags.iter().any(|f| f == "--dry-run");

    let webex = Webex::from_env()?;
    let ptt = webex.virtual_line(line_id.as_str()).push_to_talk();
    let edit = |s: &mut webex_calling::types::PushToTalkSettings| {
        let present = s
            .members
            .iter()
            .any(|m| m.id.as_deref() == Some(member_id.as_str()));
        if remove {
            s.members
                .retain(|m| m.id.as_deref() != Some(member_id.as_str()));
        } else if !present {
            s.members.push(webex_calling::member(member_id.as_str()));
        }
    };
    let outcome = if dry_run {
        ptt.preview(edit).await?
    } else {
        ptt.modify(edit).await?
    };
    println!(
        "members before: {}, after: {}, update: {:?}, sent: {}",
        outcome.before.members.len(),
        outcome.after.members.len(),
        outcome.update,
        outcome.sent
    );
    Ok(())
}
