//! The three kinds of target a setting can be read or changed on, and how a
//! Webex id tells its kind.

use base64::Engine;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use std::fmt;
use std::str::FromStr;

/// What a target is: a person, a workspace or a virtual line.
///
/// `#[non_exhaustive]`: Webex has settings on other kinds of target too, and
/// one added here later must not break a downstream `match`.
///
/// ```
/// use webex_calling_client::Kind;
/// assert_eq!("workspace".parse::<Kind>(), Ok(Kind::Workspace));
/// assert_eq!(Kind::VirtualLine.as_str(), "virtual-line");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Kind {
    /// A person (`ciscospark://.../PEOPLE/...`).
    Person,
    /// A workspace: a shared or common-area phone (`ciscospark://.../PLACE/...`).
    Workspace,
    /// A virtual line (`ciscospark://.../VIRTUAL_LINE/...`).
    VirtualLine,
}

impl Kind {
    /// Every kind, in a stable order.
    pub const ALL: [Kind; 3] = [Kind::Person, Kind::Workspace, Kind::VirtualLine];

    /// The stable kebab-case name: `person`, `workspace`, `virtual-line`.
    ///
    /// ```
    /// assert_eq!(webex_calling_client::Kind::Person.as_str(), "person");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Workspace => "workspace",
            Self::VirtualLine => "virtual-line",
        }
    }

    /// The kind a Webex id names, decoded from the id itself
    /// (unpadded base64 of `ciscospark://<cluster>/<TYPE>/<uuid>`), or `None`
    /// when the id does not decode to one of the three kinds. Webex calls ids
    /// opaque, so this is a convenience: callers that know better say so with
    /// `Webex::target_of` in the `webex-calling` crate. Never panics.
    ///
    /// ```
    /// use webex_calling_client::Kind;
    /// let person = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xMWEzZjk5MC1hNjg5LTQ3N2QtYmU2Yi03MTIwMDI1ZDhhYmI";
    /// assert_eq!(Kind::of_id(person), Some(Kind::Person));
    /// assert_eq!(Kind::of_id("not an id"), None);
    /// ```
    pub fn of_id(id: &str) -> Option<Kind> {
        match IdType::of(id)? {
            IdType::Target(kind) => Some(kind),
            IdType::Other(_) => None,
        }
    }

    /// The kind of target `id` is: the kind the caller gives, if any (Webex
    /// calls ids opaque, so a given kind overrides what the id decodes to),
    /// else the one the id decodes to. An id that decodes to something else
    /// (a location, an organization) is named as such. Never panics.
    ///
    /// ```
    /// use webex_calling_client::{Kind, KindError};
    /// let person = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xMWEzZjk5MC1hNjg5LTQ3N2QtYmU2Yi03MTIwMDI1ZDhhYmI";
    /// assert_eq!(Kind::resolve(person, None), Ok(Kind::Person));
    /// assert_eq!(Kind::resolve(person, Some(Kind::Workspace)), Ok(Kind::Workspace));
    /// assert_eq!(Kind::resolve("opaque", Some(Kind::Workspace)), Ok(Kind::Workspace));
    /// assert_eq!(Kind::resolve("opaque", None), Err(KindError::Unknown));
    /// let location = "Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OLzE";
    /// let error = Kind::resolve(location, None).unwrap_err();
    /// assert!(matches!(error, KindError::NotATarget { .. }));
    /// assert_eq!(error.to_string(), "the id names a location, not a person, a workspace or a virtual line");
    /// ```
    pub fn resolve(id: &str, given: Option<Kind>) -> Result<Kind, KindError> {
        if let Some(given) = given {
            return Ok(given);
        }
        match IdType::of(id) {
            Some(IdType::Target(named)) => Ok(named),
            Some(IdType::Other(named)) => Err(KindError::NotATarget { named }),
            None => Err(KindError::Unknown),
        }
    }
}

/// What a decodable Webex id names.
enum IdType {
    Target(Kind),
    /// Another `<TYPE>`, in lower case with spaces: `location`, `call queue`.
    Other(String),
}

impl IdType {
    /// The type of `ciscospark://<cluster>/<TYPE>/<uuid>` an id is the
    /// unpadded base64 of; `None` when it is not one.
    fn of(id: &str) -> Option<IdType> {
        // Real ids are under 100 characters; a long line is not worth decoding.
        if id.len() > 1024 {
            return None;
        }
        let bytes = LENIENT_STANDARD
            .decode(id)
            .or_else(|_| LENIENT_URL_SAFE.decode(id))
            .ok()?;
        let uri = std::str::from_utf8(&bytes).ok()?;
        let rest = uri.strip_prefix("ciscospark://")?;
        let mut parts = rest.split('/');
        let (_cluster, kind, uuid) = (parts.next()?, parts.next()?, parts.next()?);
        if uuid.is_empty() || parts.next().is_some() {
            return None;
        }
        Some(match kind {
            "PEOPLE" => IdType::Target(Kind::Person),
            "PLACE" => IdType::Target(Kind::Workspace),
            "VIRTUAL_LINE" => IdType::Target(Kind::VirtualLine),
            // Only a plausible type name: anything else is not worth naming.
            other
                if !other.is_empty()
                    && other.len() <= 40
                    && other.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') =>
            {
                IdType::Other(other.to_ascii_lowercase().replace('_', " "))
            }
            _ => return None,
        })
    }
}

/// Why [`Kind::resolve`] cannot tell an id's kind of target.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KindError {
    /// The id does not decode to a kind, and none was given.
    #[error("the id does not say whether it is a person, a workspace or a virtual line")]
    Unknown,
    /// The id names something that has no settings here.
    #[error("the id names {}, not a person, a workspace or a virtual line", with_article(.named))]
    NotATarget {
        /// What it names, as Webex's id spells it, in lower case with
        /// spaces (`location`, `call queue`).
        named: String,
    },
}

/// `a location`, `an organization`.
fn with_article(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

// Webex ids are unpadded, but a copy-pasted id may have gained padding.
const LENIENT: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const LENIENT_STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
const LENIENT_URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A kind name that is not `person`, `workspace` or `virtual-line`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown kind {0:?}: expected person, workspace or virtual-line")]
pub struct UnknownKind(String);

impl FromStr for Kind {
    type Err = UnknownKind;

    /// Parses the names [`Kind::as_str`] gives (also `virtual_line` and
    /// `place`, case-insensitively).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "person" | "people" => Ok(Self::Person),
            "workspace" | "place" => Ok(Self::Workspace),
            "virtual-line" => Ok(Self::VirtualLine),
            _ => Err(UnknownKind(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD_NO_PAD;

    fn id(uri: &str) -> String {
        STANDARD_NO_PAD.encode(uri)
    }

    #[test]
    fn decodes_the_three_kinds() {
        assert_eq!(
            Kind::of_id(&id("ciscospark://us/PEOPLE/1")),
            Some(Kind::Person)
        );
        assert_eq!(
            Kind::of_id(&id("ciscospark://eu/PLACE/2")),
            Some(Kind::Workspace)
        );
        assert_eq!(
            Kind::of_id(&id("ciscospark://us/VIRTUAL_LINE/3")),
            Some(Kind::VirtualLine)
        );
    }

    #[test]
    fn other_ids_have_no_kind() {
        for uri in [
            "ciscospark://us/LOCATION/1",
            "ciscospark://us/ORGANIZATION/1",
            "ciscospark://us/PEOPLE/",
            "ciscospark://us/PEOPLE/1/extra",
            "https://us/PEOPLE/1",
            "",
        ] {
            assert_eq!(Kind::of_id(&id(uri)), None, "{uri}");
        }
        for raw in ["", "!!!", "é", "a", "ab", &"A".repeat(5000), "\u{0}"] {
            assert_eq!(Kind::of_id(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn a_given_kind_overrides_and_other_ids_are_named() {
        let person = id("ciscospark://us/PEOPLE/1");
        assert_eq!(Kind::resolve(&person, None), Ok(Kind::Person));
        assert_eq!(
            Kind::resolve(&person, Some(Kind::VirtualLine)),
            Ok(Kind::VirtualLine)
        );
        let queue = id("ciscospark://us/CALL_QUEUE/1");
        assert_eq!(Kind::resolve(&queue, Some(Kind::Person)), Ok(Kind::Person));
        let error = Kind::resolve(&queue, None).unwrap_err();
        assert_eq!(
            error,
            KindError::NotATarget {
                named: "call queue".to_owned()
            }
        );
        let org = Kind::resolve(&id("ciscospark://us/ORGANIZATION/1"), None).unwrap_err();
        assert!(
            org.to_string().starts_with("the id names an organization,"),
            "{org}"
        );
        // Not a type name: as opaque as any id.
        let odd = id("ciscospark://us/peo ple!/1");
        assert_eq!(Kind::resolve(&odd, None), Err(KindError::Unknown));
    }

    #[test]
    fn padded_and_url_safe_ids_decode() {
        let padded = base64::engine::general_purpose::STANDARD.encode("ciscospark://us/PLACE/1");
        assert!(padded.ends_with('='));
        assert_eq!(Kind::of_id(&padded), Some(Kind::Workspace));
    }

    #[test]
    fn names_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(kind.as_str().parse::<Kind>(), Ok(kind));
        }
        assert_eq!("VIRTUAL_LINE".parse::<Kind>(), Ok(Kind::VirtualLine));
        assert!("room".parse::<Kind>().is_err());
    }
}
