//! `TrackingID` values: one fresh id per call, suffixed per retry.
//!
//! Webex support finds a request by the `TrackingID` it carried. Giving every
//! retry of a call the same stem (`<prefix>_<uuid>`, then `_a2`, `_a3`, …)
//! keeps each request distinct while letting support see they belong together.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The length of a hyphenated uuid.
const UUID_LEN: usize = 36;

/// Room for the longest valid prefix, `_` and the uuid.
const STEM_CAPACITY: usize = 64 + 1 + UUID_LEN;

/// The source of one client's tracking ids: `<prefix>_<uuid>`, a different
/// uuid for every call.
///
/// The uuids are a random 128-bit key of the client's, drawn once, mixed
/// with a call counter: unique within the client by construction (the
/// counter shows through the low half unchanged), unrelated between clients
/// (each key is random), and in the version-4 format Webex's own ids use.
/// Drawing a random uuid per call instead touched the random generator's
/// state on every call, which showed as cache misses in the reads bench.
#[derive(Debug)]
pub(crate) struct TrackingIds {
    prefix: String,
    key: (u64, u64),
    calls: AtomicU64,
}

impl TrackingIds {
    pub(crate) fn new(prefix: String) -> Self {
        Self {
            prefix,
            key: uuid::Uuid::new_v4().as_u64_pair(),
            calls: AtomicU64::new(0),
        }
    }

    /// The prefix every id starts with.
    pub(crate) fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The stem of a new call's ids.
    pub(crate) fn next(&self) -> Lineage {
        let call = self.calls.fetch_add(1, Ordering::Relaxed);
        let (high, low) = self.key;
        // The high half scrambled so ids do not look sequential; the low half
        // keeps the counter (xor with a constant is one-to-one). Setting the
        // version and variant bits overwrites the counter's top two bits,
        // which 2^62 calls would need.
        let bytes = (u128::from(high ^ mix(call)) << 64 | u128::from(low ^ call)).to_be_bytes();
        Lineage::new(
            &self.prefix,
            uuid::Builder::from_random_bytes(bytes).into_uuid(),
        )
    }
}

/// A one-to-one scramble of 64 bits (the finaliser of SplitMix64).
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The tracking-id stem of one call.
#[derive(Debug, Clone)]
pub(crate) struct Lineage {
    stem: Arc<str>,
}

impl Lineage {
    fn new(prefix: &str, uuid: uuid::Uuid) -> Self {
        // Built in a buffer on the stack and copied once into the `Arc`:
        // every call makes one, and a second allocation showed in the reads
        // benchmark. A prefix too long for the buffer (longer than
        // `valid_prefix` allows) takes the slow path.
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
        let ids = TrackingIds::new("app".into());
        let lineage = ids.next();
        let first = lineage.attempt(1);
        assert!(first.starts_with("app_"));
        assert_eq!(first.len(), 4 + 36);
        assert_eq!(&*lineage.attempt(2), format!("{first}_a2"));
        assert_ne!(ids.next().attempt(1), first);
    }

    #[test]
    fn ids_are_version_4_uuids_unique_within_and_between_clients() {
        let (one, two) = (TrackingIds::new("a".into()), TrackingIds::new("a".into()));
        let mut seen = std::collections::HashSet::new();
        for ids in [&one, &two] {
            for _ in 0..10_000 {
                let id = ids.next().attempt(1);
                let uuid = uuid::Uuid::parse_str(&id[2..]).expect("a uuid after the prefix");
                assert_eq!(uuid.get_version_num(), 4, "{id}");
                assert_eq!(uuid.get_variant(), uuid::Variant::RFC4122, "{id}");
                assert!(seen.insert(id.clone()), "{id} came twice");
            }
        }
    }

    #[test]
    fn the_mix_is_one_to_one_on_a_sample() {
        let mixed: std::collections::HashSet<u64> = (0..100_000u64).map(mix).collect();
        assert_eq!(mixed.len(), 100_000);
    }

    #[test]
    fn a_prefix_longer_than_the_buffer_still_gets_its_stem() {
        let prefix = "p".repeat(STEM_CAPACITY);
        let first = TrackingIds::new(prefix.clone()).next().attempt(1);
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
