//! `TrackingID` values: one fresh id per call, suffixed per retry.
//!
//! Webex support finds a request by the `TrackingID` it carried. Giving every
//! retry of a call the same stem (`<prefix>_<uuid>`, then `_a2`, `_a3`, …)
//! keeps each request distinct while letting support see they belong together.

use std::sync::Arc;

/// The tracking-id stem of one call.
#[derive(Debug, Clone)]
pub(crate) struct Lineage {
    stem: Arc<str>,
}

impl Lineage {
    pub(crate) fn new(prefix: &str) -> Self {
        let mut stem = String::with_capacity(prefix.len() + 37);
        stem.push_str(prefix);
        stem.push('_');
        stem.push_str(
            uuid::Uuid::new_v4()
                .hyphenated()
                .encode_lower(&mut uuid::Uuid::encode_buffer()),
        );
        Self { stem: stem.into() }
    }

    /// The id of attempt `attempt` (1-based): the stem itself for the first.
    pub(crate) fn attempt(&self, attempt: u32) -> Arc<str> {
        if attempt <= 1 {
            Arc::clone(&self.stem)
        } else {
            format!("{}_a{attempt}", self.stem).into()
        }
    }
}

/// Whether a tracking-id prefix can travel in a header and stays readable.
pub(crate) fn valid_prefix(prefix: &str) -> bool {
    !prefix.is_empty()
        && prefix.len() <= 64
        && prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lineage_shares_a_stem() {
        let lineage = Lineage::new("app");
        let first = lineage.attempt(1);
        assert!(first.starts_with("app_"));
        assert_eq!(first.len(), 4 + 36);
        assert_eq!(&*lineage.attempt(2), format!("{first}_a2"));
        assert_ne!(Lineage::new("app").attempt(1), first);
    }

    #[test]
    fn prefixes() {
        assert!(valid_prefix("webex-calling-rs"));
        assert!(!valid_prefix(""));
        assert!(!valid_prefix("has space"));
        assert!(!valid_prefix("naïve"));
    }
}
