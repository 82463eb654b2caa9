//! Which paths name what: the settings routes (one per setting and kind of
//! target, from the tables in `settings`), the list routes, and what the
//! pipeline learns about a request for the handlers.

use std::borrow::Cow;
use std::sync::LazyLock;

use percent_encoding::percent_decode_str;

use crate::auth::Access;
use crate::model::MemberType;
use crate::settings::{SETTINGS, SettingModel};

/// A settings route: the path around the target's id, the kind of target it
/// serves and the setting.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SettingRoute {
    pub(crate) prefix: &'static str,
    pub(crate) suffix: &'static str,
    pub(crate) kind: MemberType,
    pub(crate) setting: &'static SettingModel,
}

/// Where Webex puts a kind's settings: people's under `/people/{id}/features/`,
/// workspaces' and virtual lines' under `/telephony/config/...`.
fn prefix(kind: MemberType) -> (&'static str, &'static str) {
    match kind {
        MemberType::People => ("/v1/people/", "/features/"),
        MemberType::Place => ("/v1/telephony/config/workspaces/", "/"),
        MemberType::VirtualLine => ("/v1/telephony/config/virtualLines/", "/"),
    }
}

/// Every settings route: each setting on each kind that has it.
pub(crate) static SETTING_ROUTES: LazyLock<Vec<SettingRoute>> = LazyLock::new(|| {
    SETTINGS
        .iter()
        .flat_map(|setting| {
            setting.kinds.iter().map(move |&kind| {
                let (prefix, between) = prefix(kind);
                // Leaked once per route at start-up: routes live as long as the process.
                let suffix: &'static str =
                    Box::leak(format!("{between}{}", setting.segment).into_boxed_str());
                SettingRoute {
                    prefix,
                    suffix,
                    kind,
                    setting,
                }
            })
        })
        .collect()
});

/// The three list operations: path and kind.
pub(crate) const LIST_ROUTES: [(&str, MemberType); 3] = [
    ("/v1/people", MemberType::People),
    ("/v1/workspaces", MemberType::Place),
    ("/v1/telephony/config/virtualLines", MemberType::VirtualLine),
];

/// The key under which faults for a list operation are queued
/// ([`MockServer::fail_next_list`](crate::MockServer::fail_next_list)).
pub(crate) fn list_key(kind: MemberType) -> &'static str {
    match kind {
        MemberType::People => "list:people",
        MemberType::Place => "list:workspaces",
        MemberType::VirtualLine => "list:virtualLines",
    }
}

/// What the pipeline learned about a request, handed to the handlers.
#[derive(Debug, Clone)]
pub(crate) struct RequestCtx {
    pub(crate) tracking_id: String,
    pub(crate) id: Option<String>,
    pub(crate) access: Access,
}

/// The decoded id of the target named by `path`. Ids arrive percent-encoded
/// and may contain `/`, so the raw segment must be a single one.
pub(crate) fn path_id(path: &str) -> Option<String> {
    SETTING_ROUTES
        .iter()
        .find_map(|route| path.strip_prefix(route.prefix)?.strip_suffix(route.suffix))
        .filter(|raw| !raw.is_empty() && !raw.contains('/'))
        .and_then(|raw| {
            percent_decode_str(raw)
                .decode_utf8()
                .ok()
                .map(Cow::into_owned)
        })
}

#[cfg(test)]
mod tests {
    use super::path_id;

    #[test]
    fn path_ids_are_decoded_from_single_segments() {
        assert_eq!(
            path_id("/v1/people/abc/features/bargeIn").as_deref(),
            Some("abc")
        );
        assert_eq!(
            path_id("/v1/telephony/config/virtualLines/a%2Fb%3F%23%25%20%C3%A9/pushToTalk")
                .as_deref(),
            Some("a/b?#% \u{e9}")
        );
        assert_eq!(path_id("/v1/people/a/b/features/bargeIn"), None);
        assert_eq!(path_id("/v1/people//features/bargeIn"), None);
        assert_eq!(path_id("/v1/people/%FF/features/bargeIn"), None);
        assert_eq!(path_id("/v1/people/abc/features/bargeIn/"), None);
        assert_eq!(path_id("/v1/other"), None);
    }
}
