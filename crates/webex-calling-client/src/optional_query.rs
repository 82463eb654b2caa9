//! Optional query parameters that are absent cost nothing.
//!
//! reqwest's `RequestBuilder::query` rewrites the URL (opens a query, runs
//! the serializer, removes the empty query again) even when the parameter is
//! `None` and nothing is added. The generator (`xtask/src/lean_requests.rs`)
//! points every optional query parameter at [`OptionalQuery::optional_query`]
//! instead, which leaves the builder alone for `None`.

use progenitor_client::QueryParam;
use serde::Serialize;

/// `RequestBuilder::query` for one optional parameter, skipped when absent.
pub(crate) trait OptionalQuery {
    /// Adds `name=value` when `value` is `Some`, exactly as
    /// `.query(&QueryParam::new(name, value))` would.
    fn optional_query<T: Serialize>(self, name: &str, value: &Option<T>) -> Self;
}

impl OptionalQuery for reqwest::RequestBuilder {
    fn optional_query<T: Serialize>(self, name: &str, value: &Option<T>) -> Self {
        match value {
            None => self,
            Some(_) => self.query(&QueryParam::new(name, value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::OptionalQuery;

    fn url(value: Option<&str>) -> Result<String, reqwest::Error> {
        let request = reqwest::Client::new()
            .get("https://webexapis.com/v1/people/x")
            .optional_query("orgId", &value)
            .build()?;
        Ok(request.url().to_string())
    }

    #[test]
    fn a_present_value_is_added_and_an_absent_one_leaves_the_url_alone()
    -> Result<(), reqwest::Error> {
        assert_eq!(
            url(Some("a b&c"))?,
            "https://webexapis.com/v1/people/x?orgId=a+b%26c"
        );
        assert_eq!(url(None)?, "https://webexapis.com/v1/people/x");
        Ok(())
    }
}
