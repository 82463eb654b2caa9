//! Ctrl-C and SIGTERM, as events.

use tokio::sync::mpsc;

/// Ctrl-C (and SIGTERM) as a stream of events, so each press is seen once,
/// including presses while no one is waiting.
pub(crate) struct Interrupts {
    rx: mpsc::UnboundedReceiver<()>,
    task: tokio::task::JoinHandle<()>,
}

impl Interrupts {
    pub(crate) fn install() -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        let task = tokio::spawn(async move {
            #[cfg(unix)]
            {
                use tokio::signal::unix::{SignalKind, signal};
                let (Ok(mut int), Ok(mut term)) = (
                    signal(SignalKind::interrupt()),
                    signal(SignalKind::terminate()),
                ) else {
                    tracing::warn!("cannot listen for Ctrl-C; it will end wxc without a summary");
                    return;
                };
                loop {
                    tokio::select! {
                        _ = int.recv() => {}
                        _ = term.recv() => {}
                    }
                    if tx.send(()).is_err() {
                        return;
                    }
                }
            }
            #[cfg(not(unix))]
            while tokio::signal::ctrl_c().await.is_ok() {
                if tx.send(()).is_err() {
                    return;
                }
            }
        });
        Self { rx, task }
    }

    pub(crate) async fn next(&mut self) -> Option<()> {
        self.rx.recv().await
    }
}

impl Drop for Interrupts {
    fn drop(&mut self) {
        self.task.abort();
    }
}
