//! Following a list operation's `Link: <url>; rel="next"` header.
//!
//! progenitor generates the first page of a list operation but has no notion of
//! Link-header paging, and the next URL (which may carry a server-side cursor)
//! must be followed as given. [`Client::get_page`] sends such a URL through the
//! same hooks as the generated operations, so it carries the token, keeps error
//! statuses and decodes bodies exactly as they do. Which URLs may be followed
//! (same origin as the base URL, never one seen before) is the caller's rule.

use crate::types::WebexError;
use crate::{Client, ClientInfo, Error, ResponseValue};
use progenitor_client::OperationInfo;
use reqwest::header::{ACCEPT, HeaderMap, HeaderValue, LINK};
use serde::de::DeserializeOwned;

impl Client {
    /// Reads one page of a list operation from `url` (a `rel="next"` link)
    /// and decodes it as `T`.
    ///
    /// ```no_run
    /// # async fn run(client: webex_calling_client::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use webex_calling_client::types::PersonList;
    /// let url = reqwest::Url::parse("https://webexapis.com/v1/people?cursor=abc")?;
    /// let page = client.get_page::<PersonList>(url, None).await?;
    /// let next = webex_calling_client::next_link(page.headers());
    /// # let _ = next;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn get_page<T: DeserializeOwned>(
        &self,
        url: reqwest::Url,
        tracking_id: Option<&str>,
    ) -> Result<ResponseValue<T>, Error<WebexError>> {
        let mut request = self
            .client()
            .get(url)
            .header(ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(value) = tracking_id {
            request = request.header("TrackingID", value);
        }
        let request = request.build()?;
        let info = OperationInfo {
            operation_id: "get_page",
        };
        // As the generated operations send (see `xtask/src/small_futures.rs`).
        let (status, response) = crate::hooks::send(self, request, &info).await?;
        match status {
            200..=299 => crate::hooks::response_value(response).await,
            400..=599 => Err(Error::ErrorResponse(
                crate::hooks::response_value(response).await?,
            )),
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
}

/// The `rel="next"` URL of a `Link` header, if there is one.
///
/// ```
/// use reqwest::header::{HeaderMap, HeaderValue, LINK};
/// let mut headers = HeaderMap::new();
/// headers.insert(LINK, HeaderValue::from_static(
///     r#"<https://h/v1/people?max=2&id=a,b>; rel="next", <https://h/v1/people>; rel="first""#));
/// assert_eq!(webex_calling_client::next_link(&headers).as_deref(), Some("https://h/v1/people?max=2&id=a,b"));
/// ```
pub fn next_link(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(next_in)
}

/// Finds the `rel="next"` target in one `Link` header value. URLs are
/// delimited by `<...>` and may themselves contain commas and semicolons.
fn next_in(value: &str) -> Option<String> {
    let mut rest = value;
    loop {
        let start = rest.find('<')?;
        let end = start + rest[start..].find('>')?;
        let url = &rest[start + 1..end];
        let params_end = rest[end..].find('<').map_or(rest.len(), |i| end + i);
        let params = &rest[end + 1..params_end];
        let is_next = params.split(';').any(|param| {
            let param = param.trim().trim_end_matches(',').trim();
            param.split_once('=').is_some_and(|(key, value)| {
                key.trim().eq_ignore_ascii_case("rel")
                    && value
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|rel| rel.eq_ignore_ascii_case("next"))
            })
        });
        if is_next {
            return Some(url.trim().to_owned());
        }
        rest = &rest[params_end..];
    }
}

#[cfg(test)]
mod tests {
    use super::next_in;

    #[test]
    fn finds_next_among_others() {
        assert_eq!(
            next_in(r#"<https://a/x?start=2>; rel="next""#).as_deref(),
            Some("https://a/x?start=2")
        );
        assert_eq!(
            next_in(r#"<https://a/1>; rel="first", <https://a/2;x=1,y>; rel=next"#).as_deref(),
            Some("https://a/2;x=1,y")
        );
        assert_eq!(next_in(r#"<https://a/1>; rel="prev""#), None);
        assert_eq!(next_in("garbage"), None);
        assert_eq!(next_in("<unterminated; rel=next"), None);
        assert_eq!(next_in(""), None);
    }
}
