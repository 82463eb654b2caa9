//! Errors raised while configuring or starting the mock.

use std::net::SocketAddr;

/// Why the mock server could not be configured or started.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum MockError {
    /// The listening socket could not be bound.
    #[error("cannot bind the mock server to {addr}: {source}")]
    Bind {
        /// The address that was asked for.
        addr: SocketAddr,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A builder setting is out of range (for example a negative rate limit).
    #[error("invalid mock configuration: {0}")]
    InvalidConfig(String),
    /// Any other I/O failure while starting or running the server.
    #[error("mock server I/O error: {0}")]
    Io(#[from] std::io::Error),
}
