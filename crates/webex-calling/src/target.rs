//! What every operation addresses: one id, optionally in another
//! organization, on one client. Shared by [`Person`](crate::Person) and
//! [`VirtualLine`](crate::VirtualLine).

use crate::client::validate_id;
use crate::{Error, Webex};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub(crate) webex: Webex,
    // Shared strings: every operation and retry clones them into its request.
    pub(crate) id: Arc<str>,
    pub(crate) org_id: Option<Arc<str>>,
    /// How error messages name the id, e.g. "person id".
    what: &'static str,
}

impl Target {
    pub(crate) fn new(webex: Webex, id: String, what: &'static str) -> Self {
        let org_id = webex.default_org_id();
        Self {
            webex,
            id: id.into(),
            org_id,
            what,
        }
    }

    pub(crate) fn set_org_id(&mut self, org_id: String) {
        self.org_id = Some(Arc::from(org_id));
    }

    /// Checks the ids before any request is made; a rejected call still
    /// counts in the client's stats, so progress counters add up.
    pub(crate) fn check(&self) -> Result<(), Error> {
        self.check_ids().map_err(|error| self.webex.reject(error))
    }

    fn check_ids(&self) -> Result<(), Error> {
        validate_id(self.what, &self.id)?;
        if let Some(org_id) = &self.org_id {
            validate_id("org id", org_id)?;
        }
        Ok(())
    }
}
