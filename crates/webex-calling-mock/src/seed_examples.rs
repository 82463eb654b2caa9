//! The exact examples of the two seed documents, which the mock always serves.
//!
//! Seed 1 (*Read Barge In Settings for a Person*) names a person and an
//! organization in its example URL. Seed 2 (*Read Push-to-Talk Settings for a
//! Virtual Line*) shows a response body with two members (Alice Little and Bob
//! Johnson) but no virtual-line id, so the mock uses [`VIRTUAL_LINE_ID`], the
//! unpadded base64 of `ciscospark://us/VIRTUAL_LINE/3f8e2b6c-51d4-4a7e-9c0b-7e6a2d19f4c3`.

/// The person of seed 1's example URL
/// (`ciscospark://us/PEOPLE/11a3f990-a689-477d-be6b-7120025d8abb`).
pub const PERSON_ID: &str =
    "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xMWEzZjk5MC1hNjg5LTQ3N2QtYmU2Yi03MTIwMDI1ZDhhYmI";

/// The organization of seed 1's example URL, which is also the mock organization
/// (`ciscospark://us/ORGANIZATION/96abc2aa-3dcc-11e5-a152-fe34819cdc9a`).
pub const ORG_ID: &str =
    "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi85NmFiYzJhYS0zZGNjLTExZTUtYTE1Mi1mZTM0ODE5Y2RjOWE";

/// The virtual line whose push-to-talk read answers [`PUSH_TO_TALK_BODY`]. Seed 2
/// has no id in its URL, so this one was chosen: unpadded base64 of
/// `ciscospark://us/VIRTUAL_LINE/3f8e2b6c-51d4-4a7e-9c0b-7e6a2d19f4c3`.
pub const VIRTUAL_LINE_ID: &str =
    "Y2lzY29zcGFyazovL3VzL1ZJUlRVQUxfTElORS8zZjhlMmI2Yy01MWQ0LTRhN2UtOWMwYi03ZTZhMmQxOWY0YzM";

/// The workspace the spec's examples name (the seed documents have none): a
/// workspace with Webex Calling, unpadded base64 of
/// `ciscospark://us/PLACE/5d1b7a3e-92c4-4f0a-8e6b-2c9d4f7a1b03`.
pub const WORKSPACE_ID: &str =
    "Y2lzY29zcGFyazovL3VzL1BMQUNFLzVkMWI3YTNlLTkyYzQtNGYwYS04ZTZiLTJjOWQ0ZjdhMWIwMw";

/// Alice Little, the first member of seed 2's example.
pub const ALICE_ID: &str =
    "Y2lzY29zcGFyazovL3VzL1BFT1BMRS82MWU3MDlkNy1hM2IxLTQ2MDctOTBiOC04NmE5MDgxYWFkNmE";

/// Bob Johnson, the second member of seed 2's example (his external number has
/// 12 digits; the mock never validates phone numbers).
pub const BOB_ID: &str =
    "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9jMTQzMzhkNS02YTdjLTRiZjYtOTFiMS0zYmM2ZWMzMGJiMTE";

/// Seed 1's response body for [`PERSON_ID`]'s barge-in settings.
pub const BARGE_IN_BODY: &str = r#"{"enabled": true, "toneEnabled": true}"#;

/// Seed 2's response body, returned for [`VIRTUAL_LINE_ID`]'s push-to-talk settings
/// until a write changes them.
pub const PUSH_TO_TALK_BODY: &str = r#"{ "allowAutoAnswer": true, "connectionType": "ONE_WAY", "accessType": "ALLOW_MEMBERS", "members": [ { "id": "Y2lzY29zcGFyazovL3VzL1BFT1BMRS82MWU3MDlkNy1hM2IxLTQ2MDctOTBiOC04NmE5MDgxYWFkNmE", "lastName": "Little", "firstName": "Alice", "displayName": "Alice Little", "type": "PEOPLE", "email": "alice@example.com", "numbers": [ { "external": "+19845551088", "extension": "1088", "routingPrefix": "1234", "esn": "12341088", "primary": true } ] }, { "id": "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9jMTQzMzhkNS02YTdjLTRiZjYtOTFiMS0zYmM2ZWMzMGJiMTE", "lastName": "Johnson", "firstName": "Bob", "displayName": "Bob Johnson", "type": "PEOPLE", "email": "bob@example.com", "numbers": [ { "external": "+198455501099", "extension": "1099", "routingPrefix": "1234", "esn": "12341099", "primary": true } ] } ] }"#;
