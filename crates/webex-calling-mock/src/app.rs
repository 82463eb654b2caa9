//! What every request handler shares.

use std::time::Duration;

use crate::auth::Auth;
use crate::error_body::ErrorShape;
use crate::faults::Faults;
use crate::log::{RequestLog, TrackingIds};
use crate::oauth::OAuth;
use crate::state::Store;

/// Everything the request handlers share.
#[derive(Debug)]
pub(crate) struct App {
    pub(crate) store: Store,
    pub(crate) auth: Auth,
    pub(crate) faults: Faults,
    pub(crate) log: RequestLog,
    pub(crate) latency: Option<Duration>,
    pub(crate) tracking: TrackingIds,
    pub(crate) error_shape: ErrorShape,
    /// The login endpoints, when enabled.
    pub(crate) oauth: Option<OAuth>,
}
