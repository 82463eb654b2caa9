//! The one error type every operation returns.

use crate::retry::parse_retry_after;
use reqwest::header::HeaderMap;
use std::fmt;
use std::time::Duration;
use webex_calling_client::Kind;
use webex_calling_client::types::{
    WebexError, WebexErrorCode, WebexErrorDetail, WebexErrorDetails,
};

/// How much of an undecodable body an error keeps, so errors stay printable.
const BODY_EXCERPT_CHARS: usize = 256;

/// The most bytes of an unexpected response's body that are read, so a
/// runaway body cannot exhaust memory; the excerpt needs far less.
const BODY_READ_LIMIT: usize = 64 * 1024;

/// Everything that can go wrong when talking to Webex.
///
/// Match on the variant to tell an answer from Webex ([`Error::Api`]) from a
/// problem reaching it ([`Error::Transport`], [`Error::Timeout`]), a body this
/// crate could not read ([`Error::Decode`]) or a mistake caught before any
/// request was sent ([`Error::InvalidInput`], [`Error::Config`]).
///
/// `Display` is a single line that ends with the Webex tracking id when there
/// is one, so it can be pasted into a support case as is. No variant ever holds
/// the access token.
///
/// ```
/// use webex_calling::Error;
///
/// let error = Error::InvalidInput { message: "person id is empty".into() };
/// assert_eq!(error.status(), None);
/// assert!(!error.is_retryable());
/// assert_eq!(error.to_string(), "invalid input: person id is empty");
/// ```
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Webex answered with an error status.
    #[error(transparent)]
    Api(ApiError),

    /// The request could not be sent or the response could not be received
    /// (DNS, TCP, TLS, a connection reset).
    #[error("transport error{}: {message}{}", if *.connect { " while connecting" } else { "" }, tracking_suffix(.tracking_id.as_deref()))]
    Transport {
        /// What went wrong, from the HTTP stack.
        message: String,
        /// Whether the connection could not be established at all.
        connect: bool,
        /// The `TrackingID` this crate sent with the failed request.
        tracking_id: Option<String>,
        /// The underlying error.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },

    /// No response arrived within the connect or request timeout.
    #[error("{}request timed out after {}{}", call_prefix(.call.as_deref()), human(*.after), tracking_suffix(.tracking_id.as_deref()))]
    Timeout {
        /// The timeout that expired.
        after: Duration,
        /// The `TrackingID` this crate sent with the request that timed out.
        tracking_id: Option<String>,
        /// The call that timed out, when it was one of a target's settings.
        call: Option<Box<Call>>,
    },

    /// A successful response whose body is not what the API documents.
    #[error("could not decode the response body ({source}); body starts with {body_excerpt:?}{}", tracking_suffix(.tracking_id.as_deref()))]
    Decode {
        /// The start of the body, for diagnosis.
        body_excerpt: String,
        /// The tracking id of the request.
        tracking_id: Option<String>,
        /// Why decoding failed.
        #[source]
        source: serde_json::Error,
    },

    /// A success body larger than any Webex sends: the request failed
    /// without the body being read whole (see
    /// [`SETTINGS_BODY_LIMIT`](webex_calling_client::SETTINGS_BODY_LIMIT)).
    #[error("{source}{}", tracking_suffix(.tracking_id.as_deref()))]
    BodyTooLarge {
        /// The limit and the body's declared length.
        source: webex_calling_client::BodyTooLarge,
        /// The tracking id of the request.
        tracking_id: Option<String>,
    },

    /// An argument was rejected before any request was sent.
    #[error("invalid input: {message}")]
    InvalidInput {
        /// What is wrong and how to fix it.
        message: String,
    },

    /// The client could not be built from the given configuration.
    #[error("configuration error: {message}")]
    Config {
        /// What is wrong and how to fix it.
        message: String,
    },

    /// A listing stopped because the server's next-page link could not be
    /// followed safely (another host, a page already read, not a URL).
    #[error("listing stopped: {message}")]
    Paging {
        /// What the link was and why it was not followed.
        message: String,
    },

    /// A listing stopped because the server went on linking to more pages
    /// past [`Listing::max_targets`](crate::Listing::max_targets) items: a
    /// server that pages forever would otherwise never end the listing.
    #[error("listing stopped: {}", listing_limit(*kind, *listed, *limit))]
    ListingLimit {
        /// What was being listed.
        kind: Kind,
        /// How many items the server had sent.
        listed: u64,
        /// The limit they went past.
        limit: u64,
    },

    /// The before-state of a change could not be recorded in its undo
    /// journal, so the change was not sent.
    #[error("undo journal: {message}")]
    Journal {
        /// What went wrong, naming the file.
        message: String,
    },

    /// A [`TokenProvider`](crate::TokenProvider) could not produce a token.
    #[error("could not obtain an access token: {message}")]
    Token {
        /// The provider's explanation (never the token itself).
        message: String,
    },
}

/// The text of [`Error::ListingLimit`], without "listing stopped".
fn listing_limit(kind: Kind, listed: u64, limit: u64) -> String {
    format!(
        "the server has sent {listed} {kind} items and links to more, past the limit of \
         {limit}; the listing stops here rather than run forever (raise the limit if the \
         organization is that large)"
    )
}

/// An error status from Webex, with everything its response said about it.
///
/// ```
/// use webex_calling::{ApiError, ApiErrorKind};
///
/// let error = ApiError::new(404, "Person not found");
/// assert_eq!(error.kind, ApiErrorKind::NotFound);
/// assert_eq!(error.to_string(), "HTTP 404 Not Found: Person not found");
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status code.
    pub status: u16,
    /// The documented meaning of the status.
    pub kind: ApiErrorKind,
    /// The message Webex gave, or the status's reason phrase when it gave none.
    pub message: String,
    /// The Webex error codes in the body (`errorCode` or `code`), if any.
    pub error_codes: Vec<i64>,
    /// The tracking id: from the body, else the response header, else the one sent.
    pub tracking_id: Option<String>,
    /// How long Webex asked the client to wait, from a well-formed `Retry-After`.
    pub retry_after: Option<Duration>,
    /// The call that failed, when it was one of a target's settings: the
    /// error's `Display` starts with it.
    pub call: Option<Box<Call>>,
}

/// The call an error came from: which operation on which setting of which
/// target. It starts the error's `Display`, so a message read on its own
/// says what failed.
///
/// ```
/// use webex_calling::{Call, Kind};
/// let call = Call::new("get", "barge-in", Kind::Person, "Y2lz");
/// assert_eq!(call.to_string(), "get barge-in of person Y2lz");
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// `get` or `update`.
    pub operation: &'static str,
    /// The setting's name (`barge-in`, `push-to-talk`).
    pub setting: &'static str,
    /// The kind of target.
    pub kind: Kind,
    /// The target's id.
    pub id: String,
}

impl Call {
    /// The call of `operation` on `setting` of the `kind` target `id`.
    pub fn new(
        operation: &'static str,
        setting: &'static str,
        kind: Kind,
        id: impl Into<String>,
    ) -> Self {
        Self {
            operation,
            setting,
            kind,
            id: id.into(),
        }
    }
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} of {} {}",
            self.operation,
            self.setting,
            noun(self.kind),
            self.id
        )?;
        // A 404 for a person's id asked of as a workspace says only "not
        // found"; the id itself tells what went wrong.
        match Kind::of_id(&self.id) {
            Some(named) if named != self.kind => write!(f, " (the id is a {}'s)", noun(named)),
            _ => Ok(()),
        }
    }
}

/// `person`, `workspace`, `virtual line`.
fn noun(kind: Kind) -> &'static str {
    match kind {
        Kind::VirtualLine => "virtual line",
        kind => kind.as_str(),
    }
}

/// `"<call>: "`, or nothing.
fn call_prefix(call: Option<&Call>) -> String {
    call.map_or_else(String::new, |call| format!("{call}: "))
}

impl ApiError {
    /// An error with just a status and message; the other fields are empty.
    ///
    /// Mostly useful in tests of code that handles errors:
    ///
    /// ```
    /// let error = webex_calling::ApiError::new(429, "slow down");
    /// assert!(error.kind.is_retryable());
    /// ```
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        Self {
            status,
            kind: ApiErrorKind::from_status(status),
            message: message.into(),
            error_codes: Vec::new(),
            tracking_id: None,
            retry_after: None,
            call: None,
        }
    }

    /// Builds the error from a response's status, headers and decoded body.
    pub(crate) fn from_parts(
        status: u16,
        headers: &HeaderMap,
        body: Option<&WebexError>,
        sent_tracking_id: &str,
    ) -> Self {
        let mut message = None;
        let mut error_codes = Vec::new();
        let mut body_tracking_id = None;
        if let Some(body) = body {
            // Flat shape: {"message", "errors": [{"description", "errorCode"}]}.
            message = body.message.clone().filter(|m| !m.trim().is_empty());
            let mut descriptions = Vec::new();
            for entry in &body.errors {
                error_codes.extend(entry.error_code.as_ref().and_then(code));
                descriptions.extend(entry.description.clone());
            }
            // Nested shape: {"error": {"key", "message": [{"description", "code"}]}},
            // with `error` sometimes a list of such objects.
            let details: &[WebexErrorDetail] = match &body.error {
                Some(WebexErrorDetails::WebexErrorDetail(detail)) => std::slice::from_ref(detail),
                Some(WebexErrorDetails::Array(details)) => details,
                // A shape a later spec adds; the text falls back to the status.
                Some(_) | None => &[],
            };
            for detail in details {
                for entry in &detail.message {
                    error_codes.extend(entry.code.as_ref().and_then(code));
                    descriptions.extend(entry.description.clone());
                }
                if message.is_none() && descriptions.is_empty() {
                    message = detail.key.clone();
                }
            }
            // Some bodies carry one code at the top level.
            error_codes.extend(body.error_code.as_ref().and_then(code));
            if message.is_none() && !descriptions.is_empty() {
                message = Some(descriptions.join("; "));
            }
            body_tracking_id = body.tracking_id.clone();
        }
        let header_tracking_id = headers
            .get("trackingid")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let kind = ApiErrorKind::from_status(status);
        Self {
            status,
            message: message.unwrap_or_else(|| kind.reason().to_owned()),
            kind,
            error_codes,
            tracking_id: body_tracking_id
                .or(header_tracking_id)
                .or_else(|| Some(sent_tracking_id.to_owned())),
            retry_after: headers
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|value| value.to_str().ok())
                .and_then(parse_retry_after),
            call: None,
        }
    }
}

/// A Webex error code, sent as a number or as a string of digits.
fn code(code: &WebexErrorCode) -> Option<i64> {
    match code {
        WebexErrorCode::Int64(code) => Some(*code),
        WebexErrorCode::String(code) => code.trim().parse().ok(),
        _ => None,
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}HTTP {} {}: {}",
            call_prefix(self.call.as_deref()),
            self.status,
            self.kind.reason(),
            self.message
        )?;
        if !self.error_codes.is_empty() {
            let codes: Vec<String> = self.error_codes.iter().map(i64::to_string).collect();
            write!(f, " (error code {})", codes.join(", "))?;
        }
        if let Some(wait) = self.retry_after {
            write!(f, " (retry after {})", human(wait))?;
        }
        f.write_str(&tracking_suffix(self.tracking_id.as_deref()))
    }
}

impl std::error::Error for ApiError {}

/// The documented meaning of an error status.
///
/// ```
/// use webex_calling::ApiErrorKind;
///
/// assert_eq!(ApiErrorKind::from_status(423), ApiErrorKind::Locked);
/// assert_eq!(ApiErrorKind::from_status(418), ApiErrorKind::Other(418));
/// assert_eq!(ApiErrorKind::Locked.status(), 423);
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApiErrorKind {
    /// 400: the request was malformed or a value is invalid.
    BadRequest,
    /// 401: the token is missing, invalid or expired.
    Unauthorized,
    /// 403: the token lacks a scope or the caller lacks a role.
    Forbidden,
    /// 404: the person, virtual line or organization does not exist.
    NotFound,
    /// 405: the method is not allowed on this resource.
    MethodNotAllowed,
    /// 409: the change conflicts with the resource's state.
    Conflict,
    /// 410: the resource is gone.
    Gone,
    /// 415: the request body's content type is not accepted.
    UnsupportedMediaType,
    /// 423: the resource is temporarily locked; retried.
    Locked,
    /// 428: a precondition header is required.
    PreconditionRequired,
    /// 429: rate limited; retried after `Retry-After`.
    TooManyRequests,
    /// 500: Webex failed.
    InternalServerError,
    /// 502: a gateway got a bad answer upstream; retried.
    BadGateway,
    /// 503: Webex is overloaded or down; retried.
    ServiceUnavailable,
    /// 504: a gateway timed out upstream; retried.
    GatewayTimeout,
    /// Any status the API does not document.
    Other(u16),
}

impl ApiErrorKind {
    /// The kind for a status code.
    pub fn from_status(status: u16) -> Self {
        match status {
            400 => Self::BadRequest,
            401 => Self::Unauthorized,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            405 => Self::MethodNotAllowed,
            409 => Self::Conflict,
            410 => Self::Gone,
            415 => Self::UnsupportedMediaType,
            423 => Self::Locked,
            428 => Self::PreconditionRequired,
            429 => Self::TooManyRequests,
            500 => Self::InternalServerError,
            502 => Self::BadGateway,
            503 => Self::ServiceUnavailable,
            504 => Self::GatewayTimeout,
            other => Self::Other(other),
        }
    }

    /// The status code of this kind.
    pub fn status(self) -> u16 {
        match self {
            Self::BadRequest => 400,
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::Conflict => 409,
            Self::Gone => 410,
            Self::UnsupportedMediaType => 415,
            Self::Locked => 423,
            Self::PreconditionRequired => 428,
            Self::TooManyRequests => 429,
            Self::InternalServerError => 500,
            Self::BadGateway => 502,
            Self::ServiceUnavailable => 503,
            Self::GatewayTimeout => 504,
            Self::Other(status) => status,
        }
    }

    /// Whether a request that got this status may succeed if sent again
    /// unchanged (429, 423, 502, 503, 504).
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            Self::TooManyRequests
                | Self::Locked
                | Self::BadGateway
                | Self::ServiceUnavailable
                | Self::GatewayTimeout
        )
    }

    /// A stable, machine-readable kebab-case name: `bad-request`,
    /// `not-found`, `too-many-requests`, ... (`other` for undocumented statuses).
    ///
    /// ```
    /// use webex_calling::ApiErrorKind;
    /// assert_eq!(ApiErrorKind::TooManyRequests.as_str(), "too-many-requests");
    /// assert_eq!(ApiErrorKind::from_status(599).as_str(), "other");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadRequest => "bad-request",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not-found",
            Self::MethodNotAllowed => "method-not-allowed",
            Self::Conflict => "conflict",
            Self::Gone => "gone",
            Self::UnsupportedMediaType => "unsupported-media-type",
            Self::Locked => "locked",
            Self::PreconditionRequired => "precondition-required",
            Self::TooManyRequests => "too-many-requests",
            Self::InternalServerError => "internal-server-error",
            Self::BadGateway => "bad-gateway",
            Self::ServiceUnavailable => "service-unavailable",
            Self::GatewayTimeout => "gateway-timeout",
            Self::Other(_) => "other",
        }
    }

    /// The status's reason phrase, e.g. `Not Found`.
    pub fn reason(self) -> &'static str {
        reqwest::StatusCode::from_u16(self.status())
            .ok()
            .and_then(|status| status.canonical_reason())
            .unwrap_or("Unknown Status")
    }
}

impl Error {
    /// A stable, machine-readable kebab-case name for the error: the
    /// [`ApiErrorKind::as_str`] of an API error, else `transport`, `timeout`,
    /// `decode`, `body-too-large`, `invalid-input`, `config`, `token`,
    /// `paging`, `listing-limit` or `journal`.
    ///
    /// ```
    /// let error = webex_calling::Error::from(webex_calling::ApiError::new(404, "no such person"));
    /// assert_eq!(error.name(), "not-found");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Self::Api(api) => api.kind.as_str(),
            Self::Transport { .. } => "transport",
            Self::Timeout { .. } => "timeout",
            Self::Decode { .. } => "decode",
            Self::BodyTooLarge { .. } => "body-too-large",
            Self::InvalidInput { .. } => "invalid-input",
            Self::Config { .. } => "config",
            Self::Token { .. } => "token",
            Self::Paging { .. } => "paging",
            Self::ListingLimit { .. } => "listing-limit",
            Self::Journal { .. } => "journal",
        }
    }

    /// The message of the error without its name or tracking id: Webex's
    /// message for API errors, else the error's text.
    ///
    /// ```
    /// let error = webex_calling::Error::from(webex_calling::ApiError::new(404, "no such person"));
    /// assert_eq!(error.message(), "no such person");
    /// ```
    pub fn message(&self) -> String {
        match self {
            Self::Api(api) => api.message.clone(),
            // Its Display without the call it names: a record of that call
            // says so already.
            Self::Timeout { after, .. } => format!("request timed out after {}", human(*after)),
            Self::Transport { message, .. }
            | Self::InvalidInput { message }
            | Self::Config { message }
            | Self::Token { message }
            | Self::Paging { message }
            | Self::Journal { message } => message.clone(),
            Self::ListingLimit {
                kind,
                listed,
                limit,
            } => listing_limit(*kind, *listed, *limit),
            _ => self.to_string(),
        }
    }

    /// The HTTP status, when Webex answered with an error status.
    ///
    /// ```
    /// let error = webex_calling::Error::from(webex_calling::ApiError::new(403, "missing scope"));
    /// assert_eq!(error.status(), Some(403));
    /// ```
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(api) => Some(api.status),
            _ => None,
        }
    }

    /// The call the error came from, for the errors of a target's setting
    /// that Webex refused (`Api`) or that timed out; `Display` starts with it.
    ///
    /// ```
    /// use webex_calling::{ApiError, Call, Error, Kind};
    /// let error = Error::from(ApiError::new(404, "not found"))
    ///     .in_call(Call::new("get", "barge-in", Kind::Workspace, "Y2lz"));
    /// assert_eq!(error.call().map(|call| call.kind), Some(Kind::Workspace));
    /// assert_eq!(error.to_string(), "get barge-in of workspace Y2lz: HTTP 404 Not Found: not found");
    ///
    /// let timeout = Error::Timeout { after: std::time::Duration::from_secs(30), tracking_id: None, call: None }
    ///     .in_call(Call::new("update", "push-to-talk", Kind::VirtualLine, "Y2lz"));
    /// assert_eq!(timeout.to_string(), "update push-to-talk of virtual line Y2lz: request timed out after 30 s");
    /// assert_eq!(timeout.message(), "request timed out after 30 s");
    /// ```
    pub fn call(&self) -> Option<&Call> {
        match self {
            Self::Api(api) => api.call.as_deref(),
            Self::Timeout { call, .. } => call.as_deref(),
            _ => None,
        }
    }

    /// The error, naming `call` as the one it came from where its variant
    /// holds a call ([`call`](Self::call)); other errors are unchanged.
    #[must_use]
    pub fn in_call(mut self, call: Call) -> Self {
        match &mut self {
            Self::Api(ApiError { call: slot, .. }) | Self::Timeout { call: slot, .. } => {
                *slot = Some(Box::new(call));
            }
            _ => {}
        }
        self
    }

    /// The Webex tracking id of the failed request, to quote to Webex support.
    ///
    /// ```
    /// let error = webex_calling::Error::Timeout {
    ///     after: std::time::Duration::from_secs(30),
    ///     tracking_id: Some("app_1234".into()),
    ///     call: None,
    /// };
    /// assert_eq!(error.tracking_id(), Some("app_1234"));
    /// ```
    pub fn tracking_id(&self) -> Option<&str> {
        match self {
            Self::Api(api) => api.tracking_id.as_deref(),
            Self::Transport { tracking_id, .. }
            | Self::Timeout { tracking_id, .. }
            | Self::Decode { tracking_id, .. }
            | Self::BodyTooLarge { tracking_id, .. } => tracking_id.as_deref(),
            Self::InvalidInput { .. }
            | Self::Config { .. }
            | Self::Token { .. }
            | Self::Paging { .. }
            | Self::ListingLimit { .. }
            | Self::Journal { .. } => None,
        }
    }

    /// Whether sending the same request again may succeed: statuses 429, 423,
    /// 502, 503 and 504, transport errors and timeouts.
    ///
    /// ```
    /// use webex_calling::{ApiError, Error};
    /// assert!(Error::from(ApiError::new(503, "busy")).is_retryable());
    /// assert!(!Error::from(ApiError::new(404, "no such person")).is_retryable());
    /// ```
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Api(api) => api.kind.is_retryable(),
            Self::Transport { .. } | Self::Timeout { .. } => true,
            Self::Decode { .. }
            | Self::BodyTooLarge { .. }
            | Self::InvalidInput { .. }
            | Self::Config { .. }
            | Self::Token { .. }
            | Self::Paging { .. }
            | Self::ListingLimit { .. }
            | Self::Journal { .. } => false,
        }
    }

    /// Whether the server refused the request without processing it, so that
    /// it is safe to send again at once: an HTTP/2 stream reset with
    /// `REFUSED_STREAM`, or a graceful shutdown (GOAWAY with `NO_ERROR`) that
    /// came before the server took the request (RFC 9113, section 8.7). The
    /// same rule as reqwest's own retry layer, which this crate turns off.
    pub(crate) fn is_refused_unprocessed(&self) -> bool {
        let Self::Transport {
            source: Some(source),
            ..
        } = self
        else {
            return false;
        };
        find_source::<h2::Error>(source.as_ref()).is_some_and(|h2| {
            let refused = match h2.reason() {
                Some(h2::Reason::NO_ERROR) => h2.is_go_away(),
                Some(h2::Reason::REFUSED_STREAM) => h2.is_reset(),
                _ => false,
            };
            refused && h2.is_remote()
        })
    }

    /// The wait Webex asked for with `Retry-After`, if any.
    ///
    /// ```
    /// let error = webex_calling::Error::InvalidInput { message: "x".into() };
    /// assert_eq!(error.retry_after(), None);
    /// ```
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Api(api) => api.retry_after,
            _ => None,
        }
    }

    /// The API error, when Webex answered with an error status.
    ///
    /// ```
    /// let error = webex_calling::Error::from(webex_calling::ApiError::new(409, "conflict"));
    /// assert_eq!(error.api().map(|api| api.status), Some(409));
    /// ```
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Self::Api(api) => Some(api),
            _ => None,
        }
    }

    pub(crate) fn paging(message: impl Into<String>) -> Self {
        Self::Paging {
            message: message.into(),
        }
    }

    /// The same error with `secret` (the token the request carried) blanked
    /// out of everything the server wrote into it: a server that echoes the
    /// request must not get the token into a message, a log or a record.
    pub(crate) fn without_secret(mut self, secret: &str) -> Self {
        // Shorter strings would blank innocent text; no token is that short.
        if secret.len() < 8 {
            return self;
        }
        let blank = |text: &mut String| {
            if let std::borrow::Cow::Owned(blanked) = crate::redact::blank_secrets(text, &[secret])
            {
                *text = blanked;
            }
        };
        match &mut self {
            Self::Api(api) => {
                blank(&mut api.message);
                if let Some(tracking_id) = &mut api.tracking_id {
                    blank(tracking_id);
                }
            }
            Self::Transport { message, .. } => blank(message),
            Self::Decode { body_excerpt, .. } => blank(body_excerpt),
            _ => {}
        }
        self
    }

    pub(crate) fn token(message: impl Into<String>) -> Self {
        Self::Token {
            message: message.into(),
        }
    }

    pub(crate) fn journal(message: String) -> Self {
        Self::Journal { message }
    }

    pub(crate) fn invalid_input(message: impl Into<String>) -> Self {
        Self::InvalidInput {
            message: message.into(),
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Self::Config {
            message: message.into(),
        }
    }

    /// Turns one failed exchange of the generated client into an [`Error`].
    ///
    /// `sent_tracking_id` is used where the response carries none, because
    /// Webex records the id the client sent, so it still finds the request.
    /// `secret` (the request's token) is blanked out of a body or a
    /// `Location` before they are cut to an excerpt, where a token across
    /// the cut would leave its start unrecognised.
    pub(crate) async fn from_client(
        error: webex_calling_client::Error<WebexError>,
        sent_tracking_id: &str,
        request_timeout: Duration,
        secret: Option<&str>,
    ) -> Self {
        use webex_calling_client::Error as E;
        let tracking_id = Some(sent_tracking_id.to_owned());
        let excerpt = |bytes: &[u8]| {
            let text = String::from_utf8_lossy(bytes);
            let secrets: Vec<&str> = secret.into_iter().filter(|s| s.len() >= 8).collect();
            excerpt(crate::redact::blank_secrets(&text, &secrets).as_bytes())
        };
        match error {
            E::ErrorResponse(response) => Self::from(ApiError::from_parts(
                response.status().as_u16(),
                response.headers(),
                Some(&*response),
                sent_tracking_id,
            )),
            E::CommunicationError(source)
            | E::ResponseBodyError(source)
            | E::InvalidUpgrade(source) => Self::from_reqwest(source, tracking_id, request_timeout),
            E::InvalidResponsePayload(body, source) => Self::Decode {
                body_excerpt: excerpt(&body),
                tracking_id,
                source,
            },
            E::UnexpectedResponse(response) => {
                let status = response.status().as_u16();
                let headers = response.headers().clone();
                // The hooks only rewrite 4xx/5xx bodies, so an undocumented
                // status (a 3xx, say) is read here, tolerating any body.
                let body = webex_calling_client::read_prefix(response, BODY_READ_LIMIT)
                    .await
                    .unwrap_or_default();
                let parsed = serde_json::from_slice::<WebexError>(&body).ok();
                let mut api =
                    ApiError::from_parts(status, &headers, parsed.as_ref(), sent_tracking_id);
                if parsed.is_none() && !body.is_empty() {
                    api.message = excerpt(&body);
                }
                if let Some(location) = refused_redirect(status, &headers) {
                    api.message = format!(
                        "the server redirected to {:?}, which was not followed: a redirect is followed at most within the base URL's scheme, host and port, so the token and body never go elsewhere; check the base URL",
                        excerpt(location.as_bytes())
                    );
                }
                Self::from(api)
            }
            E::InvalidRequest(message) | E::Custom(message) => Self::InvalidInput { message },
        }
    }

    fn from_reqwest(
        source: reqwest::Error,
        tracking_id: Option<String>,
        request_timeout: Duration,
    ) -> Self {
        if let Some(too_large) = find_source::<webex_calling_client::BodyTooLarge>(&source) {
            return Self::BodyTooLarge {
                source: too_large.clone(),
                tracking_id,
            };
        }
        if source.is_timeout() {
            return Self::Timeout {
                after: request_timeout,
                tracking_id,
                call: None,
            };
        }
        // reqwest's Display can include the URL, never headers, so it is safe
        // to keep; the token travels only in the Authorization header.
        Self::Transport {
            message: error_chain(&source),
            connect: source.is_connect(),
            tracking_id,
            source: Some(Box::new(source)),
        }
    }
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        Self::Api(error)
    }
}

/// The first error of type `T` in `error`'s source chain.
fn find_source<'a, T: std::error::Error + 'static>(
    error: &'a (dyn std::error::Error + 'static),
) -> Option<&'a T> {
    let mut current = Some(error);
    while let Some(error) = current {
        if let Some(found) = error.downcast_ref::<T>() {
            return Some(found);
        }
        current = error.source();
    }
    None
}

/// The error and its causes on one line, because reqwest's own message
/// ("error sending request") hides the useful part in the source chain.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// Where a redirect that reached the caller pointed: the client follows those
/// within the API's origin, so one that arrives here was refused.
fn refused_redirect(status: u16, headers: &HeaderMap) -> Option<&reqwest::header::HeaderValue> {
    if !(300..400).contains(&status) {
        return None;
    }
    headers.get(reqwest::header::LOCATION)
}

/// The start of a body as text, marked when cut.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    let mut out: String = text.chars().take(BODY_EXCERPT_CHARS).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

fn tracking_suffix(tracking_id: Option<&str>) -> String {
    match tracking_id {
        Some(id) => format!(" [tracking id {id}]"),
        None => String::new(),
    }
}

/// A duration as every message of this crate writes it: `0.5 s`, `40 s`,
/// `2 min 5 s`, `3 h 5 min` (a `Retry-After` of a day reads in hours, a
/// timeout of half a second keeps its fraction).
pub(crate) fn human(duration: Duration) -> String {
    let s = duration.as_secs();
    match s {
        0..=119 if duration.subsec_millis() != 0 => format!("{:.1} s", duration.as_secs_f64()),
        0..=119 => format!("{s} s"),
        120..=7_199 => format!("{} min {} s", s / 60, s % 60),
        _ => format!("{} h {} min", s / 3600, (s % 3600) / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn parse(json: &str) -> Option<WebexError> {
        serde_json::from_str(json).ok()
    }

    #[test]
    fn flat_shape() {
        let body = parse(
            r#"{"message":"Invalid person","errors":[{"description":"bad id","errorCode":4008}],"trackingId":"T1"}"#,
        );
        let error = ApiError::from_parts(400, &HeaderMap::new(), body.as_ref(), "sent");
        assert_eq!(error.message, "Invalid person");
        assert_eq!(error.error_codes, vec![4008]);
        assert_eq!(error.tracking_id.as_deref(), Some("T1"));
        assert_eq!(
            error.to_string(),
            "HTTP 400 Bad Request: Invalid person (error code 4008) [tracking id T1]"
        );
    }

    #[test]
    fn nested_shape() {
        let body = parse(
            r#"{"error":{"key":"404","message":[{"description":"Person not found","code":4008}]},"trackingId":"T2"}"#,
        );
        let error = ApiError::from_parts(404, &HeaderMap::new(), body.as_ref(), "sent");
        assert_eq!(error.message, "Person not found");
        assert_eq!(error.error_codes, vec![4008]);
        assert_eq!(error.tracking_id.as_deref(), Some("T2"));
    }

    #[test]
    fn empty_body_uses_reason_header_and_sent_id() {
        let mut headers = HeaderMap::new();
        headers.insert("Retry-After", HeaderValue::from_static("7"));
        let body = parse("{}");
        let error = ApiError::from_parts(503, &headers, body.as_ref(), "sent_1");
        assert_eq!(error.message, "Service Unavailable");
        assert_eq!(error.retry_after, Some(Duration::from_secs(7)));
        assert_eq!(error.tracking_id.as_deref(), Some("sent_1"));
        headers.insert("TrackingID", HeaderValue::from_static("hdr"));
        let error = ApiError::from_parts(503, &headers, body.as_ref(), "sent_1");
        assert_eq!(error.tracking_id.as_deref(), Some("hdr"));
    }

    #[test]
    fn every_documented_status_has_a_kind() {
        for status in [
            400, 401, 403, 404, 405, 409, 410, 415, 423, 428, 429, 500, 502, 503, 504,
        ] {
            let kind = ApiErrorKind::from_status(status);
            assert!(!matches!(kind, ApiErrorKind::Other(_)), "{status}");
            assert_eq!(kind.status(), status);
        }
        assert_eq!(ApiErrorKind::from_status(599), ApiErrorKind::Other(599));
    }

    #[test]
    fn durations_read_in_the_unit_that_suits_them() {
        let cases = [
            (Duration::from_millis(500), "0.5 s"),
            (Duration::from_secs(30), "30 s"),
            (Duration::from_secs(119), "119 s"),
            (Duration::from_secs(125), "2 min 5 s"),
            (Duration::from_secs(100_000), "27 h 46 min"),
        ];
        for (duration, text) in cases {
            assert_eq!(human(duration), text, "{duration:?}");
        }
    }
}
