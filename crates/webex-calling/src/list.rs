//! Finding the targets: people, workspaces and virtual lines, listed page by
//! page as streams whose memory does not grow with the organization.
//!
//! Paging follows Webex's `Link: <url>; rel="next"` header as given, but only
//! to the base URL's own origin (the token must never go to another host),
//! never twice to the same URL (no endless loops), and ends at a page without
//! a next link or without items. A 504 on a page is retried with half the
//! page size, since large calling-data pages are known to time out.
//!
//! Nor is the server trusted to page sensibly: a target on two pages is
//! yielded once, and a listing that goes on past [`DEFAULT_MAX_TARGETS`]
//! items (settable with [`Listing::max_targets`]) stops with an error
//! instead of running forever.

use crate::client::Exchange;
use crate::client::Op;
use crate::types::{PersonSummary, VirtualLineSummary, WorkspaceCallingType, WorkspaceSummary};
use crate::{Error, Kind, Webex};
use futures::stream::{self, BoxStream, StreamExt};
use std::collections::HashSet;
use std::num::NonZeroU64;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use url::Url;
use webex_calling_client::{Client, ResponseValue, next_link};

/// The most items a listing reads by default before it stops with an error:
/// far more than the largest organization has, far less than forever.
pub const DEFAULT_MAX_TARGETS: u64 = 2_000_000;

/// A person, workspace or virtual line found by a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetSummary {
    /// The Webex id.
    pub id: String,
    /// What it is.
    pub kind: Kind,
    /// Its name as Webex shows it, if it has one.
    pub name: Option<String>,
    /// Its Webex Calling location id, when known.
    pub location_id: Option<String>,
    /// Its location's name, when the listing says (virtual lines).
    pub location_name: Option<String>,
}

/// A listing of one kind of target; from [`Webex::people`],
/// [`Webex::workspaces`] or [`Webex::virtual_lines`]. Only targets with Webex
/// Calling are listed unless [`all`](Self::all) is asked for.
///
/// ```no_run
/// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
/// use futures::TryStreamExt;
/// let mut people = webex.people().with_calling().location("LOCATION_ID").list();
/// while let Some(person) = people.try_next().await? {
///     println!("{} {:?}", person.id, person.name);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Listing {
    webex: Webex,
    kind: Kind,
    location_id: Option<String>,
    org_id: Option<Arc<str>>,
    page_size: Option<NonZeroU64>,
    calling_only: bool,
    max_targets: u64,
}

impl Webex {
    /// The people of the organization (with Webex Calling, by default).
    pub fn people(&self) -> Listing {
        Listing::new(self.clone(), Kind::Person)
    }

    /// The workspaces of the organization (with Webex Calling, by default).
    pub fn workspaces(&self) -> Listing {
        Listing::new(self.clone(), Kind::Workspace)
    }

    /// The virtual lines of the organization (all have Webex Calling).
    pub fn virtual_lines(&self) -> Listing {
        Listing::new(self.clone(), Kind::VirtualLine)
    }

    /// The listing of one kind of target.
    pub fn listing(&self, kind: Kind) -> Listing {
        Listing::new(self.clone(), kind)
    }
}

impl Listing {
    fn new(webex: Webex, kind: Kind) -> Self {
        let org_id = webex.default_org_id();
        Self {
            webex,
            kind,
            location_id: None,
            org_id,
            page_size: None,
            calling_only: true,
            max_targets: DEFAULT_MAX_TARGETS,
        }
    }

    /// Only targets with Webex Calling (the default; the settings exist only
    /// for them).
    #[must_use]
    pub fn with_calling(mut self) -> Self {
        self.calling_only = true;
        self
    }

    /// Also targets without Webex Calling (people and workspaces).
    #[must_use]
    pub fn all(mut self) -> Self {
        self.calling_only = false;
        self
    }

    /// Only targets in this location.
    #[must_use]
    pub fn location(mut self, location_id: impl Into<String>) -> Self {
        self.location_id = Some(location_id.into());
        self
    }

    /// Lists in organization `org_id` (overrides the client's default org).
    #[must_use]
    pub fn org_id(mut self, org_id: impl Into<String>) -> Self {
        self.org_id = Some(Arc::from(org_id.into()));
        self
    }

    /// Asks for pages of `size` items (Webex caps it per endpoint; 0 is
    /// treated as 1). By default Webex's own page size is used.
    #[must_use]
    pub fn page_size(mut self, size: u64) -> Self {
        self.page_size = NonZeroU64::new(size.max(1));
        self
    }

    /// Stops the listing with an [`Error::ListingLimit`] once the server has
    /// sent more than `max` items and links to more (default
    /// [`DEFAULT_MAX_TARGETS`]). The page that went past the limit is still
    /// yielded whole: the limit guards against a server that pages forever,
    /// it does not cut a listing to a size.
    ///
    /// ```
    /// let webex = webex_calling::Webex::builder().token("t").build()?;
    /// let people = webex.people().max_targets(10_000);
    /// # let _ = people;
    /// # Ok::<(), webex_calling::Error>(())
    /// ```
    #[must_use]
    pub fn max_targets(mut self, max: u64) -> Self {
        self.max_targets = max;
        self
    }

    /// The targets, one page at a time: memory holds one page (and 16 bytes
    /// per target listed, to yield each once), whatever the size of the
    /// organization. The stream ends after the last page, or with one error.
    /// Boxed, so it can be polled without pinning it first.
    pub fn list(self) -> BoxStream<'static, Result<TargetSummary, Error>> {
        self.pages()
            .map(|page| page.map(|items| stream::iter(items.into_iter().map(Ok))))
            .try_flatten()
            .boxed()
    }

    /// The targets a page at a time: the next page is requested only when
    /// the stream is polled for it, so a consumer that stops to hand a page
    /// on holds no request (nor a place under the concurrency limit) while
    /// it waits. Pages may be empty once repeated targets are left out.
    ///
    /// ```no_run
    /// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
    /// use futures::TryStreamExt;
    /// let mut pages = webex.virtual_lines().pages();
    /// while let Some(page) = pages.try_next().await? {
    ///     println!("{} virtual lines", page.len());
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn pages(self) -> BoxStream<'static, Result<Vec<TargetSummary>, Error>> {
        let state = Paging {
            listing: self,
            next: Next::First,
            seen: HashSet::new(),
            listed: HashSet::new(),
            received: 0,
        };
        stream::try_unfold(state, Paging::step).boxed()
    }
}

use futures::TryStreamExt;

/// Where the next page comes from.
enum Next {
    First,
    Url(Url),
    /// The last page's next link could not be followed: said after its items.
    Refused(Error),
    Done,
}

struct Paging {
    listing: Listing,
    next: Next,
    /// Next URLs already followed, to stop a server that links in a circle.
    seen: HashSet<String>,
    /// The targets yielded so far, by a 128-bit hash of their id.
    listed: HashSet<u128>,
    /// Items the server has sent, duplicates included.
    received: u64,
}

/// One page as read: the calling-enabled targets on it, and where the next
/// page is.
struct Page {
    items: Vec<TargetSummary>,
    /// How many items the page held before filtering: a page with none ends
    /// the listing, even if it links to another.
    raw_len: usize,
    next: Option<String>,
}

impl Paging {
    async fn step(mut self) -> Result<Option<(Vec<TargetSummary>, Self)>, Error> {
        let page = match std::mem::replace(&mut self.next, Next::Done) {
            Next::Done => return Ok(None),
            Next::Refused(error) => return Err(error),
            Next::First => self.fetch(None).await?,
            Next::Url(url) => self.fetch(Some(url)).await?,
        };
        self.received = self.received.saturating_add(page.raw_len as u64);
        if page.raw_len > 0
            && let Some(next) = page.next
        {
            self.next = match self.check_next(&next) {
                Ok(url) => Next::Url(url),
                Err(error) => Next::Refused(error),
            };
        }
        let max = self.listing.max_targets;
        if self.received > max && !matches!(self.next, Next::Done) {
            self.next = Next::Refused(Error::ListingLimit {
                kind: self.listing.kind,
                listed: self.received,
                limit: max,
            });
        }
        let items = page
            .items
            .into_iter()
            .filter(|item| self.listed.insert(crate::fingerprint(&item.id)))
            .collect();
        Ok(Some((items, self)))
    }

    /// The next URL, if it may be followed: same origin as the base URL,
    /// not followed before.
    fn check_next(&mut self, next: &str) -> Result<Url, Error> {
        let webex = &self.listing.webex;
        let url = Url::parse(next).map_err(|e| {
            Error::paging(format!(
                "the server's next-page link {:?} is not a URL ({e}); the listing stops here",
                crate::error::excerpt(next.as_bytes())
            ))
        })?;
        let base = Url::parse(webex.base_url())
            .map_err(|e| Error::config(format!("the base URL is not a URL: {e}")))?;
        if url.origin() != base.origin() {
            return Err(Error::paging(format!(
                "the server's next-page link points to another host ({}), not {}; \
                 the listing stops here so the access token is not sent there",
                url.origin().ascii_serialization(),
                base.origin().ascii_serialization(),
            )));
        }
        if !self.seen.insert(url.as_str().to_owned()) {
            return Err(Error::paging(format!(
                "the server linked back to a page already read ({}); the listing stops here \
                 instead of looping",
                crate::error::excerpt(url.as_str().as_bytes())
            )));
        }
        Ok(url)
    }

    /// Reads one page, halving the page size after each 504.
    async fn fetch(&self, url: Option<Url>) -> Result<Page, Error> {
        let listing = &self.listing;
        // 0: the size as given (the listing's, or the one in the next URL).
        let halved = Arc::new(AtomicU64::new(0));
        let op = Op::new("list", "directory", listing.kind);
        let id = url.as_ref().map_or("", Url::as_str);
        listing
            .webex
            .call(op, id, |client, tracking_id| {
                let (listing, url, halved) = (listing.clone(), url.clone(), halved.clone());
                async move {
                    let size = NonZeroU64::new(halved.load(Ordering::Relaxed));
                    let result = read_page(&client, &listing, url, size, &tracking_id).await;
                    if let Err(error) = &result
                        && let webex_calling_client::Error::ErrorResponse(response) = &**error
                        && response.status().as_u16() == 504
                    {
                        let current = size.or(listing.page_size).map_or(100, NonZeroU64::get);
                        halved.store((current / 2).max(1), Ordering::Relaxed);
                    }
                    result
                }
            })
            .await
    }
}

/// One page of `listing`: the first (`url` is `None`) or a linked one, with
/// `size` replacing the page size when given.
async fn read_page(
    client: &Client,
    listing: &Listing,
    url: Option<Url>,
    size: Option<NonZeroU64>,
    tracking_id: &str,
) -> Exchange<Page> {
    let tracking_id = Some(tracking_id);
    let max = size.or(listing.page_size);
    let org = listing.org_id.as_deref();
    let location = listing.location_id.as_deref();
    let url = url.map(|url| with_page_size(url, size));
    let calling_only = listing.calling_only;
    Ok(match (listing.kind, url) {
        (Kind::Person, None) => people(
            client
                .list_people(
                    Some(true),
                    None,
                    None,
                    None,
                    location,
                    max,
                    org,
                    tracking_id,
                )
                .await?,
            calling_only,
        ),
        (Kind::Person, Some(url)) => people(client.get_page(url, tracking_id).await?, calling_only),
        (Kind::Workspace, None) => {
            let calling = calling_only.then_some(WorkspaceCallingType::WebexCalling);
            workspaces(
                client
                    .list_workspaces(calling.as_ref(), location, max, org, None, tracking_id)
                    .await?,
                calling_only,
            )
        }
        (Kind::Workspace, Some(url)) => {
            workspaces(client.get_page(url, tracking_id).await?, calling_only)
        }
        (Kind::VirtualLine, None) => virtual_lines(
            client
                .list_virtual_lines(location, max, org, None, tracking_id)
                .await?,
        ),
        (Kind::VirtualLine, Some(url)) => virtual_lines(client.get_page(url, tracking_id).await?),
        (kind, _) => {
            return Err(Box::new(webex_calling_client::Error::InvalidRequest(
                format!("there is no listing of {kind} targets"),
            )));
        }
    })
}

/// `url` with its `max` query parameter set to `size`, when a 504 asked
/// for smaller pages; otherwise the URL exactly as the server gave it.
fn with_page_size(mut url: Url, size: Option<NonZeroU64>) -> Url {
    let Some(size) = size else { return url };
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(key, _)| key != "max")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(pairs)
        .append_pair("max", &size.to_string());
    url
}

fn people(response: ResponseValue<crate::types::PersonList>, calling_only: bool) -> Page {
    let next = next_link(response.headers());
    let items = response.into_inner().items;
    let raw_len = items.len();
    let items = items
        .into_iter()
        .filter(|p| !calling_only || p.location_id.is_some())
        .map(|p: PersonSummary| TargetSummary {
            name: p
                .display_name
                .clone()
                .or_else(|| full_name(p.first_name.as_deref(), p.last_name.as_deref())),
            id: p.id,
            kind: Kind::Person,
            location_id: p.location_id,
            location_name: None,
        })
        .collect();
    Page {
        items,
        raw_len,
        next,
    }
}

fn workspaces(response: ResponseValue<crate::types::WorkspaceList>, calling_only: bool) -> Page {
    let next = next_link(response.headers());
    let items = response.into_inner().items;
    let raw_len = items.len();
    let items = items
        .into_iter()
        .filter(|w| {
            !calling_only
                || w.calling.as_ref().and_then(|c| c.type_.as_ref())
                    == Some(&WorkspaceCallingType::WebexCalling)
        })
        .map(|w: WorkspaceSummary| TargetSummary {
            id: w.id,
            kind: Kind::Workspace,
            name: w.display_name,
            location_id: w.location_id,
            location_name: None,
        })
        .collect();
    Page {
        items,
        raw_len,
        next,
    }
}

fn virtual_lines(response: ResponseValue<crate::types::VirtualLineList>) -> Page {
    let next = next_link(response.headers());
    let items = response.into_inner().virtual_lines;
    let raw_len = items.len();
    let items = items
        .into_iter()
        .map(|v: VirtualLineSummary| TargetSummary {
            name: full_name(v.first_name.as_deref(), v.last_name.as_deref()),
            id: v.id,
            kind: Kind::VirtualLine,
            location_id: v.location.as_ref().and_then(|l| l.id.clone()),
            location_name: v.location.and_then(|l| l.name),
        })
        .collect();
    Page {
        items,
        raw_len,
        next,
    }
}

fn full_name(first: Option<&str>, last: Option<&str>) -> Option<String> {
    let name = [first, last]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_size_replaces_max_only_when_halved() {
        let url = Url::parse("https://h/v1/people?cursor=a%2Cb&max=100").expect("a URL");
        assert_eq!(with_page_size(url.clone(), None), url);
        let halved = with_page_size(url, NonZeroU64::new(50));
        assert_eq!(halved.as_str(), "https://h/v1/people?cursor=a%2Cb&max=50");
    }

    #[test]
    fn full_names() {
        assert_eq!(full_name(Some("A"), Some("B")).as_deref(), Some("A B"));
        assert_eq!(full_name(None, Some(" ")), None);
    }
}
