//! `TrackingID` values: one fresh id per call, suffixed per retry.
//!
//! Webex support finds a request by the `TrackingID` it carried. Giving every
//! retry of a call the same stem (`<prefix>_<uuid>`, then `_a2`, `_a3`, …)
//! keeps each request distinct while letting support see they belong together.

use std::sync::Arc;

/// The length of a hyphenated uuid.
const UUID_LEN: usize = 36;

/// Room for the longest valid prefix, `_` and the uuid.
const STEM_CAPACITY: usize = 64 + 1 + UUID_LEN;

/// The tracking-id stem of one call.
#[derive(Debug, Clone)]
pub(crate) struct Lineage {
    stem: Arc<str>,
}

impl Lineage {
    pub(crate) fn new(prefix: &str) -> Self {
        // Built in a buffer on the stack and copied once into the `Arc`:
        // every call makes one, and a second allocation showed in the reads
        // benchmark. A prefix too long for the buffer (longer than
        // `valid_prefix` allows) takes the slow path.
        let uuid = uuid::Uuid::new_v4();
        let mut buffer = [0u8; STEM_CAPACITY];
        let stem = buffer
            .get_mut(..prefix.len() + 1 + UUID_LEN)
            .and_then(|out| {
                let (head, tail) = out.split_at_mut(prefix.len());
                head.copy_from_slice(prefix.as_bytes());
                tail[0] = b'_';
                uuid.hyphenated().encode_lower(&mut tail[1..]);
                std::str::from_utf8(out).ok().map(Arc::from)
            });
        Self {
            stem: stem.unwrap_or_else(|| format!("{prefix}_{}", uuid.hyphenated()).into()),
        }
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
    fn a_prefix_longer_than_the_buffer_still_gets_its_stem() {
        let prefix = "p".repeat(STEM_CAPACITY);
        let first = Lineage::new(&prefix).attempt(1);
        assert!(first.starts_with(&format!("{prefix}_")));
        assert_eq!(first.len(), prefix.len() + 1 + UUID_LEN);
    }

    #[test]
    fn prefixes() {
        assert!(valid_prefix("webex-calling-rs"));
        assert!(!valid_prefix(""));
        assert!(!valid_prefix("has space"));
        assert!(!valid_prefix("naïve"));
    }
}
